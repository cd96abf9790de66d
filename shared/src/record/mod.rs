//! The clinical record: problems (conditions) and allergies, their life
//! cycle (clinical status, verification, entered in error) and history, and
//! what the allergy check answers when a medicine is prescribed or added;
//! the record's timeline; the mood log and the PHQ-9.
//!
//! Problems and allergies share one life cycle ([`EntryState`]): a doctor's
//! entry is confirmed, a patient's is patient-reported until a doctor
//! confirms it; a wrong entry is marked entered in error with a reason and
//! never deleted; every change is a new revision, and every revision is kept.

mod allergies;
mod mood;
mod phq9;
mod problems;
#[cfg(test)]
mod tests;
mod timeline;

pub use allergies::*;
pub use mood::*;
pub use phq9::*;
pub use problems::*;
pub use timeline::*;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::account::Role;
use crate::ids::{AllergyId, UserId};
use crate::pagination::PageQuery;
use crate::rules::{self, text};
use crate::validation::{FieldErrors, ValidationError};

/// The longest problem name or allergy substance.
pub const MAX_ENTRY_NAME_CHARS: usize = 200;
/// The longest code, and the longest name of its system.
pub const MAX_CODE_CHARS: usize = 100;
/// The longest notes of an entry.
pub const MAX_ENTRY_NOTES_CHARS: usize = 2000;
/// The longest description of a reaction.
pub const MAX_REACTION_CHARS: usize = 500;
/// The longest reason given for a change (required to mark an entry
/// entered in error).
pub const MAX_CHANGE_REASON_CHARS: usize = 500;
/// The longest reason given for prescribing despite an allergy.
pub const MAX_OVERRIDE_REASON_CHARS: usize = 500;

/// Whether the condition or allergy is there now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClinicalStatus {
    /// Present now.
    #[default]
    Active,
    /// Not present now, may come back (e.g. in remission).
    Inactive,
    /// Over.
    Resolved,
}

/// How far the entry is to be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// Reported by the patient; no doctor has confirmed it yet.
    PatientReported,
    /// Recorded or confirmed by a doctor.
    Confirmed,
    /// A doctor found it is not so.
    Refuted,
    /// Recorded by mistake (the wrong patient, a typing error): kept, never
    /// deleted, and never changed again.
    EnteredInError,
}

/// Where an entry stands, as lists filter it: its clinical status, unless
/// it is refuted or entered in error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListStatus {
    /// Active, and not refuted: what the allergy check holds against a medicine.
    Active,
    /// Inactive.
    Inactive,
    /// Resolved.
    Resolved,
    /// Refuted by a doctor.
    Refuted,
    /// Entered in error.
    EnteredInError,
}

impl ListStatus {
    /// The status's name in keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::Resolved => "resolved",
            Self::Refuted => "refuted",
            Self::EnteredInError => "entered_in_error",
        }
    }
}

/// Who recorded or changed an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    /// Their id.
    pub id: UserId,
    /// Their name at the time.
    pub name: String,
    /// Their role.
    pub role: Role,
}

/// A code for an entry in a coding system the clinic uses (no code lists
/// are bundled: the code is free text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Code {
    /// The system, e.g. ICD-10 or SNOMED CT.
    #[cfg_attr(feature = "openapi", schema(example = "ICD-10", max_length = 100))]
    pub system: String,
    /// The code in that system.
    #[cfg_attr(feature = "openapi", schema(example = "J45.909", max_length = 100))]
    pub value: String,
}

/// The life cycle of an entry, the same for problems and allergies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryState {
    /// Present now, inactive or resolved.
    pub clinical_status: ClinicalStatus,
    /// Patient-reported, confirmed, refuted or entered in error.
    pub verification: Verification,
    /// Who recorded the entry first.
    pub recorded_by: Author,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub recorded_at: Timestamp,
    /// Who made this revision.
    pub updated_by: Author,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
    /// 1 for the entry as first recorded, one more for each change.
    pub revision: u32,
    /// Why this revision was made, when its author said (always for an
    /// entry marked entered in error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl EntryState {
    /// Whether the entry stands: active, and neither refuted nor entered in
    /// error. Only allergies that stand are checked against medicines, and
    /// only one per substance may stand at a time.
    pub fn in_force(&self) -> bool {
        self.clinical_status == ClinicalStatus::Active
            && matches!(
                self.verification,
                Verification::PatientReported | Verification::Confirmed
            )
    }

    /// Where the entry stands, as lists filter it.
    pub fn list_status(&self) -> ListStatus {
        match (self.verification, self.clinical_status) {
            (Verification::EnteredInError, _) => ListStatus::EnteredInError,
            (Verification::Refuted, _) => ListStatus::Refuted,
            (_, ClinicalStatus::Active) => ListStatus::Active,
            (_, ClinicalStatus::Inactive) => ListStatus::Inactive,
            (_, ClinicalStatus::Resolved) => ListStatus::Resolved,
        }
    }
}

/// `GET /api/v1/patients/{id}/problems` and `.../allergies`: newest first,
/// optionally only those in one status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RecordListQuery {
    /// Only entries in this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ListStatus>,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

impl RecordListQuery {
    /// The page asked for.
    pub fn page(&self) -> PageQuery {
        PageQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
        }
    }
}

/// A medicine that matched one of the patient's allergies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllergyConflict {
    /// The medicine, as prescribed or entered.
    #[cfg_attr(feature = "openapi", schema(example = "Amoxicillin"))]
    pub medicine: String,
    /// The allergy it matched.
    pub allergy_id: AllergyId,
    /// The allergy's substance, as recorded.
    #[cfg_attr(feature = "openapi", schema(example = "Penicillin"))]
    pub substance: String,
}

/// A prescription or medication kept despite the patient's allergies:
/// which, why, by whom and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllergyOverride {
    /// Why, as its author gave it.
    pub reason: String,
    /// The matches overridden.
    pub conflicts: Vec<AllergyConflict>,
    /// Who overrode them.
    pub by: Author,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

impl AllergyOverride {
    /// Whether this override already covers `conflict` (the same medicine
    /// against the same allergy).
    pub fn covers(&self, conflict: &AllergyConflict) -> bool {
        self.conflicts.iter().any(|c| {
            c.allergy_id == conflict.allergy_id && c.medicine.trim() == conflict.medicine.trim()
        })
    }
}

/// The most medicines one allergy check looks at.
pub const MAX_CHECKED_MEDICINES: usize = 20;

/// `POST /api/v1/patients/{id}/allergy-check`: would these medicines match
/// the patient's allergies? Forms ask before they submit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"medicines": ["Amoxicillin 500 mg"]})))]
pub struct AllergyCheckRequest {
    /// The medicines' names, as they would be prescribed.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<crate::schema::MedicineName>, max_items = 20))]
    pub medicines: Vec<String>,
}

impl AllergyCheckRequest {
    /// Checks the counts and lengths.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if rules::items_within(
            &mut errors,
            "medicines",
            self.medicines.len(),
            MAX_CHECKED_MEDICINES,
        ) {
            for (n, medicine) in self.medicines.iter().enumerate() {
                text(
                    &mut errors,
                    &format!("medicines[{n}]"),
                    medicine,
                    MAX_ENTRY_NAME_CHARS,
                    false,
                );
            }
        }
        errors.into_result(())
    }
}

/// What the allergy check found: each medicine that matches an allergy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllergyCheck {
    /// The matches, in the order of the medicines; empty when none.
    pub conflicts: Vec<AllergyConflict>,
}

/// Checks an optional override reason's length.
pub fn check_override_reason(errors: &mut FieldErrors, field: &str, reason: Option<&str>) {
    if let Some(reason) = reason {
        rules::chars_within(errors, field, reason, MAX_OVERRIDE_REASON_CHARS);
    }
}

/// The override reason given, if it says anything.
pub fn override_reason(reason: Option<&str>) -> Option<&str> {
    reason.map(str::trim).filter(|r| !r.is_empty())
}

/// Checks an entry's name or substance: present, and with a letter or digit
/// (what it is compared by).
fn check_name(errors: &mut FieldErrors, field: &str, value: &str) {
    text(errors, field, value, MAX_ENTRY_NAME_CHARS, true);
    if !value.trim().is_empty() && !value.chars().any(char::is_alphanumeric) {
        errors.add(field, ValidationError::new("must name something"));
    }
}

fn check_code(errors: &mut FieldErrors, prefix: &str, code: Option<&Code>) {
    if let Some(code) = code {
        let system = format!("{prefix}code.system");
        text(errors, &system, &code.system, MAX_CODE_CHARS, true);
        let value = format!("{prefix}code.value");
        text(errors, &value, &code.value, MAX_CODE_CHARS, true);
    }
}

fn check_onset(errors: &mut FieldErrors, field: &str, onset: Option<Date>) {
    rules::check_date(errors, field, onset);
}

/// Checks the status part of a change: something to change, a
/// verification a change may set, and a reason to mark an entry entered in
/// error, which comes alone.
fn check_status_change(
    errors: &mut FieldErrors,
    corrected: bool,
    clinical_status: Option<ClinicalStatus>,
    verification: Option<Verification>,
    reason: Option<&str>,
) {
    if let Some(reason) = reason {
        text(errors, "reason", reason, MAX_CHANGE_REASON_CHARS, false);
    }
    match verification {
        Some(Verification::PatientReported) => errors.add(
            "verification",
            ValidationError::new("must be confirmed, refuted or entered_in_error"),
        ),
        Some(Verification::EnteredInError) => {
            if reason.is_none_or(|r| r.trim().is_empty()) {
                errors.add(
                    "reason",
                    ValidationError::new("is required to mark an entry entered in error"),
                );
            }
            if corrected || clinical_status.is_some() {
                errors.add(
                    "verification",
                    ValidationError::new("entered_in_error comes alone, without other changes"),
                );
            }
        }
        _ => {}
    }
    if !corrected && clinical_status.is_none() && verification.is_none() {
        errors.add(
            "correction",
            ValidationError::new(
                "nothing to change: give a correction, a status or a verification",
            ),
        );
    }
}
