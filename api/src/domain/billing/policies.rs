//! A patient's insurance policies, kept by the patient or the clinic's
//! admins. A claim copies the policy it is made on, so removing a policy
//! later changes no claim.

use medtrack_shared::billing::{NewPolicy, Policy};
use medtrack_shared::{PolicyId, Role, UserId};

use crate::domain::accounts::{self, Account};
use crate::domain::patients::{self, Access};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Item, Query, TxOp};

/// The most policies a patient keeps.
const MAX_POLICIES: usize = 20;

/// Whether `caller` may see and keep `patient`'s policies: the patient, or
/// an admin (whose read is in the patient's access log).
async fn allowed(ctx: &Context, caller: &Account, patient: &UserId) -> Result<(), DomainError> {
    match caller.role {
        Role::Patient if caller.id == *patient => Ok(()),
        Role::Admin => {
            patients::record_read(ctx, caller, Access::Admin, patient, "insurance").await
        }
        _ => Err(DomainError::Forbidden),
    }
}

async fn read(ctx: &Context, patient: &UserId) -> Result<Vec<Policy>, DomainError> {
    let query = Query::partition(keys::policies(patient));
    paging::all_items(&ctx.store, query, MAX_POLICIES + 1)
        .await?
        .into_iter()
        .map(|item| Ok(item.into_record()?))
        .collect()
}

/// The patient's policies, primary first.
pub async fn list(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
) -> Result<Vec<Policy>, DomainError> {
    allowed(ctx, caller, patient).await?;
    let mut policies = read(ctx, patient).await?;
    policies.sort_by_key(|p| {
        (
            p.rank != medtrack_shared::billing::PolicyRank::Primary,
            p.valid_from,
        )
    });
    Ok(policies)
}

/// Adds a policy; two of the same rank may not cover the same day.
pub async fn add(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    input: &NewPolicy,
) -> Result<Policy, DomainError> {
    input.check()?;
    allowed(ctx, caller, patient).await?;
    accounts::get(&ctx.store, patient)
        .await?
        .filter(|a| a.role == Role::Patient)
        .ok_or(DomainError::NotFound)?;
    let existing = read(ctx, patient).await?;
    if existing.len() >= MAX_POLICIES {
        return Err(DomainError::conflict(
            medtrack_shared::ErrorCode::LimitReached,
            "A patient keeps at most 20 policies; remove an old one first.",
        ));
    }
    let policy = Policy {
        id: PolicyId::from_uuid(uuid::Uuid::now_v7()),
        payer: input.payer.trim().to_owned(),
        member_id: input.member_id.trim().to_owned(),
        group: super::ledger::clean(&input.group),
        valid_from: input.valid_from,
        valid_to: input.valid_to,
        rank: input.rank,
    };
    let overlaps = |other: &Policy| {
        other.rank == policy.rank
            && other.valid_to.is_none_or(|to| policy.valid_from <= to)
            && policy.valid_to.is_none_or(|to| other.valid_from <= to)
    };
    if existing.iter().any(overlaps) {
        return Err(DomainError::field(
            "valid_from",
            "another policy of this rank covers some of these days",
        ));
    }
    let item = Item::from_record(keys::policy(patient, &policy.id), &policy)?;
    ctx.commit(vec![TxOp::Put(item, Condition::NotExists)])
        .await?;
    Ok(policy)
}

/// Removes a policy (claims made on it keep their copy).
pub async fn remove(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    policy: &PolicyId,
) -> Result<(), DomainError> {
    allowed(ctx, caller, patient).await?;
    let key = keys::policy(patient, policy);
    match ctx.commit(vec![TxOp::Delete(key, Condition::Exists)]).await {
        Ok(()) => Ok(()),
        Err(crate::store::StoreError::ConditionFailed { .. }) => Err(DomainError::NotFound),
        Err(other) => Err(other.into()),
    }
}

/// One of the patient's policies.
pub(crate) async fn get(
    ctx: &Context,
    patient: &UserId,
    policy: &PolicyId,
) -> Result<Option<Policy>, DomainError> {
    Ok(ctx
        .store
        .get(&keys::policy(patient, policy))
        .await?
        .map(|item| item.into_record())
        .transpose()?)
}
