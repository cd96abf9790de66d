//! The malware check: a job per uploaded version streams the object to the
//! scanner. Clean, the version opens; infected, it stays out of reach, its
//! uploader and the admins are told, and admins list it. A scanner that
//! cannot be reached leaves the version waiting (never published, never
//! lost) and the job tries again; the same on disk and on S3, since the
//! job reads through the object store.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::vault::{Document, QuarantinedFile, ScanStatus, Version};
use medtrack_shared::{DocumentId, JobId, Page, PageQuery, UserId};
use serde::{Deserialize, Serialize};

use super::upload::version_key;
use super::{document_item, ports, version_item};
use crate::domain::accounts::{self, Account};
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::notifications::outbox::{self, DocumentChange, DocumentNotice, Event};
use crate::domain::ports::{ScanError, Verdict};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Query, TxOp};

/// How long a version waits before the next try when the scanner is down.
const RETRY: SignedDuration = SignedDuration::from_secs(30);

/// Scan one version.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scan {
    /// Whose vault.
    pub patient: UserId,
    /// The document.
    pub document: DocumentId,
    /// The version's number.
    pub version: u32,
}

impl Scan {
    fn again(&self, now: Timestamp) -> Result<Outcome, DomainError> {
        Ok(Outcome {
            ops: Vec::new(),
            next: Some(jobs::scheduled(self, now + RETRY)?),
        })
    }

    /// The version's new state (clean, infected with a finding, or not
    /// scanned), and the document's when it is the current one.
    async fn settle(
        &self,
        ctx: &Context,
        mut version: Version,
        scan: ScanStatus,
        finding: Option<String>,
        now: Timestamp,
    ) -> Result<Outcome, DomainError> {
        version.scan = scan;
        version.finding = finding.map(|f| f.chars().take(100).collect());
        let mut ops = vec![TxOp::Put(
            version_item(&self.patient, &self.document, &version)?,
            Condition::Exists,
        )];
        let key = keys::document(&self.patient, &self.document);
        if let Some(stored) = ctx.store.get(&key).await? {
            let item_version = stored.version;
            let mut document: Document = stored.into_record()?;
            if document.current.number == version.number {
                document.current = version.clone();
                let item = document_item(&document)?;
                ops.push(TxOp::Put(item, Condition::Version(item_version)));
            }
        }
        if scan == ScanStatus::Infected {
            tracing::warn!(document = %self.document, version = version.number, "upload quarantined");
            ops.extend(self.tell(ctx, &version, now).await?);
        }
        Ok(Outcome { ops, next: None })
    }

    /// The uploader's and the admins' notices of a refused file.
    async fn tell(
        &self,
        ctx: &Context,
        version: &Version,
        now: Timestamp,
    ) -> Result<Vec<TxOp>, DomainError> {
        let patient_name = accounts::get(&ctx.store, &self.patient)
            .await?
            .map(|a| a.name)
            .unwrap_or_default();
        let notice = |change| {
            Event::Document(DocumentNotice {
                patient: self.patient,
                patient_name: patient_name.clone(),
                document: self.document,
                change,
            })
        };
        let mut ops = vec![outbox::queue(
            version.uploaded_by,
            notice(DocumentChange::Refused),
            now,
        )?];
        for admin in accounts::active_admins(&ctx.store).await? {
            ops.push(outbox::queue(
                admin,
                notice(DocumentChange::Quarantined),
                now,
            )?);
        }
        Ok(ops)
    }
}

impl Runner for Scan {
    fn id(&self) -> JobId {
        JobId::compose("scan", &[&self.document, &self.version])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let key = version_key(&self.document, self.version);
        let Some(stored) = ctx.store.get(&key).await? else {
            return Ok(Outcome::done());
        };
        let version: Version = stored.into_record()?;
        if version.scan != ScanStatus::Pending {
            return Ok(Outcome::done());
        }
        let vault = ports(ctx)?;
        let Some(scanner) = &vault.scanner else {
            // The clinic stopped scanning: the version opens, marked so.
            return self
                .settle(ctx, version, ScanStatus::NotScanned, None, now)
                .await;
        };
        let content = match vault.objects.open(&version.sha256).await {
            Ok(content) => content,
            Err(error) => return Err(DomainError::Objects(error.to_string())),
        };
        match scanner.scan(content).await {
            Ok(Verdict::Clean) => {
                self.settle(ctx, version, ScanStatus::Clean, None, now)
                    .await
            }
            Ok(Verdict::Infected(signature)) => {
                let finding = Some(signature);
                (self.settle(ctx, version, ScanStatus::Infected, finding, now)).await
            }
            Err(ScanError::Unreachable(cause)) => {
                tracing::warn!(%cause, document = %self.document, "scanner unreachable; the upload waits");
                self.again(now)
            }
            Err(ScanError::Failed(cause)) => Err(DomainError::Objects(cause)),
        }
    }
}

/// What the admins see of the quarantine: the versions the check refused,
/// newest first, each with its document's id and patient (metadata only).
pub async fn quarantine(
    ctx: &Context,
    _admin: &Account,
    page: &PageQuery,
) -> Result<Page<QuarantinedFile>, DomainError> {
    let limit = page.checked_limit()?;
    let query = Query::partition(keys::QUARANTINE)
        .on(Index::Gsi1)
        .backwards();
    paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await
}
