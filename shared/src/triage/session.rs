//! A patient's triage as the API keeps and serves it: what they answered,
//! what came out, and the next free slots of the suggested specialization.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Outcome, Sex, TriageInput, Vocabulary};
use crate::{TriageId, UserId};

/// `POST /api/v1/triage`: the checklist and the complaint. The age is not
/// sent: the server reads it from the patient's date of birth.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "red_flags": [], "none_of_these": true, "area": "urinary",
    "symptoms": ["painful_urination", "frequent_urination"], "duration": "days",
    "severity": 4, "fever": false, "sex": "female", "pregnant": false, "remember_sex": true
})))]
pub struct TriageRequest {
    /// The red flags ticked (ids of `GET /api/v1/safety`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 9, max_length = 64))]
    pub red_flags: Vec<String>,
    /// "None of these" was chosen on the red-flag checklist.
    #[serde(default)]
    pub none_of_these: bool,
    /// The body area's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    pub area: Option<String>,
    /// Symptom ids, the main one first.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10, max_length = 64))]
    pub symptoms: Vec<String>,
    /// The duration's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    pub duration: Option<String>,
    /// 0 (none) to 10 (the worst imaginable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub severity: Option<u8>,
    /// A temperature of 38 °C or more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fever: Option<bool>,
    /// Sex at birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Pregnant, when asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pregnant: Option<bool>,
    /// Keep `sex` for the next triage (kept for the patient only);
    /// `false` forgets a kept one.
    #[serde(default)]
    pub remember_sex: bool,
}

impl TriageRequest {
    /// The engine's input, with the age the server computed.
    pub fn input(&self, age_years: u16, age_months: u8) -> TriageInput {
        TriageInput {
            red_flags: self.red_flags.clone(),
            none_of_these: self.none_of_these,
            area: self.area.clone(),
            symptoms: self.symptoms.clone(),
            duration: self.duration.clone(),
            severity: self.severity,
            fever: self.fever,
            age_years: Some(age_years),
            age_months: Some(age_months),
            sex: self.sex,
            pregnant: self.pregnant,
        }
    }
}

/// `GET /api/v1/triage/questions`: what the complaint step offers, with
/// what the server knows of the patient already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TriageQuestions {
    /// Areas, symptoms and durations.
    pub vocabulary: Vocabulary,
    /// The patient's age in whole years, from their date of birth.
    pub age_years: u16,
    /// Months past their last birthday.
    pub age_months: u8,
    /// Sex at birth, if the patient chose to keep it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// The version of the rules that will decide.
    pub rules_version: String,
}

/// A free slot of a doctor of the suggested specialization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestedSlot {
    /// The doctor.
    pub doctor_id: UserId,
    /// Their name.
    pub doctor_name: String,
    /// When it starts.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub starts_at: Timestamp,
    /// When it ends.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub ends_at: Timestamp,
    /// Its start on the patient's clock, with the offset.
    pub viewer_local: String,
}

/// One triage: kept for the patient only until they delete it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TriageSession {
    /// Its id.
    pub id: TriageId,
    /// The patient.
    pub patient: UserId,
    /// When it was made.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The answers as checked, with the age the server computed.
    pub answers: TriageInput,
    /// What came out, with every rule that fired and the rules' version.
    pub outcome: Outcome,
    /// The suggested specialization's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialization_name: Option<String>,
    /// The triage in a few lines, for a booking's reason.
    pub summary: String,
    /// The earliest free slots of the suggested specialization within the
    /// urgency's window, soonest first (only on a single triage, worked
    /// out when it is read; empty in lists).
    #[serde(default)]
    pub suggestions: Vec<SuggestedSlot>,
    /// The end of the urgency's window, when the urgency books an
    /// appointment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub book_by: Option<Timestamp>,
    /// No slot is free within the window although one is needed: the
    /// patient should seek care elsewhere (an urgent care centre, a
    /// pharmacist, their usual doctor).
    #[serde(default)]
    pub seek_care_elsewhere: bool,
}

/// What MedTrack's triage is and is not, shown with every result.
pub const NOT_A_DIAGNOSIS: &str = "This is not a diagnosis. It suggests how soon to get care \
    from what you told us, using written rules that err towards urgency. If you feel worse, \
    or are worried, get help sooner.";

/// The triage in a few plain lines: the urgency and advice, the complaint
/// in the vocabulary's words, and why. Fits a booking's reason.
pub fn summary(input: &TriageInput, outcome: &Outcome, vocabulary: &Vocabulary) -> String {
    let mut lines = vec![format!(
        "Triage: {}. {}",
        outcome.urgency.label(),
        outcome.urgency.advice()
    )];
    if let Some(area) = input.area.as_deref().and_then(|id| vocabulary.area(id)) {
        let symptoms: Vec<&str> = input
            .symptoms
            .iter()
            .filter_map(|id| vocabulary.symptom(id).map(|s| s.label.as_str()))
            .collect();
        let mut complaint = format!("{}: {}", area.label, symptoms.join(", "));
        if let Some(duration) = input
            .duration
            .as_deref()
            .and_then(|d| vocabulary.duration(d))
        {
            complaint.push_str(&format!("; for {}", duration.label.to_lowercase()));
        }
        if let Some(severity) = input.severity {
            complaint.push_str(&format!("; severity {severity} of 10"));
        }
        if input.fever == Some(true) {
            complaint.push_str("; fever");
        }
        if input.pregnant == Some(true) {
            complaint.push_str("; pregnant");
        }
        lines.push(format!("{complaint}."));
    }
    let reasons: Vec<&str> = outcome.fired.iter().map(|f| f.reason.as_str()).collect();
    lines.push(format!("Why: {}", reasons.join(" ")));
    lines.push(format!("Rules {}.", outcome.rules_version));
    let text = lines.join("\n");
    // A booking's reason holds 1,000 characters; keep room for the patient's words.
    const MAX: usize = 700;
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}
