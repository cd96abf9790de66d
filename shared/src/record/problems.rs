//! Problems (conditions) on a patient's record.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{
    check_code, check_name, check_onset, check_status_change, text, ClinicalStatus, Code,
    EntryState, Verification, MAX_ENTRY_NOTES_CHARS,
};
use crate::ids::{ProblemId, UserId};
use crate::validation::FieldErrors;

/// What a problem is: its name, code, onset and notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemDetails {
    /// The condition in words.
    #[cfg_attr(feature = "openapi", schema(example = "Asthma", max_length = 200))]
    pub name: String,
    /// Its code, if the recorder gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// When it began, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub onset: Option<Date>,
    /// Notes for the record.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub notes: String,
}

impl ProblemDetails {
    /// Checks lengths and presence; fields are named under `prefix`.
    pub fn check(&self, errors: &mut FieldErrors, prefix: &str) {
        check_name(errors, &format!("{prefix}name"), &self.name);
        check_code(errors, prefix, self.code.as_ref());
        check_onset(errors, &format!("{prefix}onset"), self.onset);
        let notes = format!("{prefix}notes");
        text(errors, &notes, &self.notes, MAX_ENTRY_NOTES_CHARS, false);
    }
}

/// `POST /api/v1/patients/{id}/problems`: a doctor records a problem
/// (confirmed), or a patient reports one (patient-reported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Asthma", "code": {"system": "ICD-10", "value": "J45.909"},
    "onset": "2019-04-01", "notes": "Worse in spring.", "clinical_status": "active"
})))]
pub struct ProblemInput {
    /// The condition in words.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub name: String,
    /// Its code, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// When it began, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub onset: Option<Date>,
    /// Notes.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub notes: String,
    /// Active (default), inactive or resolved: a past condition may be recorded too.
    #[serde(default)]
    pub clinical_status: ClinicalStatus,
}

impl ProblemInput {
    /// What the problem is.
    pub fn details(&self) -> ProblemDetails {
        ProblemDetails {
            name: self.name.clone(),
            code: self.code.clone(),
            onset: self.onset,
            notes: self.notes.clone(),
        }
    }

    /// Checks lengths and presence.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        self.details().check(&mut errors, "");
        errors.into_result(())
    }
}

/// `PATCH /api/v1/patients/{id}/problems/{problem_id}`: correct, change the
/// status, confirm or refute, or mark entered in error (with a reason, and
/// nothing else). Each change is a new revision; the old ones are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "correction": {"name": "Allergic asthma", "code": {"system": "ICD-10", "value": "J45.909"},
                   "onset": "2019-04-01", "notes": "Confirmed by spirometry."},
    "clinical_status": "active", "verification": "confirmed",
    "reason": "Spirometry at today's visit."
})))]
pub struct ProblemChange {
    /// The whole description as it should read (name, code, onset, notes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<ProblemDetails>,
    /// The new clinical status (`resolved` resolves it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinical_status: Option<ClinicalStatus>,
    /// `confirmed` or `refuted` (doctors), or `entered_in_error` (with a reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// Why: kept with the revision; required for `entered_in_error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

impl ProblemChange {
    /// Checks lengths, and that the change is one that can be made.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Some(correction) = &self.correction {
            correction.check(&mut errors, "correction.");
        }
        check_status_change(
            &mut errors,
            self.correction.is_some(),
            self.clinical_status,
            self.verification,
            self.reason.as_deref(),
        );
        errors.into_result(())
    }
}

/// A problem on a patient's record, as of one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// Id.
    pub id: ProblemId,
    /// Whose.
    pub patient: UserId,
    /// What.
    #[serde(flatten)]
    pub details: ProblemDetails,
    /// Where it stands, who recorded it, and the revision.
    #[serde(flatten)]
    pub state: EntryState,
}
