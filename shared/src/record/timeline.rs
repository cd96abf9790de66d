//! The record's timeline: visits, problems recorded and resolved, allergies
//! recorded, newest first.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Author;
use crate::ids::{AllergyId, AppointmentId, ProblemId};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// A visit was completed.
    Visit,
    /// A problem was recorded.
    ProblemRecorded,
    /// A problem was resolved.
    ProblemResolved,
    /// An allergy was recorded.
    AllergyRecorded,
}

impl TimelineKind {
    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Visit => "Visit",
            Self::ProblemRecorded => "Problem recorded",
            Self::ProblemResolved => "Problem resolved",
            Self::AllergyRecorded => "Allergy recorded",
        }
    }
}

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum TimelineSubject {
    /// A visit.
    Appointment(AppointmentId),
    /// A problem.
    Problem(ProblemId),
    /// An allergy.
    Allergy(AllergyId),
}

/// One event of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEvent {
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// What happened.
    pub kind: TimelineKind,
    /// What it is about.
    pub subject: TimelineSubject,
    /// The problem's name, the allergy's substance, or the visit's doctor.
    #[cfg_attr(feature = "openapi", schema(example = "Asthma"))]
    pub title: String,
    /// Who recorded it (for visits, the doctor).
    pub by: Author,
    /// The entry was later marked entered in error.
    #[serde(default)]
    pub entered_in_error: bool,
}
