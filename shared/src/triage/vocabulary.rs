//! The complaint vocabulary (`shared/triage/complaints.toml`): the body areas,
//! symptoms and durations a patient chooses from, as the API serves them.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{LoadError, Sex};

/// The area whose choice means the patient is pregnant (not asked again).
pub const PREGNANCY_AREA: &str = "pregnancy";
/// The youngest age (whole years) at which a female patient is asked whether
/// she is pregnant.
pub const PREGNANCY_ASKED_FROM_AGE: u16 = 12;
/// The oldest age (whole years) at which a female patient is asked whether
/// she is pregnant.
pub const PREGNANCY_ASKED_TO_AGE: u16 = 55;
/// The highest severity: "the worst imaginable".
pub const MAX_SEVERITY: u8 = 10;
/// The oldest age accepted, in whole years.
pub const MAX_AGE_YEARS: u16 = 120;
/// The most symptoms one complaint may name.
pub const MAX_SYMPTOMS: usize = 10;

/// A body area or system, the first choice of the complaint step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TriageArea))]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Stable id, e.g. `head`.
    #[cfg_attr(feature = "openapi", schema(example = "head"))]
    pub id: String,
    /// What the patient reads.
    #[cfg_attr(feature = "openapi", schema(example = "Head and brain"))]
    pub label: String,
}

/// A symptom, offered in one or more areas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TriageSymptom))]
#[serde(deny_unknown_fields)]
pub struct Symptom {
    /// Stable id, e.g. `headache`.
    #[cfg_attr(feature = "openapi", schema(example = "headache"))]
    pub id: String,
    /// What the patient reads.
    #[cfg_attr(feature = "openapi", schema(example = "Headache"))]
    pub label: String,
    /// The areas where it is offered as the main symptom; the first is its
    /// own. Any symptom may be added after the main one.
    pub areas: Vec<String>,
    /// Whether choosing it asks a female patient of 12 to 55 whether she is
    /// pregnant.
    #[serde(default)]
    pub ask_pregnancy: bool,
}

/// How long the complaint has lasted: one of a few bands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TriageDuration))]
#[serde(deny_unknown_fields)]
pub struct DurationChoice {
    /// Stable id, e.g. `days`.
    #[cfg_attr(feature = "openapi", schema(example = "days"))]
    pub id: String,
    /// What the patient reads.
    #[cfg_attr(feature = "openapi", schema(example = "1 to 6 days"))]
    pub label: String,
}

/// Everything the complaint step offers, in the order it is offered: what
/// the API serves to the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TriageVocabulary))]
pub struct Vocabulary {
    /// The body areas.
    pub areas: Vec<Area>,
    /// The symptoms, grouped by their first area.
    pub symptoms: Vec<Symptom>,
    /// The durations, shortest first.
    pub durations: Vec<DurationChoice>,
    /// The highest severity (the lowest is 0).
    pub max_severity: u8,
    /// The most symptoms one complaint may name.
    pub max_symptoms: usize,
    /// The youngest age (whole years) at which a female patient is asked
    /// whether she is pregnant.
    pub pregnancy_asked_from_age: u16,
    /// The oldest age (whole years) at which she is asked.
    pub pregnancy_asked_to_age: u16,
    /// The area whose choice means the patient is pregnant.
    pub pregnancy_area: String,
}

/// Whether the pregnancy question is asked for a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TriagePregnancyQuestion))]
#[serde(rename_all = "snake_case")]
pub enum PregnancyQuestion {
    /// Not asked: no symptom asks it, or the patient is male or outside the
    /// ages asked.
    NotAsked,
    /// Asked, yes or no.
    Asked,
    /// Not asked because the answer is known: the pregnancy area was chosen.
    Implied,
}

/// The file as written: `[[area]]`, `[[symptom]]` and `durations`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplaintsFile {
    durations: Vec<DurationChoice>,
    area: Vec<Area>,
    symptom: Vec<Symptom>,
}

impl Vocabulary {
    /// Reads and checks `complaints.toml`: ids well formed and unique, every
    /// symptom offered in known areas, the pregnancy area present.
    pub(super) fn parse(text: &str) -> Result<Self, LoadError> {
        let file: ComplaintsFile =
            toml::from_str(text).map_err(|e| LoadError::Syntax("complaints", e.to_string()))?;
        let vocabulary = Self {
            areas: file.area,
            symptoms: file.symptom,
            durations: file.durations,
            max_severity: MAX_SEVERITY,
            max_symptoms: MAX_SYMPTOMS,
            pregnancy_asked_from_age: PREGNANCY_ASKED_FROM_AGE,
            pregnancy_asked_to_age: PREGNANCY_ASKED_TO_AGE,
            pregnancy_area: PREGNANCY_AREA.to_owned(),
        };
        vocabulary.check()?;
        Ok(vocabulary)
    }

    fn check(&self) -> Result<(), LoadError> {
        let invalid = |what: String| Err(LoadError::Invalid("complaints", what));
        let mut seen = BTreeSet::new();
        let entries = self
            .areas
            .iter()
            .map(|a| ("area", &a.id, &a.label))
            .chain(self.symptoms.iter().map(|s| ("symptom", &s.id, &s.label)))
            .chain(self.durations.iter().map(|d| ("duration", &d.id, &d.label)));
        for (kind, id, label) in entries {
            if !well_formed_id(id) {
                return invalid(format!(
                    "{kind} id {id:?} is not lowercase words joined by _"
                ));
            }
            if !seen.insert((kind, id.as_str())) {
                return invalid(format!("{kind} {id} is listed twice"));
            }
            if label.trim().is_empty() {
                return invalid(format!("{kind} {id} has no label"));
            }
        }
        for symptom in &self.symptoms {
            if symptom.areas.is_empty() {
                return invalid(format!("symptom {} is offered in no area", symptom.id));
            }
            if let Some(area) = symptom.areas.iter().find(|a| self.area(a).is_none()) {
                return invalid(format!("symptom {} names unknown area {area}", symptom.id));
            }
        }
        if self.area(PREGNANCY_AREA).is_none() {
            return invalid(format!("the area {PREGNANCY_AREA} is missing"));
        }
        if self.durations.is_empty() || self.areas.is_empty() {
            return invalid("there must be areas and durations".to_owned());
        }
        Ok(())
    }

    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// The symptom with this id.
    pub fn symptom(&self, id: &str) -> Option<&Symptom> {
        self.symptoms.iter().find(|s| s.id == id)
    }

    /// The duration with this id.
    pub fn duration(&self, id: &str) -> Option<&DurationChoice> {
        self.durations.iter().find(|d| d.id == id)
    }

    /// The symptoms offered as the main one in `area`, in order.
    pub fn symptoms_in<'a>(&'a self, area: &'a str) -> impl Iterator<Item = &'a Symptom> + 'a {
        self.symptoms
            .iter()
            .filter(move |s| s.areas.iter().any(|a| a == area))
    }

    /// Whether the pregnancy question is asked for this area, these symptoms
    /// (unknown ids ask nothing) and this patient: of a female patient aged
    /// 12 to 55 when a chosen symptom asks it; never in the pregnancy area,
    /// where the answer is known.
    pub fn pregnancy_question<S: AsRef<str>>(
        &self,
        area: &str,
        symptoms: &[S],
        sex: Sex,
        age_years: u16,
    ) -> PregnancyQuestion {
        if area == PREGNANCY_AREA {
            return PregnancyQuestion::Implied;
        }
        let of_age = (PREGNANCY_ASKED_FROM_AGE..=PREGNANCY_ASKED_TO_AGE).contains(&age_years);
        let asks = symptoms
            .iter()
            .filter_map(|s| self.symptom(s.as_ref()))
            .any(|s| s.ask_pregnancy);
        if sex == Sex::Female && of_age && asks {
            PregnancyQuestion::Asked
        } else {
            PregnancyQuestion::NotAsked
        }
    }
}

/// Lowercase ASCII words joined by single underscores, e.g. `self_harm`.
pub(super) fn well_formed_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('_').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
