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
//! | care relation   | `CARE#<doctor>`     | `PATIENT#<patient>`| `CARE_OF#<patient>` / `DOCTOR#<doctor>`         |
//! | access-log entry| `AUDIT#<patient>`   | `<time>#<id>`      | `AUDIT_BY#<actor>` / `<time>#<id>`              |
//!
//! `<time>` is milliseconds since 1970 in 13 digits, so that text order is time
//! order and a time range is a sort-key range.
//!
//! An account and its sessions share a partition, so the check made on every
//! authenticated request reads both with one batch get.

use jiff::Timestamp;
use medtrack_shared::{AccountStatus, Role, SpecializationSlug, UserId};

use super::{IndexKey, Key};

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

/// A doctor's care relationship with a patient: what lets the doctor read the
/// patient's record. Made when the patient books the doctor.
pub fn care(doctor: &UserId, patient: &UserId) -> Key {
    Key::new(format!("CARE#{doctor}"), format!("PATIENT#{patient}"))
}

/// The GSI1 key listing a patient's doctors.
pub fn care_of(patient: &UserId, doctor: &UserId) -> IndexKey {
    IndexKey::new(format!("CARE_OF#{patient}"), format!("DOCTOR#{doctor}"))
}

/// Time as sortable text: milliseconds since 1970, 13 digits (until 2286).
pub fn sortable_time(at: Timestamp) -> String {
    format!("{:013}", at.as_millisecond().max(0))
}

/// The partition of a patient's access log.
pub fn access_log(patient: &UserId) -> String {
    format!("AUDIT#{patient}")
}

/// The GSI1 partition of the accesses made by one person.
pub fn access_log_by(actor: &UserId) -> String {
    format!("AUDIT_BY#{actor}")
}
