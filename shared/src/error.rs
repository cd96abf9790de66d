//! The body of every error response of the API, and the codes it carries.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The JSON body of every 4xx and 5xx response:
/// `{"error": {"code": "...", "message": "...", "fields": {...}}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The detail of an error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// A stable, machine-readable code.
    pub code: ErrorCode,
    /// A sentence for people; it never carries internal causes or patient data.
    #[cfg_attr(feature = "openapi", schema(example = "Some fields are not valid."))]
    pub message: String,
    /// Per-field problems, keyed by field name; empty when the error is not about fields.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// With `allergy_conflict`: each medicine and the patient's allergy it
    /// matched (sent only to someone who may read the record).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<crate::record::AllergyConflict>,
}

impl ErrorBody {
    /// An error body without field details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
                fields: BTreeMap::new(),
                conflicts: Vec::new(),
            },
        }
    }
}

/// Every error code the server answers with. Clients match on these rather
/// than on messages; a code this client does not know reads as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Fields break their rules; `fields` says which and why (422).
    ValidationFailed,
    /// The body is not valid JSON for the operation (400).
    InvalidJson,
    /// The query string does not parse (400).
    InvalidQuery,
    /// The request could not be understood (400).
    BadRequest,
    /// No valid access token (401).
    Unauthenticated,
    /// Unknown email or wrong password (401).
    InvalidCredentials,
    /// The session is over: signed out, expired, revoked (401).
    SessionEnded,
    /// The password was right; a two-factor code is needed too (401).
    TwoFactorRequired,
    /// The two-factor code was wrong, expired or used (401).
    InvalidTwoFactorCode,
    /// The operation needs two-factor sign-in turned on first (403).
    TwoFactorSetupRequired,
    /// The caller may not do this (403).
    Forbidden,
    /// The caller's account waits for approval or was not approved (403).
    AccountNotActive,
    /// The account was deactivated (403).
    AccountDeactivated,
    /// Nothing at this address (404).
    NotFound,
    /// The method is not allowed here (405).
    MethodNotAllowed,
    /// The body is larger than the limit (413).
    PayloadTooLarge,
    /// The body is not JSON (415).
    UnsupportedMediaType,
    /// The request does not accept what the operation answers with, e.g. an
    /// event stream asked for without `Accept: text/event-stream` (406).
    NotAcceptable,
    /// Too many attempts; `Retry-After` says when to try again (429).
    RateLimited,
    /// Something failed on the server's side (500).
    Internal,
    /// The service is not ready (503).
    Unavailable,
    /// Email or text messages cannot be sent now (503).
    DeliveryUnavailable,
    /// Too many changes to the same records at once; try again (409).
    Busy,
    /// The record changed since it was read; reload and try again (409).
    ChangedConcurrently,
    /// The email address belongs to another account (409).
    EmailTaken,
    /// The address already receives another account's notifications (409).
    EmailInUse,
    /// The account's status does not allow this decision (409).
    InvalidTransition,
    /// The slot was booked by someone else (409).
    SlotTaken,
    /// The prescription is already on the medication list (409).
    AlreadyAdded,
    /// The dose was already logged (409).
    AlreadyLogged,
    /// The visit has no prescription (409).
    NoPrescription,
    /// No phone number waits for a code (409).
    NothingToVerify,
    /// The code expired or was tried too often (409).
    CodeExpired,
    /// A newer job took this stopped job's place (409).
    Replaced,
    /// The notification is still being delivered on another channel (409).
    StillDelivering,
    /// Another tab renewed the session at the same moment (409).
    RefreshRaced,
    /// Two-factor sign-in is already on (409).
    TwoFactorEnabled,
    /// No two-factor enrolment was started (409).
    NoEnrolment,
    /// The appointment's time has passed (409).
    TooLate,
    /// Patients check in on the day of their appointment (409).
    NotOnTheDay,
    /// The appointment has not started yet (409).
    NotStarted,
    /// Too close to the start to change online (409).
    TooLateToChange,
    /// The doctor is not taking bookings (409).
    DoctorUnavailable,
    /// The email address is already confirmed (409).
    AlreadyConfirmed,
    /// An allergy to this substance already stands on the record (409).
    DuplicateAllergy,
    /// A medicine matches allergies on the record; `conflicts` lists them,
    /// and an override reason lets it through (409).
    AllergyConflict,
    /// Allergies stand on the record: "no known allergies" cannot be stated (409).
    AllergiesOnRecord,
    /// The file is still being checked for malware (409).
    ScanPending,
    /// The file failed the malware check and is kept out of reach (409).
    Quarantined,
    /// A limit of the record is reached, e.g. a document's versions (409).
    LimitReached,
    /// The ledger refuses the entry: a refund beyond what was paid, a
    /// write-off beyond what is owed, a credit beyond the charge (409).
    LedgerRefused,
    /// The blood unit does not suit the recipient (409).
    NotCompatible,
    /// Not enough suitable blood units are available (409).
    UnitsUnavailable,
    /// Red cells and whole blood wait for a crossmatch or antibody screen (409).
    CrossmatchRequired,
    /// The patient has no confirmed blood typing (409).
    NoTyping,
    /// The donation number is already recorded (409).
    DuplicateDonation,
    /// The donor may not give again yet (409).
    NotEligible,
    /// The bed is not free for a patient (409).
    BedUnavailable,
    /// The patient already has an active admission (409).
    AlreadyAdmitted,
    /// A code this client does not know (a newer server).
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The code as it is sent, e.g. `slot_taken`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ValidationFailed => "validation_failed",
            Self::InvalidJson => "invalid_json",
            Self::InvalidQuery => "invalid_query",
            Self::BadRequest => "bad_request",
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::SessionEnded => "session_ended",
            Self::TwoFactorRequired => "two_factor_required",
            Self::InvalidTwoFactorCode => "invalid_two_factor_code",
            Self::TwoFactorSetupRequired => "two_factor_setup_required",
            Self::Forbidden => "forbidden",
            Self::AccountNotActive => "account_not_active",
            Self::AccountDeactivated => "account_deactivated",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::NotAcceptable => "not_acceptable",
            Self::RateLimited => "rate_limited",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
            Self::DeliveryUnavailable => "delivery_unavailable",
            Self::Busy => "busy",
            Self::ChangedConcurrently => "changed_concurrently",
            Self::EmailTaken => "email_taken",
            Self::EmailInUse => "email_in_use",
            Self::InvalidTransition => "invalid_transition",
            Self::SlotTaken => "slot_taken",
            Self::AlreadyAdded => "already_added",
            Self::AlreadyLogged => "already_logged",
            Self::NoPrescription => "no_prescription",
            Self::NothingToVerify => "nothing_to_verify",
            Self::CodeExpired => "code_expired",
            Self::Replaced => "replaced",
            Self::StillDelivering => "still_delivering",
            Self::RefreshRaced => "refresh_raced",
            Self::TwoFactorEnabled => "two_factor_enabled",
            Self::NoEnrolment => "no_enrolment",
            Self::TooLate => "too_late",
            Self::NotOnTheDay => "not_on_the_day",
            Self::NotStarted => "not_started",
            Self::TooLateToChange => "too_late_to_change",
            Self::DoctorUnavailable => "doctor_unavailable",
            Self::AlreadyConfirmed => "already_confirmed",
            Self::DuplicateAllergy => "duplicate_allergy",
            Self::AllergyConflict => "allergy_conflict",
            Self::AllergiesOnRecord => "allergies_on_record",
            Self::ScanPending => "scan_pending",
            Self::Quarantined => "quarantined",
            Self::LimitReached => "limit_reached",
            Self::LedgerRefused => "ledger_refused",
            Self::NotCompatible => "not_compatible",
            Self::UnitsUnavailable => "units_unavailable",
            Self::CrossmatchRequired => "crossmatch_required",
            Self::NoTyping => "no_typing",
            Self::DuplicateDonation => "duplicate_donation",
            Self::NotEligible => "not_eligible",
            Self::BedUnavailable => "bed_unavailable",
            Self::AlreadyAdmitted => "already_admitted",
            Self::Unknown => "unknown",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sent_as_their_names() {
        for code in [
            ErrorCode::SlotTaken,
            ErrorCode::ValidationFailed,
            ErrorCode::Busy,
        ] {
            let sent = serde_json::to_value(code).unwrap_or_default();
            assert_eq!(sent, serde_json::json!(code.as_str()));
        }
    }

    #[test]
    fn an_unknown_code_reads_as_unknown() {
        let read: ErrorCode = serde_json::from_value(serde_json::json!("from_the_future"))
            .unwrap_or(ErrorCode::Internal);
        assert_eq!(read, ErrorCode::Unknown);
    }
}
