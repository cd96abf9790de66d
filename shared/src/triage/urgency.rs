//! How soon a patient should be seen, and the patient's sex at birth.

use serde::{Deserialize, Serialize};

/// How soon a patient should get care: the result of triage.
///
/// Ordered by urgency, so that `max` is the most urgent:
/// `SelfCare < Routine < Soon < Urgent < Emergency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TriageUrgency))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Care at home, or a pharmacist's advice; no appointment.
    SelfCare,
    /// An ordinary appointment, within [`ROUTINE_WITHIN_DAYS`] days.
    Routine,
    /// An appointment within [`SOON_WITHIN_DAYS`] days.
    Soon,
    /// Seen today.
    Urgent,
    /// Now: the emergency number or the emergency department, not an
    /// appointment.
    Emergency,
}

/// The most days a `soon` patient should wait.
pub const SOON_WITHIN_DAYS: u32 = 3;
/// The most days a `routine` patient should wait: two weeks, the usual aim
/// for an ordinary family doctor's appointment.
pub const ROUTINE_WITHIN_DAYS: u32 = 14;

impl Urgency {
    /// Every urgency, the most urgent first.
    pub const ALL: [Urgency; 5] = [
        Self::Emergency,
        Self::Urgent,
        Self::Soon,
        Self::Routine,
        Self::SelfCare,
    ];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Emergency => "Emergency",
            Self::Urgent => "Urgent",
            Self::Soon => "Soon",
            Self::Routine => "Routine",
            Self::SelfCare => "Self-care",
        }
    }

    /// What the patient should do, in one sentence.
    pub fn advice(self) -> &'static str {
        match self {
            Self::Emergency => {
                "Call your local emergency number or go to the nearest emergency department now."
            }
            Self::Urgent => "See a doctor today.",
            Self::Soon => "See a doctor within the next 3 days.",
            Self::Routine => "Book an ordinary appointment within the next 2 weeks.",
            Self::SelfCare => {
                "You can look after this at home, and a pharmacist can advise. \
                 Get help if it gets worse or does not get better."
            }
        }
    }

    /// The most days from now until the patient is seen: 0 for emergency
    /// (now) and urgent (today), `None` for self-care (no appointment).
    pub fn within_days(self) -> Option<u32> {
        match self {
            Self::Emergency | Self::Urgent => Some(0),
            Self::Soon => Some(SOON_WITHIN_DAYS),
            Self::Routine => Some(ROUTINE_WITHIN_DAYS),
            Self::SelfCare => None,
        }
    }

    /// Whether the answer is an appointment to book: not for an emergency
    /// (that is now, elsewhere) or self-care.
    pub fn books_appointment(self) -> bool {
        matches!(self, Self::Urgent | Self::Soon | Self::Routine)
    }

    /// Its name in the rules file and the API, e.g. `self_care`.
    pub fn id(self) -> &'static str {
        match self {
            Self::Emergency => "emergency",
            Self::Urgent => "urgent",
            Self::Soon => "soon",
            Self::Routine => "routine",
            Self::SelfCare => "self_care",
        }
    }
}

impl std::fmt::Display for Urgency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// Sex at birth, as the complaint step asks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TriageSex))]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
}
