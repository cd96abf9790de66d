//! The clinical record: problems ([`problems`]), allergies ([`allergies`]),
//! and the allergy check made when medicines are prescribed ([`check`],
//! over the data of [`drug_classes`]); the record's [`timeline`]; the
//! patient's [`mood`] log and the PHQ-9 ([`phq9`], with doctors'
//! [`phq9_requests`]).
//!
//! Both kinds of entry share one life cycle and one way of keeping it: the
//! entry (in its patient's list, and through GSI1 in the list of its status)
//! and, in the same transaction, its revision under the entry's id. A change
//! is written on the condition that the entry is still the version read, so
//! of two racing changes one wins and the other is a 409; nothing is ever
//! deleted.
//!
//! Who writes: the patient (their own entries, while still patient-reported)
//! and doctors with a care relationship. Admins read, as they read the rest
//! of a record; a doctor's emergency access is for reading.

pub mod allergies;
pub mod check;
pub mod drug_classes;
pub mod mood;
pub mod phq9;
pub mod phq9_requests;
pub mod problems;
pub mod timeline;

use std::fmt::Display;

use jiff::civil::Date;
use jiff::Timestamp;
use medtrack_shared::record::{
    Author, ClinicalStatus, EntryState, ListStatus, RecordListQuery, TimelineEvent, TimelineKind,
    TimelineSubject, Verification,
};
use medtrack_shared::{ErrorCode, Page, PageQuery, Role, UserId};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::accounts::{self, Account};
use super::patients::{self, Access};
use super::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, IndexKey, Item, Key, Query, Store, StoreError, TxOp};

/// What problems and allergies have in common, for the code that keeps both.
pub trait Entry: Serialize + DeserializeOwned + Clone + PartialEq {
    /// The entry's id type.
    type Id: Display + Copy;
    /// What a read of these entries is called in the access log.
    const WHAT: &'static str;
    /// Its id.
    fn id(&self) -> Self::Id;
    /// Whose record it is on.
    fn patient(&self) -> &UserId;
    /// Its life cycle.
    fn state(&self) -> &EntryState;
    /// Its life cycle, to change.
    fn state_mut(&mut self) -> &mut EntryState;
    /// The partition of the patient's entries of this kind.
    fn partition(patient: &UserId) -> String;
    /// The GSI1 partition of the patient's entries in one list status.
    fn status_partition(patient: &UserId, status: ListStatus) -> String;
    /// The partition of an entry's revisions.
    fn revisions(id: &Self::Id) -> String;
    /// What the timeline calls its recording.
    const RECORDED: TimelineKind;
    /// What the timeline calls its resolution, if it shows it.
    const RESOLVED: Option<TimelineKind>;
    /// The timeline's title for it (a problem's name, an allergy's substance).
    fn title(&self) -> &str;
    /// What the timeline's events about it point to.
    fn subject(&self) -> TimelineSubject;
}

/// The timeline event of `entry`'s recording, as it stands now.
fn recorded_event<E: Entry>(entry: &E) -> TimelineEvent {
    let state = entry.state();
    TimelineEvent {
        at: state.recorded_at,
        kind: E::RECORDED,
        subject: entry.subject(),
        title: entry.title().to_owned(),
        by: state.recorded_by.clone(),
        entered_in_error: state.verification == Verification::EnteredInError,
    }
}

fn key<E: Entry>(patient: &UserId, id: &E::Id) -> Key {
    Key::new(E::partition(patient), id.to_string())
}

/// The entry as an item, in the list of its status.
fn item<E: Entry>(entry: &E) -> Result<Item, StoreError> {
    let (patient, id) = (entry.patient(), entry.id());
    let status = E::status_partition(patient, entry.state().list_status());
    Ok(Item::from_record(key::<E>(patient, &id), entry)?
        .with_gsi1(IndexKey::new(status, id.to_string())))
}

/// The entry's current revision, kept for good.
fn revision_item<E: Entry>(entry: &E) -> Result<Item, StoreError> {
    let key = Key::new(
        E::revisions(&entry.id()),
        keys::revision(entry.state().revision),
    );
    Item::from_record(key, entry)
}

/// Writes a new entry, its first revision and its timeline event.
fn create_ops<E: Entry>(entry: &E) -> Result<Vec<TxOp>, StoreError> {
    Ok(vec![
        TxOp::Put(item(entry)?, Condition::NotExists),
        TxOp::Put(revision_item(entry)?, Condition::NotExists),
        timeline::put(entry.patient(), &recorded_event(entry))?,
    ])
}

/// Writes a changed entry over the version read and its new revision; on
/// the timeline, its resolution, and its recording as it now reads (renamed,
/// or marked entered in error).
fn change_ops<E: Entry>(before: &E, entry: &E, version: u64) -> Result<Vec<TxOp>, StoreError> {
    let mut ops = vec![
        TxOp::Put(item(entry)?, Condition::Version(version)),
        TxOp::Put(revision_item(entry)?, Condition::NotExists),
    ];
    let (was, is) = (before.state(), entry.state());
    if is.verification == Verification::EnteredInError || before.title() != entry.title() {
        ops.push(timeline::put(entry.patient(), &recorded_event(entry))?);
    }
    if let Some(kind) = E::RESOLVED.filter(|_| {
        is.clinical_status == ClinicalStatus::Resolved
            && was.clinical_status != ClinicalStatus::Resolved
    }) {
        let event = TimelineEvent {
            at: is.updated_at,
            kind,
            subject: entry.subject(),
            title: entry.title().to_owned(),
            by: is.updated_by.clone(),
            entered_in_error: false,
        };
        ops.push(timeline::put(entry.patient(), &event)?);
    }
    Ok(ops)
}

/// The 409 of a change that lost a race.
fn changed() -> DomainError {
    DomainError::changed("The entry was changed meanwhile; reload it and try again.")
}

/// The entry with this id on the patient's record, with its version.
async fn load<E: Entry>(
    store: &Store,
    patient: &UserId,
    id: &E::Id,
) -> Result<(E, u64), DomainError> {
    let item = store
        .get(&key::<E>(patient, id))
        .await?
        .ok_or(DomainError::NotFound)?;
    let version = item.version;
    Ok((item.into_record()?, version))
}

/// Who the caller is, as an entry names them.
pub fn author(caller: &Account) -> Author {
    Author {
        id: caller.id,
        name: caller.name.clone(),
        role: caller.role,
    }
}

/// The check before a read: the record check, and that the patient exists
/// (an admin may read anyone's record, so the id proves nothing).
async fn reader(ctx: &Context, caller: &Account, patient: &UserId) -> Result<Access, DomainError> {
    let access = patients::access(&ctx.store, caller, patient).await?;
    if access == Access::Admin {
        accounts::get(&ctx.store, patient)
            .await?
            .filter(|a| a.role == Role::Patient)
            .ok_or(DomainError::NotFound)?;
    }
    Ok(access)
}

/// The check before a write: the patient's own record, or one of their
/// doctors'.
async fn writer(store: &Store, caller: &Account, patient: &UserId) -> Result<Access, DomainError> {
    match patients::access(store, caller, patient).await? {
        access @ (Access::Owner | Access::CareTeam) => Ok(access),
        Access::Admin | Access::Emergency => Err(DomainError::Forbidden),
    }
}

/// One page of the patient's entries, newest first, all or those in one
/// status; the read is in the access log.
async fn list<E: Entry>(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    query: &RecordListQuery,
) -> Result<Page<E>, DomainError> {
    let limit = query.page().checked_limit()?;
    let access = reader(ctx, caller, patient).await?;
    patients::record_read(ctx, caller, access, patient, E::WHAT).await?;
    let list = match query.status {
        None => Query::partition(E::partition(patient)),
        Some(status) => Query::partition(E::status_partition(patient, status)).on(Index::Gsi1),
    };
    paging::page(&ctx.store, list.backwards(), limit, query.cursor.as_deref()).await
}

/// One page of an entry's revisions, oldest first; the read is in the
/// access log.
async fn history<E: Entry>(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &E::Id,
    page: &PageQuery,
) -> Result<Page<E>, DomainError> {
    let limit = page.checked_limit()?;
    let access = reader(ctx, caller, patient).await?;
    load::<E>(&ctx.store, patient, id).await?;
    let what = format!("{} history", E::WHAT);
    patients::record_read(ctx, caller, access, patient, &what).await?;
    let revisions = Query::partition(E::revisions(id));
    paging::page(&ctx.store, revisions, limit, page.cursor.as_deref()).await
}

/// An entry's life cycle as the caller first records it: a doctor's is
/// confirmed, a patient's patient-reported.
fn new_state(caller: &Account, clinical_status: ClinicalStatus, now: Timestamp) -> EntryState {
    let verification = match caller.role {
        Role::Doctor => Verification::Confirmed,
        Role::Patient | Role::Admin => Verification::PatientReported,
    };
    EntryState {
        clinical_status,
        verification,
        recorded_by: author(caller),
        recorded_at: now,
        updated_by: author(caller),
        updated_at: now,
        revision: 1,
        reason: None,
    }
}

/// Whether the caller may change an entry so: an entry entered in error
/// never changes; a patient changes only their own entries that no doctor
/// has confirmed, and never confirms or refutes.
fn permit(
    state: &EntryState,
    access: Access,
    caller: &Account,
    verification: Option<Verification>,
) -> Result<(), DomainError> {
    if state.verification == Verification::EnteredInError {
        return Err(DomainError::conflict(
            ErrorCode::InvalidTransition,
            "An entry marked entered in error does not change; record a new one.",
        ));
    }
    if access == Access::Owner {
        let own = state.verification == Verification::PatientReported
            && state.recorded_by.id == caller.id;
        let verifies = matches!(
            verification,
            Some(Verification::Confirmed | Verification::Refuted)
        );
        if !own || verifies {
            return Err(DomainError::Forbidden);
        }
    }
    Ok(())
}

/// `after` (`before` with its correction applied) with the status change
/// applied, as the next revision; `None` when it changes nothing.
fn revise<E: Entry>(
    before: &E,
    mut after: E,
    clinical_status: Option<ClinicalStatus>,
    verification: Option<Verification>,
    reason: Option<&str>,
    caller: &Account,
    now: Timestamp,
) -> Option<E> {
    let state = after.state_mut();
    state.clinical_status = clinical_status.unwrap_or(state.clinical_status);
    state.verification = verification.unwrap_or(state.verification);
    if after == *before {
        return None;
    }
    let state = after.state_mut();
    state.revision = state.revision.saturating_add(1);
    state.updated_by = author(caller);
    state.updated_at = now;
    state.reason = reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    Some(after)
}

/// Refuses an onset after today (with a day's room for the zones ahead of UTC).
fn check_onset(field: &str, onset: Option<Date>, now: Timestamp) -> Result<(), DomainError> {
    let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    match (onset, today.tomorrow()) {
        (Some(onset), Ok(latest)) if onset > latest => {
            Err(DomainError::field(field, "must not be in the future"))
        }
        _ => Ok(()),
    }
}

/// Text as stored: without the spaces around it.
fn tidy(text: &str) -> String {
    text.trim().to_owned()
}
