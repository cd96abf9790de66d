//! Admins' lists of accounts and their decisions: approve, reject,
//! deactivate, reactivate.

use medtrack_shared::account::{AccountDecision, DecisionRequest, UserSummary};
use medtrack_shared::{AccountStatus, ErrorCode, Page, Role, UserId};

use super::{load, save, Account};
use crate::domain::notifications::outbox::{self, AccountChange, Event};
use crate::domain::{paging, sessions, Context, DomainError};
use crate::store::{keys, Index, Query};

/// One page of the accounts with this role and status, oldest first (the
/// order in which pending doctors registered). A query on GSI1.
pub async fn list(
    ctx: &Context,
    role: Role,
    status: AccountStatus,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<UserSummary>, DomainError> {
    let query = Query::partition(keys::users_by_role_and_status(role, status)).on(Index::Gsi1);
    let page: Page<Account> = paging::page(&ctx.store, query, limit, cursor).await?;
    Ok(Page {
        items: page.items.iter().map(Account::to_summary).collect(),
        next_cursor: page.next_cursor,
    })
}

/// Applies an admin's decision about an account. The allowed changes:
/// approve a pending or rejected doctor; reject a pending doctor (with a
/// reason); deactivate any other account that is not deactivated (its
/// sessions end at once); reactivate a deactivated one. Anything else is a
/// conflict, and so is a change that raced another.
pub async fn decide(
    ctx: &Context,
    admin: &Account,
    target: &UserId,
    request: &DecisionRequest,
) -> Result<Account, DomainError> {
    request.check()?;
    let (mut account, version) = load(&ctx.store, target).await?;
    let reason = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    let doctor = account.role == Role::Doctor;
    let refused = |message| Err(DomainError::conflict(ErrorCode::InvalidTransition, message));
    match (request.decision, account.status) {
        (AccountDecision::Approve, AccountStatus::Pending | AccountStatus::Rejected) if doctor => {
            account.status = AccountStatus::Active;
            account.status_reason = None;
        }
        (AccountDecision::Reject, AccountStatus::Pending) if doctor => {
            account.status = AccountStatus::Rejected;
            account.status_reason = reason;
        }
        (AccountDecision::Deactivate, status) if status != AccountStatus::Deactivated => {
            if account.id == admin.id {
                return refused("Admins cannot deactivate their own account.");
            }
            account.status_before_deactivation = Some(status);
            account.status = AccountStatus::Deactivated;
            account.status_reason = reason;
        }
        (AccountDecision::Reactivate, AccountStatus::Deactivated) => {
            account.status = account
                .status_before_deactivation
                .take()
                .unwrap_or(AccountStatus::Active);
            account.status_reason = None;
        }
        (AccountDecision::Approve | AccountDecision::Reject, _) => return refused(
            "Only a pending doctor can be approved or rejected (a rejected one can be approved).",
        ),
        (AccountDecision::Deactivate, _) => return refused("The account is already deactivated."),
        (AccountDecision::Reactivate, _) => {
            return refused("Only a deactivated account can be reactivated.")
        }
    }
    // The doctor hears of the decision, in the same transaction.
    let notice = match request.decision {
        AccountDecision::Approve => Some(AccountChange::Approved),
        AccountDecision::Reject => Some(AccountChange::Rejected {
            reason: account.status_reason.clone(),
        }),
        _ => None,
    };
    let also = notice
        .map(|notice| outbox::queue(account.id, Event::Account(notice), ctx.now()))
        .transpose()?;
    save(ctx, &account, version, also.into_iter().collect()).await?;
    tracing::info!(admin = %admin.id, user = %account.id, status = account.status.as_str(), "account status changed");
    if account.status == AccountStatus::Deactivated {
        sessions::revoke_all(&ctx.store, &account.id).await?;
    }
    Ok(account)
}
