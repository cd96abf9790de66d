//! The triage rules (`shared/triage/rules.toml`): read, checked against the
//! vocabulary and the red-flag checklist, and matched against a complaint.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::answers::Complaint;
use super::vocabulary::{well_formed_id, Vocabulary, MAX_AGE_YEARS, MAX_SEVERITY};
use super::{LoadError, Sex, Urgency};
use crate::safety::RED_FLAGS;
use crate::specialization::SpecializationSlug;

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleBook {
    /// Changed with every change of the rules; kept with each outcome.
    pub version: String,
    /// Below this age in whole years, an area's `child_specialization` is
    /// suggested in place of its `specialization`.
    pub child_below_age: u16,
    #[serde(rename = "red_flag")]
    pub red_flags: Vec<RedFlagReason>,
    #[serde(rename = "area")]
    pub areas: Vec<AreaDefault>,
    #[serde(rename = "rule", default)]
    pub rules: Vec<Rule>,
}

/// What a patient reads when a red flag is ticked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RedFlagReason {
    pub id: String,
    pub reason: String,
}

/// An area's floor: the least urgency and the specialization of any
/// complaint in it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AreaDefault {
    pub id: String,
    pub urgency: Urgency,
    pub reason: String,
    pub specialization: SpecializationSlug,
    #[serde(default)]
    pub child_specialization: Option<SpecializationSlug>,
}

/// One rule: when every condition it names holds, it fires with its urgency.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Rule {
    pub id: String,
    pub reason: String,
    pub urgency: Urgency,
    #[serde(default)]
    pub specialization: Option<SpecializationSlug>,
    /// The chosen area is one of these.
    #[serde(default)]
    pub areas: Vec<String>,
    /// At least one of these symptoms was chosen.
    #[serde(default)]
    pub any_of: Vec<String>,
    /// Every one of these symptoms was chosen.
    #[serde(default)]
    pub all_of: Vec<String>,
    /// The duration is one of these.
    #[serde(default)]
    pub durations: Vec<String>,
    #[serde(default)]
    pub severity_at_least: Option<u8>,
    #[serde(default)]
    pub severity_at_most: Option<u8>,
    #[serde(default)]
    pub fever: Option<bool>,
    /// Whole years, inclusive.
    #[serde(default)]
    pub age_min: Option<u16>,
    /// Whole years, inclusive: `age_max = 4` is "under 5".
    #[serde(default)]
    pub age_max: Option<u16>,
    /// Whole months of age, inclusive.
    #[serde(default)]
    pub age_min_months: Option<u32>,
    /// Whole months of age, inclusive: `age_max_months = 2` is "under 3
    /// months".
    #[serde(default)]
    pub age_max_months: Option<u32>,
    #[serde(default)]
    pub sex: Option<Sex>,
    /// `true`: known to be pregnant; `false`: not known to be (answered no,
    /// or not asked).
    #[serde(default)]
    pub pregnant: Option<bool>,
}

impl Rule {
    /// Whether every condition the rule names holds for `complaint`. An age
    /// known only in years matches when any month of that year would.
    pub fn matches(&self, complaint: &Complaint) -> bool {
        let chosen = |id: &String| complaint.symptoms.contains(id);
        let (youngest, oldest) = complaint.age.month_range();
        let (min, max) = self.month_bounds();
        (self.areas.is_empty() || self.areas.contains(&complaint.area))
            && (self.any_of.is_empty() || self.any_of.iter().any(chosen))
            && self.all_of.iter().all(chosen)
            && (self.durations.is_empty() || self.durations.contains(&complaint.duration))
            && self
                .severity_at_least
                .is_none_or(|s| complaint.severity >= s)
            && self
                .severity_at_most
                .is_none_or(|s| complaint.severity <= s)
            && self.fever.is_none_or(|f| complaint.fever == f)
            && oldest >= min
            && youngest <= max
            && self.sex.is_none_or(|s| complaint.sex == s)
            && self
                .pregnant
                .is_none_or(|p| (complaint.pregnant == Some(true)) == p)
    }

    /// The ages in months the rule covers, inclusive.
    fn month_bounds(&self) -> (u32, u32) {
        let min_years = self.age_min.map_or(0, |y| u32::from(y) * 12);
        let max_years = self.age_max.map_or(u32::MAX, |y| u32::from(y) * 12 + 11);
        (
            min_years.max(self.age_min_months.unwrap_or(0)),
            max_years.min(self.age_max_months.unwrap_or(u32::MAX)),
        )
    }

    fn has_condition(&self) -> bool {
        !self.areas.is_empty()
            || !self.any_of.is_empty()
            || !self.all_of.is_empty()
            || !self.durations.is_empty()
            || self.severity_at_least.is_some()
            || self.severity_at_most.is_some()
            || self.fever.is_some()
            || self.age_min.is_some()
            || self.age_max.is_some()
            || self.age_min_months.is_some()
            || self.age_max_months.is_some()
            || self.sex.is_some()
            || self.pregnant.is_some()
    }
}

impl RuleBook {
    /// Reads and checks `rules.toml` against `vocabulary`.
    pub fn parse(text: &str, vocabulary: &Vocabulary) -> Result<Self, LoadError> {
        let book: RuleBook =
            toml::from_str(text).map_err(|e| LoadError::Syntax("rules", e.to_string()))?;
        book.check(vocabulary)?;
        Ok(book)
    }

    /// The default of the area `id` (every area has one once checked).
    pub fn area(&self, id: &str) -> Option<&AreaDefault> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// The reason given for the red flag `id`.
    pub fn red_flag_reason(&self, id: &str) -> Option<&str> {
        self.red_flags
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.reason.as_str())
    }

    fn check(&self, vocabulary: &Vocabulary) -> Result<(), LoadError> {
        let invalid = |what: String| Err(LoadError::Invalid("rules", what));
        if self.version.trim().is_empty() {
            return invalid("the version is empty".to_owned());
        }
        for flag in &RED_FLAGS {
            if self.red_flags.iter().filter(|r| r.id == flag.id).count() != 1 {
                return invalid(format!("red flag {} needs exactly one reason", flag.id));
            }
        }
        for reason in &self.red_flags {
            if !RED_FLAGS.iter().any(|f| f.id == reason.id) {
                return invalid(format!("unknown red flag {}", reason.id));
            }
            if reason.reason.trim().is_empty() {
                return invalid(format!("red flag {} has no reason", reason.id));
            }
        }
        for area in &vocabulary.areas {
            if self.areas.iter().filter(|a| a.id == area.id).count() != 1 {
                return invalid(format!("area {} needs exactly one default", area.id));
            }
        }
        for area in &self.areas {
            if vocabulary.area(&area.id).is_none() {
                return invalid(format!("default for unknown area {}", area.id));
            }
            if area.reason.trim().is_empty() {
                return invalid(format!("area {} has no reason", area.id));
            }
        }
        let mut ids = BTreeSet::new();
        for rule in &self.rules {
            if let Err(what) = rule.check(vocabulary) {
                return invalid(format!("rule {}: {what}", rule.id));
            }
            if !ids.insert(rule.id.as_str()) {
                return invalid(format!("rule {} is listed twice", rule.id));
            }
        }
        Ok(())
    }
}

impl Rule {
    fn check(&self, vocabulary: &Vocabulary) -> Result<(), String> {
        let kebab = !self.id.is_empty()
            && self.id.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !kebab {
            return Err("the id must be lowercase words joined by -".to_owned());
        }
        if self.reason.trim().is_empty() {
            return Err("no reason".to_owned());
        }
        if !self.has_condition() {
            return Err("no condition: it would fire for every complaint".to_owned());
        }
        let unknown = |kind: &str, id: &str| Err(format!("unknown {kind} {id}"));
        for id in &self.areas {
            if vocabulary.area(id).is_none() {
                return unknown("area", id);
            }
        }
        for id in self.any_of.iter().chain(&self.all_of) {
            if !well_formed_id(id) || vocabulary.symptom(id).is_none() {
                return unknown("symptom", id);
            }
        }
        for id in &self.durations {
            if vocabulary.duration(id).is_none() {
                return unknown("duration", id);
            }
        }
        let severities = [self.severity_at_least, self.severity_at_most];
        if severities.iter().flatten().any(|s| *s > MAX_SEVERITY) {
            return Err(format!("a severity above {MAX_SEVERITY}"));
        }
        let ages = [self.age_min, self.age_max];
        if ages.iter().flatten().any(|a| *a > MAX_AGE_YEARS) {
            return Err(format!("an age above {MAX_AGE_YEARS}"));
        }
        let (min, max) = self.month_bounds();
        let severity_min = self.severity_at_least.unwrap_or(0);
        if min > max || severity_min > self.severity_at_most.unwrap_or(MAX_SEVERITY) {
            return Err("bounds that nothing can meet".to_owned());
        }
        Ok(())
    }
}
