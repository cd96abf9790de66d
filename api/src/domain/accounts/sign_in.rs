//! Signing in: the password, then the second factor when the account has one.

use medtrack_shared::AccountStatus;

use super::{find_by_email, Account};
use crate::auth::password;
use crate::domain::{two_factor, Context, DomainError};
use crate::store::{keys, Condition, UpdateOp};

/// Checks a sign-in. Unknown email and wrong password give the same error
/// after the same work (a hash is always verified). Only then, for accounts
/// with two-factor sign-in, is the second factor asked for and checked.
pub async fn authenticate(
    ctx: &Context,
    email: &str,
    password: &str,
    two_factor_code: Option<&str>,
) -> Result<Account, DomainError> {
    let now = ctx.now();
    let account = find_by_email(&ctx.store, email).await?;
    let stored_hash = account.as_ref().map(|a| a.password_hash.clone());
    let matches = password::verify(password.to_owned(), stored_hash).await?;
    let Some(mut account) = account.filter(|_| matches) else {
        return Err(DomainError::InvalidCredentials);
    };
    if account.status == AccountStatus::Deactivated {
        return Err(DomainError::AccountDeactivated);
    }
    if account.two_factor.enabled() {
        let code = two_factor_code.ok_or(DomainError::TwoFactorRequired)?;
        two_factor::verify(ctx, &account, code).await?;
    }
    let ops = vec![
        UpdateOp::Add("sign_in_count".into(), 1),
        UpdateOp::Set(
            "last_sign_in_at".into(),
            serde_json::to_value(now).map_err(|e| DomainError::Internal(e.to_string()))?,
        ),
    ];
    ctx.store
        .update(&keys::user(&account.id), ops, Condition::Exists)
        .await?;
    account.sign_in_count += 1;
    account.last_sign_in_at = Some(now);
    Ok(account)
}
