//! A patient's confirmed blood typing: recorded by one of their doctors or
//! an admin (or by an admin confirming a donor), the only source of a
//! recipient's group. Earlier typings are kept on the item.

use medtrack_shared::blood::requests::{NewTyping, Typing};
use medtrack_shared::{Role, UserId};
use serde::{Deserialize, Serialize};

use crate::domain::accounts::{self, Account};
use crate::domain::patients;
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Item, TxOp};

/// The most earlier typings kept.
const MAX_KEPT: usize = 20;

/// A patient's typings as stored: the current one first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Typings {
    /// The current typing.
    pub current: Option<Typing>,
    /// Earlier ones, newest first.
    #[serde(default)]
    pub earlier: Vec<Typing>,
}

async fn stored(ctx: &Context, patient: &UserId) -> Result<(Typings, Condition), DomainError> {
    Ok(match ctx.store.get(&keys::typing(patient)).await? {
        Some(item) => {
            let version = item.version;
            (item.into_record()?, Condition::Version(version))
        }
        None => (Typings::default(), Condition::NotExists),
    })
}

/// The patient's confirmed typing, if any.
pub async fn load(ctx: &Context, patient: &UserId) -> Result<Option<Typing>, DomainError> {
    Ok(stored(ctx, patient).await?.0.current)
}

/// The operation that records `typing` for `patient` over what was read.
pub(super) async fn record_op(
    ctx: &Context,
    patient: &UserId,
    typing: Typing,
) -> Result<TxOp, DomainError> {
    let (mut typings, condition) = stored(ctx, patient).await?;
    if let Some(previous) = typings.current.replace(typing) {
        typings.earlier.insert(0, previous);
        typings.earlier.truncate(MAX_KEPT);
    }
    let item = Item::from_record(keys::typing(patient), &typings)?;
    Ok(TxOp::Put(item, condition))
}

/// One of the patient's doctors or an admin records a confirmed typing.
pub async fn record(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    input: &NewTyping,
) -> Result<Typing, DomainError> {
    let now = ctx.now();
    input.check(now.to_zoned_datetime(caller.time_zone.tz().clone()).date())?;
    let found = accounts::get(&ctx.store, patient).await?;
    if !found.is_some_and(|p| p.role == Role::Patient) {
        return Err(DomainError::NotFound);
    }
    patients::access(&ctx.store, caller, patient).await?;
    let typing = Typing {
        group: input.group,
        tested_on: input.tested_on,
        recorded_by: caller.party(),
        recorded_at: now,
    };
    super::retrying(|| async {
        let op = record_op(ctx, patient, typing.clone()).await?;
        Ok(super::commit(ctx, vec![op]).await?.then_some(()))
    })
    .await?;
    Ok(typing)
}

/// The patient's confirmed typing, for them, their doctors and admins (the
/// read in their access log).
pub async fn get(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
) -> Result<Option<Typing>, DomainError> {
    patients::open_record(ctx, caller, patient, "blood typing").await?;
    load(ctx, patient).await
}
