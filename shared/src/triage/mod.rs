//! Symptom triage: how soon a patient should get care for what they describe.
//!
//! The rules are data, written for clinicians to read and review:
//! `shared/triage/complaints.toml` is the vocabulary (body areas, symptoms,
//! durations) and `shared/triage/rules.toml` the versioned rules. Both are
//! built into the crate and read once, by [`Triage::load`].
//!
//! A triage runs in two steps:
//! 1. [`Triage::check`] reads a [`TriageInput`] (what the client sends) into
//!    [`Answers`], refusing unknown ids, values out of range and questions
//!    answered that were not asked, each error naming its field.
//! 2. [`Triage::triage`] gives the [`Outcome`]. A ticked red flag (the
//!    checklist of [`crate::safety::RED_FLAGS`]) ends triage at once as an
//!    emergency, and thoughts of self-harm ask for the crisis message.
//!    Otherwise every rule whose conditions hold fires; the urgency is the
//!    most urgent of the fired rules and the area's default, and every fired
//!    rule is reported with its reason.
//!
//! The engine is pure: no I/O, no clock. The age comes in the answers (the
//! server computes it from the date of birth).

mod answers;
mod rules;
mod session;
mod urgency;
mod vocabulary;

#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use answers::{
    Age, AnswerError, Answers, Complaint, InvalidAnswers, Problem, RedFlags, TriageInput,
    MAX_ID_CHARS,
};
pub use session::{
    summary, SuggestedSlot, TriageQuestions, TriageRequest, TriageSession, NOT_A_DIAGNOSIS,
};
pub use urgency::{Sex, Urgency, ROUTINE_WITHIN_DAYS, SOON_WITHIN_DAYS};
pub use vocabulary::{
    Area, DurationChoice, PregnancyQuestion, Symptom, Vocabulary, MAX_AGE_YEARS, MAX_SEVERITY,
    MAX_SYMPTOMS, PREGNANCY_AREA, PREGNANCY_ASKED_FROM_AGE, PREGNANCY_ASKED_TO_AGE,
};

use crate::specialization::SpecializationSlug;
use rules::RuleBook;

/// The vocabulary as committed.
pub const COMPLAINTS_TOML: &str = include_str!("../../triage/complaints.toml");
/// The rules as committed.
pub const RULES_TOML: &str = include_str!("../../triage/rules.toml");

/// The red flag whose outcome is the crisis message.
pub const SELF_HARM: &str = "self_harm";

/// Why the rules or the vocabulary could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// Not valid TOML, or not the expected shape: the file (`complaints` or
    /// `rules`) and the parser's message.
    Syntax(&'static str, String),
    /// Well formed, but wrong: the file and what is wrong.
    Invalid(&'static str, String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Syntax(file, message) => write!(f, "{file}.toml cannot be read: {message}"),
            Self::Invalid(file, message) => write!(f, "{file}.toml is invalid: {message}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// A rule that fired (or a red flag, or the area's default), with what the
/// patient reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TriageFired))]
pub struct Fired {
    /// The rule's stable id; `red-flag:<id>` for a red flag and `area:<id>`
    /// for an area's default.
    #[cfg_attr(feature = "openapi", schema(example = "fever-baby-under-3-months"))]
    pub rule: String,
    /// Why, in plain words.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "A fever in a baby under 3 months needs a doctor now.")
    )]
    pub reason: String,
    /// The urgency it sets.
    pub urgency: Urgency,
}

/// The result of a triage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TriageOutcome))]
pub struct Outcome {
    /// How soon: the most urgent of everything that fired.
    pub urgency: Urgency,
    /// Everything that fired, the most urgent first, then in the rules'
    /// order. Never empty.
    pub fired: Vec<Fired>,
    /// The specialization to book: from the most urgent fired rule that
    /// names one, else the area's. None after a red flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialization: Option<SpecializationSlug>,
    /// The version of the rules that decided, kept with the outcome.
    #[cfg_attr(feature = "openapi", schema(example = "2026-12-01.2"))]
    pub rules_version: String,
    /// The first red flag ticked, in the checklist's order, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<String>,
    /// Whether to show the crisis message with the clinic's numbers (the
    /// `crisis` of `GET /api/v1/safety`): thoughts of self-harm were ticked.
    pub crisis: bool,
}

/// The loaded vocabulary and rules.
#[derive(Debug, Clone)]
pub struct Triage {
    vocabulary: Vocabulary,
    rules: RuleBook,
}

impl Triage {
    /// The committed vocabulary and rules, read and checked on the first
    /// call and kept for the life of the process.
    pub fn load() -> Result<&'static Triage, LoadError> {
        static LOADED: OnceLock<Result<Triage, LoadError>> = OnceLock::new();
        LOADED
            .get_or_init(|| Triage::parse(COMPLAINTS_TOML, RULES_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// A vocabulary and rules from these texts, checked: every id a rule
    /// names is known, every area has a default and every red flag a reason.
    pub fn parse(complaints: &str, rules: &str) -> Result<Triage, LoadError> {
        let vocabulary = Vocabulary::parse(complaints)?;
        let rules = RuleBook::parse(rules, &vocabulary)?;
        Ok(Triage { vocabulary, rules })
    }

    /// What the complaint step offers, for the client.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The rules' version.
    pub fn version(&self) -> &str {
        &self.rules.version
    }

    /// Reads the client's answers, or says what is wrong with each field.
    pub fn check(&self, input: &TriageInput) -> Result<Answers, InvalidAnswers> {
        answers::check(&self.vocabulary, input)
    }

    /// [`check`](Self::check), then [`triage`](Self::triage).
    pub fn assess(&self, input: &TriageInput) -> Result<Outcome, InvalidAnswers> {
        self.check(input).map(|answers| self.triage(&answers))
    }

    /// The outcome of checked answers.
    pub fn triage(&self, answers: &Answers) -> Outcome {
        match answers {
            Answers::RedFlags(flags) => self.red_flags(flags.ids()),
            Answers::Complaint(complaint) => self.complaint(complaint),
        }
    }

    fn red_flags(&self, ids: &[&'static str]) -> Outcome {
        let fired = ids
            .iter()
            .map(|id| Fired {
                rule: format!("red-flag:{id}"),
                reason: self
                    .rules
                    .red_flag_reason(id)
                    .unwrap_or_default()
                    .to_owned(),
                urgency: Urgency::Emergency,
            })
            .collect();
        Outcome {
            urgency: Urgency::Emergency,
            fired,
            specialization: None,
            rules_version: self.rules.version.clone(),
            red_flag: ids.first().map(|id| (*id).to_owned()),
            crisis: ids.contains(&SELF_HARM),
        }
    }

    fn complaint(&self, complaint: &Complaint) -> Outcome {
        let fired: Vec<&rules::Rule> = self
            .rules
            .rules
            .iter()
            .filter(|rule| rule.matches(complaint))
            .collect();
        let area = self.rules.area(&complaint.area);
        let floor = area.map_or(Urgency::SelfCare, |a| a.urgency);
        let highest = fired.iter().map(|r| r.urgency).max();
        let urgency = highest.map_or(floor, |h| h.max(floor));
        let mut reported: Vec<Fired> = fired
            .iter()
            .map(|rule| Fired {
                rule: rule.id.clone(),
                reason: rule.reason.clone(),
                urgency: rule.urgency,
            })
            .collect();
        // The area's default explains the outcome only when no rule reached it.
        if let Some(area) = area.filter(|_| highest.is_none_or(|h| h < floor)) {
            reported.push(Fired {
                rule: format!("area:{}", area.id),
                reason: area.reason.clone(),
                urgency: area.urgency,
            });
        }
        // Stable: rules of equal urgency stay in the file's order.
        reported.sort_by_key(|f| std::cmp::Reverse(f.urgency));
        let child = complaint.age.years < self.rules.child_below_age;
        // The first of the most urgent fired rules that names one.
        let mut named: Option<&rules::Rule> = None;
        for rule in fired.iter().filter(|r| r.specialization.is_some()) {
            if named.is_none_or(|n| rule.urgency > n.urgency) {
                named = Some(rule);
            }
        }
        let specialization = named
            .and_then(|rule| rule.specialization.clone())
            .or_else(|| {
                area.map(|a| match &a.child_specialization {
                    Some(slug) if child => slug.clone(),
                    _ => a.specialization.clone(),
                })
            });
        Outcome {
            urgency,
            fired: reported,
            specialization,
            rules_version: self.rules.version.clone(),
            red_flag: None,
            crisis: false,
        }
    }
}
