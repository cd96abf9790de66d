//! Sharing a document with a doctor: the patient's choice, until a date of
//! their calendar or until they revoke it. The share, the doctor's marker
//! and the doctor's notice are written in one transaction with the
//! document's new version.

use jiff::civil::Date;
use jiff::Timestamp;
use medtrack_shared::vault::{AttachInput, Document, Share, ShareInput, MAX_SHARES};
use medtrack_shared::{AccountStatus, AppointmentId, DocumentId, ErrorCode, Role, UserId};

use super::{commit_checked, document_item, load, marker_op, reader, Marker, Reader};
use crate::domain::accounts::{self, Account};
use crate::domain::notifications::outbox::{self, DocumentChange, DocumentNotice, Event};
use crate::domain::{appointments, Context, DomainError};
use crate::store::{keys, Condition, TxOp};

/// The writes that share `document` with `doctor` (replacing an earlier
/// share with them): the marker, unless they uploaded it, and their notice
/// when `tell` (a message's attachment is told by the message's own).
pub(crate) fn grant(
    ctx: &Context,
    document: &mut Document,
    patient_name: &str,
    doctor: (UserId, String),
    until: Option<(Date, Timestamp)>,
    tell: bool,
) -> Result<Vec<TxOp>, DomainError> {
    let (doctor, doctor_name) = doctor;
    document.shares.retain(|share| share.doctor != doctor);
    if document.shares.len() >= MAX_SHARES {
        return Err(DomainError::conflict(
            ErrorCode::LimitReached,
            "A document is shared with at most 20 doctors at once; revoke a share first.",
        ));
    }
    let now = ctx.now();
    document.shares.push(Share {
        doctor,
        doctor_name,
        shared_at: now,
        until: until.map(|(day, _)| day),
        expires_at: until.map(|(_, end)| end),
    });
    let mut ops = Vec::new();
    if document.uploaded_by != doctor {
        let marker = Marker {
            document: document.id,
            uploaded: false,
            expires_at: until.map(|(_, end)| end),
        };
        ops.push(marker_op(&doctor, &document.patient, &marker)?);
    }
    if !tell {
        return Ok(ops);
    }
    let notice = DocumentNotice {
        patient: document.patient,
        patient_name: patient_name.to_owned(),
        document: document.id,
        change: DocumentChange::Shared {
            until: until.map(|(day, _)| day),
        },
    };
    ops.push(outbox::queue(doctor, Event::Document(notice), now)?);
    Ok(ops)
}

/// The patient's own document, ready to change.
async fn owned(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &DocumentId,
) -> Result<super::Stored, DomainError> {
    if reader(ctx, caller, patient).await? != Reader::Owner {
        return Err(DomainError::Forbidden);
    }
    let stored = load(ctx, patient, id).await?;
    if stored.document.deleted.is_some() {
        return Err(DomainError::NotFound);
    }
    Ok(stored)
}

/// Writes the document at the version read, with `ops`.
async fn save(
    ctx: &Context,
    document: &Document,
    version: u64,
    mut ops: Vec<TxOp>,
) -> Result<(), DomainError> {
    ops.push(TxOp::Put(
        document_item(document)?,
        Condition::Version(version),
    ));
    commit_checked(ctx, ops).await
}

/// Shares a document with a doctor of the clinic (the patient only).
pub async fn share(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &DocumentId,
    doctor: &UserId,
    input: &ShareInput,
) -> Result<Document, DomainError> {
    input.check()?;
    let stored = owned(ctx, caller, patient, id).await?;
    let doctor = accounts::get(&ctx.store, doctor)
        .await?
        .filter(|a| a.role == Role::Doctor && a.status == AccountStatus::Active)
        .ok_or_else(|| DomainError::field("doctor_id", "is not a doctor of the clinic"))?;
    let zone = caller.time_zone.tz().clone();
    let until = match input.until {
        None => None,
        Some(day) => {
            let today = ctx.now().to_zoned_datetime(zone.clone()).date();
            if day < today {
                return Err(DomainError::field("until", "must not be in the past"));
            }
            let end = day.tomorrow()?.to_zoned_datetime(zone)?.timestamp();
            Some((day, end))
        }
    };
    let mut document = stored.document;
    let ops = grant(
        ctx,
        &mut document,
        &caller.name,
        (doctor.id, doctor.name),
        until,
        true,
    )?;
    save(ctx, &document, stored.version, ops).await?;
    Ok(document)
}

/// Ends a share at once (the patient only).
pub async fn revoke(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &DocumentId,
    doctor: &UserId,
) -> Result<Document, DomainError> {
    let stored = owned(ctx, caller, patient, id).await?;
    let mut document = stored.document;
    let before = document.shares.len();
    document.shares.retain(|share| share.doctor != *doctor);
    if document.shares.len() == before {
        return Err(DomainError::NotFound);
    }
    let mut ops = Vec::new();
    if document.uploaded_by != *doctor {
        let key = keys::doctor_document(doctor, patient, id);
        ops.push(TxOp::Delete(key, Condition::Always));
    }
    save(ctx, &document, stored.version, ops).await?;
    Ok(document)
}

/// The writes that end every share of a deleted document.
pub(crate) fn end_all(document: &mut Document) -> Vec<TxOp> {
    let ops = document
        .shares
        .iter()
        .filter(|share| share.doctor != document.uploaded_by)
        .map(|share| {
            let key = keys::doctor_document(&share.doctor, &document.patient, &document.id);
            TxOp::Delete(key, Condition::Always)
        })
        .collect();
    document.shares.clear();
    ops
}

/// Attaches documents of the patient's vault to their visit: each is shared
/// with the visit's doctor (until revoked) and, unless it already belongs to
/// a visit, linked to this one; one transaction for all.
pub async fn attach(
    ctx: &Context,
    caller: &Account,
    visit: &AppointmentId,
    input: &AttachInput,
) -> Result<Vec<Document>, DomainError> {
    input.check()?;
    let appointment = appointments::load(&ctx.store, visit).await?.appointment;
    let patient = appointment.patient.id;
    if reader(ctx, caller, &patient).await? != Reader::Owner {
        return Err(DomainError::Forbidden);
    }
    let doctor = (appointment.doctor.id, appointment.doctor.name.clone());
    let mut ops = Vec::new();
    let mut attached: Vec<Document> = Vec::new();
    for (n, id) in input.documents.iter().enumerate() {
        let field = format!("documents[{n}]");
        let stored = match load(ctx, &patient, id).await {
            Ok(stored) if stored.document.deleted.is_none() => stored,
            Ok(_) | Err(DomainError::NotFound) => {
                return Err(DomainError::field(
                    &field,
                    "is not a document of your vault",
                ))
            }
            Err(other) => return Err(other),
        };
        if attached.iter().any(|d| d.id == *id) {
            return Err(DomainError::field(&field, "is named twice"));
        }
        let mut document = stored.document;
        ops.extend(grant(
            ctx,
            &mut document,
            &caller.name,
            doctor.clone(),
            None,
            true,
        )?);
        document.visit = document.visit.or(Some(*visit));
        ops.push(TxOp::Put(
            document_item(&document)?,
            Condition::Version(stored.version),
        ));
        attached.push(document);
    }
    commit_checked(ctx, ops).await?;
    Ok(attached)
}
