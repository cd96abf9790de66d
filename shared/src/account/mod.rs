//! Accounts, registration and sessions.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::rules;
use crate::specialization::SpecializationSlug;
use crate::validation::FieldErrors;

mod record_access;
mod sign_in;

pub use record_access::*;
pub use sign_in::*;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Books appointments and keeps their own record.
    Patient,
    /// Sees their patients, once an admin has approved them.
    Doctor,
    /// Runs the clinic.
    Admin,
}

impl Role {
    /// The role's name in keys and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Patient => "patient",
            Self::Doctor => "doctor",
            Self::Admin => "admin",
        }
    }

    /// The role as people read it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Patient => "Patient",
            Self::Doctor => "Doctor",
            Self::Admin => "Administrator",
        }
    }
}

/// Where an account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Usable.
    Active,
    /// A doctor waiting for an admin's approval; can sign in only to see that.
    Pending,
    /// A doctor an admin did not approve; can sign in only to see that.
    Rejected,
    /// Closed by an admin; cannot sign in.
    Deactivated,
}

impl AccountStatus {
    /// The status's name in keys and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Pending => "pending",
            Self::Rejected => "rejected",
            Self::Deactivated => "deactivated",
        }
    }

    /// The status as people read it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Pending => "Waiting for approval",
            Self::Rejected => "Not approved",
            Self::Deactivated => "Deactivated",
        }
    }
}

/// What patients and doctors both give when they register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountFields {
    /// Full name as shown to others.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Ada Lovelace", max_length = 100)
    )]
    pub name: String,
    /// Sign-in address; unique whatever its letter case.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "ada@example.org", format = Email, max_length = 254)
    )]
    pub email: String,
    /// At least 12 characters, and not common or guessable.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 128))]
    pub password: String,
    /// Phone number in international form, e.g. +14155550123.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 16, pattern = r"^\+[1-9][0-9]{7,14}$")
    )]
    pub phone: Option<String>,
    /// IANA time zone, e.g. Europe/Lisbon; the browser's by default.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Europe/Lisbon", max_length = 64)
    )]
    pub time_zone: String,
}

/// A registration: a patient, or a doctor who waits for approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "role", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "role": "patient", "name": "Ada Lovelace", "email": "ada@example.org",
    "password": "analytical engine 1843", "phone": "+14155550123",
    "time_zone": "Europe/Lisbon", "date_of_birth": "1990-04-01"
})))]
pub enum Registration {
    /// A patient, usable at once.
    Patient {
        /// Name, email, password, phone, time zone.
        #[serde(flatten)]
        account: AccountFields,
        /// Date of birth.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "1990-04-01"))]
        date_of_birth: Date,
    },
    /// A doctor, pending until an admin approves.
    Doctor {
        /// Name, email, password, phone, time zone.
        #[serde(flatten)]
        account: AccountFields,
        /// Specialization, from the catalogue.
        specialization: SpecializationSlug,
        /// Medical licence number.
        #[cfg_attr(feature = "openapi", schema(example = "GMC-1234567", max_length = 40))]
        licence_number: String,
    },
}

impl Registration {
    /// The fields both kinds share.
    pub fn account(&self) -> &AccountFields {
        match self {
            Self::Patient { account, .. } | Self::Doctor { account, .. } => account,
        }
    }

    /// Checks every rule that needs no lookup; `today` is the caller's date.
    pub fn check(&self, today: Date) -> Result<(), FieldErrors> {
        let account = self.account();
        let mut errors = FieldErrors::default();
        let mut check = |field: &str, result: Result<(), crate::ValidationError>| {
            if let Err(error) = result {
                errors.add(field, error);
            }
        };
        check("name", rules::person_name(&account.name));
        check("email", rules::email(&account.email).map(drop));
        check(
            "password",
            rules::password(&account.password, &[&account.email, &account.name]),
        );
        if let Some(phone) = &account.phone {
            check("phone", rules::phone(phone));
        }
        check("time_zone", rules::time_zone_name(&account.time_zone));
        match self {
            Self::Patient { date_of_birth, .. } => {
                check("date_of_birth", rules::date_of_birth(*date_of_birth, today))
            }
            Self::Doctor { licence_number, .. } => {
                check("licence_number", rules::licence_number(licence_number))
            }
        }
        errors.into_result(())
    }
}

/// The signed-in person, as `GET /api/v1/me` shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// Account id.
    pub id: UserId,
    /// Full name.
    pub name: String,
    /// Sign-in address.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Status; only `active` accounts use the product.
    pub status: AccountStatus,
    /// Why an admin rejected or deactivated the account, when they said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// IANA time zone.
    pub time_zone: String,
    /// Phone number, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Patients: date of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub date_of_birth: Option<Date>,
    /// Doctors: specialization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialization: Option<SpecializationSlug>,
    /// Doctors: licence number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_number: Option<String>,
    /// Whether signing in needs an authenticator code.
    pub two_factor_enabled: bool,
    /// Whether the owner confirmed the email address by the link sent to it.
    #[serde(default)]
    pub email_verified: bool,
    /// When the account was made.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// An account as admins see it in their lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    /// The account's own view of itself.
    #[serde(flatten)]
    pub account: Me,
    /// Successful sign-ins.
    pub sign_in_count: u64,
    /// Last successful sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_sign_in_at: Option<Timestamp>,
}

/// `GET /api/v1/admin/users` filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UserFilter {
    /// Role to list.
    pub role: Role,
    /// Status to list.
    pub status: AccountStatus,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

/// What an admin decides about an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountDecision {
    /// A pending (or rejected) doctor may practise.
    Approve,
    /// A pending doctor may not; a reason is required.
    Reject,
    /// The account can no longer sign in; its sessions end at once.
    Deactivate,
    /// A deactivated account gets back the status it had.
    Reactivate,
}

/// `POST /api/v1/admin/users/{id}/decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"decision": "reject", "reason": "The licence number does not match the register."})))]
pub struct DecisionRequest {
    /// The decision.
    pub decision: AccountDecision,
    /// Why; required to reject, shown to the account's owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

/// The longest reason an admin may give.
pub const MAX_REASON_CHARS: usize = 500;

impl DecisionRequest {
    /// Checks the reason's presence and length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let given = self.reason.as_deref().unwrap_or_default();
        rules::chars_within(&mut errors, "reason", given, MAX_REASON_CHARS);
        let reason = given.trim();
        if self.decision == AccountDecision::Reject && reason.is_empty() {
            errors.add(
                "reason",
                crate::ValidationError::new("is required to reject"),
            );
        }
        errors.into_result(())
    }
}

/// A patient's details as their care team and admins see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientProfile {
    /// Account id.
    pub id: UserId,
    /// Full name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Phone number, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Date of birth.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub date_of_birth: Option<Date>,
    /// IANA time zone.
    pub time_zone: String,
}

/// `PATCH /api/v1/me`: the fields to change; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Ada King", "phone": "+14155550123", "time_zone": "Europe/London"})))]
pub struct ProfileChanges {
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: Option<String>,
    /// Phone number in international form; an empty string removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 16))]
    pub phone: Option<String>,
    /// IANA time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    pub time_zone: Option<String>,
}

impl ProfileChanges {
    /// Checks every given field.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Some(Err(error)) = self.name.as_deref().map(rules::person_name) {
            errors.add("name", error);
        }
        if let Some(Err(error)) = self
            .phone
            .as_deref()
            .filter(|p| !p.is_empty())
            .map(rules::phone)
        {
            errors.add("phone", error);
        }
        if let Some(Err(error)) = self.time_zone.as_deref().map(rules::time_zone_name) {
            errors.add("time_zone", error);
        }
        errors.into_result(())
    }
}
