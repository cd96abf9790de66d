//! Downloads: the access check, the entry in the patient's access log, then
//! a link that works for a minute. On S3 the link is presigned (S3 answers
//! with the detected type and disposition); on disk it names a grant in the
//! store, which the server redeems by streaming the object. Either way a
//! link needs no other credential, so a browser can open it for a preview.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::vault::{DownloadLink, DownloadQuery, FileType, ScanStatus, Version};
use medtrack_shared::{DocumentId, ErrorCode, JobId, UserId};
use serde::{Deserialize, Serialize};

use super::upload::version_key;
use super::{load, may_see, ports, reader, Reader};
use crate::domain::accounts::Account;
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::patients::{self, Access};
use crate::domain::ports::{ObjectReader, Served};
use crate::domain::{secrets, Context, DomainError};
use crate::store::{keys, Condition, Item, TxOp};

/// How long a link works.
const LINK_LIFETIME: SignedDuration =
    SignedDuration::from_secs(medtrack_shared::vault::DOWNLOAD_LINK_SECONDS);

/// A grant a disk link names.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Grant {
    object: String,
    file_type: FileType,
    disposition: String,
    size: u64,
    expires_at: Timestamp,
}

/// A file being served: its content and how the browser is to treat it.
pub struct Download {
    /// The content.
    pub content: ObjectReader,
    /// Its detected type, as a `Content-Type` value.
    pub content_type: &'static str,
    /// The whole `Content-Disposition` value.
    pub disposition: String,
    /// Its size in bytes.
    pub size: u64,
}

/// The `Content-Disposition` of a version: shown in the page when its type
/// may be, saved otherwise. The name is already plain ASCII.
fn disposition(version: &Version) -> String {
    let how = if version.file_type.inline() {
        "inline"
    } else {
        "attachment"
    };
    format!("{how}; filename=\"{}\"", version.file_name)
}

/// A link to one version of a document (not for admins, who see metadata
/// only). The read is in the patient's access log before the link exists.
pub async fn link(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &DocumentId,
    query: &DownloadQuery,
) -> Result<DownloadLink, DomainError> {
    let reader = reader(ctx, caller, patient).await?;
    if reader == Reader::Admin {
        return Err(DomainError::Forbidden);
    }
    let document = load(ctx, patient, id).await?.document;
    if document.deleted.is_some() || !may_see(ctx, caller, reader, &document).await? {
        return Err(DomainError::NotFound);
    }
    let number = query.version.unwrap_or(document.versions);
    let version: Version = ctx
        .store
        .get(&version_key(id, number))
        .await?
        .ok_or(DomainError::NotFound)?
        .into_record()?;
    match version.scan {
        ScanStatus::Pending => {
            return Err(DomainError::conflict(
                ErrorCode::ScanPending,
                "The file is still being checked for malware; try again in a minute.",
            ))
        }
        ScanStatus::Infected => {
            return Err(DomainError::conflict(
                ErrorCode::Quarantined,
                "The malware check found something harmful in this file, so it cannot be opened.",
            ))
        }
        ScanStatus::Clean | ScanStatus::NotScanned => {}
    }
    if reader != Reader::Owner {
        patients::record_read(ctx, caller, Access::CareTeam, patient, "document download").await?;
    }
    let vault = ports(ctx)?;
    let disposition = disposition(&version);
    let served = Served {
        content_type: version.file_type.mime(),
        disposition: &disposition,
    };
    let lifetime = LINK_LIFETIME.unsigned_abs();
    let expires_at = ctx.now() + LINK_LIFETIME;
    let url = match vault.objects.link(&version.sha256, served, lifetime).await {
        Ok(Some(url)) => url,
        Ok(None) => {
            let (secret, hash) = secrets::new_token();
            let grant = Grant {
                object: version.sha256.clone(),
                file_type: version.file_type,
                disposition: disposition.clone(),
                size: version.size,
                expires_at,
            };
            let item = Item::from_record(keys::download(&hash), &grant)?;
            let sweep = jobs::schedule(&GrantExpiry { hash }, expires_at)?;
            ctx.commit(vec![TxOp::Put(item, Condition::NotExists), sweep])
                .await?;
            // A path: it resolves against the API's own origin, however the
            // caller reached it.
            format!("/api/v1/files/{secret}")
        }
        Err(error) => return Err(DomainError::Objects(error.to_string())),
    };
    Ok(DownloadLink {
        url,
        expires_at,
        file_type: version.file_type,
        file_name: version.file_name,
        inline: version.file_type.inline(),
    })
}

/// The file a disk link names, while the link works.
pub async fn redeem(ctx: &Context, secret: &str) -> Result<Download, DomainError> {
    let key = keys::download(&secrets::token_hash(secret));
    let grant: Grant = ctx
        .store
        .get(&key)
        .await?
        .ok_or(DomainError::NotFound)?
        .into_record()?;
    if ctx.now() >= grant.expires_at {
        return Err(DomainError::NotFound);
    }
    let content = ports(ctx)?
        .objects
        .open(&grant.object)
        .await
        .map_err(|e| DomainError::Objects(e.to_string()))?;
    Ok(Download {
        content,
        content_type: grant.file_type.mime(),
        disposition: grant.disposition,
        size: grant.size,
    })
}

/// Removes a disk link's grant once it stopped working.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GrantExpiry {
    /// The grant's key: the SHA-256 of the link's secret.
    pub hash: String,
}

impl Runner for GrantExpiry {
    fn id(&self) -> JobId {
        JobId::compose("download", &[&self.hash])
    }

    async fn run(&self, _ctx: &Context, _now: Timestamp) -> Result<Outcome, DomainError> {
        Ok(Outcome {
            ops: vec![TxOp::Delete(keys::download(&self.hash), Condition::Always)],
            next: None,
        })
    }
}
