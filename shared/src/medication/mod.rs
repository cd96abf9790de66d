//! Medications on a patient's list: what, how much, and when, as local times
//! of day on a calendar rule; the dose log; adherence.

use jiff::civil::{Date, Time};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ids::{MedicationId, UserId};
use crate::practice::Weekday;
use crate::rules;
use crate::validation::{FieldErrors, ValidationError};

mod doses;
mod request;

pub use doses::*;
pub use request::*;

/// The most dose times in one day.
pub const MAX_TIMES_PER_DAY: usize = 12;
/// The longest gap of an every-N-days rule.
pub const MAX_EVERY_DAYS: u16 = 90;
/// The longest name, strength, form or dose, in characters.
pub const MAX_SHORT_TEXT: usize = 120;
/// The longest instructions, in characters.
pub const MAX_INSTRUCTIONS: usize = 1000;
/// The longest grace before an untaken dose counts as missed, in minutes
/// (and the longest wait before others are told).
pub const MAX_GRACE_MINUTES: u16 = 24 * 60;
/// The most units of stock counted.
pub const MAX_ON_HAND: u32 = 100_000;
/// The most units one dose may use.
pub const MAX_PER_DOSE: u32 = 100;
/// The most days of stock left at which a refill reminder may be asked for.
pub const MAX_REFILL_DAYS: u16 = 365;

/// Which days doses fall on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Frequency {
    /// Every day.
    EveryDay,
    /// On these weekdays.
    Weekdays {
        /// The days.
        #[cfg_attr(feature = "openapi", schema(max_items = 7))]
        days: Vec<Weekday>,
    },
    /// Every `every` days from the start date (2: every other day).
    EveryNDays {
        /// The gap in days, 2 to 90.
        #[cfg_attr(feature = "openapi", schema(minimum = 2, maximum = 90))]
        every: u16,
    },
}

/// Whose clock the dose times are on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ZoneRule {
    /// The patient's time zone at each dose: 08:00 stays 08:00 where they are
    /// after a move or a trip.
    FollowMe,
    /// This zone, wherever the patient is (e.g. doses pinned to home time).
    Fixed {
        /// IANA name.
        #[cfg_attr(feature = "openapi", schema(max_length = 64))]
        time_zone: String,
    },
}

/// When doses are due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    /// Taken when needed: no dose times and no reminders.
    #[serde(default)]
    pub as_needed: bool,
    /// Local times of day, e.g. 08:00 and 20:00.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<crate::schema::TimeOfDay>, example = json!(["08:00", "20:00"]), max_items = 12))]
    pub times: Vec<Time>,
    /// Which days.
    pub frequency: Frequency,
    /// The first day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start: Date,
    /// The last day, if it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub end: Option<Date>,
    /// Whose clock.
    pub zone: ZoneRule,
}

/// Stock on hand, counted down by taken doses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Supply {
    /// Units on hand (tablets, doses).
    #[cfg_attr(feature = "openapi", schema(maximum = 100000))]
    pub on_hand: u32,
    /// Units one dose uses.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub per_dose: u32,
    /// Remind to refill when fewer days than this are left.
    #[cfg_attr(feature = "openapi", schema(maximum = 365))]
    pub refill_when_days_left: u16,
}

/// Someone outside MedTrack told of missed doses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Caregiver {
    /// Their name, for the message.
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: String,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: Option<String>,
    /// Phone, in international form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 16, pattern = r"^\+[1-9][0-9]{7,14}$")
    )]
    pub phone: Option<String>,
}

/// What happens when a dose is not taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissedDoses {
    /// Minutes after the dose time before it counts as missed.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1440))]
    pub grace_minutes: u16,
    /// Tell a caregiver and/or the doctor this long after the dose time, if
    /// the patient opted in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1440))]
    pub escalate_after_minutes: Option<u16>,
    /// The caregiver to tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caregiver: Option<Caregiver>,
    /// Tell the doctor who prescribed it (or the patient's doctors).
    #[serde(default)]
    pub tell_doctor: bool,
}

impl Default for MissedDoses {
    /// Missed an hour after the dose time; nobody else told.
    fn default() -> Self {
        Self {
            grace_minutes: 60,
            escalate_after_minutes: None,
            caregiver: None,
            tell_doctor: false,
        }
    }
}

/// A medication as the patient enters or edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Amoxicillin", "strength": "500 mg", "form": "capsule", "dose": "1 capsule",
    "instructions": "With food.",
    "schedule": {
        "as_needed": false, "times": ["08:00", "20:00"],
        "frequency": {"kind": "weekdays", "days": ["monday", "wednesday", "friday"]},
        "start": "2026-03-01", "end": "2026-03-31",
        "zone": {"kind": "fixed", "time_zone": "Europe/Lisbon"}
    },
    "supply": {"on_hand": 30, "per_dose": 1, "refill_when_days_left": 5},
    "missed": {
        "grace_minutes": 60, "escalate_after_minutes": 120, "tell_doctor": false,
        "caregiver": {"name": "Joan Lovelace", "email": "joan@example.org", "phone": "+14155550124"}
    }
})))]
pub struct MedicationInput {
    /// Name, e.g. Amoxicillin.
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub name: String,
    /// Strength, e.g. 500 mg.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub strength: String,
    /// Form, e.g. tablet.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub form: String,
    /// How much per dose, e.g. 1 tablet.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub dose: String,
    /// How to take it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub instructions: String,
    /// When.
    pub schedule: Schedule,
    /// Stock on hand, if counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply: Option<Supply>,
    /// Missed doses: grace and who is told.
    #[serde(default)]
    pub missed: MissedDoses,
}

impl MedicationInput {
    /// Checks every rule that needs no lookup (the server also checks that
    /// the time zone exists).
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let e = &mut errors;
        for (field, value) in [
            ("name", &self.name),
            ("strength", &self.strength),
            ("form", &self.form),
            ("dose", &self.dose),
        ] {
            rules::chars_within(e, field, value, MAX_SHORT_TEXT);
        }
        rule(e, "name", !self.name.trim().is_empty(), "is required");
        rules::chars_within(e, "instructions", &self.instructions, MAX_INSTRUCTIONS);
        let schedule = &self.schedule;
        rules::check_date(e, "schedule.start", Some(schedule.start));
        rules::check_date(e, "schedule.end", schedule.end);
        rule(
            e,
            "schedule.times",
            schedule.as_needed || !schedule.times.is_empty(),
            "needs at least one time of day, unless taken as needed",
        );
        rule(
            e,
            "schedule.times",
            schedule.times.len() <= MAX_TIMES_PER_DAY,
            "may hold at most 12 times",
        );
        let mut times = schedule.times.clone();
        times.sort();
        times.dedup();
        rule(
            e,
            "schedule.times",
            times.len() == schedule.times.len(),
            "may name each time once",
        );
        match &schedule.frequency {
            Frequency::EveryDay => {}
            Frequency::Weekdays { days } => {
                let field = "schedule.frequency.days";
                rules::items_within(e, field, days.len(), 7);
                rule(e, field, !days.is_empty(), "needs at least one day");
            }
            Frequency::EveryNDays { every } => rule(
                e,
                "schedule.frequency.every",
                (2..=MAX_EVERY_DAYS).contains(every),
                "must be between 2 and 90 days",
            ),
        }
        rule(
            e,
            "schedule.end",
            schedule.end.is_none_or(|end| end >= schedule.start),
            "must not be before the start",
        );
        if let ZoneRule::Fixed { time_zone } = &schedule.zone {
            if let Err(error) = rules::time_zone_name(time_zone) {
                e.add("schedule.zone.time_zone", error);
            }
        }
        if let Some(supply) = self.supply {
            let ranges = [
                ("supply.on_hand", supply.on_hand, 0, MAX_ON_HAND),
                ("supply.per_dose", supply.per_dose, 1, MAX_PER_DOSE),
                (
                    "supply.refill_when_days_left",
                    u32::from(supply.refill_when_days_left),
                    0,
                    u32::from(MAX_REFILL_DAYS),
                ),
            ];
            for (field, value, least, most) in ranges {
                let message = format!("must be between {least} and {most}");
                rule(e, field, (least..=most).contains(&value), &message);
            }
        }
        if let Some(minutes) = self.missed.escalate_after_minutes {
            rule(
                e,
                "missed.escalate_after_minutes",
                (1..=MAX_GRACE_MINUTES).contains(&minutes),
                "must be between 1 minute and 24 hours",
            );
        }
        rule(
            e,
            "missed.grace_minutes",
            (1..=MAX_GRACE_MINUTES).contains(&self.missed.grace_minutes),
            "must be between 1 minute and 24 hours",
        );
        if let Some(caregiver) = &self.missed.caregiver {
            if let Err(error) = rules::person_name(&caregiver.name) {
                e.add("missed.caregiver.name", error);
            }
            rule(
                e,
                "missed.caregiver",
                caregiver.email.is_some() || caregiver.phone.is_some(),
                "needs an email address or a phone number",
            );
            if let Some(email) = &caregiver.email {
                if let Err(error) = rules::email(email) {
                    e.add("missed.caregiver.email", error);
                }
            }
            if let Some(phone) = &caregiver.phone {
                if let Err(error) = rules::phone(phone) {
                    e.add("missed.caregiver.phone", error);
                }
            }
        }
        rule(
            e,
            "missed.escalate_after_minutes",
            self.missed.escalate_after_minutes.is_none()
                || self.missed.caregiver.is_some()
                || self.missed.tell_doctor,
            "needs someone to tell: a caregiver or the doctor",
        );
        errors.into_result(())
    }
}

fn rule(errors: &mut FieldErrors, field: &str, ok: bool, message: &str) {
    if !ok {
        errors.add(field, ValidationError::new(message));
    }
}

/// A medication on a patient's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Medication {
    /// Id.
    pub id: MedicationId,
    /// Whose.
    pub patient: UserId,
    /// What and when.
    #[serde(flatten)]
    pub details: MedicationInput,
    /// Paused: no reminders, no missed doses, until resumed.
    pub paused: bool,
    /// Since when it is paused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub paused_since: Option<Timestamp>,
    /// Since when the current schedule has run unpaused (set when the
    /// schedule is edited or the medication resumed; the time it was added
    /// before that). Doses before it count only as logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub active_since: Option<Timestamp>,
    /// The next dose with a reminder, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub next_dose_at: Option<Timestamp>,
    /// Whether the caregiver named by email confirmed the subscription that
    /// MedTrack's alerts reach them by (nothing is emailed before they do).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caregiver_email_status: Option<crate::delivery::EmailStatus>,
    /// Its matches with the patient's allergies, kept all the same: why, by
    /// whom, when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allergy_override: Option<crate::record::AllergyOverride>,
    /// When it was added.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests;
