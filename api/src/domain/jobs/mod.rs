//! Timed work: dose reminders, snoozes, missed-dose checks, escalations,
//! appointment reminders. Each kind is a type that says what it does when it
//! comes due ([`Runner`]); [`registry`] names every kind in one place. A
//! job is stored under its id, listed in the due-time index at its due time;
//! the scheduler claims it through the leased queue and writes what it did
//! with its next step in one transaction. Instants are UTC; the rules that
//! produce them (local dose times) live with their features.

pub mod registry;
pub mod stopped;

use std::future::Future;

use jiff::Timestamp;
use medtrack_shared::JobId;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Context, DomainError};
use crate::store::{keys, Condition, Item, StoreError, TxOp};

/// What a kind of job does when it comes due.
pub trait Runner: Serialize + DeserializeOwned + Send + Sync {
    /// The job's id: one stored job per id, so scheduling again replaces it.
    fn id(&self) -> JobId;

    /// Does the job at `now`: what to write with it, and its next step.
    fn run(
        &self,
        ctx: &Context,
        now: Timestamp,
    ) -> impl Future<Output = Result<Outcome, DomainError>> + Send;
}

/// A registered kind of job (see [`registry`]).
pub trait Job: Runner {
    /// Its name in the store, e.g. `dose_reminder`.
    const KIND: &'static str;
}

/// What running a job came to.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Written in the job's transaction (notifications, log entries, other jobs).
    pub ops: Vec<TxOp>,
    /// The job's next run, or `None` when it is done.
    pub next: Option<Scheduled>,
}

impl Outcome {
    /// Nothing to write, nothing more to do.
    pub fn done() -> Self {
        Self::default()
    }
}

/// A job and its due time, as stored.
#[derive(Debug, Clone)]
pub struct Scheduled {
    /// The job's item.
    pub item: Item,
    /// When it is due.
    pub due_at: Timestamp,
}

/// A stored job, whatever its kind.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobRecord {
    /// What to do: the kind's fields and `kind`.
    pub job: Value,
    /// When.
    pub due_at: Timestamp,
}

impl JobRecord {
    /// The kind's name, `unknown` when the record does not say.
    pub fn kind(&self) -> &str {
        self.job
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("unknown")
    }
}

/// `job` due at `due_at`, as stored.
pub fn scheduled<J: Job>(job: &J, due_at: Timestamp) -> Result<Scheduled, StoreError> {
    let mut value = serde_json::to_value(job).map_err(|e| StoreError::Backend(e.to_string()))?;
    if let Value::Object(fields) = &mut value {
        fields.insert("kind".into(), J::KIND.into());
    }
    let id = job.id();
    let item = Item::from_record(keys::job(&id), &JobRecord { job: value, due_at })?
        .with_gsi1(keys::job_due(id.as_str(), due_at));
    Ok(Scheduled { item, due_at })
}

/// The operation that schedules `job` at `due_at`, replacing a job with the
/// same id (a medication's edit moves its reminder).
pub fn schedule<J: Job>(job: &J, due_at: Timestamp) -> Result<TxOp, StoreError> {
    Ok(TxOp::Put(scheduled(job, due_at)?.item, Condition::Always))
}

/// The operation that removes a job, if it is there.
pub fn cancel(id: &JobId) -> TxOp {
    TxOp::Delete(keys::job(id), Condition::Always)
}
