//! Counters kept in the transactions that change what they count: revenue
//! by month (and by doctor), claims by state. The overview reads them
//! instead of history, so its cost does not grow with the years.

use jiff::Timestamp;
use medtrack_shared::appointment::Party;
use medtrack_shared::billing::{ClaimState, EntryKind};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::InvoiceRecord;
use crate::domain::counters::{add, identity};
use crate::domain::{Context, DomainError};
use crate::store::{keys, TxOp};

/// A month's revenue in a currency.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Revenue {
    /// `YYYY-MM`.
    pub month: String,
    /// ISO 4217 code.
    pub currency: String,
    /// The doctor, for a doctor's counter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doctor: Option<Party>,
    /// Issued less credited.
    #[serde(default)]
    pub billed: i64,
    /// Received less refunded.
    #[serde(default)]
    pub collected: i64,
    /// Written off.
    #[serde(default)]
    pub written_off: i64,
}

/// What an entry adds to billed, collected and written off.
fn deltas(kind: &EntryKind, amount: i64) -> [(&'static str, i64); 3] {
    let (billed, collected, written_off) = match kind {
        EntryKind::Charge => (amount, 0, 0),
        EntryKind::Credit { .. } => (-amount, 0, 0),
        EntryKind::Payment { .. } => (0, amount, 0),
        EntryKind::Refund { .. } => (0, -amount, 0),
        EntryKind::WriteOff { .. } => (0, 0, amount),
    };
    [
        ("billed", billed),
        ("collected", collected),
        ("written_off", written_off),
    ]
}

/// The revenue counters' additions for an entry posted at `at`.
pub(crate) async fn revenue(
    ctx: &Context,
    record: &InvoiceRecord,
    kind: &EntryKind,
    amount: i64,
    at: Timestamp,
) -> Result<Vec<TxOp>, DomainError> {
    let invoice = &record.invoice;
    let month = record.month(at);
    let deltas = deltas(kind, amount);
    let clinic = Revenue {
        month: month.clone(),
        currency: invoice.currency.clone(),
        ..Revenue::default()
    };
    let doctor = Revenue {
        doctor: Some(invoice.doctor.clone()),
        ..clinic.clone()
    };
    let mut ops = Vec::new();
    let clinic_key = keys::revenue(&month, &invoice.currency, keys::shard(invoice.id.as_uuid()));
    ops.extend(add(ctx, clinic_key, identity(&clinic)?, &deltas).await?);
    let doctor_key = keys::doctor_revenue(&month, &invoice.doctor.id, &invoice.currency);
    let doctor_deltas = [deltas[0], deltas[1]];
    ops.extend(add(ctx, doctor_key, identity(&doctor)?, &doctor_deltas).await?);
    Ok(ops)
}

/// The claim counters' additions for a claim moving `from` a state (none
/// for a new claim) `to` another.
pub(crate) async fn claim_moved(
    ctx: &Context,
    claim: &medtrack_shared::ClaimId,
    from: Option<ClaimState>,
    to: ClaimState,
) -> Result<Option<TxOp>, DomainError> {
    if from == Some(to) {
        return Ok(None);
    }
    let mut deltas = vec![(to.name(), 1)];
    deltas.extend(from.map(|from| (from.name(), -1)));
    let key = keys::claim_counts(keys::shard(claim.as_uuid()));
    add(ctx, key, Map::new(), &deltas).await
}

/// How many claims are in each state now (the shards added up).
pub(crate) async fn claim_counts(ctx: &Context) -> Result<Vec<(ClaimState, u64)>, DomainError> {
    let query = crate::store::Query::partition(keys::CLAIM_COUNTS);
    let shards = crate::domain::paging::all_items(&ctx.store, query, 64).await?;
    Ok(ClaimState::ALL
        .into_iter()
        .map(|state| {
            let count = (shards.iter())
                .filter_map(|item| item.attrs.get(state.name()).and_then(Value::as_i64))
                .sum::<i64>();
            (state, u64::try_from(count).unwrap_or(0))
        })
        .collect())
}
