//! The PHQ-9 depression questionnaire, as published (Kroenke, Spitzer and
//! Williams; in the public domain): nine items scored 0 to 3, the difficulty
//! item, the total 0 to 27 and its bands; doctors' requests for it; and the
//! alert an answer to item 9 raises.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{text, Author};
use crate::ids::{Phq9Id, UserId};
use crate::rules;
use crate::safety::CrisisMessage;
use crate::validation::{FieldErrors, ValidationError};

/// The question every item answers.
pub const PHQ9_STEM: &str =
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?";

/// The nine items, in order; the ninth asks about self-harm.
pub const PHQ9_ITEMS: [&str; 9] = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
];

/// The answers to each item, scored 0 to 3 in this order.
pub const PHQ9_ANSWERS: [&str; 4] = [
    "Not at all",
    "Several days",
    "More than half the days",
    "Nearly every day",
];

/// The difficulty item, asked when any problem was checked.
pub const PHQ9_DIFFICULTY: &str = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?";

/// A total at or above this tells the patient's doctors.
pub const PHQ9_TELL_DOCTORS_AT: u8 = 10;

/// The answer to the difficulty item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    /// Not difficult at all.
    NotDifficult,
    /// Somewhat difficult.
    SomewhatDifficult,
    /// Very difficult.
    VeryDifficult,
    /// Extremely difficult.
    ExtremelyDifficult,
}

impl Difficulty {
    /// Every answer, in order.
    pub const ALL: [Difficulty; 4] = [
        Self::NotDifficult,
        Self::SomewhatDifficult,
        Self::VeryDifficult,
        Self::ExtremelyDifficult,
    ];

    /// The answer as published.
    pub fn label(self) -> &'static str {
        match self {
            Self::NotDifficult => "Not difficult at all",
            Self::SomewhatDifficult => "Somewhat difficult",
            Self::VeryDifficult => "Very difficult",
            Self::ExtremelyDifficult => "Extremely difficult",
        }
    }
}

/// The band of a total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phq9Severity {
    /// 0 to 4.
    Minimal,
    /// 5 to 9.
    Mild,
    /// 10 to 14.
    Moderate,
    /// 15 to 19.
    ModeratelySevere,
    /// 20 to 27.
    Severe,
}

impl Phq9Severity {
    /// The band of `score`.
    pub fn of(score: u8) -> Self {
        match score {
            0..=4 => Self::Minimal,
            5..=9 => Self::Mild,
            10..=14 => Self::Moderate,
            15..=19 => Self::ModeratelySevere,
            _ => Self::Severe,
        }
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Minimal => "Minimal",
            Self::Mild => "Mild",
            Self::Moderate => "Moderate",
            Self::ModeratelySevere => "Moderately severe",
            Self::Severe => "Severe",
        }
    }
}

/// `POST /api/v1/patients/{id}/phq9`: the patient's answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "answers": [1, 2, 1, 2, 0, 1, 1, 0, 0], "difficulty": "somewhat_difficult"
})))]
pub struct Phq9Input {
    /// The nine items in order, each 0 (not at all) to 3 (nearly every day).
    #[cfg_attr(feature = "openapi", schema(min_items = 9, max_items = 9))]
    pub answers: Vec<u8>,
    /// The difficulty item (asked when any item is above 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<Difficulty>,
}

impl Phq9Input {
    /// Checks that there are nine answers from 0 to 3.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let within = rules::items_within(&mut errors, "answers", self.answers.len(), 9);
        if within && self.answers.len() != PHQ9_ITEMS.len() {
            errors.add("answers", ValidationError::new("must hold nine answers"));
        }
        for (n, answer) in self.answers.iter().enumerate() {
            if *answer > 3 {
                errors.add(
                    &format!("answers[{n}]"),
                    ValidationError::new("must be from 0 to 3"),
                );
            }
        }
        errors.into_result(())
    }

    /// The total, 0 to 27.
    pub fn score(&self) -> u8 {
        self.answers.iter().map(|a| (*a).min(3)).sum()
    }

    /// Whether item 9 (thoughts of death or self-harm) was answered other
    /// than "not at all".
    pub fn self_harm(&self) -> bool {
        self.answers.get(8).is_some_and(|a| *a > 0)
    }
}

/// A doctor's (or, after escalation, an admin's) acknowledgement of an
/// alert: someone has it in hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acknowledgement {
    /// Who.
    pub by: Author,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// What they did or will do.
    #[serde(default)]
    pub note: String,
}

/// The urgent alert an answer to item 9 raises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrisisAlert {
    /// When it was raised.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub raised_at: Timestamp,
    /// When it went to the clinic's admins: unacknowledged in time, or at
    /// once for a patient with no doctor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub escalated_at: Option<Timestamp>,
    /// Who took it in hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<Acknowledgement>,
}

/// A PHQ-9 the patient answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Phq9Result {
    /// Id (time-ordered).
    pub id: Phq9Id,
    /// Whose.
    pub patient: UserId,
    /// The nine answers, 0 to 3.
    pub answers: Vec<u8>,
    /// The difficulty item, if answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<Difficulty>,
    /// 0 to 27.
    pub score: u8,
    /// Its band.
    pub severity: Phq9Severity,
    /// When it was answered.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub answered_at: Timestamp,
    /// The alert raised by item 9, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<CrisisAlert>,
}

/// What answering a PHQ-9 returns: the result, and the crisis message at
/// once when item 9 was answered other than "not at all".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Phq9Submitted {
    /// The result.
    pub result: Phq9Result,
    /// The crisis message, when it applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crisis: Option<CrisisMessage>,
}

/// `POST .../phq9/{result_id}/acknowledge`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"note": "Called the patient; seeing them today."})))]
pub struct AcknowledgeInput {
    /// What was done or will be.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: String,
}

impl AcknowledgeInput {
    /// Checks the note's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        text(&mut errors, "note", &self.note, 500, false);
        errors.into_result(())
    }
}

/// How often a doctor's request for a PHQ-9 comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phq9Repeat {
    /// Asked once.
    #[default]
    Once,
    /// Asked again every two weeks until the doctor stops it.
    #[serde(rename = "every_2_weeks")]
    Every2Weeks,
    /// Asked again every four weeks until the doctor stops it.
    #[serde(rename = "every_4_weeks")]
    Every4Weeks,
}

impl Phq9Repeat {
    /// The weeks between two requests, none when asked once.
    pub fn weeks(self) -> Option<u8> {
        match self {
            Self::Once => None,
            Self::Every2Weeks => Some(2),
            Self::Every4Weeks => Some(4),
        }
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Once => "Once",
            Self::Every2Weeks => "Every 2 weeks",
            Self::Every4Weeks => "Every 4 weeks",
        }
    }
}

/// `PUT /api/v1/patients/{id}/phq9/requests`: a doctor asks the patient to
/// answer a PHQ-9 (their earlier request, if any, is replaced).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"repeat": "every_4_weeks"})))]
pub struct Phq9RequestInput {
    /// Once (default), or every 2 or 4 weeks.
    #[serde(default)]
    pub repeat: Phq9Repeat,
}

/// A doctor's request for a PHQ-9.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Phq9Request {
    /// Whose answers are asked for.
    pub patient: UserId,
    /// Who asks.
    pub doctor: Author,
    /// How often.
    pub repeat: Phq9Repeat,
    /// When it was last asked.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub asked_at: Timestamp,
    /// When it will be asked again, for a repeating request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub next_at: Option<Timestamp>,
    /// When the patient last answered a PHQ-9 after it was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub answered_at: Option<Timestamp>,
}

impl Phq9Request {
    /// Whether the patient has yet to answer since it was last asked.
    pub fn pending(&self) -> bool {
        self.answered_at.is_none_or(|at| at < self.asked_at)
    }
}

/// An alert waiting for someone to take it in hand, as admins list them:
/// who, and since when; the answers stay on the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenAlert {
    /// The patient.
    pub patient: UserId,
    /// Their name.
    pub patient_name: String,
    /// The questionnaire that raised it.
    pub result: Phq9Id,
    /// The alert.
    pub alert: CrisisAlert,
}
