//! Who read a patient's record: the access log, its filter, and doctors'
//! emergency access.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Role;
use crate::ids::UserId;
use crate::rules;
use crate::validation::{FieldErrors, ValidationError};

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
        rules::check_window(self.from, self.to)
    }
}
