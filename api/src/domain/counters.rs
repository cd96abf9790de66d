//! Counters kept in the transactions that change what they count (billing's
//! revenue and claims, the blood bank's stock), so that what reads them
//! costs the same however long the history grows.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Context, DomainError};
use crate::store::{Condition, Item, Key, TxOp, UpdateOp};

/// Adds `deltas` to the counter at `key`, made from `first` (its identity)
/// if it is the first: an addition when it exists, else a write on the
/// condition that no racing first won (the caller then tries again).
/// Nothing when every delta is zero.
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
    if ctx.store.get(&key).await?.is_some() {
        let adds = deltas
            .iter()
            .map(|(name, delta)| UpdateOp::Add((*name).to_owned(), *delta))
            .collect();
        return Ok(Some(TxOp::Update(key, adds, Condition::Exists)));
    }
    let mut attrs = first;
    for (name, delta) in deltas {
        attrs.insert((*name).to_owned(), Value::from(*delta));
    }
    Ok(Some(TxOp::Put(Item::new(key, attrs), Condition::NotExists)))
}

/// A counter's identity (what its first write carries beside the counts).
pub fn identity(of: &impl Serialize) -> Result<Map<String, Value>, DomainError> {
    match serde_json::to_value(of) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(DomainError::Internal("a counter's identity".into())),
    }
}
