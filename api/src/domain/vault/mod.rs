//! The document vault. A patient owns their vault: they upload, keep
//! versions, delete what they uploaded (a tombstone stays) and share a
//! document with a doctor until a date or until they revoke it. A doctor
//! with a care relationship uploads for the patient (a lab result for a
//! visit) and corrects by a new version. A doctor sees exactly what is
//! shared with them and what they uploaded: one marker per document in
//! their partition of the patient's vault. Admins see what is said about
//! files, never a file.
//!
//! A file's bytes live in the object store, named by their SHA-256; the
//! store holds the document, its versions and the markers. An upload is
//! checked (its type from its content, its size as it arrives) and stored
//! before its metadata is committed, so a crash leaves at most an object
//! nobody names. With a scanner, a version waits in quarantine until the
//! scan job says it is clean. Every download is an access check, an entry
//! in the patient's access log and a link that works for a minute.

pub mod documents;
pub mod download;
pub mod scan;
pub mod shares;
pub mod sniff;
pub mod upload;

use jiff::Timestamp;
use medtrack_shared::vault::{Document, QuarantinedFile, ScanStatus, Version};
use medtrack_shared::{DocumentId, Role, UserId};
use serde::{Deserialize, Serialize};

use super::accounts::Account;
use super::{Context, DomainError, Vault};
use crate::store::{keys, Condition, IndexKey, Item, StoreError, TxOp};

/// What the caller is to a patient's vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reader {
    /// The patient.
    Owner,
    /// A doctor: they see what is shared with them or what they uploaded;
    /// `care` says whether they are one of the patient's doctors (who may
    /// upload).
    Doctor {
        /// A care relationship.
        care: bool,
    },
    /// An admin: metadata only.
    Admin,
}

/// What `caller` is to `patient`'s vault.
pub(crate) async fn reader(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
) -> Result<Reader, DomainError> {
    match caller.role {
        Role::Patient if caller.id == *patient => Ok(Reader::Owner),
        Role::Admin => Ok(Reader::Admin),
        Role::Doctor => {
            let care = ctx.store.get(&keys::care(&caller.id, patient)).await?;
            Ok(Reader::Doctor {
                care: care.is_some(),
            })
        }
        Role::Patient => Err(DomainError::Forbidden),
    }
}

/// The vault's ports, or an error when the server has none.
pub(crate) fn ports(ctx: &Context) -> Result<&Vault, DomainError> {
    ctx.vault
        .as_ref()
        .ok_or_else(|| DomainError::Objects("no object store configured".into()))
}

/// A document as read, with the version its next write must check.
pub(crate) struct Stored {
    pub document: Document,
    pub version: u64,
}

/// The document `id` of `patient`'s vault.
pub(crate) async fn load(
    ctx: &Context,
    patient: &UserId,
    id: &DocumentId,
) -> Result<Stored, DomainError> {
    let item = ctx
        .store
        .get(&keys::document(patient, id))
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(Stored {
        version: item.version,
        document: item.into_record()?,
    })
}

/// The document's item: in the patient's vault and, through GSI1, its visit's.
pub(crate) fn document_item(document: &Document) -> Result<Item, StoreError> {
    let item = Item::from_record(keys::document(&document.patient, &document.id), document)?;
    Ok(match &document.visit {
        Some(visit) => item.with_gsi1(IndexKey::new(
            keys::visit_documents(visit),
            document.id.to_string(),
        )),
        None => item,
    })
}

/// A version's item, which names its document and patient: listed in the
/// quarantine while infected.
pub(crate) fn version_item(
    patient: &UserId,
    document: &DocumentId,
    version: &Version,
) -> Result<Item, StoreError> {
    let record = QuarantinedFile {
        document: *document,
        patient: *patient,
        version: version.clone(),
    };
    let item = Item::from_record(keys::document_version(document, version.number), &record)?;
    Ok(if version.scan == ScanStatus::Infected {
        item.with_gsi1(IndexKey::new(
            keys::QUARANTINE,
            format!(
                "{}#{document}#{:04}",
                keys::sortable_time(version.uploaded_at),
                version.number
            ),
        ))
    } else {
        item
    })
}

/// Why a doctor may open a document: they uploaded it, or it is shared
/// with them until `expires_at`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Marker {
    pub document: DocumentId,
    pub uploaded: bool,
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
}

impl Marker {
    /// Whether it lets the doctor in at `now`.
    pub fn live(&self, now: Timestamp) -> bool {
        self.uploaded || self.expires_at.is_none_or(|end| now < end)
    }
}

/// The write of a doctor's marker.
pub(crate) fn marker_op(
    doctor: &UserId,
    patient: &UserId,
    marker: &Marker,
) -> Result<TxOp, StoreError> {
    let key = keys::doctor_document(doctor, patient, &marker.document);
    Ok(TxOp::Put(
        Item::from_record(key, marker)?,
        Condition::Always,
    ))
}

/// Whether `reader` may see the document (its metadata) at all.
pub(crate) async fn may_see(
    ctx: &Context,
    caller: &Account,
    reader: Reader,
    document: &Document,
) -> Result<bool, DomainError> {
    Ok(match reader {
        Reader::Owner | Reader::Admin => true,
        Reader::Doctor { .. } => {
            let key = keys::doctor_document(&caller.id, &document.patient, &document.id);
            match ctx.store.get(&key).await? {
                Some(item) => {
                    item.record::<Marker>()?.live(ctx.now()) && document.deleted.is_none()
                }
                None => false,
            }
        }
    })
}

/// The document as `reader` is shown it: shares are the patient's business.
pub(crate) fn shown(mut document: Document, reader: Reader) -> Document {
    if matches!(reader, Reader::Doctor { .. }) {
        document.shares.clear();
    }
    document
}

/// Commits `ops`, which check the versions they read: a lost race is the
/// conflict answer.
pub(crate) async fn commit_checked(ctx: &Context, ops: Vec<TxOp>) -> Result<(), DomainError> {
    match ctx.commit(ops).await {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::changed(
            "The document was changed meanwhile; reload it and try again.",
        )),
        Err(other) => Err(other.into()),
    }
}

/// A live document the caller uploaded, ready to change: only its uploader
/// renames it or adds a version.
pub(crate) async fn uploaded_by_caller(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &DocumentId,
) -> Result<Stored, DomainError> {
    reader(ctx, caller, patient).await?;
    let stored = load(ctx, patient, id).await?;
    if stored.document.uploaded_by != caller.id {
        return Err(DomainError::Forbidden);
    }
    if stored.document.deleted.is_some() {
        return Err(DomainError::NotFound);
    }
    Ok(stored)
}
