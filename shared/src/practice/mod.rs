//! A doctor's practice: the public profile, the weekly hours and their
//! exceptions, the directory card and the free slots computed from them.

use jiff::civil::{Date, Time};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::rules;
use crate::specialization::SpecializationSlug;
use crate::validation::{FieldErrors, ValidationError};

/// The shortest slot a doctor may offer, in minutes.
pub const MIN_SLOT_MINUTES: u16 = 5;
/// The longest slot a doctor may offer, in minutes.
pub const MAX_SLOT_MINUTES: u16 = 240;
/// The most working-hour ranges in a week.
pub const MAX_WEEKLY_RANGES: usize = 50;
/// The most exceptions (days off, extra hours) kept.
pub const MAX_EXCEPTIONS: usize = 200;
/// The most ranges of extra hours on one date.
pub const MAX_EXTRA_RANGES: usize = 10;
/// The highest fee, in minor units.
pub const MAX_FEE_MINOR_UNITS: u32 = 100_000_000;
/// An ISO 4217 currency code's length.
pub const CURRENCY_CHARS: usize = 3;
/// The longest bio, in characters.
pub const MAX_BIO_CHARS: usize = 2000;
/// The longest range of days a slot search may cover.
pub const MAX_SLOT_SEARCH_DAYS: i32 = 31;

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// Every day, Monday first.
    pub const ALL: [Weekday; 7] = [
        Self::Monday,
        Self::Tuesday,
        Self::Wednesday,
        Self::Thursday,
        Self::Friday,
        Self::Saturday,
        Self::Sunday,
    ];

    /// The weekday of a calendar date.
    pub fn of(date: Date) -> Self {
        match date.weekday() {
            jiff::civil::Weekday::Monday => Self::Monday,
            jiff::civil::Weekday::Tuesday => Self::Tuesday,
            jiff::civil::Weekday::Wednesday => Self::Wednesday,
            jiff::civil::Weekday::Thursday => Self::Thursday,
            jiff::civil::Weekday::Friday => Self::Friday,
            jiff::civil::Weekday::Saturday => Self::Saturday,
            jiff::civil::Weekday::Sunday => Self::Sunday,
        }
    }

    /// The day's English name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Monday => "Monday",
            Self::Tuesday => "Tuesday",
            Self::Wednesday => "Wednesday",
            Self::Thursday => "Thursday",
            Self::Friday => "Friday",
            Self::Saturday => "Saturday",
            Self::Sunday => "Sunday",
        }
    }
}

/// Working hours within one day, local to the practice: `start` up to `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursRange {
    /// First minute, e.g. 09:00.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::TimeOfDay, example = "09:00"))]
    pub start: Time,
    /// End (not included), e.g. 12:30; after `start` on the same day.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::TimeOfDay, example = "12:30"))]
    pub end: Time,
}

/// Hours on one weekday, every week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyHours {
    /// The weekday.
    pub weekday: Weekday,
    /// The hours.
    #[serde(flatten)]
    pub hours: HoursRange,
}

/// A date that differs from the weekly hours: a day off, or extra hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilityException {
    /// The date, in the practice's time zone.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// No hours at all that day (the weekly hours and any extra hours are off).
    #[serde(default)]
    pub day_off: bool,
    /// Hours added to the weekly hours that day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub extra_hours: Vec<HoursRange>,
}

/// What a doctor publishes about their practice and when they can be booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "bio": "Family medicine; Portuguese and English spoken.", "fee_minor_units": 6000,
    "currency": "EUR", "time_zone": "Europe/Lisbon", "slot_minutes": 20,
    "weekly_hours": [
        {"weekday": "monday", "start": "09:00", "end": "12:30"},
        {"weekday": "monday", "start": "14:00", "end": "18:00"}
    ],
    "exceptions": [
        {"date": "2026-12-24", "day_off": false, "extra_hours": [{"start": "08:00", "end": "09:00"}]}
    ],
    "reply_within_days": 2
})))]
pub struct Practice {
    /// A few words for patients.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub bio: String,
    /// Consultation fee in the currency's minor unit (cents), if published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(maximum = 100000000))]
    pub fee_minor_units: Option<u32>,
    /// ISO 4217 code of the fee's currency.
    #[cfg_attr(feature = "openapi", schema(example = "USD", max_length = 3))]
    pub currency: String,
    /// IANA time zone the hours are in.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "America/New_York", max_length = 64)
    )]
    pub time_zone: String,
    /// Length of one appointment slot, in minutes.
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 240))]
    pub slot_minutes: u16,
    /// The hours of each week.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub weekly_hours: Vec<WeeklyHours>,
    /// Days off and extra hours.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub exceptions: Vec<AvailabilityException>,
    /// The business days (days with working hours) within which the doctor
    /// answers a patient's message, 1 to 10.
    #[serde(default = "default_reply_days")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10, example = 2))]
    pub reply_within_days: u8,
}

/// The reply time a practice promises unless the doctor sets another.
pub const DEFAULT_REPLY_DAYS: u8 = 2;
/// The longest reply time a practice may promise, in business days.
pub const MAX_REPLY_DAYS: u8 = 10;

fn default_reply_days() -> u8 {
    DEFAULT_REPLY_DAYS
}

impl Practice {
    /// A practice with no hours yet, in this time zone.
    pub fn empty(time_zone: &str) -> Self {
        Self {
            bio: String::new(),
            fee_minor_units: None,
            currency: "USD".into(),
            time_zone: time_zone.into(),
            slot_minutes: 30,
            weekly_hours: Vec::new(),
            exceptions: Vec::new(),
            reply_within_days: DEFAULT_REPLY_DAYS,
        }
    }

    /// Checks every rule that needs no lookup (the server also checks that the
    /// time zone exists).
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::chars_within(&mut errors, "bio", &self.bio, MAX_BIO_CHARS);
        rules::chars_within(&mut errors, "currency", &self.currency, CURRENCY_CHARS);
        if self
            .fee_minor_units
            .is_some_and(|fee| fee > MAX_FEE_MINOR_UNITS)
        {
            let message = "must be at most 100000000 (a million in the currency)";
            errors.add("fee_minor_units", ValidationError::new(message));
        }
        rules::chars_within(
            &mut errors,
            "time_zone",
            &self.time_zone,
            rules::MAX_TIME_ZONE_CHARS,
        );
        for (index, exception) in self.exceptions.iter().enumerate() {
            let field = format!("exceptions[{index}].extra_hours");
            rules::items_within(
                &mut errors,
                &field,
                exception.extra_hours.len(),
                MAX_EXTRA_RANGES,
            );
            rules::check_date(
                &mut errors,
                &format!("exceptions[{index}].date"),
                Some(exception.date),
            );
        }
        let mut check = |field: &str, ok: bool, message: &str| {
            if !ok {
                errors.add(field, ValidationError::new(message));
            }
        };
        check(
            "currency",
            self.currency.len() == 3 && self.currency.bytes().all(|b| b.is_ascii_uppercase()),
            "must be a three-letter ISO 4217 code such as USD",
        );
        check(
            "reply_within_days",
            (1..=MAX_REPLY_DAYS).contains(&self.reply_within_days),
            "must be between 1 and 10 business days",
        );
        check(
            "slot_minutes",
            (MIN_SLOT_MINUTES..=MAX_SLOT_MINUTES).contains(&self.slot_minutes),
            "must be between 5 and 240 minutes",
        );
        check(
            "weekly_hours",
            self.weekly_hours.len() <= MAX_WEEKLY_RANGES,
            "may hold at most 50 ranges",
        );
        check(
            "weekly_hours",
            self.weekly_hours
                .iter()
                .all(|w| w.hours.start < w.hours.end),
            "each range must end after it starts, on the same day",
        );
        check(
            "weekly_hours",
            Weekday::ALL.iter().all(|day| {
                let ranges: Vec<HoursRange> = self
                    .weekly_hours
                    .iter()
                    .filter(|w| w.weekday == *day)
                    .map(|w| w.hours)
                    .collect();
                !overlapping(&ranges)
            }),
            "ranges of one day must not overlap",
        );
        check(
            "exceptions",
            self.exceptions.len() <= MAX_EXCEPTIONS,
            "may hold at most 200 dates",
        );
        let mut dates: Vec<Date> = self.exceptions.iter().map(|e| e.date).collect();
        dates.sort();
        dates.dedup();
        check(
            "exceptions",
            dates.len() == self.exceptions.len(),
            "may name each date once",
        );
        check(
            "exceptions",
            self.exceptions.iter().all(|e| {
                e.extra_hours.iter().all(|h| h.start < h.end)
                    && !overlapping(&e.extra_hours)
                    // Exactly one of: a day off, or some extra hours.
                    && e.day_off == e.extra_hours.is_empty()
            }),
            "each date is either a day off or has extra hours that end after they start and do not overlap",
        );
        if let Err(error) = rules::time_zone_name(&self.time_zone) {
            errors.add("time_zone", error);
        }
        errors.into_result(())
    }

    /// The hours worked on `date`: the weekly hours and extra hours, or none on a day off.
    pub fn hours_on(&self, date: Date) -> Vec<HoursRange> {
        let exception = self.exceptions.iter().find(|e| e.date == date);
        if exception.is_some_and(|e| e.day_off) {
            return Vec::new();
        }
        let weekday = Weekday::of(date);
        let mut hours: Vec<HoursRange> = self
            .weekly_hours
            .iter()
            .filter(|w| w.weekday == weekday)
            .map(|w| w.hours)
            .chain(exception.into_iter().flat_map(|e| e.extra_hours.clone()))
            .collect();
        hours.sort_by_key(|h| h.start);
        hours
    }
}

fn overlapping(ranges: &[HoursRange]) -> bool {
    let mut sorted = ranges.to_vec();
    sorted.sort_by_key(|r| r.start);
    sorted
        .iter()
        .zip(sorted.iter().skip(1))
        .any(|(before, after)| after.start < before.end)
}

/// A doctor as the directory shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorCard {
    /// The doctor.
    pub id: UserId,
    /// Full name.
    pub name: String,
    /// Specialization.
    pub specialization: SpecializationSlug,
    /// Bio, fee, time zone and hours.
    pub practice: Practice,
}

/// `GET /api/v1/doctors`: approved doctors of one specialization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DirectoryQuery {
    /// The specialization's slug.
    pub specialization: SpecializationSlug,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

/// `GET /api/v1/doctors/{id}/slots`: free slots between two dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SlotQuery {
    /// First date, in the viewer's time zone.
    #[cfg_attr(feature = "openapi", param(value_type = String, format = Date))]
    pub from: Date,
    /// Last date (included), in the viewer's time zone; at most 31 days after `from`.
    #[cfg_attr(feature = "openapi", param(value_type = String, format = Date))]
    pub to: Date,
    /// The viewer's IANA time zone; the caller's own by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub time_zone: Option<String>,
}

impl SlotQuery {
    /// Checks the range of dates.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::check_date(&mut errors, "from", Some(self.from));
        rules::check_date(&mut errors, "to", Some(self.to));
        if !errors.is_empty() {
            return errors.into_result(());
        }
        let days = (self.to - self.from).get_days();
        if self.to < self.from {
            errors.add("to", ValidationError::new("must not be before `from`"));
        } else if days >= MAX_SLOT_SEARCH_DAYS {
            errors.add(
                "to",
                ValidationError::new("must be within 31 days of `from`"),
            );
        }
        if let Some(zone) = &self.time_zone {
            if let Err(error) = rules::time_zone_name(zone) {
                errors.add("time_zone", error);
            }
        }
        errors.into_result(())
    }
}

/// A bookable slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slot {
    /// Start (what a booking names).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub starts_at: Timestamp,
    /// End.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub ends_at: Timestamp,
    /// Start on the doctor's clock, with its offset.
    #[cfg_attr(feature = "openapi", schema(example = "2026-03-08T09:00-04:00"))]
    pub doctor_local: String,
    /// Start on the viewer's clock, with its offset.
    #[cfg_attr(feature = "openapi", schema(example = "2026-03-08T13:00+00:00"))]
    pub viewer_local: String,
}

/// Free slots of a doctor, and the zones they are shown in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotList {
    /// The doctor's time zone.
    pub doctor_time_zone: String,
    /// The viewer's time zone.
    pub viewer_time_zone: String,
    /// Free slots in time order.
    pub slots: Vec<Slot>,
}

#[cfg(test)]
mod tests;
