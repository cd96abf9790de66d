//! The background workers every `medtrack serve` runs beside the API: the
//! notification [`dispatcher`] and the [`scheduler`] of timed jobs. Both
//! read their lane of the leased queue (`store::queue`) for what is due,
//! claim each item, and hand it to the domain; between passes they sleep
//! until the next item is due, a bounded time at most (items other replicas
//! add are seen within it), or until this process adds work.

pub mod dispatcher;
pub mod scheduler;

use std::future::Future;
use std::time::Duration;

use futures::StreamExt;
use jiff::{SignedDuration, Timestamp};

use crate::domain::{Context, DomainError};
use crate::store::queue::{Lane, LeasePolicy, LeasedQueue, Wake};
use crate::store::Key;

pub use dispatcher::Dispatcher;
pub use scheduler::Scheduler;

/// The shortest sleep between two passes, so that items due one after
/// another are worked on in small batches.
const MIN_SLEEP: Duration = Duration::from_millis(50);

/// How a worker claims and paces its work.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// How long a claim holds before another worker may take the item.
    pub lease: SignedDuration,
    /// The longest sleep between two passes when nothing wakes the worker
    /// (items other replicas add are seen within it).
    pub poll: Duration,
    /// Items worked on at once.
    pub concurrency: usize,
    /// Claims without finishing before an item is moved aside.
    pub max_attempts: u32,
}

/// What a worker does with its lane.
pub trait Worker: Sync {
    /// What it is called in logs.
    const NAME: &'static str;

    /// The context it works with.
    fn ctx(&self) -> &Context;

    /// Its lane of the queue.
    fn lane() -> Lane;

    /// How it claims and paces its work.
    fn settings(&self) -> &Settings;

    /// How long its claims hold, and how often an item may be claimed.
    fn policy(&self) -> LeasePolicy;

    /// The queue it works on.
    fn queue(&self) -> LeasedQueue {
        LeasedQueue::new(self.ctx().store.clone(), Self::lane(), self.policy())
    }

    /// Claims the item stored under `key` and works on it; false when
    /// another worker holds or took it, or it is not due.
    fn work_on(
        &self,
        queue: &LeasedQueue,
        key: Key,
        now: Timestamp,
    ) -> impl Future<Output = Result<bool, DomainError>> + Send;
}

/// One pass: works on every item of the lane due at `now` that no live
/// lease holds. Returns how many it worked on.
pub async fn pass<W: Worker>(worker: &W, now: Timestamp) -> Result<usize, DomainError> {
    let queue = worker.queue();
    let mut worked = 0;
    for partition in queue.partitions() {
        let mut cursor = None;
        loop {
            let page = queue.due(partition, now, cursor).await?;
            worked += futures::stream::iter(page.items)
                .map(|item| {
                    let queue = &queue;
                    async move {
                        // One item that fails must not hold up the others: its
                        // lease brings it back.
                        match worker.work_on(queue, item.key, now).await {
                            Ok(worked) => worked,
                            Err(error) => {
                                tracing::warn!(worker = W::NAME, kind = error.kind(), %error, "work failed; will retry");
                                false
                            }
                        }
                    }
                })
                .buffer_unordered(worker.settings().concurrency)
                .filter(|worked| std::future::ready(*worked))
                .count()
                .await;
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
    }
    Ok(worked)
}

/// Runs passes until the task is dropped, sleeping between them until the
/// next item is due, `poll` at most, or until `wake` says work came sooner.
pub async fn run<W: Worker>(worker: W, wake: Wake) {
    loop {
        let now = Timestamp::now();
        match pass(&worker, now).await {
            Ok(worked) if worked > 0 => continue,
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(worker = W::NAME, kind = error.kind(), %error, "pass failed; retrying")
            }
        }
        let next = match worker.queue().next_due(now).await {
            Ok(next) => next,
            Err(error) => {
                tracing::warn!(worker = W::NAME, %error, "could not read what is next");
                None
            }
        };
        let after = Timestamp::now();
        let poll = SignedDuration::try_from(worker.settings().poll)
            .unwrap_or(SignedDuration::from_secs(5));
        let min_sleep = SignedDuration::try_from(MIN_SLEEP).unwrap_or_default();
        let latest = after.checked_add(poll).unwrap_or(after);
        let earliest = after.checked_add(min_sleep).unwrap_or(after);
        let deadline = next.unwrap_or(latest).min(latest).max(earliest);
        wake.sleep_until(deadline).await;
    }
}
