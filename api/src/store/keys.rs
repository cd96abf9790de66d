//! The key design: how each kind of record is laid out in the single table.
//! Every partition and sort key of the application is spelled here, so that
//! the access patterns can be read in one place.
//!
//! | record          | pk                  | sk                 | GSI1                                            |
//! |-----------------|---------------------|--------------------|-------------------------------------------------|
//! | specialization  | `CATALOG#SPEC`      | `SPEC#<slug>`      | -                                               |
//! | account         | `USER#<id>`         | `PROFILE`          | `USERS#<role>#<status>` / `<id>` (time-ordered) |
//! | email claim     | `EMAIL#<email>`     | `EMAIL`            | -                                               |
//! | session         | `USER#<id>`         | `SESSION#<id>`     | -                                               |
//! | refresh token   | `REFRESH#<sha-256>` | `REFRESH`          | -                                               |
//!
//! An account and its sessions share a partition, so the check made on every
//! authenticated request reads both with one batch get.

use medtrack_shared::{AccountStatus, Role, SpecializationSlug, UserId};

use super::Key;

/// The partition holding the whole catalogue of specializations (tens of items).
pub const SPECIALIZATIONS_PK: &str = "CATALOG#SPEC";

/// The key of one specialization.
pub fn specialization(slug: &SpecializationSlug) -> Key {
    Key::new(SPECIALIZATIONS_PK, format!("SPEC#{slug}"))
}

/// An account.
pub fn user(id: &UserId) -> Key {
    Key::new(format!("USER#{id}"), "PROFILE")
}

/// The GSI1 partition listing accounts by role and status (the admin's lists).
pub fn users_by_role_and_status(role: Role, status: AccountStatus) -> String {
    format!("USERS#{}#{}", role.as_str(), status.as_str())
}

/// The claim that makes an email address unique (canonical form).
pub fn email_claim(canonical_email: &str) -> Key {
    Key::new(format!("EMAIL#{canonical_email}"), "EMAIL")
}

/// The sort-key prefix of an account's sessions, in its partition.
pub const SESSION_PREFIX: &str = "SESSION#";

/// A session (one refresh-token family) of an account.
pub fn session(user: &UserId, session: &str) -> Key {
    Key::new(format!("USER#{user}"), format!("{SESSION_PREFIX}{session}"))
}

/// A refresh token, by the hex SHA-256 of its text.
pub fn refresh_token(token_hash: &str) -> Key {
    Key::new(format!("REFRESH#{token_hash}"), "REFRESH")
}
