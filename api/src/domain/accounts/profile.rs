//! What account owners change themselves: name, phone, time zone, password.

use medtrack_shared::account::{PasswordChange, ProfileChanges};
use medtrack_shared::{rules, Role, SessionId};

use super::Account;
use crate::auth::password;
use crate::domain::notifications::outbox::{self, AccountChange, Event};
use crate::domain::{medications, sessions, Context, DomainError, Zone};
use crate::store::{keys, Condition, TxOp, UpdateOp};

/// Changes the caller's name, phone or time zone.
pub async fn update_profile(
    ctx: &Context,
    caller: &Account,
    changes: &ProfileChanges,
) -> Result<Account, DomainError> {
    changes.check()?;
    let zone = changes
        .time_zone
        .as_deref()
        .map(|zone| Zone::parse_input(zone, "time_zone"))
        .transpose()?;
    let mut ops = Vec::new();
    if let Some(name) = &changes.name {
        ops.push(UpdateOp::Set("name".into(), name.trim().into()));
    }
    match changes.phone.as_deref() {
        Some("") => ops.push(UpdateOp::Remove("phone".into())),
        Some(phone) => ops.push(UpdateOp::Set("phone".into(), phone.into())),
        None => {}
    }
    if let Some(zone) = &zone {
        ops.push(UpdateOp::Set("time_zone".into(), zone.name().into()));
    }
    if ops.is_empty() {
        return Ok(caller.clone());
    }
    let item = ctx
        .store
        .update(&keys::user(&caller.id), ops, Condition::Exists)
        .await?;
    let account: Account = item.record()?;
    if account.role == Role::Patient && account.time_zone != caller.time_zone {
        medications::follow_zone(ctx, &account).await?;
    }
    Ok(account)
}

/// Changes the caller's password, given the current one; every other session
/// of the account ends.
pub async fn change_password(
    ctx: &Context,
    caller: &Account,
    session: &SessionId,
    change: &PasswordChange,
) -> Result<(), DomainError> {
    change.check()?;
    if !password::verify(
        change.current_password.clone(),
        Some(caller.password_hash.clone()),
    )
    .await?
    {
        return Err(DomainError::InvalidCredentials);
    }
    rules::password(&change.new_password, &[&caller.email, &caller.name])
        .map_err(|e| DomainError::field("new_password", e.message()))?;
    let hash = password::hash(change.new_password.clone()).await?;
    ctx.commit(vec![
        TxOp::Update(
            keys::user(&caller.id),
            vec![UpdateOp::Set("password_hash".into(), hash.into())],
            Condition::Exists,
        ),
        outbox::queue(
            caller.id,
            Event::Account(AccountChange::PasswordChanged),
            ctx.now(),
        )?,
    ])
    .await?;
    sessions::revoke_all_but(&ctx.store, &caller.id, Some(session)).await?;
    tracing::info!(user = %caller.id, "password changed");
    Ok(())
}
