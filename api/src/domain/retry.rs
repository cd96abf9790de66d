//! Changes that read, decide and write on the versions read: when another
//! change got there first, the write's condition fails and the change is
//! made again on fresh reads.

use std::future::Future;

use medtrack_shared::ErrorCode;

use super::{Context, DomainError};
use crate::store::{StoreError, TxOp};

/// How many times a change that lost a race is tried on fresh reads.
const ATTEMPTS: u32 = 12;

/// Runs `attempt` until it commits: `Ok(None)` means it lost a race (a
/// condition on what it read) and is tried again on fresh reads, after a
/// short random pause that grows, so racing writers drift apart.
pub(crate) async fn retrying<T, F, Fut>(attempt: F) -> Result<T, DomainError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, DomainError>>,
{
    retrying_for(ATTEMPTS, attempt).await
}

/// [`retrying`], up to `attempts` times; then a 409 `changed_concurrently`.
pub(crate) async fn retrying_for<T, F, Fut>(attempts: u32, mut attempt: F) -> Result<T, DomainError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, DomainError>>,
{
    for n in 1..=attempts {
        if let Some(done) = attempt().await? {
            return Ok(done);
        }
        let pause = rand::random_range(1..=u64::from(n.min(10)) * 5);
        tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
    }
    Err(DomainError::conflict(
        ErrorCode::ChangedConcurrently,
        "Others were changing the same records; try again.",
    ))
}

/// Commits `ops`: false when a condition on what was read failed (a race
/// lost), to be tried again on fresh reads.
pub(crate) async fn commit(ctx: &Context, ops: Vec<TxOp>) -> Result<bool, DomainError> {
    match ctx.commit(ops).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { .. } | StoreError::Conflict) => Ok(false),
        Err(other) => Err(other.into()),
    }
}
