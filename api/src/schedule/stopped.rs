//! Jobs given up on. A job that fails every try (or cannot be read) leaves
//! the due-time index for a list admins read; an admin may schedule it again.

use jiff::Timestamp;
use medtrack_shared::delivery::StoppedJob;
use medtrack_shared::Page;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::DomainError;
use crate::store::{keys, Condition, Item, Query, Store, StoreError, TxOp};

/// What is kept of a stopped job: what admins see, and the job to restore.
#[derive(Debug, Serialize, Deserialize)]
struct Stopped {
    #[serde(flatten)]
    view: StoppedJob,
    /// The job item's attributes as they were.
    record: Map<String, Value>,
}

/// The kind of a failure, for the list: never its message, which may quote
/// stored values.
pub fn failure_kind(error: &DomainError) -> &'static str {
    match error {
        DomainError::Store(_) => "store",
        DomainError::DeliveryUnavailable(_) => "delivery",
        DomainError::Internal(_) => "internal",
        DomainError::NotFound => "not_found",
        DomainError::Conflict { .. } => "conflict",
        DomainError::Invalid(_) => "invalid",
        _ => "refused",
    }
}

/// The operations that move `job` (read as `item`) out of the index into
/// the stopped list, if nobody changed it since.
pub fn bury(item: &Item, error: &str, now: Timestamp) -> Result<[TxOp; 2], StoreError> {
    let attr = |name: &str| item.attrs.get(name);
    let id = keys::job_id(&item.key).to_owned();
    let view = StoppedJob {
        id: id.clone(),
        kind: attr("job")
            .and_then(|job| job.get("kind"))
            .and_then(Value::as_str)
            .unwrap_or("unknown")
            .to_owned(),
        due_at: attr("due_at").and_then(|v| serde_json::from_value(v.clone()).ok()),
        attempts: attr("attempts")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(0),
        error: error.to_owned(),
        stopped_at: now,
    };
    let stopped = Stopped {
        view,
        record: item.attrs.clone(),
    };
    Ok([
        TxOp::Put(
            Item::from_record(keys::stopped_job(&id), &stopped)?,
            Condition::Always,
        ),
        TxOp::Delete(item.key.clone(), Condition::Version(item.version)),
    ])
}

/// One page of stopped jobs, by id.
pub async fn list(
    store: &Store,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<StoppedJob>, DomainError> {
    let page: Page<Stopped> =
        crate::domain::paging::page(store, Query::partition(keys::STOPPED_JOBS), limit, cursor)
            .await?;
    Ok(Page {
        items: page.items.into_iter().map(|s| s.view).collect(),
        next_cursor: page.next_cursor,
    })
}

/// Schedules a stopped job again, due now, from a fresh count of tries,
/// unless a newer job took its place (a medication edited since).
pub async fn retry(store: &Store, id: &str, now: Timestamp) -> Result<(), DomainError> {
    let key = keys::stopped_job(id);
    let item = store.get(&key).await?.ok_or(DomainError::NotFound)?;
    let stopped: Stopped = item.record()?;
    let mut record = stopped.record;
    record.remove("lease_until");
    record.insert("attempts".into(), 0.into());
    record.insert("due_at".into(), serde_json::json!(now));
    let job = Item::new(keys::job(id), record).with_gsi1(keys::job_due(id, now));
    match store
        .transact(vec![
            TxOp::Delete(key, Condition::Version(item.version)),
            TxOp::Put(job, Condition::NotExists),
        ])
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { op: Some(1) }) => Err(DomainError::Conflict {
            code: "replaced",
            message: "A newer job has taken this one's place; nothing to retry.",
        }),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::NotFound),
        Err(other) => Err(other.into()),
    }
}
