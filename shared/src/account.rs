//! Accounts, registration and sessions.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::rules;
use crate::specialization::SpecializationSlug;
use crate::validation::{FieldErrors, ValidationError};

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

/// Where the refresh token goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefreshTokenIn {
    /// In the response body (API clients, mobile apps).
    #[default]
    Body,
    /// In an HttpOnly, SameSite=Strict cookie (the web client).
    Cookie,
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "ada@example.org", "password": "analytical engine 1843", "two_factor_code": "123456"})))]
pub struct LoginRequest {
    /// Sign-in address.
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: String,
    /// Password.
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub password: String,
    /// Where to put the refresh token (default: the body).
    #[serde(default)]
    pub refresh_token_in: RefreshTokenIn,
    /// The authenticator app's 6-digit code, or a recovery code, for
    /// accounts with two-factor sign-in (asked for with `two_factor_required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    pub two_factor_code: Option<String>,
}

impl LoginRequest {
    /// Checks the lengths only: whether the address and password are right
    /// is the sign-in's answer.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::chars_within(&mut errors, "email", &self.email, rules::MAX_EMAIL_CHARS);
        rules::chars_within(
            &mut errors,
            "password",
            &self.password,
            rules::MAX_PASSWORD_CHARS,
        );
        let code = self.two_factor_code.as_deref().unwrap_or_default();
        rules::chars_within(&mut errors, "two_factor_code", code, rules::MAX_CODE_CHARS);
        errors.into_result(())
    }
}

/// `POST /api/v1/auth/refresh` and `/logout` from an API client; the web
/// client sends an empty body and its cookie instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"refresh_token": "k3mW9bXl0rT2qN5vY8zA1cE4gH7jL0pS"})))]
pub struct RefreshRequest {
    /// The refresh token, when it is not in the cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 512))]
    pub refresh_token: Option<String>,
}

impl RefreshRequest {
    /// Checks the token's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let token = self.refresh_token.as_deref().unwrap_or_default();
        rules::chars_within(&mut errors, "refresh_token", token, rules::MAX_TOKEN_CHARS);
        errors.into_result(())
    }
}

/// `POST /api/v1/auth/password-reset`: the address of a forgotten password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "ada@example.org"})))]
pub struct PasswordResetRequest {
    /// The account's email address.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm`: a new password, with the
/// secret of the link that was emailed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"token": "k3mW9bXl0rT2qN5vY8zA1cE4gH7jL0pS", "new_password": "a new and longer phrase"})))]
pub struct PasswordReset {
    /// The secret from the link (after `#token=`).
    #[cfg_attr(feature = "openapi", schema(max_length = 512))]
    pub token: String,
    /// The new password: at least 12 characters, not common or guessable.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 128))]
    pub new_password: String,
}

impl PasswordReset {
    /// Checks the lengths; the new password's strength is checked with the
    /// account's details.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::chars_within(&mut errors, "token", &self.token, rules::MAX_TOKEN_CHARS);
        let max = rules::MAX_PASSWORD_CHARS;
        rules::chars_within(&mut errors, "new_password", &self.new_password, max);
        errors.into_result(())
    }
}

impl EmailConfirmation {
    /// Checks the secret's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::chars_within(&mut errors, "token", &self.token, rules::MAX_TOKEN_CHARS);
        errors.into_result(())
    }
}

impl PasswordResetRequest {
    /// Checks the address's form (whether it is an account is never told).
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Err(error) = rules::email(&self.email) {
            errors.add("email", error);
        }
        errors.into_result(())
    }
}

/// `POST /api/v1/auth/confirm-email`: the secret of the link that was
/// emailed to confirm the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"token": "k3mW9bXl0rT2qN5vY8zA1cE4gH7jL0pS"})))]
pub struct EmailConfirmation {
    /// The secret from the link (after `#token=`).
    #[cfg_attr(feature = "openapi", schema(max_length = 512))]
    pub token: String,
}

/// The tokens of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionTokens {
    /// Short-lived bearer token for the `Authorization` header.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Single-use token for a new pair; absent when it was set as a cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
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

/// The start of two-factor enrolment: the secret to put in an authenticator app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorEnrolment {
    /// The secret in base32, for typing into the app.
    pub secret: String,
    /// The `otpauth://` URI the QR code holds.
    pub otpauth_uri: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
}

/// A code from the authenticator app (6 digits) or a recovery code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"code": "123456"})))]
pub struct TwoFactorCode {
    /// The code.
    #[cfg_attr(feature = "openapi", schema(example = "123456", max_length = 32))]
    pub code: String,
}

impl TwoFactorCode {
    /// Checks the code's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::chars_within(&mut errors, "code", &self.code, rules::MAX_CODE_CHARS);
        errors.into_result(())
    }
}

/// Single-use codes that stand in for the app, shown once when two-factor
/// sign-in is turned on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    /// Ten codes; each works once.
    pub codes: Vec<String>,
}

/// `POST /api/v1/me/two-factor/disable`: the password and a current code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"password": "analytical engine 1843", "code": "123456"})))]
pub struct DisableTwoFactor {
    /// The account's password.
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub password: String,
    /// A code from the app, or a recovery code.
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    pub code: String,
}

impl DisableTwoFactor {
    /// Checks the lengths.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::chars_within(
            &mut errors,
            "password",
            &self.password,
            rules::MAX_PASSWORD_CHARS,
        );
        rules::chars_within(&mut errors, "code", &self.code, rules::MAX_CODE_CHARS);
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

/// One read of a patient's data by someone other than the patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessLogEntry {
    /// Whose data was read.
    pub patient_id: UserId,
    /// Who read it.
    pub actor_id: UserId,
    /// Their name at the time.
    pub actor_name: String,
    /// Their role.
    pub actor_role: Role,
    /// What was read, e.g. `profile`.
    #[cfg_attr(feature = "openapi", schema(example = "profile"))]
    pub what: String,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Read in an emergency by a doctor who is not one of the patient's.
    #[serde(default)]
    pub emergency: bool,
    /// The reason the doctor gave for emergency access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /api/v1/patients/{id}/emergency-access`: a doctor who is not one of
/// the patient's opens the record in an emergency, saying why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "Brought in unconscious; need allergies and current medication."})))]
pub struct EmergencyAccessRequest {
    /// Why, in a sentence the patient and the admins will read.
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: String,
}

/// The most characters of an emergency access reason.
pub const MAX_EMERGENCY_REASON: usize = 500;

impl EmergencyAccessRequest {
    /// The reason must say something, briefly.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let within = rules::chars_within(&mut errors, "reason", &self.reason, MAX_EMERGENCY_REASON);
        if within && self.reason.trim().chars().count() < 10 {
            errors.add(
                "reason",
                ValidationError::new("must say why, in at least 10 characters"),
            );
        }
        errors.into_result(())
    }
}

/// Emergency access granted: until when the doctor may read the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmergencyAccess {
    /// The patient.
    pub patient_id: UserId,
    /// The end of the access.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub until: Timestamp,
}

/// `GET /api/v1/admin/access-log`: exactly one of `patient` and `actor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AccessLogFilter {
    /// Reads of this patient's data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<UserId>,
    /// Reads made by this person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<UserId>,
    /// From this instant (RFC 3339), included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = DateTime))]
    pub from: Option<Timestamp>,
    /// Until this instant (RFC 3339), included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = DateTime))]
    pub to: Option<Timestamp>,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

impl AccessLogFilter {
    /// Checks the instants are within the supported range.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::check_instant(&mut errors, "from", self.from);
        rules::check_instant(&mut errors, "to", self.to);
        errors.into_result(())
    }
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

/// `POST /api/v1/me/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"current_password": "analytical engine 1843", "new_password": "a new and longer phrase"})))]
pub struct PasswordChange {
    /// The password now.
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub current_password: String,
    /// The new password: at least 12 characters, not common or guessable.
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub new_password: String,
}

impl PasswordChange {
    /// Checks the lengths; the new password's strength is checked with the
    /// account's details.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let max = rules::MAX_PASSWORD_CHARS;
        rules::chars_within(&mut errors, "current_password", &self.current_password, max);
        rules::chars_within(&mut errors, "new_password", &self.new_password, max);
        errors.into_result(())
    }
}
