//! Single-use links sent by email: to reset a forgotten password, or to
//! confirm that an address belongs to the person who gave it. The secret is
//! random, shown once (in the email), and stored only as its hash with the
//! account, the purpose and an expiry; using it deletes it. Each account
//! has at most one live link per purpose: a new one replaces the last.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::UserId;
use serde::{Deserialize, Serialize};

use crate::domain::notifications::outbox::{self, Event, LinkNotice, LinkPurpose};
use crate::domain::secrets::{new_token, token_hash};
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Item, StoreError, TxOp};

/// A link as stored under its secret's hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredLink {
    purpose: LinkPurpose,
    user: UserId,
    expires_at: Timestamp,
}

/// The account's live link of one purpose, to replace it and to pace them.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LiveLink {
    hash: String,
    sent_at: Timestamp,
}

impl LinkPurpose {
    fn lifetime(self) -> SignedDuration {
        match self {
            Self::ResetPassword => SignedDuration::from_mins(30),
            Self::ConfirmEmail => SignedDuration::from_hours(48),
        }
    }

    fn path(self) -> &'static str {
        match self {
            Self::ResetPassword => "/reset-password",
            Self::ConfirmEmail => "/confirm-email",
        }
    }
}

/// The least time between two links of one purpose to one account.
pub const INTERVAL: SignedDuration = SignedDuration::from_secs(60);

/// The operations that send `user` (at `address`) a new link of `purpose`,
/// replacing the live one; `None` when one was sent less than [`INTERVAL`]
/// ago.
pub async fn send(
    ctx: &Context,
    user: &UserId,
    purpose: LinkPurpose,
) -> Result<Option<Vec<TxOp>>, DomainError> {
    let now = ctx.now();
    let live_key = keys::live_link(user, purpose.as_str());
    let live = ctx.store.get(&live_key).await?;
    let (previous, condition) = match &live {
        Some(item) => (
            item.record::<LiveLink>().ok(),
            Condition::Version(item.version),
        ),
        None => (None, Condition::NotExists),
    };
    if previous
        .as_ref()
        .is_some_and(|p| now.duration_since(p.sent_at) < INTERVAL)
    {
        return Ok(None);
    }
    let (secret, hash) = new_token();
    let stored = StoredLink {
        purpose,
        user: *user,
        expires_at: now + purpose.lifetime(),
    };
    let notice = LinkNotice {
        purpose,
        url: format!("{}{}#token={secret}", ctx.public_url, purpose.path()),
    };
    let mut ops = vec![
        TxOp::Put(
            Item::from_record(
                live_key,
                &LiveLink {
                    hash: hash.clone(),
                    sent_at: now,
                },
            )?,
            condition,
        ),
        TxOp::Put(
            Item::from_record(keys::link(&hash), &stored)?,
            Condition::NotExists,
        ),
        outbox::queue(*user, Event::Link(notice), now)?,
    ];
    if let Some(previous) = previous {
        ops.push(TxOp::Delete(keys::link(&previous.hash), Condition::Always));
    }
    Ok(Some(ops))
}

/// Redeems a link: the account it is for, and the operations (to commit
/// with what the link does) that use it up, so that it works once.
pub async fn redeem(
    ctx: &Context,
    purpose: LinkPurpose,
    token: &str,
) -> Result<(UserId, Vec<TxOp>), DomainError> {
    let expired = || DomainError::field("token", "is not a current link; ask for a new one");
    if token.is_empty() || token.len() > 100 {
        return Err(expired());
    }
    let hash = token_hash(token.trim());
    let item = ctx
        .store
        .get(&keys::link(&hash))
        .await?
        .ok_or_else(expired)?;
    let link: StoredLink = item.record()?;
    if link.purpose != purpose || link.expires_at <= ctx.now() {
        return Err(expired());
    }
    let ops = vec![
        TxOp::Delete(keys::link(&hash), Condition::Version(item.version)),
        TxOp::Delete(
            keys::live_link(&link.user, purpose.as_str()),
            Condition::Always,
        ),
    ];
    Ok((link.user, ops))
}

/// Whether a commit that redeemed a link failed because someone used it
/// first.
pub fn used_meanwhile(error: &StoreError) -> bool {
    matches!(error, StoreError::ConditionFailed { op: Some(0) })
}
