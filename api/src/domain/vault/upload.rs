//! Uploads: a new document, or a new version of one. The body is read as it
//! arrives into a spool file, hashed and typed on the way, and refused as
//! soon as it passes the size limit; only a whole, accepted file is moved
//! into the object store, and only then is its metadata committed.

use std::path::{Path, PathBuf};

use futures::{Stream, StreamExt};
use medtrack_shared::vault::{
    file_name, Document, FileType, ScanStatus, UploadQuery, Version, VersionQuery, MAX_VERSIONS,
};
use medtrack_shared::{DocumentId, ErrorCode, UserId};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::sniff::{Refusal, Sniffer};
use super::{
    commit_checked, document_item, marker_op, ports, reader, uploaded_by_caller, version_item,
    Marker, Reader,
};
use crate::domain::accounts::Account;
use crate::domain::appointments;
use crate::domain::{jobs, Context, DomainError, Vault};
use crate::store::{keys, Condition, TxOp};

/// A spooled upload's file, removed unless it was stored.
struct SpoolFile(PathBuf);

impl Drop for SpoolFile {
    fn drop(&mut self) {
        // Gone already when it was moved into the store.
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A whole upload, checked, waiting to be stored.
struct Spooled {
    file: SpoolFile,
    sha256: String,
    size: u64,
    file_type: FileType,
}

fn io_failure(error: &std::io::Error) -> DomainError {
    DomainError::Objects(format!("spool: {:?}", error.kind()))
}

/// Reads `body` into a spool file: hashed, typed, within the limit.
async fn spool<S, E>(vault: &Vault, mut body: S) -> Result<Spooled, DomainError>
where
    S: Stream<Item = Result<bytes::Bytes, E>> + Unpin,
{
    let dir: &Path = vault.objects.spool_dir();
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| io_failure(&e))?;
    let path = dir.join(format!("{}.part", uuid::Uuid::now_v7().simple()));
    let file = SpoolFile(path);
    let mut out = tokio::fs::File::create(&file.0)
        .await
        .map_err(|e| io_failure(&e))?;
    let (mut hasher, mut sniffer, mut size) = (Sha256::new(), Sniffer::default(), 0u64);
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|_| DomainError::field("file", "was not received whole"))?;
        size = size.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
        if size > vault.max_upload {
            return Err(DomainError::TooLarge {
                limit: vault.max_upload,
            });
        }
        hasher.update(&chunk);
        sniffer.feed(&chunk);
        out.write_all(&chunk).await.map_err(|e| io_failure(&e))?;
    }
    out.sync_all().await.map_err(|e| io_failure(&e))?;
    drop(out);
    let kind = sniffer.finish().map_err(|refusal| match refusal {
        Refusal::Empty => DomainError::field("file", "is empty"),
        // Both sentences name what is accepted (`ACCEPTED_TYPES`).
        Refusal::Markup => DomainError::UnsupportedFile {
            message: "Web pages and SVG images are not accepted. Upload a PDF, PNG, JPEG, HEIC, DICOM, plain text (UTF-8) or CCD/XML file.",
        },
        Refusal::Unknown => DomainError::UnsupportedFile {
            message: "This type of file is not accepted. Upload a PDF, PNG, JPEG, HEIC, DICOM, plain text (UTF-8) or CCD/XML file.",
        },
    })?;
    Ok(Spooled {
        file,
        sha256: format!("{:x}", hasher.finalize()),
        size,
        file_type: kind,
    })
}

/// Which version an upload becomes.
struct Target<'a> {
    patient: &'a UserId,
    document: &'a DocumentId,
    number: u32,
    given_name: Option<&'a str>,
    title: &'a str,
}

/// Reads, checks and stores the body: the new version, and its scan job.
async fn receive<S, E>(
    ctx: &Context,
    caller: &Account,
    target: Target<'_>,
    body: S,
) -> Result<(Version, Vec<TxOp>), DomainError>
where
    S: Stream<Item = Result<bytes::Bytes, E>> + Unpin,
{
    let Target {
        patient,
        document,
        number,
        given_name,
        title,
    } = target;
    let vault = ports(ctx)?;
    let spooled = spool(vault, body).await?;
    vault
        .objects
        .put(&spooled.sha256, &spooled.file.0, spooled.file_type.mime())
        .await
        .map_err(|e| DomainError::Objects(e.to_string()))?;
    let scan = if vault.scanner.is_some() {
        ScanStatus::Pending
    } else {
        ScanStatus::NotScanned
    };
    let version = Version {
        number,
        file_name: file_name(given_name, title, spooled.file_type.extension()),
        file_type: spooled.file_type,
        size: spooled.size,
        sha256: spooled.sha256,
        uploaded_by: caller.id,
        uploaded_by_name: caller.name.clone(),
        uploaded_at: ctx.now(),
        scan,
        finding: None,
    };
    let mut ops = vec![TxOp::Put(
        version_item(patient, document, &version)?,
        Condition::NotExists,
    )];
    if scan == ScanStatus::Pending {
        let job = super::scan::Scan {
            patient: *patient,
            document: *document,
            version: number,
        };
        ops.push(jobs::schedule(&job, ctx.now())?);
    }
    Ok((version, ops))
}

/// Uploads a new document to `patient`'s vault: the patient, or one of
/// their doctors. A patient's upload for a visit is shared with its doctor.
pub async fn upload<S, E>(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    query: &UploadQuery,
    body: S,
) -> Result<Document, DomainError>
where
    S: Stream<Item = Result<bytes::Bytes, E>> + Unpin,
{
    query.check()?;
    let reader = reader(ctx, caller, patient).await?;
    if !matches!(reader, Reader::Owner | Reader::Doctor { care: true }) {
        return Err(DomainError::Forbidden);
    }
    let visit_doctor = match &query.visit {
        Some(visit) => Some(visit_doctor(ctx, caller, patient, visit).await?),
        None => None,
    };
    let id = DocumentId::from_uuid(uuid::Uuid::now_v7());
    let title = query.title.trim();
    let target = Target {
        patient,
        document: &id,
        number: 1,
        given_name: query.file_name.as_deref(),
        title,
    };
    let (version, mut ops) = receive(ctx, caller, target, body).await?;
    let now = ctx.now();
    let mut document = Document {
        id,
        patient: *patient,
        title: title.to_owned(),
        category: query.category,
        about: query.about,
        visit: query.visit,
        uploaded_by: caller.id,
        uploaded_by_name: caller.name.clone(),
        uploaded_by_role: caller.role,
        created_at: now,
        current: version,
        versions: 1,
        shares: Vec::new(),
        deleted: None,
    };
    if reader == Reader::Owner {
        if let Some((doctor, name)) = visit_doctor {
            let doctor = (doctor, name);
            ops.extend(super::shares::grant(
                ctx,
                &mut document,
                &caller.name,
                doctor,
                None,
                true,
            )?);
        }
    } else {
        let marker = Marker {
            document: id,
            uploaded: true,
            expires_at: None,
        };
        ops.push(marker_op(&caller.id, patient, &marker)?);
    }
    ops.push(TxOp::Put(document_item(&document)?, Condition::NotExists));
    ctx.commit(ops).await?;
    Ok(document)
}

/// The doctor of the patient's visit `visit` (a doctor may link only their own).
async fn visit_doctor(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    visit: &medtrack_shared::AppointmentId,
) -> Result<(UserId, String), DomainError> {
    let unknown = || DomainError::field("visit", "is not one of this patient's visits");
    let appointment = match appointments::load(&ctx.store, visit).await {
        Ok(stored) => stored.appointment,
        Err(DomainError::NotFound) => return Err(unknown()),
        Err(other) => return Err(other),
    };
    let doctor = &appointment.doctor;
    if appointment.patient.id != *patient
        || (caller.role == medtrack_shared::Role::Doctor && doctor.id != caller.id)
    {
        return Err(unknown());
    }
    Ok((doctor.id, doctor.name.clone()))
}

/// Uploads a new version of a document: whoever uploaded the document.
/// The old versions stay as they were.
pub async fn add_version<S, E>(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &DocumentId,
    query: &VersionQuery,
    body: S,
) -> Result<Document, DomainError>
where
    S: Stream<Item = Result<bytes::Bytes, E>> + Unpin,
{
    query.check()?;
    let stored = uploaded_by_caller(ctx, caller, patient, id).await?;
    let mut document = stored.document;
    if document.versions >= MAX_VERSIONS {
        return Err(DomainError::conflict(
            ErrorCode::LimitReached,
            "A document keeps at most 50 versions; upload a new document instead.",
        ));
    }
    let number = document.versions + 1;
    let given = query
        .file_name
        .as_deref()
        .or(Some(document.current.file_name.as_str()));
    let target = Target {
        patient,
        document: id,
        number,
        given_name: given,
        title: &document.title,
    };
    let (version, mut ops) = receive(ctx, caller, target, body).await?;
    document.current = version;
    document.versions = number;
    ops.push(TxOp::Put(
        document_item(&document)?,
        Condition::Version(stored.version),
    ));
    commit_checked(ctx, ops).await?;
    Ok(document)
}

/// The key of a version, for the scan job and downloads.
pub(crate) fn version_key(id: &DocumentId, number: u32) -> crate::store::Key {
    keys::document_version(id, number)
}
