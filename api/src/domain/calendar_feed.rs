//! Calendar feeds: a secret address per person from which phone and desktop
//! calendars read their appointments. Whoever has the address can read the
//! feed, so it is random, shown once, stored hashed, and can be rotated or
//! revoked at any time.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::appointment::Appointment;
use medtrack_shared::{AccountStatus, MedicationId, Role, UserId};
use serde::{Deserialize, Serialize};

use super::accounts::{self, Account};
use super::secrets::{new_token, token_hash};
use super::{Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, TxOp};

/// The feed a person has, as their account records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedRecord {
    /// SHA-256 of the secret in the address.
    pub secret_hash: String,
    /// When the address was made.
    pub created_at: Timestamp,
}

#[derive(Serialize, Deserialize)]
struct FeedOwner {
    user_id: UserId,
}

/// How far back and ahead a feed reaches.
const FEED_PAST: SignedDuration = SignedDuration::from_hours(24 * 90);
const FEED_AHEAD: SignedDuration = SignedDuration::from_hours(24 * 400);
/// The most appointments one feed holds.
const FEED_MAX: usize = 1000;

/// Makes a new secret address for the caller, replacing (and so revoking) the
/// previous one. Returns the secret, which is never shown again.
pub async fn rotate(ctx: &Context, caller: &Account) -> Result<String, DomainError> {
    let now = ctx.now();
    if caller.role == Role::Admin {
        return Err(DomainError::Forbidden);
    }
    let (secret, hash) = new_token();
    let record = FeedRecord {
        secret_hash: hash.clone(),
        created_at: now,
    };
    let owner = Item::from_record(
        keys::calendar_feed(&hash),
        &FeedOwner { user_id: caller.id },
    )?;
    replace(
        ctx,
        caller,
        Some(record),
        vec![TxOp::Put(owner, Condition::NotExists)],
    )
    .await?;
    Ok(secret)
}

/// Revokes the caller's address, if any.
pub async fn revoke(ctx: &Context, caller: &Account) -> Result<(), DomainError> {
    replace(ctx, caller, None, vec![]).await
}

/// Writes the account's new feed record, deletes the old address, and adds
/// `ops`, on the condition that the account is as read: two racing rotations
/// cannot leave two live addresses.
async fn replace(
    ctx: &Context,
    caller: &Account,
    record: Option<FeedRecord>,
    mut ops: Vec<TxOp>,
) -> Result<(), DomainError> {
    let (mut account, version) = accounts::load(&ctx.store, &caller.id).await?;
    if let Some(old) = account.calendar_feed.take() {
        ops.push(TxOp::Delete(
            keys::calendar_feed(&old.secret_hash),
            Condition::Always,
        ));
    }
    account.calendar_feed = record;
    accounts::save(ctx, &account, version, ops).await
}

/// What a feed shows.
pub struct Feed {
    /// Whose.
    pub owner: Account,
    /// Their appointments from 90 days ago to 400 days ahead, in time order.
    pub appointments: Vec<Appointment>,
    /// A patient's dose times over the next 14 days, in time order.
    pub doses: Vec<(MedicationId, Timestamp)>,
}

/// The feed at this secret. `None` for an unknown or revoked secret, or an
/// account that is no longer active.
pub async fn read(ctx: &Context, secret: &str) -> Result<Option<Feed>, DomainError> {
    let (store, now) = (&ctx.store, ctx.now());
    let Some(item) = store.get(&keys::calendar_feed(&token_hash(secret))).await? else {
        return Ok(None);
    };
    let owner: FeedOwner = item.record()?;
    let Some(account) = accounts::get(store, &owner.user_id)
        .await?
        .filter(|a| a.status == AccountStatus::Active)
    else {
        return Ok(None);
    };
    let query = match account.role {
        Role::Patient => Query::partition(keys::patient_appointments(&account.id)),
        Role::Doctor => Query::partition(keys::doctor_appointments(&account.id)).on(Index::Gsi1),
        Role::Admin => return Ok(None),
    };
    let range = keys::appointments_between(
        now.checked_sub(FEED_PAST).unwrap_or(now),
        now.checked_add(FEED_AHEAD).unwrap_or(now),
    );
    let query = query.range(range);
    let appointments = super::paging::all_items(store, query, FEED_MAX)
        .await?
        .into_iter()
        .map(|item| item.into_record())
        .collect::<Result<Vec<_>, _>>()?;
    let doses = match account.role {
        Role::Patient => {
            let until = now.checked_add(DOSES_AHEAD).unwrap_or(now);
            super::medications::doses_between(store, &account, now, until).await?
        }
        _ => Vec::new(),
    };
    Ok(Some(Feed {
        owner: account,
        appointments,
        doses,
    }))
}

/// How far ahead a patient's feed shows dose times.
const DOSES_AHEAD: SignedDuration = SignedDuration::from_hours(14 * 24);
