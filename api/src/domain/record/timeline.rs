//! The record's timeline: one list of what happened, newest first. Its
//! events are written by the changes they show, in the same transaction
//! (a visit completed, a problem recorded or resolved, an allergy recorded),
//! so a page of it is one query however long the record is.

use medtrack_shared::record::{TimelineEvent, TimelineKind, TimelineSubject};
use medtrack_shared::{Page, PageQuery, UserId};

use super::reader;
use crate::domain::accounts::Account;
use crate::domain::{paging, patients, Context, DomainError};
use crate::store::{keys, Condition, Item, Query, StoreError, TxOp};

fn kind_name(kind: TimelineKind) -> &'static str {
    match kind {
        TimelineKind::Visit => "visit",
        TimelineKind::ProblemRecorded => "problem_recorded",
        TimelineKind::ProblemResolved => "problem_resolved",
        TimelineKind::AllergyRecorded => "allergy_recorded",
    }
}

fn subject_id(subject: &TimelineSubject) -> String {
    match subject {
        TimelineSubject::Appointment(id) => id.to_string(),
        TimelineSubject::Problem(id) => id.to_string(),
        TimelineSubject::Allergy(id) => id.to_string(),
    }
}

/// The operation that writes `event` on `patient`'s timeline (again, with
/// what it now says, when it is there already).
pub fn put(patient: &UserId, event: &TimelineEvent) -> Result<TxOp, StoreError> {
    let key = keys::timeline_event(
        patient,
        event.at,
        kind_name(event.kind),
        &subject_id(&event.subject),
    );
    Ok(TxOp::Put(Item::from_record(key, event)?, Condition::Always))
}

/// One page of the patient's timeline, newest first; reads by others are in
/// the patient's access log.
pub async fn list(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    page: &PageQuery,
) -> Result<Page<TimelineEvent>, DomainError> {
    let limit = page.checked_limit()?;
    let access = reader(ctx, caller, patient).await?;
    patients::record_read(ctx, caller, access, patient, "timeline").await?;
    let events = Query::partition(keys::timeline(patient)).backwards();
    paging::page(&ctx.store, events, limit, page.cursor.as_deref()).await
}
