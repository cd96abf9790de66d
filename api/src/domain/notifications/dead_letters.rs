//! Notifications given up on: a channel that failed every try, or an outbox
//! entry that could not be read or delivered however often it was claimed.
//! Admins list them and send one again (the stopped jobs of the scheduler
//! are their counterpart, in `jobs::stopped`).

use jiff::Timestamp;
use medtrack_shared::delivery::{Channel, DeadLetter};
use medtrack_shared::{ErrorCode, NotificationId, Page, UserId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::outbox::{OutboxEntry, PendingChannel};
use crate::domain::{paging, Context, DomainError};
use crate::store::queue::LeasedQueue;
use crate::store::{keys, Condition, Item, Query, StoreError, TxOp};

/// What is kept of a dead letter: what admins see, and the entry to send again.
#[derive(Serialize, Deserialize)]
struct Buried {
    #[serde(flatten)]
    letter: DeadLetter,
    entry: Value,
}

/// The operation that keeps a dead letter with the entry it came from.
pub fn bury(letter: DeadLetter, entry: &OutboxEntry) -> Result<TxOp, DomainError> {
    let entry = serde_json::to_value(entry).map_err(|e| DomainError::Internal(e.to_string()))?;
    bury_value(letter, entry)
}

fn bury_value(letter: DeadLetter, entry: Value) -> Result<TxOp, DomainError> {
    let key = keys::dead_letter(&letter.notification, letter.channel);
    Ok(TxOp::Put(
        Item::from_record(key, &Buried { letter, entry })?,
        Condition::Always,
    ))
}

/// Moves an outbox entry the dispatcher could not read, or could not deliver
/// in all the claims it was allowed, out of the outbox: its in-app delivery
/// is the dead letter.
pub async fn bury_unreadable(
    ctx: &Context,
    item: &Item,
    now: Timestamp,
) -> Result<(), DomainError> {
    let id: NotificationId = item
        .key
        .sk
        .parse()
        .map_err(|_| DomainError::Internal("outbox entry with a malformed key".into()))?;
    let recipient = item
        .attrs
        .get("recipient")
        .and_then(|v| serde_json::from_value::<UserId>(v.clone()).ok())
        .unwrap_or_else(|| UserId::from_uuid(uuid::Uuid::nil()));
    let attempts = item
        .attrs
        .get("attempts")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let letter = DeadLetter {
        notification: id,
        channel: Channel::InApp,
        recipient,
        event: "unknown".into(),
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        error: "the entry could not be read or delivered".into(),
        died_at: now,
    };
    let entry = Value::Object(LeasedQueue::fresh(item.attrs.clone()));
    tracing::error!(attempts, "an outbox entry became a dead letter");
    ctx.commit(vec![
        bury_value(letter, entry)?,
        TxOp::Delete(item.key.clone(), Condition::Version(item.version)),
    ])
    .await?;
    Ok(())
}

/// One page of dead letters, oldest notification first.
pub async fn list(
    ctx: &Context,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<DeadLetter>, DomainError> {
    paging::page(
        &ctx.store,
        Query::partition(keys::DEAD_LETTERS),
        limit,
        cursor,
    )
    .await
}

/// Puts a dead letter back in the outbox, to be tried again from the start
/// on its channel.
pub async fn retry(
    ctx: &Context,
    id: &NotificationId,
    channel: Channel,
) -> Result<(), DomainError> {
    let now = ctx.now();
    let key = keys::dead_letter(id, channel);
    let item = ctx.store.get(&key).await?.ok_or(DomainError::NotFound)?;
    let buried: Buried = item.record()?;
    let entry = match channel {
        // An unreadable entry goes back as it was: it may have been fixed.
        Channel::InApp => {
            let Value::Object(attrs) = buried.entry else {
                return Err(DomainError::Internal(
                    "dead letter without its entry".into(),
                ));
            };
            Item::new(keys::outbox(id), LeasedQueue::fresh(attrs))
                .with_gsi1(keys::outbox_due(now, id))
        }
        Channel::Email | Channel::Sms => {
            let mut entry: OutboxEntry = serde_json::from_value(buried.entry)
                .map_err(|e| DomainError::Internal(e.to_string()))?;
            let to = entry
                .pending
                .iter()
                .flatten()
                .find(|p| p.channel == channel)
                .and_then(|p| p.to.clone());
            entry.pending = Some(vec![PendingChannel {
                channel,
                not_before: now,
                attempts: 0,
                last_error: None,
                to,
            }]);
            entry.item()?
        }
    };
    match ctx
        .commit(vec![
            TxOp::Delete(key, Condition::Version(item.version)),
            TxOp::Put(entry, Condition::NotExists),
        ])
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { op: Some(0) }) => Err(DomainError::NotFound),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::conflict(
            ErrorCode::StillDelivering,
            "This notification is still being delivered on another channel; try again shortly.",
        )),
        Err(other) => Err(other.into()),
    }
}
