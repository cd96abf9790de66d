//! The phone number text messages go to, proven by a code sent to it.

use jiff::SignedDuration;
use medtrack_shared::delivery::NotificationSettings;
use medtrack_shared::{rules, ErrorCode, UserId};
use rand::Rng;

use super::{field, load, save, unavailable, StoredPhone};
use crate::domain::notifications::gsm7;
use crate::domain::ports::Sms;
use crate::domain::secrets::token_hash;
use crate::domain::{Context, DomainError};

/// How long a phone code is good for.
const CODE_LIFETIME: SignedDuration = SignedDuration::from_mins(10);
/// The least time between two codes to one person.
const CODE_INTERVAL: SignedDuration = SignedDuration::from_secs(30);
/// Wrong codes allowed before a new one must be sent.
const CODE_TRIES: u32 = 5;

/// Sets the phone number (unverified) and texts it a code, unless the number
/// opted out of our messages: then it is kept, marked so, and no code is sent.
pub async fn set_phone(
    ctx: &Context,
    user: &UserId,
    number: &str,
) -> Result<NotificationSettings, DomainError> {
    let now = ctx.now();
    rules::phone(number).map_err(|e| field("number", e))?;
    let (mut channels, version) = load(&ctx.store, user).await?;
    if let Some(sent) = channels.phone.as_ref().and_then(|p| p.code_sent_at) {
        let wait = CODE_INTERVAL - now.duration_since(sent);
        if wait.is_positive() {
            return Err(DomainError::RateLimited {
                retry_after: u64::try_from(wait.as_secs()).unwrap_or(0) + 1,
            });
        }
    }
    let opted_out = ctx.messages.opted_out(number).await.map_err(unavailable)?;
    let mut phone = StoredPhone {
        number: number.to_owned(),
        verified: false,
        opted_out,
        code_hash: None,
        code_sent_at: None,
        tries_left: 0,
    };
    let code = (!opted_out).then(|| format!("{:06}", rand::rng().random_range(0..1_000_000)));
    if let Some(code) = &code {
        phone.code_hash = Some(token_hash(code));
        phone.code_sent_at = Some(now);
        phone.tries_left = CODE_TRIES;
    }
    channels.phone = Some(phone);
    // Saved before sending: a code that was sent is always one that can be checked.
    save(ctx, user, &channels, version).await?;
    if let Some(code) = code {
        let body = gsm7::one_part(&format!(
            "MedTrack code: {code}. It expires in 10 minutes. Do not share it."
        ));
        ctx.messages
            .send_sms(&Sms {
                recipient: user,
                to: number,
                event: "phone.verification",
                body: &body,
            })
            .await
            .map_err(unavailable)?;
    }
    Ok(channels.view(ctx.messages.mode()))
}

/// Checks the code sent to the phone number.
pub async fn verify_phone(
    ctx: &Context,
    user: &UserId,
    code: &str,
) -> Result<NotificationSettings, DomainError> {
    let now = ctx.now();
    let (mut channels, version) = load(&ctx.store, user).await?;
    let Some(phone) = channels.phone.as_mut().filter(|p| !p.verified) else {
        return Err(DomainError::conflict(
            ErrorCode::NothingToVerify,
            "There is no phone number waiting for a code.",
        ));
    };
    let live = phone
        .code_sent_at
        .is_some_and(|sent| now.duration_since(sent) < CODE_LIFETIME)
        && phone.tries_left > 0;
    let Some(expected) = phone.code_hash.clone().filter(|_| live) else {
        return Err(DomainError::conflict(
            ErrorCode::CodeExpired,
            "The code has expired or was tried too often; send a new one.",
        ));
    };
    if token_hash(code.trim()) != expected {
        phone.tries_left -= 1;
        save(ctx, user, &channels, version).await?;
        return Err(DomainError::field("code", "is not the code we sent"));
    }
    phone.verified = true;
    phone.code_hash = None;
    phone.tries_left = 0;
    save(ctx, user, &channels, version).await?;
    Ok(channels.view(ctx.messages.mode()))
}

/// Forgets the phone number.
pub async fn remove_phone(
    ctx: &Context,
    user: &UserId,
) -> Result<NotificationSettings, DomainError> {
    let (mut channels, version) = load(&ctx.store, user).await?;
    if channels.phone.take().is_some() {
        save(ctx, user, &channels, version).await?;
    }
    Ok(channels.view(ctx.messages.mode()))
}
