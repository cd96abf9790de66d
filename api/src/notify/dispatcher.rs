//! The dispatcher: delivers each outbox entry exactly once, whichever replica
//! runs it. An entry is claimed with a version-conditioned write that sets a
//! lease; delivery puts the inbox item (keyed by the notification's id, so it
//! cannot be written twice) and deletes the entry in one transaction that
//! checks the claim is still ours. A replica that dies while holding a claim
//! leaves the entry to be claimed again when its lease ends.

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::notification::Notification;
use tokio::sync::Notify;

use super::inbox;
use super::outbox::OutboxEntry;
use super::render::render;
use crate::domain::{accounts, DomainError};
use crate::store::{keys, Condition, Item, Query, Store, StoreError, TxOp, UpdateOp};

/// Wakes the dispatcher when this process has queued notifications, so that
/// they are delivered at once rather than at the next poll.
#[derive(Clone, Default)]
pub struct OutboxSignal(Arc<Notify>);

impl OutboxSignal {
    /// Tells the dispatcher there is work.
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// Delivers outbox entries.
pub struct Dispatcher {
    store: Store,
    signal: OutboxSignal,
    /// How long a claim holds before another dispatcher may take the entry.
    pub lease: SignedDuration,
    /// How often the outbox is read when nothing wakes the dispatcher (other
    /// replicas' entries, retries after a failure).
    pub poll: Duration,
}

impl Dispatcher {
    /// A dispatcher over `store`, woken by `signal`.
    pub fn new(store: Store, signal: OutboxSignal) -> Self {
        Self {
            store,
            signal,
            lease: SignedDuration::from_secs(30),
            poll: Duration::from_secs(2),
        }
    }

    /// Runs until the task is dropped.
    pub async fn run(self) {
        loop {
            match self.dispatch_due(Timestamp::now()).await {
                Ok(delivered) if delivered > 0 => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "outbox dispatch failed; retrying"),
            }
            tokio::select! {
                _ = self.signal.0.notified() => {}
                _ = tokio::time::sleep(self.poll) => {}
            }
        }
    }

    /// One pass over the outbox: claims and delivers every entry that no
    /// live lease holds. Returns how many this pass delivered.
    pub async fn dispatch_due(&self, now: Timestamp) -> Result<usize, DomainError> {
        let mut delivered = 0;
        let mut cursor = None;
        loop {
            let page = self
                .store
                .query(Query::partition(keys::OUTBOX).after(cursor))
                .await?;
            for item in page.items {
                // One entry that cannot be delivered must not hold up the
                // others: it stays claimed and is tried again when its lease ends.
                match self.deliver(item, now).await {
                    Ok(true) => delivered += 1,
                    Ok(false) => {}
                    Err(error) => tracing::warn!(%error, "notification not delivered; will retry"),
                }
            }
            match page.next {
                Some(next) => cursor = Some(next),
                None => return Ok(delivered),
            }
        }
    }

    /// Claims and delivers one entry; false when another dispatcher holds or took it.
    async fn deliver(&self, item: Item, now: Timestamp) -> Result<bool, DomainError> {
        let entry: OutboxEntry = item.record()?;
        if entry.lease_until.is_some_and(|until| until > now) {
            return Ok(false);
        }
        let lease_until = now
            .checked_add(self.lease)
            .map_err(|e| DomainError::Internal(e.to_string()))?;
        let claim = vec![
            UpdateOp::Set("lease_until".into(), serde_json::json!(lease_until)),
            UpdateOp::Add("attempts".into(), 1),
        ];
        let claimed = match self
            .store
            .update(&item.key, claim, Condition::Version(item.version))
            .await
        {
            Ok(claimed) => claimed,
            Err(StoreError::ConditionFailed { .. }) => return Ok(false),
            Err(other) => return Err(other.into()),
        };
        let Some(recipient) = accounts::get(&self.store, &entry.recipient).await? else {
            // The account is gone: nobody to tell.
            self.store
                .delete(&item.key, Condition::Version(claimed.version))
                .await?;
            return Ok(false);
        };
        let zone = accounts::time_zone(&recipient.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
        let text = render(&entry.event, recipient.role, &zone);
        let notification = Notification {
            id: entry.id,
            category: text.category,
            event: text.event,
            title: text.title,
            body: text.body,
            link: text.link,
            created_at: entry.created_at,
            read_at: None,
        };
        let result = self
            .store
            .transact(vec![
                TxOp::Put(
                    inbox::item(&recipient.id, &notification)?,
                    Condition::NotExists,
                ),
                TxOp::Delete(item.key.clone(), Condition::Version(claimed.version)),
            ])
            .await;
        match result {
            Ok(()) => Ok(true),
            // Our lease ran out and another dispatcher took the entry over.
            Err(StoreError::ConditionFailed { op: Some(1) }) => Ok(false),
            Err(other) => Err(other.into()),
        }
    }
}
