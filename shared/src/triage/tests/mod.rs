//! The triage engine's tests: loading, the engine, the answers' checks and
//! the committed vignettes.

mod answers;
mod engine;
mod loading;
mod vignettes;

use super::*;
use crate::safety::RED_FLAGS;

pub(super) fn committed() -> &'static Triage {
    Triage::load().expect("the committed vocabulary and rules load")
}

/// A complaint that passes every check: a 30-year-old man with a cough.
pub(super) fn complaint() -> TriageInput {
    TriageInput {
        none_of_these: true,
        area: Some("lungs".into()),
        symptoms: vec!["cough".into()],
        duration: Some("days".into()),
        severity: Some(2),
        fever: Some(false),
        age_years: Some(30),
        sex: Some(Sex::Male),
        ..TriageInput::default()
    }
}

pub(super) fn red_flags(ids: &[&str]) -> TriageInput {
    TriageInput {
        red_flags: ids.iter().map(|id| (*id).to_owned()).collect(),
        ..TriageInput::default()
    }
}

/// Rules over the committed vocabulary: every red flag and area given a
/// default (areas `self_care` with `family-medicine`), then `rules`.
pub(super) fn rules_with(rules: &str) -> String {
    let mut text = String::from("version = \"test.1\"\nchild_below_age = 16\n");
    for flag in &RED_FLAGS {
        text += &format!("[[red_flag]]\nid = \"{}\"\nreason = \"Now.\"\n", flag.id);
    }
    for area in &committed().vocabulary().areas {
        text += &format!(
            "[[area]]\nid = \"{}\"\nurgency = \"self_care\"\nreason = \"Area.\"\n\
             specialization = \"family-medicine\"\nchild_specialization = \"pediatrics\"\n",
            area.id
        );
    }
    text + rules
}

pub(super) fn triage_with(rules: &str) -> Result<Triage, LoadError> {
    Triage::parse(COMPLAINTS_TOML, &rules_with(rules))
}

pub(super) fn fired(outcome: &Outcome) -> Vec<&str> {
    outcome.fired.iter().map(|f| f.rule.as_str()).collect()
}

pub(super) fn refused(input: &TriageInput) -> InvalidAnswers {
    committed()
        .check(input)
        .expect_err("these answers are refused")
}
