//! The access log: every read of a patient's data by anyone other than the
//! patient leaves an entry, written before the data is answered (no entry, no
//! read). Patients read their own log; admins query by patient or by reader
//! over a time range. Newest first, each list a query on a key made for it.

use jiff::Timestamp;
use medtrack_shared::account::AccessLogEntry;
use medtrack_shared::{Page, UserId};

use super::accounts::Account;
use super::{Context, DomainError};
use crate::store::{keys, Condition, Index, IndexKey, Item, Key, Query, SkRange};

/// Records that `actor` reads `what` of `patient`'s data now.
pub async fn record(
    ctx: &Context,
    actor: &Account,
    patient: &UserId,
    what: &str,
) -> Result<(), DomainError> {
    let at = ctx.now();
    let entry = AccessLogEntry {
        patient_id: *patient,
        actor_id: actor.id,
        actor_name: actor.name.clone(),
        actor_role: actor.role,
        what: what.to_owned(),
        at,
    };
    let sort = format!(
        "{}#{}",
        keys::sortable_time(at),
        uuid::Uuid::now_v7().simple()
    );
    let item = Item::from_record(Key::new(keys::access_log(patient), sort.clone()), &entry)?
        .with_gsi1(IndexKey::new(keys::access_log_by(&actor.id), sort));
    ctx.put(item, Condition::NotExists).await?;
    Ok(())
}

/// Whose entries to list.
pub enum Subject {
    /// Reads of this patient's data.
    Patient(UserId),
    /// Reads made by this person.
    Actor(UserId),
}

/// One page of entries, newest first, optionally within `[from, to]`.
pub async fn list(
    ctx: &Context,
    subject: Subject,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<AccessLogEntry>, DomainError> {
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(DomainError::field("from", "must not be after `to`"));
        }
    }
    let query = match subject {
        Subject::Patient(patient) => Query::partition(keys::access_log(&patient)),
        Subject::Actor(actor) => Query::partition(keys::access_log_by(&actor)).on(Index::Gsi1),
    };
    // `#` ends the time in every sort key; `$` sorts right after it.
    let low = from.map(keys::sortable_time).unwrap_or_else(|| "0".into());
    let high = to
        .map(|t| format!("{}$", keys::sortable_time(t)))
        .unwrap_or_else(|| "9999999999999$".into());
    let query = query.range(SkRange::Between(low, high)).backwards();
    super::paging::page(&ctx.store, query, limit, cursor).await
}
