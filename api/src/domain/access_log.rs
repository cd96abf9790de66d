//! The access log: every read of a patient's data by anyone other than the
//! patient leaves an entry, written before the data is answered (no entry, no
//! read). Patients read their own log; admins query by patient or by reader
//! over a time range. Newest first, each list a query on a key made for it.

use jiff::Timestamp;
use medtrack_shared::account::AccessLogEntry;
use medtrack_shared::{Page, UserId};

use super::accounts::Account;
use super::notifications::outbox::{self, AccountChange, Event};
use super::notifications::settings;
use super::{Context, DomainError};
use crate::store::{keys, Condition, Index, IndexKey, Item, Key, Query, SkRange, StoreError, TxOp};

/// A read by someone who is not one of the patient's doctors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    /// The patient is told, if they asked to be (once a day per reader).
    IfAsked,
    /// A doctor's emergency access: the entry stands out (the patient and
    /// the admins were told when it was opened).
    Emergency,
}

/// Records that `actor` reads `what` of `patient`'s data now.
pub async fn record(
    ctx: &Context,
    actor: &Account,
    patient: &UserId,
    what: &str,
    alert: Option<Alert>,
) -> Result<(), DomainError> {
    let at = ctx.now();
    let entry = AccessLogEntry {
        patient_id: *patient,
        actor_id: actor.id,
        actor_name: actor.name.clone(),
        actor_role: actor.role,
        what: what.to_owned(),
        at,
        emergency: alert == Some(Alert::Emergency),
        reason: None,
    };
    let mut ops = vec![TxOp::Put(entry_item(&entry)?, Condition::NotExists)];
    if alert == Some(Alert::IfAsked) {
        ops.extend(read_alert(ctx, actor, patient, what, at).await?);
    }
    ctx.commit(ops).await?;
    Ok(())
}

/// An entry as an item: in the patient's log and, through GSI1, the reader's.
pub(crate) fn entry_item(entry: &AccessLogEntry) -> Result<Item, StoreError> {
    let sort = format!(
        "{}#{}",
        keys::sortable_time(entry.at),
        uuid::Uuid::now_v7().simple()
    );
    Ok(Item::from_record(
        Key::new(keys::access_log(&entry.patient_id), sort.clone()),
        entry,
    )?
    .with_gsi1(IndexKey::new(keys::access_log_by(&entry.actor_id), sort)))
}

/// The alert to the patient of a read, if they asked for alerts and were
/// not told of this reader today: a marker of the day and the notice.
async fn read_alert(
    ctx: &Context,
    actor: &Account,
    patient: &UserId,
    what: &str,
    at: Timestamp,
) -> Result<Vec<TxOp>, DomainError> {
    let (channels, _) = settings::load(&ctx.store, patient).await?;
    if !channels.preferences.record_read_alerts {
        return Ok(Vec::new());
    }
    let day = at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let marker = keys::read_alert(patient, &actor.id, day);
    if ctx.store.get(&marker).await?.is_some() {
        return Ok(Vec::new());
    }
    let change = AccountChange::RecordRead {
        reader: actor.name.clone(),
        role: actor.role,
        what: what.to_owned(),
        at,
    };
    Ok(vec![
        // Two reads at once both find no marker: the second's transaction
        // fails on it, and its read goes unlogged; so the marker is Always.
        TxOp::Put(Item::new(marker, Default::default()), Condition::Always),
        outbox::queue(*patient, Event::Account(change), at)?,
    ])
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
