//! The mood log: a score from 1 to 10 with tags and a note, as often as the
//! patient likes, on the patient's clock; and its chart.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::phq9::Phq9Severity;
use super::text;
use crate::ids::{MoodEntryId, Phq9Id, UserId};
use crate::medication::DayCount;
use crate::rules;
use crate::validation::{FieldErrors, ValidationError};

/// The tags offered first; patients may add their own.
pub const SUGGESTED_MOOD_TAGS: [&str; 10] = [
    "calm",
    "happy",
    "energetic",
    "tired",
    "anxious",
    "sad",
    "stressed",
    "irritable",
    "lonely",
    "in pain",
];
/// The most tags on one entry.
pub const MAX_MOOD_TAGS: usize = 8;
/// The longest tag.
pub const MAX_MOOD_TAG_CHARS: usize = 30;
/// The longest note of an entry.
pub const MAX_MOOD_NOTE_CHARS: usize = 1000;
/// How far back an entry may be logged: a patient catching up on the last
/// few days, not rewriting months.
pub const MOOD_BACKDATE_DAYS: i64 = 7;
/// The shortest and longest chart, in days.
pub const MOOD_CHART_DAYS: std::ops::RangeInclusive<u16> = 7..=365;

/// A tag as stored and compared: trimmed, inner spaces made one, lower case.
pub fn normal_tag(tag: &str) -> String {
    tag.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn check_score(errors: &mut FieldErrors, score: u8) {
    if !(1..=10).contains(&score) {
        errors.add("score", ValidationError::new("must be from 1 to 10"));
    }
}

fn check_tags(errors: &mut FieldErrors, tags: &[String]) {
    if !rules::items_within(errors, "tags", tags.len(), MAX_MOOD_TAGS) {
        return;
    }
    for (n, tag) in tags.iter().enumerate() {
        let field = format!("tags[{n}]");
        text(errors, &field, tag, MAX_MOOD_TAG_CHARS, true);
    }
}

/// `POST /api/v1/patients/{id}/mood`: how the patient feels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "score": 6, "tags": ["tired", "calm"], "note": "Slept badly, better after a walk."
})))]
pub struct MoodInput {
    /// 1 (very low) to 10 (very good).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10))]
    pub score: u8,
    /// Tags: the suggested ones or the patient's own.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<crate::schema::MoodTag>, max_items = 8))]
    pub tags: Vec<String>,
    /// A note.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub note: String,
    /// When the patient felt so: now when absent; up to seven days back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub at: Option<Timestamp>,
}

impl MoodInput {
    /// Checks the score, lengths and presence.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        check_score(&mut errors, self.score);
        check_tags(&mut errors, &self.tags);
        text(&mut errors, "note", &self.note, MAX_MOOD_NOTE_CHARS, false);
        rules::check_instant(&mut errors, "at", self.at);
        errors.into_result(())
    }
}

/// `PATCH /api/v1/patients/{id}/mood/{entry_id}`: what to change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"score": 7, "tags": ["calm"]})))]
pub struct MoodChange {
    /// The new score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10))]
    pub score: Option<u8>,
    /// The tags as they should be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<crate::schema::MoodTag>>, max_items = 8))]
    pub tags: Option<Vec<String>>,
    /// The note as it should read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub note: Option<String>,
}

impl MoodChange {
    /// Checks what is given, and that something is.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Some(score) = self.score {
            check_score(&mut errors, score);
        }
        if let Some(tags) = &self.tags {
            check_tags(&mut errors, tags);
        }
        if let Some(note) = &self.note {
            text(&mut errors, "note", note, MAX_MOOD_NOTE_CHARS, false);
        }
        if self.score.is_none() && self.tags.is_none() && self.note.is_none() {
            errors.add(
                "score",
                ValidationError::new("nothing to change: give a score, tags or a note"),
            );
        }
        errors.into_result(())
    }
}

/// An entry of the mood log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoodEntry {
    /// Id (carries `at`).
    pub id: MoodEntryId,
    /// Whose.
    pub patient: UserId,
    /// 1 to 10.
    pub score: u8,
    /// Tags, in normal form (lower case, single spaces), without repeats.
    pub tags: Vec<String>,
    /// The note.
    pub note: String,
    /// When the patient felt so.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// That instant's day on the patient's clock when it was logged.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// When it was last changed.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
}

/// `GET /api/v1/patients/{id}/mood/chart`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MoodChartQuery {
    /// How many days up to today, 7 to 365 (default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 7, maximum = 365))]
    pub days: Option<u16>,
}

impl MoodChartQuery {
    /// The days asked for, or a 400's field error.
    pub fn days(&self) -> Result<u16, FieldErrors> {
        let days = self.days.unwrap_or(30);
        if MOOD_CHART_DAYS.contains(&days) {
            Ok(days)
        } else {
            let mut errors = FieldErrors::default();
            errors.add("days", ValidationError::new("must be from 7 to 365"));
            Err(errors)
        }
    }
}

/// One day of the mood chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoodDay {
    /// The day, on the patient's calendar.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// Entries that day.
    pub entries: u32,
    /// Their average score, to one decimal; none without entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average: Option<f64>,
    /// The trend: the average of every entry in the seven days up to this
    /// one, to one decimal; none when those days have no entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trend: Option<f64>,
    /// The doses due that day and what became of them.
    pub doses: DayCount,
}

/// The average score of the entries carrying one tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagAverage {
    /// The tag.
    pub tag: String,
    /// Entries carrying it.
    pub entries: u32,
    /// Their average score, to one decimal.
    pub average: f64,
}

/// A PHQ-9 score on the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScorePoint {
    /// The questionnaire.
    pub id: Phq9Id,
    /// When it was answered.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The day, on the patient's calendar.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// 0 to 27.
    pub score: u8,
    /// Its band.
    pub severity: Phq9Severity,
}

/// The mood chart: every day of the period, oldest first, with the doses of
/// the same days; the average per tag over the period; the PHQ-9 scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoodChart {
    /// The patient's time zone, whose days these are.
    #[cfg_attr(feature = "openapi", schema(example = "Europe/Paris"))]
    pub time_zone: String,
    /// Every day, oldest first, ending today.
    pub days: Vec<MoodDay>,
    /// Tags by how often they were used, then by name.
    pub tags: Vec<TagAverage>,
    /// PHQ-9 scores in the period, oldest first.
    pub phq9: Vec<ScorePoint>,
}

/// `x` to one decimal.
pub fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
