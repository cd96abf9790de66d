//! Devices a person signed in from. A browser keeps a random device cookie;
//! a sign-in without a known one, on an account that signed in from another
//! device before, tells the owner (account and security).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::accounts::Account;
use super::notifications::outbox::{self, AccountChange, Event};
use super::secrets::{new_token, token_hash};
use super::{Context, DomainError};
use crate::store::{keys, Condition, Item, Query, SkRange, TxOp};

/// A known device, kept under its cookie's hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Device {
    /// "Chrome on Linux", from the user agent when it signed in first.
    description: String,
    /// Its first sign-in.
    first_seen: Timestamp,
}

/// "Chrome on Linux" from a User-Agent header; a plain phrase without one.
pub fn describe(user_agent: Option<&str>) -> String {
    let parsed = user_agent.and_then(|ua| woothee::parser::Parser::new().parse(ua));
    match parsed {
        Some(ua) if ua.name != "UNKNOWN" && ua.os != "UNKNOWN" => {
            format!("{} on {}", ua.name, ua.os)
        }
        Some(ua) if ua.name != "UNKNOWN" => ua.name.to_owned(),
        _ => "an unrecognised device or app".to_owned(),
    }
}

/// Recognises the device of a sign-in by its cookie, or remembers a new one
/// (telling the owner when they had signed in elsewhere before). Returns the
/// cookie the device keeps.
pub async fn recognise(
    ctx: &Context,
    account: &Account,
    cookie: Option<&str>,
    user_agent: Option<&str>,
) -> Result<String, DomainError> {
    let (store, now) = (&ctx.store, ctx.now());
    if let Some(cookie) = cookie {
        if store
            .get(&keys::known_device(&account.id, &token_hash(cookie)))
            .await?
            .is_some()
        {
            return Ok(cookie.to_owned());
        }
    }
    let seen_before = !store
        .query(
            Query::partition(keys::user(&account.id).pk)
                .range(SkRange::Prefix(keys::DEVICE_PREFIX.into()))
                .limit(1),
        )
        .await?
        .items
        .is_empty();
    let (cookie, hash) = new_token();
    let device = Device {
        description: describe(user_agent),
        first_seen: now,
    };
    let mut ops = vec![TxOp::Put(
        Item::from_record(keys::known_device(&account.id, &hash), &device)?,
        Condition::NotExists,
    )];
    if seen_before {
        let change = AccountChange::NewSignIn {
            device: device.description,
            at: now,
        };
        ops.push(outbox::queue(account.id, Event::Account(change), now)?);
    }
    ctx.commit(ops).await?;
    Ok(cookie)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_browser_and_system() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        assert_eq!(describe(Some(chrome)), "Chrome on Linux");
        assert_eq!(describe(None), "an unrecognised device or app");
    }
}
