//! Confirming that an account's email address belongs to its owner: a
//! link is sent at registration (and again on request); until it is
//! opened, a doctor's account does not reach the admins' queue.

use medtrack_shared::{AccountStatus, ErrorCode};

use super::{links, load, Account};
use crate::domain::notifications::outbox::LinkPurpose;
use crate::domain::{Context, DomainError};
use crate::store::{Condition, StoreError, TxOp};

/// Sends the caller a new link to confirm their address.
pub async fn resend(ctx: &Context, caller: &Account) -> Result<(), DomainError> {
    if caller.email_verified_at.is_some() {
        return Err(DomainError::conflict(
            ErrorCode::AlreadyConfirmed,
            "Your email address is already confirmed.",
        ));
    }
    let Some(ops) = links::send(ctx, &caller.id, LinkPurpose::ConfirmEmail).await? else {
        return Err(DomainError::RateLimited {
            retry_after: u64::try_from(links::INTERVAL.as_secs()).unwrap_or(60),
        });
    };
    ctx.commit(ops).await?;
    Ok(())
}

/// Confirms the address of the account a link was sent to.
pub async fn confirm(ctx: &Context, token: &str) -> Result<Account, DomainError> {
    let (user, used) = links::redeem(ctx, LinkPurpose::ConfirmEmail, token).await?;
    let (mut account, version) = load(&ctx.store, &user).await?;
    account.email_verified_at = Some(ctx.now());
    let mut ops = used;
    ops.push(TxOp::Put(account.to_item()?, Condition::Version(version)));
    match ctx.commit(ops).await {
        Ok(()) => {}
        Err(error) if links::used_meanwhile(&error) => {
            return Err(DomainError::field("token", "was used already"))
        }
        Err(StoreError::ConditionFailed { .. }) => {
            return Err(DomainError::changed(
                "The account changed meanwhile; open the link again.",
            ))
        }
        Err(other) => return Err(other.into()),
    }
    if account.status == AccountStatus::Pending {
        tracing::info!(user = %account.id, "a doctor's address is confirmed: their account waits for an admin");
    }
    Ok(account)
}
