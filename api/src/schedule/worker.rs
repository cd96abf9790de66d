//! The worker: finds due jobs in the index, claims each with a lease, and
//! applies its effects together with its next step in one transaction that
//! checks the claim is still held.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::Notify;

use super::jobs::JobRecord;
use super::{stopped, Job};
use crate::domain::appointments;
use crate::domain::DomainError;
use crate::notify::OutboxSignal;
use crate::store::{keys, Condition, Index, Item, Query, Store, StoreError, TxOp};

/// Wakes the worker when this process scheduled something due soon.
#[derive(Clone, Default)]
pub struct JobSignal(Arc<Notify>);

impl JobSignal {
    /// Tells the worker to look now.
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// The shortest sleep between two passes, so that jobs due one after
/// another run in small batches.
const MIN_SLEEP: Duration = Duration::from_millis(50);

/// What running a job came to: records to write with it, and its next step.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Written in the job's transaction (notifications, log entries, other jobs).
    pub ops: Vec<TxOp>,
    /// When the job runs again (with what), or `None` when it is done.
    pub next: Option<JobRecord>,
}

impl Outcome {
    /// Nothing to write, nothing more to do.
    pub fn done() -> Self {
        Self::default()
    }
}

/// Runs due jobs.
pub struct Scheduler {
    store: Store,
    signal: JobSignal,
    outbox: OutboxSignal,
    /// How long a claim holds before another worker may take the job.
    pub lease: SignedDuration,
    /// The longest sleep between two passes when nothing wakes the worker
    /// (jobs that other replicas add are seen within it).
    pub poll: Duration,
    /// Jobs run at once.
    pub concurrency: usize,
    /// Tries before a failing job is given up on (see [`super::stopped`]).
    pub max_attempts: u32,
}

/// The longest wait between two tries of a failing job.
const MAX_RETRY_WAIT: SignedDuration = SignedDuration::from_mins(15);

impl Scheduler {
    /// A worker over `store`, woken by `signal`; wakes the dispatcher through `outbox`.
    pub fn new(store: Store, signal: JobSignal, outbox: OutboxSignal) -> Self {
        Self {
            store,
            signal,
            outbox,
            lease: SignedDuration::from_secs(30),
            poll: Duration::from_secs(5),
            concurrency: 32,
            max_attempts: 8,
        }
    }

    /// Runs until the task is dropped. Between passes it sleeps until the
    /// next job in the index is due, or for `poll` at most: jobs known ahead
    /// run on time, and jobs other replicas add are seen within `poll`.
    pub async fn run(self) {
        loop {
            let now = Timestamp::now();
            match self.run_due(now).await {
                Ok(ran) if ran > 0 => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "scheduler pass failed; retrying"),
            }
            let wait = match self.next_due(now).await {
                Ok(Some(next)) => Duration::try_from(next.duration_since(Timestamp::now()))
                    .unwrap_or_default()
                    .clamp(MIN_SLEEP, self.poll),
                Ok(None) => self.poll,
                Err(error) => {
                    tracing::warn!(%error, "scheduler could not read what is next");
                    self.poll
                }
            };
            tokio::select! {
                _ = self.signal.0.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// When the earliest job not due at `now` comes due: one read of the
    /// first item after `now` in each shard.
    pub async fn next_due(&self, now: Timestamp) -> Result<Option<Timestamp>, DomainError> {
        let mut next: Option<Timestamp> = None;
        for shard in 0..keys::JOB_SHARDS {
            let page = self
                .store
                .query(
                    Query::partition(keys::due_shard(shard))
                        .on(Index::Gsi1)
                        .range(keys::jobs_due_after(now))
                        .limit(1),
                )
                .await?;
            let first = page
                .items
                .first()
                .and_then(|item| item.record::<JobRecord>().ok())
                .map(|record| record.lease_until.unwrap_or(record.due_at));
            next = next.into_iter().chain(first).min();
        }
        Ok(next)
    }

    /// One pass: runs every job due at `now` that no live lease holds.
    /// Returns how many it ran.
    pub async fn run_due(&self, now: Timestamp) -> Result<usize, DomainError> {
        let mut ran = 0;
        for shard in 0..keys::JOB_SHARDS {
            let mut cursor = None;
            loop {
                let page = self
                    .store
                    .query(
                        Query::partition(keys::due_shard(shard))
                            .on(Index::Gsi1)
                            .range(keys::jobs_due_by(now))
                            .after(cursor),
                    )
                    .await?;
                ran += futures::stream::iter(page.items)
                    .map(|item| async move {
                        match self.work_on(item, now).await {
                            Ok(ran) => ran,
                            Err(error) => {
                                // Its lease brings it back.
                                tracing::warn!(%error, "job failed; will retry");
                                false
                            }
                        }
                    })
                    .buffer_unordered(self.concurrency)
                    .filter(|ran| std::future::ready(*ran))
                    .count()
                    .await;
                match page.next {
                    Some(next) => cursor = Some(next),
                    None => break,
                }
            }
        }
        if ran > 0 {
            self.outbox.wake();
        }
        Ok(ran)
    }

    /// Claims one job and runs it; false when another worker holds or took it.
    async fn work_on(&self, item: Item, now: Timestamp) -> Result<bool, DomainError> {
        // The index may lag the table: read the job itself.
        let Some(item) = self.store.get(&item.key).await? else {
            return Ok(false);
        };
        let mut record: JobRecord = match item.record() {
            Ok(record) => record,
            // It will not become readable by trying again.
            Err(_) => return self.stop(&item, "unreadable", now).await,
        };
        if record.due_at > now || record.lease_until.is_some_and(|until| until > now) {
            return Ok(false);
        }
        if record.attempts >= self.max_attempts {
            // No failure kept: each try ended without an answer (the worker
            // stopped, or its last write failed).
            let error = record.last_error.as_deref().unwrap_or("unfinished");
            return self.stop(&item, error, now).await;
        }
        // The lease is also the wait before the next try: it doubles with
        // each failed try, so a failing job backs off.
        let wait = self
            .lease
            .checked_mul(1 << record.attempts.min(10))
            .unwrap_or(MAX_RETRY_WAIT)
            .min(MAX_RETRY_WAIT)
            .max(self.lease);
        record.lease_until = Some(
            now.checked_add(wait)
                .map_err(|e| DomainError::Internal(e.to_string()))?,
        );
        record.attempts += 1;
        let version = match self
            .store
            .put(record.item()?, Condition::Version(item.version))
            .await
        {
            Ok(version) => version,
            Err(StoreError::ConditionFailed { .. }) => return Ok(false),
            Err(other) => return Err(other.into()),
        };
        let outcome = match run(&self.store, &record.job, now).await {
            Ok(outcome) => outcome,
            Err(error) => {
                // Kept on the job (while our claim holds) for the stopped list.
                record.last_error = Some(stopped::failure_kind(&error).to_owned());
                let _ = self
                    .store
                    .put(record.item()?, Condition::Version(version))
                    .await;
                return Err(error);
            }
        };
        let mut ops = outcome.ops;
        let at = ops.len();
        ops.push(match outcome.next {
            Some(next) => TxOp::Put(next.item()?, Condition::Version(version)),
            None => TxOp::Delete(item.key.clone(), Condition::Version(version)),
        });
        match self.store.transact(ops).await {
            Ok(()) => Ok(true),
            // Our lease ran out and another worker took the job over.
            Err(StoreError::ConditionFailed { op: Some(op) }) if op == at => Ok(false),
            Err(other) => Err(other.into()),
        }
    }

    /// Gives up on a job: out of the index, into the stopped list.
    async fn stop(&self, item: &Item, error: &str, now: Timestamp) -> Result<bool, DomainError> {
        tracing::error!(error, "a job failed every try and was stopped");
        match self
            .store
            .transact(stopped::bury(item, error, now)?.to_vec())
            .await
        {
            Ok(()) => Ok(true),
            Err(StoreError::ConditionFailed { .. }) => Ok(false),
            Err(other) => Err(other.into()),
        }
    }
}

/// What each kind of job does.
async fn run(store: &Store, job: &Job, now: Timestamp) -> Result<Outcome, DomainError> {
    use crate::domain::medications::reminders as doses;
    match job {
        Job::DoseReminder {
            medication,
            patient,
            dose_at,
        } => doses::dose_reminder(store, medication, patient, *dose_at, now).await,
        Job::Snooze {
            medication,
            patient,
            dose_at,
        } => doses::snooze(store, medication, patient, *dose_at, now).await,
        Job::MissedCheck {
            medication,
            patient,
            dose_at,
        } => doses::missed_check(store, medication, patient, *dose_at).await,
        Job::Escalation {
            medication,
            patient,
            dose_at,
        } => doses::escalate(store, medication, patient, *dose_at, now).await,
        Job::AppointmentReminder {
            appointment,
            starts_at,
            hours_before,
        } => appointments::reminders::run(store, appointment, *starts_at, *hours_before, now).await,
    }
}
