//! Doses as they are taken, skipped or missed, and adherence over time.

use crate::ids::MedicationId;
use crate::rules;
use crate::validation::{FieldErrors, ValidationError};
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What became of a dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DoseStatus {
    /// Taken (at `taken_at`).
    Taken,
    /// Skipped on purpose (with a reason).
    Skipped,
    /// Not taken within the grace time.
    Missed,
}

/// One dose: scheduled, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dose {
    /// The medication.
    pub medication: MedicationId,
    /// Its name.
    pub name: String,
    /// How much.
    pub dose: String,
    /// When it was due (as needed: when it was taken).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub scheduled_at: Timestamp,
    /// What became of it, once something did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DoseStatus>,
    /// When it was taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub taken_at: Option<Timestamp>,
    /// Why it was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /api/v1/medications/{id}/doses`: what the patient did about a dose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "action": "skipped", "scheduled_at": "2026-03-02T08:00:00Z", "reason": "Felt sick this morning."
})))]
pub enum DoseAction {
    /// Took it.
    Taken {
        /// The dose time (absent for an as-needed dose).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
        scheduled_at: Option<Timestamp>,
        /// When it was taken; now when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
        taken_at: Option<Timestamp>,
    },
    /// Skipped it.
    Skipped {
        /// The dose time.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        scheduled_at: Timestamp,
        /// Why.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 500))]
        reason: String,
    },
    /// Remind again in a few minutes.
    Snooze {
        /// The dose time.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        scheduled_at: Timestamp,
        /// Minutes, 1 to 120 (10 when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 120))]
        minutes: Option<u16>,
    },
}

/// The longest reason for a skipped dose.
pub const MAX_SKIP_REASON: usize = 500;

impl DoseAction {
    /// Checks what needs no lookup: lengths, minutes and instants.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        match self {
            Self::Taken {
                scheduled_at,
                taken_at,
            } => {
                rules::check_instant(&mut errors, "scheduled_at", *scheduled_at);
                rules::check_instant(&mut errors, "taken_at", *taken_at);
            }
            Self::Skipped {
                scheduled_at,
                reason,
            } => {
                rules::check_instant(&mut errors, "scheduled_at", Some(*scheduled_at));
                rules::chars_within(&mut errors, "reason", reason, MAX_SKIP_REASON);
            }
            Self::Snooze {
                scheduled_at,
                minutes,
            } => {
                rules::check_instant(&mut errors, "scheduled_at", Some(*scheduled_at));
                if !(1..=120).contains(&minutes.unwrap_or(10)) {
                    errors.add("minutes", ValidationError::new("must be between 1 and 120"));
                }
            }
        }
        errors.into_result(())
    }
}

/// `GET /api/v1/patients/{id}/doses?date=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DosesQuery {
    /// A day of the patient's calendar (today when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub date: Option<Date>,
}

impl DosesQuery {
    /// Checks the date is within the supported range.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::check_date(&mut errors, "date", self.date);
        errors.into_result(())
    }
}

/// Doses taken out of doses due, in percent; none when no dose was due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rates {
    /// Over the last 7 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_7_days: Option<u8>,
    /// Over the last 30 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_30_days: Option<u8>,
}

/// One medication's adherence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MedicationAdherence {
    /// The medication.
    pub medication: MedicationId,
    /// Its name.
    pub name: String,
    /// Its rates.
    pub rates: Rates,
}

/// One day of the chart: doses due, and what became of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayCount {
    /// The day, on the patient's calendar.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// Doses due that day (whose grace time is over).
    pub due: u32,
    /// Of those, taken.
    pub taken: u32,
    /// Of those, skipped on purpose.
    pub skipped: u32,
    /// Of those, neither taken nor skipped: `due - taken - skipped`.
    pub missed: u32,
}

impl DayCount {
    /// A day with no dose due yet.
    pub fn new(date: Date) -> Self {
        Self {
            date,
            due: 0,
            taken: 0,
            skipped: 0,
            missed: 0,
        }
    }

    /// Counts one more dose due that day, which became `status`.
    pub fn count(&mut self, status: DoseStatus) {
        self.due += 1;
        match status {
            DoseStatus::Taken => self.taken += 1,
            DoseStatus::Skipped => self.skipped += 1,
            DoseStatus::Missed => self.missed += 1,
        }
    }
}

/// `GET /api/v1/patients/{id}/adherence`. A dose counts once its grace
/// time is over; skipped and missed doses count as not taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Adherence {
    /// Every medication together.
    pub overall: Rates,
    /// Each medication with dose times.
    pub medications: Vec<MedicationAdherence>,
    /// The last 30 days, oldest first, for the chart.
    pub days: Vec<DayCount>,
}

impl Rates {
    /// The rates of (due, taken) counts over 7 and 30 days.
    pub fn of(last_7: (u32, u32), last_30: (u32, u32)) -> Self {
        let percent = |(due, taken): (u32, u32)| {
            (due > 0).then(|| u8::try_from(u64::from(taken) * 100 / u64::from(due)).unwrap_or(100))
        };
        Self {
            last_7_days: percent(last_7),
            last_30_days: percent(last_30),
        }
    }
}
