//! A leased queue over the store, used by both workers (the notification
//! dispatcher and the scheduler of timed jobs).
//!
//! Work items are ordinary items listed in a due-time index: GSI1 partitions
//! (a lane) whose sort keys begin with the time the item is due. A worker
//! reads only what is due, then claims each item with a version-conditioned
//! write that sets a lease: the item's index entry moves to the lease's end,
//! so a worker that dies leaves the item to whoever reads the index after
//! that. Every later write of the claim checks the version the claim wrote,
//! so a worker whose lease ran out cannot overwrite its successor's work.
//! An item claimed too often without finishing is handed back as exhausted,
//! for its owner to move aside (stopped jobs, dead letters).
//!
//! The queue keeps three attributes of its own on each item: `lease_until`,
//! `attempts` (claims since the item last finished cleanly) and `last_error`.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use tokio::sync::Notify;

use super::{
    keys, Condition, Index, IndexKey, Item, Key, Query, QueryPage, Store, StoreError, TxOp,
};
use crate::store::Cursor;

const LEASE_UNTIL: &str = "lease_until";
const ATTEMPTS: &str = "attempts";
const LAST_ERROR: &str = "last_error";

/// Where a queue's items are listed: the index partitions, and the index key
/// of an item due at a time.
#[derive(Clone)]
pub struct Lane {
    /// GSI1 partitions (shards) holding the lane's due times.
    pub partitions: Vec<String>,
    /// The GSI1 key of the item stored under a key, due at a time.
    pub due_key: fn(&Key, Timestamp) -> IndexKey,
}

/// How long claims hold and how often an item may be claimed.
#[derive(Debug, Clone, Copy)]
pub struct LeasePolicy {
    /// How long the first claim holds before another worker may take the item.
    pub lease: SignedDuration,
    /// Whether each further claim holds twice as long as the one before (the
    /// lease is then also the wait before the next try of a failing item).
    pub doubling: bool,
    /// The longest lease.
    pub longest: SignedDuration,
    /// Claims without finishing after which the item is handed back as exhausted.
    pub max_attempts: u32,
}

impl LeasePolicy {
    /// The lease of the claim that follows `attempts` unfinished ones.
    pub fn lease_after(&self, attempts: u32) -> SignedDuration {
        if !self.doubling {
            return self.lease;
        }
        self.lease
            .checked_mul(1 << attempts.min(20))
            .unwrap_or(self.longest)
            .min(self.longest)
            .max(self.lease)
    }
}

/// A claimed item: the worker holds it until the lease ends.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The item as the claim wrote it (its version is what later writes check).
    pub item: Item,
}

impl Claim {
    /// Claims of this item so far without finishing, this one included.
    pub fn attempts(&self) -> u32 {
        attempts(&self.item)
    }

    /// The kind of the last failure recorded on the item, if any.
    pub fn last_error(&self) -> Option<&str> {
        self.item.attrs.get(LAST_ERROR).and_then(Value::as_str)
    }
}

/// What claiming an item came to.
#[derive(Debug)]
pub enum Claimed {
    /// The worker holds it now.
    Mine(Claim),
    /// Another worker holds it, it is not due, or it is gone.
    NotNow,
    /// Claimed too often without finishing: its owner should move it aside.
    Exhausted(Item),
}

/// What a commit does with the claimed item itself.
#[derive(Debug)]
pub enum Then {
    /// Writes the item's new attributes and keeps holding it.
    Hold(Item),
    /// Writes the item's new attributes, lets go and lists it as due at the
    /// time given: it finished cleanly, so its count of attempts starts over.
    Release(Item, Timestamp),
    /// Deletes it: nothing more to do.
    Done,
}

/// A leased queue: one lane of the store, claimed under one policy.
#[derive(Clone)]
pub struct LeasedQueue {
    store: Store,
    lane: Lane,
    /// Leases and tries.
    pub policy: LeasePolicy,
}

impl LeasedQueue {
    /// A queue over `lane` of `store`.
    pub fn new(store: Store, lane: Lane, policy: LeasePolicy) -> Self {
        Self {
            store,
            lane,
            policy,
        }
    }

    /// The index partitions of the lane.
    pub fn partitions(&self) -> &[String] {
        &self.lane.partitions
    }

    /// One page of what is due at `now` in one partition (index entries:
    /// read each item itself through [`LeasedQueue::claim`]).
    pub async fn due(
        &self,
        partition: &str,
        now: Timestamp,
        cursor: Option<Cursor>,
    ) -> Result<QueryPage, StoreError> {
        self.store
            .query(
                Query::partition(partition)
                    .on(Index::Gsi1)
                    .range(keys::due_by(now))
                    .after(cursor),
            )
            .await
    }

    /// When the earliest item not due at `now` comes due: one read of the
    /// first index entry after `now` in each partition.
    pub async fn next_due(&self, now: Timestamp) -> Result<Option<Timestamp>, StoreError> {
        let mut next: Option<Timestamp> = None;
        for partition in &self.lane.partitions {
            let page = self
                .store
                .query(
                    Query::partition(partition.as_str())
                        .on(Index::Gsi1)
                        .range(keys::due_after(now))
                        .limit(1),
                )
                .await?;
            let first = page
                .items
                .first()
                .and_then(|item| item.gsi1.as_ref())
                .and_then(|index| keys::due_time(&index.sk));
            next = next.into_iter().chain(first).min();
        }
        Ok(next)
    }

    /// Claims the item stored under `key` if it is due at `now` and no live
    /// lease holds it.
    pub async fn claim(&self, key: &Key, now: Timestamp) -> Result<Claimed, StoreError> {
        // The index may lag the table: read the item itself.
        let Some(mut item) = self.store.get(key).await? else {
            return Ok(Claimed::NotNow);
        };
        let due = item
            .gsi1
            .as_ref()
            .and_then(|index| keys::due_time(&index.sk));
        let lease_until = item
            .attrs
            .get(LEASE_UNTIL)
            .and_then(|v| serde_json::from_value::<Timestamp>(v.clone()).ok());
        if due.is_none_or(|due| due > now) || lease_until.is_some_and(|until| until > now) {
            return Ok(Claimed::NotNow);
        }
        let attempts = attempts(&item);
        if attempts >= self.policy.max_attempts {
            return Ok(Claimed::Exhausted(item));
        }
        let until = now
            .checked_add(self.policy.lease_after(attempts))
            .map_err(StoreError::backend)?;
        item.attrs
            .insert(LEASE_UNTIL.into(), serde_json::json!(until));
        item.attrs.insert(ATTEMPTS.into(), (attempts + 1).into());
        item.gsi1 = Some((self.lane.due_key)(&item.key, until));
        match self
            .store
            .put(item.clone(), Condition::Version(item.version))
            .await
        {
            Ok(version) => {
                item.version = version;
                Ok(Claimed::Mine(Claim { item }))
            }
            Err(StoreError::ConditionFailed { .. }) => Ok(Claimed::NotNow),
            Err(other) => Err(other),
        }
    }

    /// Writes `ops` together with what `then` says of the claimed item, if
    /// the claim still holds. False when it does not (the lease ran out and
    /// another worker took the item): then nothing was written.
    pub async fn commit(
        &self,
        claim: &mut Claim,
        mut ops: Vec<TxOp>,
        then: Then,
    ) -> Result<bool, StoreError> {
        let at = ops.len();
        let condition = Condition::Version(claim.item.version);
        let (op, kept) = match then {
            Then::Done => (TxOp::Delete(claim.item.key.clone(), condition), None),
            Then::Hold(mut item) => {
                for name in [LEASE_UNTIL, ATTEMPTS, LAST_ERROR] {
                    match claim.item.attrs.get(name) {
                        Some(value) => item.attrs.insert(name.into(), value.clone()),
                        None => item.attrs.remove(name),
                    };
                }
                item.gsi1.clone_from(&claim.item.gsi1);
                (TxOp::Put(item.clone(), condition), Some(item))
            }
            Then::Release(mut item, due) => {
                for name in [LEASE_UNTIL, ATTEMPTS, LAST_ERROR] {
                    item.attrs.remove(name);
                }
                item.gsi1 = Some((self.lane.due_key)(&item.key, due));
                (TxOp::Put(item.clone(), condition), Some(item))
            }
        };
        ops.push(op);
        match self.store.transact(ops).await {
            Ok(()) => {
                if let Some(mut item) = kept {
                    item.version = claim.item.version + 1;
                    claim.item = item;
                }
                Ok(true)
            }
            Err(StoreError::ConditionFailed { op: Some(op) }) if op == at => Ok(false),
            Err(other) => Err(other),
        }
    }

    /// Keeps the kind of a failure on the claimed item (no message: it could
    /// quote stored values), for the list its owner moves exhausted items to.
    /// The lease stays, and is the wait before the next try.
    pub async fn note_failure(&self, claim: &mut Claim, kind: &str) -> Result<(), StoreError> {
        let mut item = claim.item.clone();
        item.attrs.insert(LAST_ERROR.into(), kind.into());
        let version = self
            .store
            .put(item.clone(), Condition::Version(claim.item.version))
            .await?;
        item.version = version;
        claim.item = item;
        Ok(())
    }

    /// The attributes a restored item starts from: no lease, no attempts.
    pub fn fresh(mut attrs: super::Attributes) -> super::Attributes {
        for name in [LEASE_UNTIL, ATTEMPTS, LAST_ERROR] {
            attrs.remove(name);
        }
        attrs
    }
}

fn attempts(item: &Item) -> u32 {
    item.attrs
        .get(ATTEMPTS)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
}

/// Wakes a worker: when something was added that is due now, or earlier
/// than the worker planned to look again. Cheap to clone; clones share it.
#[derive(Clone, Default)]
pub struct Wake(Arc<WakeInner>);

struct WakeInner {
    notify: Notify,
    /// The earliest due time told since the worker last looked, in
    /// milliseconds (`i64::MAX`: none).
    earliest: AtomicI64,
    /// How many times it was told, for tests and metrics.
    told: AtomicU64,
}

impl Default for WakeInner {
    fn default() -> Self {
        Self {
            notify: Notify::new(),
            earliest: AtomicI64::new(i64::MAX),
            told: AtomicU64::new(0),
        }
    }
}

impl Wake {
    /// Something is due now.
    pub fn now(&self) {
        self.at(Timestamp::MIN);
    }

    /// Something is due at `due`.
    pub fn at(&self, due: Timestamp) {
        self.0
            .earliest
            .fetch_min(due.as_millisecond(), Ordering::SeqCst);
        self.0.told.fetch_add(1, Ordering::SeqCst);
        self.0.notify.notify_one();
    }

    /// How many times this wake was told of something.
    pub fn told(&self) -> u64 {
        self.0.told.load(Ordering::SeqCst)
    }

    /// Sleeps until `deadline`, or until something is told due before it;
    /// a told due time after the deadline changes nothing, and costs the
    /// worker no read of the store.
    pub async fn sleep_until(&self, mut deadline: Timestamp) {
        loop {
            let told = self.0.earliest.swap(i64::MAX, Ordering::SeqCst);
            if let Ok(told) = Timestamp::from_millisecond(told) {
                deadline = deadline.min(told);
            }
            let wait =
                Duration::try_from(deadline.duration_since(Timestamp::now())).unwrap_or_default();
            if wait.is_zero() {
                return;
            }
            tokio::select! {
                () = self.0.notify.notified() => {}
                () = tokio::time::sleep(wait) => return,
            }
        }
    }
}
