//! A forgotten password: a single-use link by email, then a new password
//! that ends every session and is told to the owner. Asking never says
//! whether the address has an account.

use medtrack_shared::{rules, AccountStatus};

use super::{find_by_email, links};
use crate::auth::password;
use crate::domain::notifications::outbox::{self, AccountChange, Event, LinkPurpose};
use crate::domain::{sessions, Context, DomainError};
use crate::store::{keys, Condition, TxOp, UpdateOp};

/// Sends a reset link to the account of `email`, if there is one that may
/// sign in; otherwise does nothing, and answers the same.
pub async fn request(ctx: &Context, email: &str) -> Result<(), DomainError> {
    let Some(account) = find_by_email(&ctx.store, email).await? else {
        return Ok(());
    };
    if account.status == AccountStatus::Deactivated {
        return Ok(());
    }
    if let Some(ops) = links::send(ctx, &account.id, LinkPurpose::ResetPassword).await? {
        ctx.commit(ops).await?;
        tracing::info!(user = %account.id, "password reset link sent");
    }
    Ok(())
}

/// Sets a new password with a reset link's secret: the link is used up,
/// every session ends, and the owner is told.
pub async fn reset(ctx: &Context, token: &str, new_password: &str) -> Result<(), DomainError> {
    let (user, mut ops) = links::redeem(ctx, LinkPurpose::ResetPassword, token).await?;
    let account = super::get(&ctx.store, &user)
        .await?
        .ok_or(DomainError::field(
            "token",
            "is not a current link; ask for a new one",
        ))?;
    rules::password(new_password, &[&account.email, &account.name])
        .map_err(|e| DomainError::field("new_password", e.message()))?;
    let hash = password::hash(new_password.to_owned()).await?;
    ops.push(TxOp::Update(
        keys::user(&user),
        vec![UpdateOp::Set("password_hash".into(), hash.into())],
        Condition::Exists,
    ));
    ops.push(outbox::queue(
        user,
        Event::Account(AccountChange::PasswordChanged),
        ctx.now(),
    )?);
    match ctx.commit(ops).await {
        Ok(()) => {}
        Err(error) if links::used_meanwhile(&error) => {
            return Err(DomainError::field("token", "was used already"))
        }
        Err(other) => return Err(other.into()),
    }
    sessions::revoke_all(&ctx.store, &user).await?;
    tracing::info!(user = %user, "password reset");
    Ok(())
}
