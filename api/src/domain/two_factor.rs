//! Two-factor sign-in (TOTP, RFC 6238): enrolment with a QR code and a confirm
//! step, ten single-use recovery codes (stored hashed), codes that cannot be
//! replayed, and turning it off with the password and a code.

use jiff::Timestamp;
use medtrack_shared::account::{RecoveryCodes, TwoFactorEnrolment};
use medtrack_shared::ErrorCode;
use rand::seq::IndexedRandom;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

use super::accounts::{self, Account};
use super::{Context, DomainError};
use crate::auth::password;
use crate::domain::notifications::outbox::{self, AccountChange, Event};

const ISSUER: &str = "MedTrack";
const STEP_SECONDS: u64 = 30;
const RECOVERY_CODES: usize = 10;
/// Letters and digits that cannot be mistaken for one another.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// An account's two-factor state, kept in its record.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TwoFactor {
    /// Base32 secret, once enrolment is confirmed.
    #[serde(default)]
    pub secret: Option<String>,
    /// Base32 secret of an enrolment not yet confirmed.
    #[serde(default)]
    pub pending_secret: Option<String>,
    /// The last time step whose code was accepted (no replay).
    #[serde(default)]
    pub last_step: u64,
    /// SHA-256 (hex) of each unused recovery code.
    #[serde(default)]
    pub recovery_hashes: Vec<String>,
}

impl TwoFactor {
    /// Whether sign-in asks for a code.
    pub fn enabled(&self) -> bool {
        self.secret.is_some()
    }
}

fn totp(secret: &str, account: &Account) -> Result<TOTP, DomainError> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|e| DomainError::Internal(format!("totp secret: {e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_owned()),
        account.email.clone(),
    )
    .map_err(|e| DomainError::Internal(format!("totp: {e:?}")))
}

fn hash_code(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    Sha256::digest(normal.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn recovery_code() -> String {
    let mut rng = rand::rng();
    let mut pick = || {
        RECOVERY_ALPHABET
            .choose(&mut rng)
            .copied()
            .map_or('A', char::from)
    };
    let first: String = (0..5).map(|_| pick()).collect();
    let second: String = (0..5).map(|_| pick()).collect();
    format!("{first}-{second}")
}

/// Writes the account if it is still as read, with a notice to its owner
/// in the same transaction when the change is one they should hear of.
async fn save(
    ctx: &Context,
    account: &Account,
    version: u64,
    notice: Option<AccountChange>,
) -> Result<(), DomainError> {
    let also = notice
        .map(|change| outbox::queue(account.id, Event::Account(change), ctx.now()))
        .transpose()?;
    accounts::save(ctx, account, version, also.into_iter().collect()).await
}

/// Starts enrolment: a new secret, kept pending until a code from it is confirmed.
pub async fn begin(ctx: &Context, caller: &Account) -> Result<TwoFactorEnrolment, DomainError> {
    let (mut account, version) = accounts::load(&ctx.store, &caller.id).await?;
    if account.two_factor.enabled() {
        return Err(DomainError::conflict(
            ErrorCode::TwoFactorEnabled,
            "Two-factor sign-in is already on; turn it off first to change the app.",
        ));
    }
    let secret = Secret::generate_secret().to_encoded().to_string();
    let uri = totp(&secret, &account)?.get_url();
    let qr_svg = qrcode::QrCode::new(uri.as_bytes())
        .map_err(|e| DomainError::Internal(format!("qr code: {e}")))?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    account.two_factor.pending_secret = Some(secret.clone());
    save(ctx, &account, version, None).await?;
    Ok(TwoFactorEnrolment {
        secret,
        otpauth_uri: uri,
        qr_svg,
    })
}

/// Confirms enrolment with a code from the app; returns the recovery codes,
/// which are shown this once.
pub async fn confirm(
    ctx: &Context,
    caller: &Account,
    code: &str,
) -> Result<RecoveryCodes, DomainError> {
    let (mut account, version) = accounts::load(&ctx.store, &caller.id).await?;
    let Some(pending) = account.two_factor.pending_secret.clone() else {
        return Err(DomainError::conflict(
            ErrorCode::NoEnrolment,
            "Start enrolment first.",
        ));
    };
    let step = matching_step(&totp(&pending, &account)?, code, ctx.now(), 0)
        .ok_or(DomainError::InvalidTwoFactorCode)?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    account.two_factor = TwoFactor {
        secret: Some(pending),
        pending_secret: None,
        last_step: step,
        recovery_hashes: codes.iter().map(|c| hash_code(c)).collect(),
    };
    save(
        ctx,
        &account,
        version,
        Some(AccountChange::TwoFactorEnabled),
    )
    .await?;
    tracing::info!(user = %account.id, "two-factor sign-in turned on");
    Ok(RecoveryCodes { codes })
}

/// The time step (now, or one either side for clock drift) whose code is
/// `code` and that is later than `after`.
fn matching_step(totp: &TOTP, code: &str, now: Timestamp, after: u64) -> Option<u64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = now.as_second().unsigned_abs() / STEP_SECONDS;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .filter(|step| *step > after)
        .find(|step| totp.generate(step * STEP_SECONDS) == code)
}

/// Checks a second factor: an app code (not one used before) or an unused
/// recovery code, which is used up. Saves the account's new state.
pub async fn verify(ctx: &Context, caller: &Account, code: &str) -> Result<(), DomainError> {
    let (mut account, version) = accounts::load(&ctx.store, &caller.id).await?;
    let Some(secret) = account.two_factor.secret.clone() else {
        return Ok(());
    };
    if let Some(step) = matching_step(
        &totp(&secret, &account)?,
        code,
        ctx.now(),
        account.two_factor.last_step,
    ) {
        account.two_factor.last_step = step;
    } else {
        let hashed = hash_code(code);
        let before = account.two_factor.recovery_hashes.len();
        account.two_factor.recovery_hashes.retain(|h| *h != hashed);
        if account.two_factor.recovery_hashes.len() == before {
            return Err(DomainError::InvalidTwoFactorCode);
        }
        tracing::info!(user = %account.id, left = account.two_factor.recovery_hashes.len(), "recovery code used");
    }
    // The version condition makes a code usable once even under racing sign-ins.
    save(ctx, &account, version, None)
        .await
        .map_err(|error| match error {
            DomainError::Conflict { .. } => DomainError::InvalidTwoFactorCode,
            other => other,
        })
}

/// Turns two-factor sign-in off, given the password and a current code.
pub async fn disable(
    ctx: &Context,
    caller: &Account,
    password_given: &str,
    code: &str,
) -> Result<(), DomainError> {
    if !password::verify(
        password_given.to_owned(),
        Some(caller.password_hash.clone()),
    )
    .await?
    {
        return Err(DomainError::InvalidCredentials);
    }
    verify(ctx, caller, code).await?;
    let (mut account, version) = accounts::load(&ctx.store, &caller.id).await?;
    account.two_factor = TwoFactor::default();
    save(
        ctx,
        &account,
        version,
        Some(AccountChange::TwoFactorDisabled),
    )
    .await?;
    tracing::info!(user = %account.id, "two-factor sign-in turned off");
    Ok(())
}
