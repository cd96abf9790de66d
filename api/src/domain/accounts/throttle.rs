//! Limits on guessing passwords, kept in the store so that they hold across
//! replicas: failed sign-ins are counted per account (the email asked for)
//! and per client address, and a caller over either limit waits. Only
//! failures are written; a successful sign-in costs no write here.
//!
//! Each counter is a "theoretical arrival time" (the generic cell rate
//! algorithm): a failure pushes it one period further ahead of now, time
//! brings it back. A burst of failures is allowed, then one per period.

use std::net::IpAddr;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::domain::secrets::token_hash;
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Item, Key, StoreError};

/// How many failures may come at once, and how often one more may.
#[derive(Debug, Clone, Copy)]
struct Limit {
    burst: i32,
    period: SignedDuration,
}

/// An account: five guesses, then one a minute.
const PER_ACCOUNT: Limit = Limit {
    burst: 5,
    period: SignedDuration::from_secs(60),
};
/// An address: twenty guesses (across accounts), then one every six seconds.
const PER_ADDRESS: Limit = Limit {
    burst: 20,
    period: SignedDuration::from_secs(6),
};

/// Conflicting writes to one counter are tried again this often.
const TRIES: usize = 3;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Counter {
    /// When the counter is back to nothing.
    clear_at: Timestamp,
}

/// The counters a sign-in attempt is held to.
fn counters(email: &str, address: Option<IpAddr>) -> Vec<(Key, Limit)> {
    // Hashed: the keys name no address and no person.
    let account = email.trim().to_lowercase();
    let mut counters = vec![(
        keys::sign_in_failures("account", &token_hash(&account)),
        PER_ACCOUNT,
    )];
    if let Some(address) = address {
        let key = keys::sign_in_failures("address", &token_hash(&address.to_string()));
        counters.push((key, PER_ADDRESS));
    }
    counters
}

/// Refuses an attempt while the account or the address is over its limit.
pub async fn check(ctx: &Context, email: &str, address: Option<IpAddr>) -> Result<(), DomainError> {
    let now = ctx.now();
    let counters = counters(email, address);
    let keys: Vec<Key> = counters.iter().map(|(key, _)| key.clone()).collect();
    let found = ctx.store.batch_get(&keys).await?;
    let mut wait = SignedDuration::ZERO;
    for ((_, limit), item) in counters.iter().zip(found) {
        let Some(counter) = item.and_then(|item| item.record::<Counter>().ok()) else {
            continue;
        };
        let allowance = limit.period * (limit.burst - 1);
        let over = counter.clear_at.duration_since(now) - allowance;
        wait = wait.max(over);
    }
    if wait.is_positive() {
        tracing::warn!("sign-in attempts throttled");
        let seconds = u64::try_from(wait.as_secs()).unwrap_or(0) + 1;
        return Err(DomainError::RateLimited {
            retry_after: seconds,
        });
    }
    Ok(())
}

/// Counts a failed attempt against the account and the address.
pub async fn failed(
    ctx: &Context,
    email: &str,
    address: Option<IpAddr>,
) -> Result<(), DomainError> {
    let now = ctx.now();
    for (key, limit) in counters(email, address) {
        count(ctx, key, limit, now).await?;
    }
    Ok(())
}

async fn count(ctx: &Context, key: Key, limit: Limit, now: Timestamp) -> Result<(), DomainError> {
    for _ in 0..TRIES {
        let stored = ctx.store.get(&key).await?;
        let (from, condition) = match &stored {
            Some(item) => (
                item.record::<Counter>()
                    .map_or(now, |c| c.clear_at.max(now)),
                Condition::Version(item.version),
            ),
            None => (now, Condition::NotExists),
        };
        let counter = Counter {
            clear_at: from
                .checked_add(limit.period)
                .map_err(|e| DomainError::Internal(e.to_string()))?,
        };
        match ctx
            .put(Item::from_record(key.clone(), &counter)?, condition)
            .await
        {
            Ok(_) => return Ok(()),
            // Another failure was counted at the same moment: count on top of it.
            Err(StoreError::ConditionFailed { .. }) => continue,
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}
