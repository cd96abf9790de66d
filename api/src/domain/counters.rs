//! Counters kept in the transactions that change what they count (billing's
//! revenue and claims, the blood bank's stock, the analytics' days), so that
//! what reads them costs the same however long the history grows.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::{Map, Value};
use tokio::sync::OnceCell;

use super::{Context, DomainError};
use crate::store::{Condition, Item, Key, StoreError, TxOp, UpdateOp};

/// Adds `deltas` to the counter at `key`, made first from `first` (its
/// identity) if it does not exist yet. The counter is made outside the
/// change's transaction, on the condition that no racing change made it
/// first: an empty counter counts nothing, and changes racing on a new day
/// then all add to one item instead of failing on its creation. Nothing
/// when every delta is zero.
pub async fn add(
    ctx: &Context,
    key: Key,
    first: Map<String, Value>,
    deltas: &[(&str, i64)],
) -> Result<Option<TxOp>, DomainError> {
    let deltas: Vec<_> = deltas.iter().filter(|(_, d)| *d != 0).collect();
    if deltas.is_empty() {
        return Ok(None);
    }
    ctx.known_counters.ensure(ctx, &key, first).await?;
    let adds = deltas
        .iter()
        .map(|(name, delta)| UpdateOp::Add((*name).to_owned(), *delta))
        .collect();
    Ok(Some(TxOp::Update(key, adds, Condition::Exists)))
}

/// The counters a replica has seen exist, so that a change adds to them
/// without reading them first, and racing changes on a new counter make it
/// once between them. Counters are never deleted (a rebuild empties them),
/// so what is known stays true. Forgotten wholesale past a bound: a
/// forgotten counter is read once more.
#[derive(Clone, Default)]
pub struct Known(Arc<Mutex<HashMap<(String, String), Made>>>);

/// Whether a counter was made (or found), once per replica.
type Made = Arc<OnceCell<()>>;

/// The most counters a replica remembers.
const KNOWN_MAX: usize = 100_000;

impl Known {
    /// Makes the counter at `key` from `first` unless it exists.
    async fn ensure(
        &self,
        ctx: &Context,
        key: &Key,
        first: Map<String, Value>,
    ) -> Result<(), DomainError> {
        let cell = {
            let Ok(mut known) = self.0.lock() else {
                return make(ctx, key, first).await;
            };
            if known.len() >= KNOWN_MAX {
                known.clear();
            }
            known
                .entry((key.pk.clone(), key.sk.clone()))
                .or_default()
                .clone()
        };
        cell.get_or_try_init(|| make(ctx, key, first))
            .await
            .map(|_| ())
    }
}

/// Makes the counter at `key` from `first` unless it exists (outside any
/// transaction, on the condition that no other replica made it first).
async fn make(ctx: &Context, key: &Key, first: Map<String, Value>) -> Result<(), DomainError> {
    if ctx.store.get(key).await?.is_some() {
        return Ok(());
    }
    match ctx
        .store
        .put(Item::new(key.clone(), first), Condition::NotExists)
        .await
    {
        Ok(_) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
        Err(other) => Err(other.into()),
    }
}

/// A counter's identity (what its first write carries beside the counts).
pub fn identity(of: &impl Serialize) -> Result<Map<String, Value>, DomainError> {
    match serde_json::to_value(of) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(DomainError::Internal("a counter's identity".into())),
    }
}
