//! Appointments: booking, the visit workflow and its transition table, the
//! consultation's diagnosis and prescription, and the views built on them.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::rules;

use crate::account::Role;
use crate::ids::{AppointmentId, UserId};
use crate::specialization::SpecializationSlug;
use crate::validation::{FieldErrors, ValidationError};

mod lists;

pub use lists::*;

/// How long before the start a patient may still cancel or reschedule, in minutes.
pub const PATIENT_CHANGE_CUTOFF_MINUTES: i64 = 120;
/// The longest reason or symptoms text.
pub const MAX_REASON_CHARS: usize = 1000;
/// The longest note (rejection or cancellation reason, consultation notes).
pub const MAX_NOTE_CHARS: usize = 2000;
/// The most prescription items in one consultation.
pub const MAX_PRESCRIPTION_ITEMS: usize = 30;
/// The longest drug name on a prescription line.
pub const MAX_DRUG_CHARS: usize = 200;
/// The longest dose, frequency or duration on a prescription line.
pub const MAX_DOSING_CHARS: usize = 100;
/// The longest instructions on a prescription line.
pub const MAX_INSTRUCTIONS_CHARS: usize = 500;

/// Where an appointment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// Requested by the patient; the doctor has not answered.
    Pending,
    /// Accepted by the doctor.
    Confirmed,
    /// Declined by the doctor, with a reason.
    Rejected,
    /// The patient has arrived.
    CheckedIn,
    /// The doctor is seeing the patient.
    Consulting,
    /// The visit is over; diagnosis and prescription are written.
    Completed,
    /// Called off by the patient, the doctor or an admin.
    Cancelled,
    /// The patient did not come.
    NoShow,
}

impl AppointmentStatus {
    /// Every status, in workflow order.
    pub const ALL: [AppointmentStatus; 8] = [
        Self::Pending,
        Self::Confirmed,
        Self::Rejected,
        Self::CheckedIn,
        Self::Consulting,
        Self::Completed,
        Self::Cancelled,
        Self::NoShow,
    ];

    /// The status's name in keys and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Rejected => "rejected",
            Self::CheckedIn => "checked_in",
            Self::Consulting => "consulting",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::NoShow => "no_show",
        }
    }

    /// The status in words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Confirmed => "Confirmed",
            Self::Rejected => "Rejected",
            Self::CheckedIn => "Checked in",
            Self::Consulting => "In consultation",
            Self::Completed => "Completed",
            Self::Cancelled => "Cancelled",
            Self::NoShow => "No-show",
        }
    }

    /// Whether the appointment still holds its slot.
    pub fn holds_slot(self) -> bool {
        !matches!(self, Self::Rejected | Self::Cancelled)
    }
}

/// How urgent the patient says the visit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Routine.
    #[default]
    Normal,
    /// Soon.
    High,
    /// Urgent.
    Critical,
}

/// What someone does to an appointment; see [`next_status`] for who may, when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Doctor accepts a pending request (before its start).
    Confirm,
    /// Doctor declines a pending request, with a reason.
    Reject,
    /// Doctor or admin records the patient's arrival, on the day.
    CheckIn,
    /// Doctor starts seeing a checked-in patient.
    StartConsultation,
    /// Doctor ends the consultation with a diagnosis.
    Complete,
    /// Patient (before the cut-off), doctor or admin calls it off.
    Cancel,
    /// Doctor or admin records that the patient did not come, after the start.
    MarkNoShow,
    /// Patient moves it to another free slot (before the cut-off); it is pending again.
    Reschedule,
}

impl ActionKind {
    /// Every action.
    pub const ALL: [ActionKind; 8] = [
        Self::Confirm,
        Self::Reject,
        Self::CheckIn,
        Self::StartConsultation,
        Self::Complete,
        Self::Cancel,
        Self::MarkNoShow,
        Self::Reschedule,
    ];

    /// The action in words, for buttons.
    pub fn label(self) -> &'static str {
        match self {
            Self::Confirm => "Confirm",
            Self::Reject => "Reject",
            Self::CheckIn => "Check in",
            Self::StartConsultation => "Start consultation",
            Self::Complete => "Complete",
            Self::Cancel => "Cancel",
            Self::MarkNoShow => "Mark no-show",
            Self::Reschedule => "Reschedule",
        }
    }
}

/// The transition table: the status an action leads to when `role` takes it
/// from `from`, or `None` when the workflow does not allow it. The server also
/// checks that the caller is the appointment's own patient or doctor and the
/// timing rules named on [`ActionKind`].
pub fn next_status(
    from: AppointmentStatus,
    action: ActionKind,
    role: Role,
) -> Option<AppointmentStatus> {
    use ActionKind as A;
    use AppointmentStatus as S;
    match (from, action, role) {
        (S::Pending, A::Confirm, Role::Doctor) => Some(S::Confirmed),
        (S::Pending, A::Reject, Role::Doctor) => Some(S::Rejected),
        (S::Confirmed, A::CheckIn, Role::Doctor | Role::Admin) => Some(S::CheckedIn),
        (S::CheckedIn, A::StartConsultation, Role::Doctor) => Some(S::Consulting),
        (S::Consulting, A::Complete, Role::Doctor) => Some(S::Completed),
        (S::Pending | S::Confirmed, A::Cancel, _) => Some(S::Cancelled),
        (S::Confirmed, A::MarkNoShow, Role::Doctor | Role::Admin) => Some(S::NoShow),
        (S::Pending | S::Confirmed, A::Reschedule, Role::Patient) => Some(S::Pending),
        _ => None,
    }
}

/// The actions `role` may take from `status` (the buttons a client shows).
pub fn allowed_actions(status: AppointmentStatus, role: Role) -> Vec<ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(|action| next_status(status, *action, role).is_some())
        .collect()
}

/// One line of a prescription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrescriptionItem {
    /// Drug name.
    #[cfg_attr(feature = "openapi", schema(example = "Amoxicillin", max_length = 200))]
    pub drug: String,
    /// Dose, e.g. 500 mg.
    #[cfg_attr(feature = "openapi", schema(example = "500 mg", max_length = 100))]
    pub dose: String,
    /// How often, e.g. three times a day.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "three times a day", max_length = 100)
    )]
    pub frequency: String,
    /// For how long, e.g. 7 days.
    #[cfg_attr(feature = "openapi", schema(example = "7 days", max_length = 100))]
    pub duration: String,
    /// How to take it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub instructions: String,
}

/// What the doctor writes when completing a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consultation {
    /// The diagnosis.
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub diagnosis: String,
    /// Prescribed items (may be empty).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub prescription: Vec<PrescriptionItem>,
    /// Notes for the record.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub notes: String,
}

impl Consultation {
    /// Checks presence and lengths; fields are named under `prefix` (the
    /// consultation's place in the request).
    pub fn check(&self, errors: &mut FieldErrors, prefix: &str) {
        let mut text = |name: &str, value: &str, required: bool, max: usize| {
            let field = format!("{prefix}{name}");
            reason_text(errors, &field, value, max, required);
        };
        text("diagnosis", &self.diagnosis, true, MAX_NOTE_CHARS);
        text("notes", &self.notes, false, MAX_NOTE_CHARS);
        let list = format!("{prefix}prescription");
        if rules::items_within(
            errors,
            &list,
            self.prescription.len(),
            MAX_PRESCRIPTION_ITEMS,
        ) {
            for (index, item) in self.prescription.iter().enumerate() {
                let mut text = |name: &str, value: &str, required: bool, max: usize| {
                    let field = format!("{list}[{index}].{name}");
                    reason_text(errors, &field, value, max, required);
                };
                text("drug", &item.drug, true, MAX_DRUG_CHARS);
                text("dose", &item.dose, true, MAX_DOSING_CHARS);
                text("frequency", &item.frequency, true, MAX_DOSING_CHARS);
                text("duration", &item.duration, true, MAX_DOSING_CHARS);
                text(
                    "instructions",
                    &item.instructions,
                    false,
                    MAX_INSTRUCTIONS_CHARS,
                );
            }
        }
    }
}

/// `POST /api/v1/appointments`: a patient books a free slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "doctor_id": "0190b5a2-7c1e-7d3a-9f00-4c2b8e1d2a10", "starts_at": "2026-03-09T09:00:00Z",
    "reason": "A cough for two weeks, worse at night.", "priority": "normal"
})))]
pub struct BookingRequest {
    /// The doctor.
    pub doctor_id: UserId,
    /// The slot's start, as listed by the slots endpoint.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub starts_at: Timestamp,
    /// Reason for the visit and symptoms.
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub reason: String,
    /// How urgent.
    #[serde(default)]
    pub priority: Priority,
}

impl BookingRequest {
    /// Checks the reason.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        reason_text(&mut errors, "reason", &self.reason, MAX_REASON_CHARS, true);
        errors.into_result(())
    }
}

fn reason_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize, required: bool) {
    if rules::chars_within(errors, field, value, max) && required && value.trim().is_empty() {
        errors.add(field, ValidationError::new("is required"));
    }
}

/// `POST /api/v1/appointments/{id}/actions`: one step of the workflow.
/// Completing with a prescription checks each drug against the patient's
/// allergies: a match is a 409 `allergy_conflict` listing them, unless
/// `allergy_override_reason` says why it is prescribed all the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "action": "complete", "reason": "Seen and treated.",
    "allergy_override_reason": "Tolerated amoxicillin in 2024 under observation.",
    "consultation": {
        "diagnosis": "Acute bronchitis.", "notes": "Review in two weeks if no better.",
        "prescription": [{
            "drug": "Amoxicillin", "dose": "500 mg", "frequency": "three times a day",
            "duration": "7 days", "instructions": "With food."
        }]
    }
})))]
pub struct ActionRequest {
    /// The action.
    pub action: ActionKind,
    /// Why: required to reject; optional for a cancellation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub reason: Option<String>,
    /// The new start, to reschedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub starts_at: Option<Timestamp>,
    /// Diagnosis, prescription and notes, to complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation: Option<Consultation>,
    /// To complete with a prescription that matches the patient's
    /// allergies: why it is prescribed all the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub allergy_override_reason: Option<String>,
}

impl ActionRequest {
    /// An action with nothing else.
    pub fn new(action: ActionKind) -> Self {
        Self {
            action,
            reason: None,
            starts_at: None,
            consultation: None,
            allergy_override_reason: None,
        }
    }

    /// Checks that the action has what it needs, and nothing it must not have.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let reason = self.reason.as_deref().unwrap_or_default();
        let needs_reason = self.action == ActionKind::Reject;
        reason_text(&mut errors, "reason", reason, MAX_NOTE_CHARS, needs_reason);
        match (self.action, &self.starts_at) {
            (ActionKind::Reschedule, None) => errors.add(
                "starts_at",
                ValidationError::new("is required to reschedule"),
            ),
            (ActionKind::Reschedule, Some(_)) | (_, None) => {}
            (_, Some(_)) => errors.add(
                "starts_at",
                ValidationError::new("is only for rescheduling"),
            ),
        }
        match (self.action, &self.consultation) {
            (ActionKind::Complete, None) => errors.add(
                "consultation",
                ValidationError::new("is required to complete"),
            ),
            (ActionKind::Complete, Some(consultation)) => {
                consultation.check(&mut errors, "consultation.")
            }
            (_, None) => {}
            (_, Some(_)) => errors.add(
                "consultation",
                ValidationError::new("is only for completing"),
            ),
        }
        let field = "allergy_override_reason";
        let overriding = self.allergy_override_reason.as_deref();
        crate::record::check_override_reason(&mut errors, field, overriding);
        if overriding.is_some() && self.action != ActionKind::Complete {
            errors.add(field, ValidationError::new("is only for completing"));
        }
        errors.into_result(())
    }
}

/// Someone an appointment names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Party {
    /// Their id.
    pub id: UserId,
    /// Their name when the appointment was booked.
    pub name: String,
}

/// One change of an appointment's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Who.
    pub by: Party,
    /// In which role.
    pub by_role: Role,
    /// The status before; absent for the booking itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<AppointmentStatus>,
    /// The status after.
    pub to: AppointmentStatus,
    /// What was done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionKind>,
    /// A reason, or the previous time of a rescheduled appointment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An appointment with its whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appointment {
    /// Id.
    pub id: AppointmentId,
    /// The patient.
    pub patient: Party,
    /// The doctor.
    pub doctor: Party,
    /// The doctor's specialization.
    pub specialization: SpecializationSlug,
    /// Start.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub starts_at: Timestamp,
    /// End.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub ends_at: Timestamp,
    /// The practice's time zone.
    pub time_zone: String,
    /// Reason for the visit and symptoms.
    pub reason: String,
    /// How urgent.
    pub priority: Priority,
    /// Where it stands.
    pub status: AppointmentStatus,
    /// Why it was rejected or cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// Diagnosis, prescription and notes, once completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation: Option<Consultation>,
    /// The prescription's matches with the patient's allergies, prescribed
    /// all the same: why, by whom, when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allergy_override: Option<crate::record::AllergyOverride>,
    /// Every change, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// When it was booked.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests;
