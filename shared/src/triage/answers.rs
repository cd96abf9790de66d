//! The patient's answers: as the client sends them ([`TriageInput`]), and
//! checked once against the vocabulary ([`Answers`]).

use serde::{Deserialize, Serialize};

use super::vocabulary::{PregnancyQuestion, Vocabulary, MAX_AGE_YEARS, MAX_SEVERITY, MAX_SYMPTOMS};
use super::Sex;
use crate::safety::RED_FLAGS;
use crate::validation::{FieldErrors, ValidationError};

/// The longest id accepted in an answer (every real id is shorter).
pub const MAX_ID_CHARS: usize = 64;

/// `POST` body of a triage: the red-flag checklist, then the complaint.
///
/// Either `red_flags` names what was ticked, or `none_of_these` is true and
/// the complaint fields are filled in; an answer with neither is refused, so
/// "not answered" is never taken for "none". With a red flag the complaint is
/// not asked, and its fields are not read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "red_flags": [], "none_of_these": true, "area": "urinary",
    "symptoms": ["painful_urination", "frequent_urination"], "duration": "days",
    "severity": 4, "fever": false, "age_years": 28, "sex": "female", "pregnant": false
})))]
pub struct TriageInput {
    /// The red flags ticked (ids of `GET /api/v1/safety`), in any order.
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
    /// Symptom ids: the first (main) one offered in the area, others from
    /// any area.
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
    /// Age in whole years (from the profile's date of birth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 120))]
    pub age_years: Option<u16>,
    /// Whole months since the last birthday, 0 to 11, when known: rules for
    /// babies are told apart by it. Without it, an age in years counts as
    /// any month of that year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 11))]
    pub age_months: Option<u8>,
    /// Sex at birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Pregnant: answered only when asked (a female patient of 12 to 55
    /// with a symptom that asks it); in the pregnancy area it is known, and
    /// may be left out or sent as `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pregnant: Option<bool>,
}

/// Answers checked against the vocabulary: made only by
/// [`Triage::check`](super::Triage::check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answers {
    /// At least one red flag was ticked: triage ends here.
    RedFlags(RedFlags),
    /// "None of these", then a complaint.
    Complaint(Complaint),
}

/// The red flags ticked, in the checklist's order, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedFlags(Vec<&'static str>);

impl RedFlags {
    /// Their ids, in the checklist's order.
    pub fn ids(&self) -> &[&'static str] {
        &self.0
    }
}

/// An age: whole years, and the months past the last birthday when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Age {
    /// Whole years, 0 to 120.
    pub years: u16,
    /// Months since the last birthday, 0 to 11, when known.
    pub months: Option<u8>,
}

impl Age {
    /// The ages in whole months this age may be, inclusive: one month when
    /// the months are known, the twelve of the year otherwise.
    pub fn month_range(self) -> (u32, u32) {
        let start = u32::from(self.years) * 12;
        match self.months {
            Some(m) => (start + u32::from(m), start + u32::from(m)),
            None => (start, start + 11),
        }
    }
}

/// A complaint whose every id is known and every value in range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub(super) area: String,
    pub(super) symptoms: Vec<String>,
    pub(super) duration: String,
    pub(super) severity: u8,
    pub(super) fever: bool,
    pub(super) age: Age,
    pub(super) sex: Sex,
    pub(super) pregnant: Option<bool>,
}

impl Complaint {
    /// The area's id.
    pub fn area(&self) -> &str {
        &self.area
    }
    /// The symptoms' ids, the main one first.
    pub fn symptoms(&self) -> &[String] {
        &self.symptoms
    }
    /// The duration's id.
    pub fn duration(&self) -> &str {
        &self.duration
    }
    /// 0 to 10.
    pub fn severity(&self) -> u8 {
        self.severity
    }
    /// A temperature of 38 °C or more.
    pub fn fever(&self) -> bool {
        self.fever
    }
    /// The age.
    pub fn age(&self) -> Age {
        self.age
    }
    /// Sex at birth.
    pub fn sex(&self) -> Sex {
        self.sex
    }
    /// `Some` when the pregnancy question was asked or implied (the
    /// pregnancy area: `Some(true)`), `None` when it was not asked.
    pub fn pregnant(&self) -> Option<bool> {
        self.pregnant
    }
}

/// What is wrong with one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Missing.
    Required,
    /// Longer than any id.
    TooLong,
    /// Too many items.
    TooMany {
        /// The most allowed.
        max: usize,
    },
    /// Not one of the choices.
    Unknown,
    /// The main symptom is not offered in the chosen area.
    NotInArea,
    /// The same choice twice.
    Repeated,
    /// A number outside its range.
    OutOfRange {
        /// The least allowed.
        min: u16,
        /// The most allowed.
        max: u16,
    },
    /// Given, though the question is not asked for these answers.
    NotAsked,
    /// Cannot go with another answer, named.
    Contradicts(&'static str),
}

impl Problem {
    /// The message, in words a person can act on (never the value sent).
    pub fn message(self) -> String {
        match self {
            Self::Required => "is required".to_owned(),
            Self::TooLong => format!("must be at most {MAX_ID_CHARS} characters"),
            Self::TooMany { max } => format!("may hold at most {max} items"),
            Self::Unknown => "is not one of the choices offered".to_owned(),
            Self::NotInArea => "must be a symptom offered in the chosen area".to_owned(),
            Self::Repeated => "is chosen more than once".to_owned(),
            Self::OutOfRange { min, max } => format!("must be from {min} to {max}"),
            Self::NotAsked => "is not asked for these answers".to_owned(),
            Self::Contradicts(other) => format!("cannot go with the answer to {other}"),
        }
    }
}

/// One refused answer: the field (`symptoms[1]`, `pregnant`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerError {
    /// The field, as named in [`TriageInput`], with an index for a list item.
    pub field: String,
    /// What is wrong with it.
    pub problem: Problem,
}

/// Answers refused: every problem found, at least one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidAnswers(Vec<AnswerError>);

impl InvalidAnswers {
    /// Every problem, in the order of the fields.
    pub fn errors(&self) -> &[AnswerError] {
        &self.0
    }

    /// The first problem of `field`, if it has one.
    pub fn problem(&self, field: &str) -> Option<Problem> {
        self.0.iter().find(|e| e.field == field).map(|e| e.problem)
    }
}

impl std::fmt::Display for InvalidAnswers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fields: Vec<&str> = self.0.iter().map(|e| e.field.as_str()).collect();
        write!(f, "invalid triage answers: {}", fields.join(", "))
    }
}

impl std::error::Error for InvalidAnswers {}

impl From<InvalidAnswers> for FieldErrors {
    fn from(invalid: InvalidAnswers) -> Self {
        let mut errors = FieldErrors::default();
        for e in invalid.0 {
            errors.add(&e.field, ValidationError::new(e.problem.message()));
        }
        errors
    }
}

/// Collects problems as the fields are read.
#[derive(Default)]
struct Problems(Vec<AnswerError>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push(AnswerError {
            field: field.into(),
            problem,
        });
    }

    /// `Some(value)` when present, a `Required` problem otherwise.
    fn required<T>(&mut self, field: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.add(field, Problem::Required);
        }
        value
    }

    /// The id when it is within length and `known`.
    fn id<'a>(&mut self, field: &str, id: &'a str, known: bool) -> Option<&'a str> {
        if id.chars().count() > MAX_ID_CHARS {
            self.add(field, Problem::TooLong);
            None
        } else if !known {
            self.add(field, Problem::Unknown);
            None
        } else {
            Some(id)
        }
    }
}

/// Checks `input` against `vocabulary`: lengths first, then ids, ranges and
/// which questions were asked.
pub(super) fn check(
    vocabulary: &Vocabulary,
    input: &TriageInput,
) -> Result<Answers, InvalidAnswers> {
    let mut problems = Problems::default();
    let flags = red_flags(&mut problems, &input.red_flags);
    if !flags.is_empty() || !problems.0.is_empty() {
        if input.none_of_these {
            problems.add("none_of_these", Problem::Contradicts("red_flags"));
        }
        return match problems.0.is_empty() {
            true => Ok(Answers::RedFlags(RedFlags(flags))),
            false => Err(InvalidAnswers(problems.0)),
        };
    }
    if !input.none_of_these {
        // Neither a red flag nor "none of these": the checklist was not answered.
        problems.add("red_flags", Problem::Required);
        return Err(InvalidAnswers(problems.0));
    }
    let complaint = complaint(vocabulary, input, &mut problems);
    match complaint {
        Some(complaint) if problems.0.is_empty() => Ok(Answers::Complaint(complaint)),
        _ => Err(InvalidAnswers(problems.0)),
    }
}

fn red_flags(problems: &mut Problems, ids: &[String]) -> Vec<&'static str> {
    if ids.len() > RED_FLAGS.len() {
        problems.add(
            "red_flags",
            Problem::TooMany {
                max: RED_FLAGS.len(),
            },
        );
        return Vec::new();
    }
    let mut ticked = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        let field = format!("red_flags[{n}]");
        let known = RED_FLAGS.iter().find(|f| f.id == id);
        if problems.id(&field, id, known.is_some()).is_none() {
            continue;
        }
        if ids.iter().take(n).any(|earlier| earlier == id) {
            problems.add(field, Problem::Repeated);
        }
    }
    for flag in &RED_FLAGS {
        if ids.iter().any(|id| id == flag.id) {
            ticked.push(flag.id);
        }
    }
    ticked
}

fn complaint(
    vocabulary: &Vocabulary,
    input: &TriageInput,
    problems: &mut Problems,
) -> Option<Complaint> {
    let area = input.area.as_deref();
    let area = problems
        .required("area", area)
        .and_then(|a| problems.id("area", a, vocabulary.area(a).is_some()));
    let symptoms = symptoms(vocabulary, input, area, problems);
    let duration = problems
        .required("duration", input.duration.as_deref())
        .and_then(|d| problems.id("duration", d, vocabulary.duration(d).is_some()));
    let severity = problems.required("severity", input.severity);
    if severity.is_some_and(|s| s > MAX_SEVERITY) {
        problems.add(
            "severity",
            Problem::OutOfRange {
                min: 0,
                max: MAX_SEVERITY.into(),
            },
        );
    }
    let fever = problems.required("fever", input.fever);
    let years = problems.required("age_years", input.age_years);
    if years.is_some_and(|y| y > MAX_AGE_YEARS) {
        problems.add(
            "age_years",
            Problem::OutOfRange {
                min: 0,
                max: MAX_AGE_YEARS,
            },
        );
    }
    if input.age_months.is_some_and(|m| m > 11) {
        problems.add("age_months", Problem::OutOfRange { min: 0, max: 11 });
    }
    let sex = problems.required("sex", input.sex);
    let (area, symptoms, duration, severity, fever, years, sex) =
        (area?, symptoms?, duration?, severity?, fever?, years?, sex?);
    let pregnant = match (
        vocabulary.pregnancy_question(area, &symptoms, sex, years),
        input.pregnant,
    ) {
        (PregnancyQuestion::Asked, None) => {
            problems.add("pregnant", Problem::Required);
            None
        }
        (PregnancyQuestion::Asked, given) => given,
        (PregnancyQuestion::Implied, Some(false)) => {
            problems.add("pregnant", Problem::Contradicts("area"));
            None
        }
        (PregnancyQuestion::Implied, _) if sex == Sex::Male => {
            problems.add("area", Problem::Contradicts("sex"));
            None
        }
        (PregnancyQuestion::Implied, _) => Some(true),
        (PregnancyQuestion::NotAsked, Some(_)) => {
            problems.add("pregnant", Problem::NotAsked);
            None
        }
        (PregnancyQuestion::NotAsked, None) => None,
    };
    Some(Complaint {
        area: area.to_owned(),
        symptoms,
        duration: duration.to_owned(),
        severity,
        fever,
        age: Age {
            years,
            months: input.age_months,
        },
        sex,
        pregnant,
    })
}

fn symptoms(
    vocabulary: &Vocabulary,
    input: &TriageInput,
    area: Option<&str>,
    problems: &mut Problems,
) -> Option<Vec<String>> {
    let ids = &input.symptoms;
    if ids.is_empty() {
        problems.add("symptoms", Problem::Required);
        return None;
    }
    if ids.len() > MAX_SYMPTOMS {
        problems.add("symptoms", Problem::TooMany { max: MAX_SYMPTOMS });
        return None;
    }
    let before = problems.0.len();
    for (n, id) in ids.iter().enumerate() {
        let field = format!("symptoms[{n}]");
        let Some(symptom) = problems
            .id(&field, id, vocabulary.symptom(id).is_some())
            .and_then(|id| vocabulary.symptom(id))
        else {
            continue;
        };
        if ids.iter().take(n).any(|earlier| earlier == id) {
            problems.add(field, Problem::Repeated);
        } else if n == 0 && area.is_some_and(|a| !symptom.areas.iter().any(|s| s == a)) {
            problems.add(field, Problem::NotInArea);
        }
    }
    (problems.0.len() == before).then(|| ids.clone())
}
