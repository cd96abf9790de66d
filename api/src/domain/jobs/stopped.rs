//! Jobs given up on. A job that fails every try (or cannot be read) leaves
//! the due-time index for a list admins read; an admin may schedule it again
//! (the dead letters of notifications are their counterpart).

use jiff::Timestamp;
use medtrack_shared::delivery::StoppedJob;
use medtrack_shared::{ErrorCode, JobId, Page};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::{paging, Context, DomainError};
use crate::store::queue::LeasedQueue;
use crate::store::{keys, Condition, Item, Query, StoreError, TxOp};

/// What is kept of a stopped job: what admins see, and the job to restore.
#[derive(Debug, Serialize, Deserialize)]
struct Stopped {
    #[serde(flatten)]
    view: StoppedJob,
    /// The job item's attributes as they were.
    record: Map<String, Value>,
}

/// Moves `job` (read as `item`) out of the index into the stopped list, if
/// nobody changed it since, after `tries` tries; false when somebody did.
pub async fn bury(
    ctx: &Context,
    item: &Item,
    tries: u32,
    error: &str,
    now: Timestamp,
) -> Result<bool, DomainError> {
    tracing::error!(error, "a job failed every try and was stopped");
    let attr = |name: &str| item.attrs.get(name);
    let id: JobId = keys::job_id(&item.key)
        .parse()
        .map_err(|_| DomainError::Internal("a job with a malformed key".into()))?;
    let view = StoppedJob {
        id: id.clone(),
        kind: attr("job")
            .and_then(|job| job.get("kind"))
            .and_then(Value::as_str)
            .unwrap_or("unknown")
            .to_owned(),
        due_at: attr("due_at").and_then(|v| serde_json::from_value(v.clone()).ok()),
        attempts: tries,
        error: error.to_owned(),
        stopped_at: now,
    };
    let stopped = Stopped {
        view,
        record: item.attrs.clone(),
    };
    let ops = vec![
        TxOp::Put(
            Item::from_record(keys::stopped_job(&id), &stopped)?,
            Condition::Always,
        ),
        TxOp::Delete(item.key.clone(), Condition::Version(item.version)),
    ];
    match ctx.commit(ops).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { .. }) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

/// One page of stopped jobs, by id.
pub async fn list(
    ctx: &Context,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<StoppedJob>, DomainError> {
    let query = Query::partition(keys::STOPPED_JOBS);
    let page: Page<Stopped> = paging::page(&ctx.store, query, limit, cursor).await?;
    Ok(Page {
        items: page.items.into_iter().map(|s| s.view).collect(),
        next_cursor: page.next_cursor,
    })
}

/// Schedules a stopped job again, due now, from a fresh count of tries,
/// unless a newer job took its place (a medication edited since).
pub async fn retry(ctx: &Context, id: &JobId) -> Result<(), DomainError> {
    let now = ctx.now();
    let key = keys::stopped_job(id);
    let item = ctx.store.get(&key).await?.ok_or(DomainError::NotFound)?;
    let stopped: Stopped = item.record()?;
    let mut record = LeasedQueue::fresh(stopped.record);
    record.insert("due_at".into(), serde_json::json!(now));
    let job = Item::new(keys::job(id), record).with_gsi1(keys::job_due(id.as_str(), now));
    match ctx
        .commit(vec![
            TxOp::Delete(key, Condition::Version(item.version)),
            TxOp::Put(job, Condition::NotExists),
        ])
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { op: Some(1) }) => Err(DomainError::conflict(
            ErrorCode::Replaced,
            "A newer job has taken this one's place; nothing to retry.",
        )),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::NotFound),
        Err(other) => Err(other.into()),
    }
}
