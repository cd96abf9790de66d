//! The scheduler: runs due jobs. Each is claimed through the leased queue
//! (the lease doubles with each try, so a failing job backs off), run by
//! its kind's runner (`domain::jobs::registry`), and its effects are written
//! with its next step in one transaction that checks the claim still holds.
//! A job that fails every try is stopped for an admin to look at.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::{Settings, Worker};
use crate::domain::jobs::{registry, stopped, JobRecord};
use crate::domain::{Context, DomainError, Work};
use crate::store::queue::{Claimed, Lane, LeasePolicy, LeasedQueue, Then};
use crate::store::{keys, Key};

/// The longest wait between two tries of a failing job.
const MAX_RETRY_WAIT: SignedDuration = SignedDuration::from_mins(15);

/// Runs due jobs.
pub struct Scheduler {
    ctx: Context,
    /// The first claim's lease (each further try waits twice as long), pace,
    /// and tries before a failing job is stopped.
    pub settings: Settings,
}

impl Scheduler {
    /// A scheduler working with `ctx`.
    pub fn new(ctx: Context) -> Self {
        Self {
            ctx,
            settings: Settings {
                lease: SignedDuration::from_secs(30),
                poll: Duration::from_secs(5),
                concurrency: 32,
                max_attempts: 8,
            },
        }
    }

    /// One pass: runs every job due at `now` that no live lease holds.
    /// Returns how many it ran.
    pub async fn run_due(&self, now: Timestamp) -> Result<usize, DomainError> {
        super::pass(self, now).await
    }

    /// When the earliest job not due at `now` comes due.
    pub async fn next_due(&self, now: Timestamp) -> Result<Option<Timestamp>, DomainError> {
        Ok(self.queue().next_due(now).await?)
    }

    /// Runs until the task is dropped, woken by writes that add jobs due
    /// sooner than it planned to look.
    pub async fn run(self) {
        let wake = self.ctx.wakes.jobs.clone();
        super::run(self, wake).await;
    }
}

impl Worker for Scheduler {
    const NAME: &'static str = "scheduler";

    fn ctx(&self) -> &Context {
        &self.ctx
    }

    /// Every shard of the due-time index.
    fn lane() -> Lane {
        Lane {
            partitions: (0..keys::JOB_SHARDS).map(keys::due_shard).collect(),
            due_key: |key, due| keys::job_due(keys::job_id(key), due),
        }
    }

    fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The lease is also the wait before the next try: it doubles with each
    /// failed try, so a failing job backs off.
    fn policy(&self) -> LeasePolicy {
        LeasePolicy {
            lease: self.settings.lease,
            doubling: true,
            longest: MAX_RETRY_WAIT,
            max_attempts: self.settings.max_attempts,
        }
    }

    async fn work_on(
        &self,
        queue: &LeasedQueue,
        key: Key,
        now: Timestamp,
    ) -> Result<bool, DomainError> {
        let mut claim = match queue.claim(&key, now).await? {
            Claimed::NotNow => return Ok(false),
            // No failure kept: each try ended without an answer (the worker
            // stopped, or its last write failed).
            Claimed::Exhausted(item) => {
                let error = item
                    .attrs
                    .get("last_error")
                    .and_then(|e| e.as_str())
                    .unwrap_or("unfinished")
                    .to_owned();
                let tries = self.settings.max_attempts;
                return stopped::bury(&self.ctx, &item, tries, &error, now).await;
            }
            Claimed::Mine(claim) => claim,
        };
        let record: JobRecord = match claim.item.record() {
            Ok(record) => record,
            // It will not become readable by trying again: stopped untried.
            Err(_) => return stopped::bury(&self.ctx, &claim.item, 0, "unreadable", now).await,
        };
        if record.due_at > now {
            // Claimed through a stale index entry: put it back at its time.
            let item = claim.item.clone();
            queue
                .commit(&mut claim, Vec::new(), Then::Release(item, record.due_at))
                .await?;
            return Ok(false);
        }
        let outcome = match registry::run(&self.ctx, &record.job, now).await {
            Ok(outcome) => outcome,
            Err(error) => {
                // Kept on the job (while the claim holds) for the stopped list.
                if let Err(note) = queue.note_failure(&mut claim, error.kind()).await {
                    tracing::warn!(%note, "a job's failure could not be noted");
                }
                return Err(error);
            }
        };
        let then = match outcome.next {
            Some(next) => Then::Release(next.item, next.due_at),
            None => Then::Done,
        };
        // What the job wrote is work for the dispatcher now (an alert must
        // not wait for its next look) and for this scheduler later.
        let work = Work::of(&outcome.ops);
        let committed = queue.commit(&mut claim, outcome.ops, then).await?;
        if committed {
            work.wake(&self.ctx.wakes);
        }
        Ok(committed)
    }
}
