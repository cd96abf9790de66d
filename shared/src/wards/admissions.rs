//! A patient's stay: admitted to a bed by a doctor, moved between beds,
//! discharged with a summary. One active admission per patient and one
//! patient per bed; a discharged admission never moves again. Every bed the
//! patient lay in is kept, with when.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::appointment::Party;
use crate::ids::{AdmissionId, BedId, UserId, WardId};
use crate::pagination::PageQuery;
use crate::rules::{self, text};
use crate::validation::{FieldErrors, ValidationError};

/// The longest reason for an admission or a transfer.
pub const MAX_REASON_CHARS: usize = 500;
/// The longest discharge summary.
pub const MAX_SUMMARY_CHARS: usize = 4_000;
/// The most bed changes an admission keeps (a stay moves a few times).
pub const MAX_STAYS: usize = 100;

/// Where an admission is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdmissionState {
    /// The patient is in a bed.
    Active,
    /// The patient has left.
    Discharged,
}

impl AdmissionState {
    /// Its name in keys.
    pub fn as_str(self) -> &'static str {
        match self {
            AdmissionState::Active => "active",
            AdmissionState::Discharged => "discharged",
        }
    }
}

/// Where a patient went on discharge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    /// Home.
    Home,
    /// Another hospital or care facility.
    OtherFacility,
    /// Left against medical advice.
    AgainstAdvice,
    /// Died.
    Died,
    /// Somewhere else.
    Other,
}

impl Destination {
    /// Every destination.
    pub const ALL: [Destination; 5] = [
        Destination::Home,
        Destination::OtherFacility,
        Destination::AgainstAdvice,
        Destination::Died,
        Destination::Other,
    ];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Destination::Home => "Home",
            Destination::OtherFacility => "Another facility",
            Destination::AgainstAdvice => "Left against advice",
            Destination::Died => "Died",
            Destination::Other => "Elsewhere",
        }
    }
}

/// A time in one bed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stay {
    /// The ward.
    pub ward: WardId,
    /// The ward's name then.
    pub ward_name: String,
    /// The bed.
    pub bed: BedId,
    /// The bed's room and name then, e.g. `Room 12 · A`.
    pub bed_name: String,
    /// From when.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub from: Timestamp,
    /// Until when (none: still there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub until: Option<Timestamp>,
    /// Who put the patient there.
    pub by: Party,
    /// Why they moved (for a transfer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// How a stay ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Discharge {
    /// The discharge summary.
    pub summary: String,
    /// Where the patient went.
    pub destination: Destination,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Who discharged them.
    pub by: Party,
}

/// A patient's admission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Admission {
    /// Id.
    pub id: AdmissionId,
    /// The patient.
    pub patient: Party,
    /// The admitting doctor.
    pub doctor: Party,
    /// Why.
    pub reason: String,
    /// When the patient is expected to leave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expected_discharge: Option<Date>,
    /// Where it is.
    pub state: AdmissionState,
    /// Every bed, first to last; the last is the current one while active.
    pub stays: Vec<Stay>,
    /// How it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discharge: Option<Discharge>,
    /// When the patient was admitted.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub admitted_at: Timestamp,
    /// Its last change.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
}

impl Admission {
    /// The current (or, once discharged, the last) stay.
    pub fn current(&self) -> Option<&Stay> {
        self.stays.last()
    }
}

/// `POST /api/v1/admissions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"patient": "0190a6c0-0000-7000-8000-000000000002", "bed": "0190a6c0-0000-7000-8000-000000000003", "reason": "Community-acquired pneumonia, needs IV antibiotics", "expected_discharge": "2026-12-08"})))]
pub struct NewAdmission {
    /// The patient.
    pub patient: UserId,
    /// The bed.
    pub bed: BedId,
    /// Why.
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: String,
    /// When the patient is expected to leave (not before today).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expected_discharge: Option<Date>,
    /// The admitting doctor, when an admin admits (a doctor admits as
    /// themselves).
    #[serde(default)]
    pub doctor: Option<UserId>,
}

impl NewAdmission {
    /// A reason, and an expected discharge from `today` on.
    pub fn check(&self, today: Date) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        text(&mut errors, "reason", &self.reason, MAX_REASON_CHARS, true);
        rules::check_date(&mut errors, "expected_discharge", self.expected_discharge);
        if self.expected_discharge.is_some_and(|day| day < today) {
            errors.add(
                "expected_discharge",
                ValidationError::new("must not be in the past"),
            );
        }
        errors.into_result(())
    }
}

/// `POST /api/v1/admissions/{id}/transfer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"bed": "0190a6c0-0000-7000-8000-000000000004", "reason": "Needs monitoring"})))]
pub struct Transfer {
    /// The bed to move to.
    pub bed: BedId,
    /// Why.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

impl Transfer {
    /// A reason of at most 500 characters.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Some(reason) = &self.reason {
            text(&mut errors, "reason", reason, MAX_REASON_CHARS, false);
        }
        errors.into_result(())
    }
}

/// `POST /api/v1/admissions/{id}/discharge`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"summary": "Treated with IV then oral antibiotics; afebrile 48 h. Review in clinic in 2 weeks.", "destination": "home"})))]
pub struct DischargeInput {
    /// The discharge summary.
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub summary: String,
    /// Where the patient goes.
    pub destination: Destination,
}

impl DischargeInput {
    /// A summary of 1 to 4,000 characters.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        text(
            &mut errors,
            "summary",
            &self.summary,
            MAX_SUMMARY_CHARS,
            true,
        );
        errors.into_result(())
    }
}

/// `GET /api/v1/admissions`: admissions in a state (staff), newest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AdmissionQuery {
    /// Which (default `active`).
    #[serde(default)]
    pub state: Option<AdmissionState>,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// Where the previous page ended.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

impl AdmissionQuery {
    /// The state and the page.
    pub fn parts(&self) -> (AdmissionState, PageQuery) {
        let page = PageQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
        };
        (self.state.unwrap_or(AdmissionState::Active), page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_admission_needs_a_reason_and_a_future_discharge() {
        let today: Date = "2026-12-01".parse().unwrap();
        let admission = |reason: &str, expected: Option<&str>| NewAdmission {
            patient: UserId::from_uuid(uuid::Uuid::nil()),
            bed: BedId::from_uuid(uuid::Uuid::nil()),
            reason: reason.into(),
            expected_discharge: expected.map(|d| d.parse().unwrap()),
            doctor: None,
        };
        assert!(admission("Pneumonia", Some("2026-12-01"))
            .check(today)
            .is_ok());
        assert!(admission("Pneumonia", None).check(today).is_ok());
        assert!(admission(" ", None).check(today).is_err());
        assert!(admission("Pneumonia", Some("2026-11-30"))
            .check(today)
            .is_err());
        let long = DischargeInput {
            summary: "x".repeat(MAX_SUMMARY_CHARS + 1),
            destination: Destination::Home,
        };
        assert!(long.check().is_err());
    }
}
