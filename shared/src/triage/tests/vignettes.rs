//! Every committed vignette (`shared/triage/vignettes.toml`) through the
//! rules: no emergency may be under-triaged, and the agreement with the
//! expected urgencies must stay high. `cargo test -- --nocapture` prints the
//! report.

use serde::Deserialize;

use super::*;

const VIGNETTES_TOML: &str = include_str!("../../../triage/vignettes.toml");

/// The least share of vignettes triaged exactly as expected.
const MIN_EXACT: f64 = 0.80;
/// The most share of vignettes triaged less urgently than expected.
const MAX_UNDER: f64 = 0.05;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    vignette: Vec<Vignette>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // summary, modelled_on and why are for people.
struct Vignette {
    id: String,
    summary: String,
    modelled_on: String,
    red_flags: Vec<String>,
    area: Option<String>,
    #[serde(default)]
    symptoms: Vec<String>,
    duration: Option<String>,
    severity: Option<u8>,
    fever: Option<bool>,
    age: u16,
    sex: Sex,
    pregnant: Option<bool>,
    expected: Urgency,
    why: String,
}

impl Vignette {
    fn input(&self) -> TriageInput {
        TriageInput {
            none_of_these: self.red_flags.is_empty(),
            red_flags: self.red_flags.clone(),
            area: self.area.clone(),
            symptoms: self.symptoms.clone(),
            duration: self.duration.clone(),
            severity: self.severity,
            fever: self.fever,
            age_years: Some(self.age),
            // The vignettes give whole years only, as an age without its
            // months: rules for babies must fire on them.
            age_months: None,
            sex: Some(self.sex),
            pregnant: self.pregnant,
        }
    }
}

fn vignettes() -> Vec<Vignette> {
    toml::from_str::<File>(VIGNETTES_TOML)
        .expect("vignettes.toml reads")
        .vignette
}

/// Each vignette with its outcome.
fn results() -> Vec<(Vignette, Outcome)> {
    let triage = Triage::load().expect("the committed rules load");
    vignettes()
        .into_iter()
        .map(|v| {
            let outcome = triage
                .assess(&v.input())
                .unwrap_or_else(|e| panic!("vignette {} is refused: {e:?}", v.id));
            (v, outcome)
        })
        .collect()
}

fn percent(part: usize, whole: usize) -> f64 {
    part as f64 / whole as f64
}

#[test]
fn the_vignettes_are_well_formed() {
    let all = vignettes();
    assert!(all.len() >= 80, "{} vignettes", all.len());
    let mut ids: Vec<&str> = all.iter().map(|v| v.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "vignette ids are unique");
}

#[test]
fn every_vignette_is_triaged_and_no_emergency_is_missed() {
    let results = results();
    let total = results.len();
    let exact = results
        .iter()
        .filter(|(v, o)| o.urgency == v.expected)
        .count();
    let over = results
        .iter()
        .filter(|(v, o)| o.urgency > v.expected)
        .count();
    let under: Vec<&(Vignette, Outcome)> = results
        .iter()
        .filter(|(v, o)| o.urgency < v.expected)
        .collect();

    eprintln!("\nTriage vignettes, rules {}", results[0].1.rules_version);
    eprintln!(
        "  exact agreement {exact}/{total} ({:.1}%), over-triage {over} ({:.1}%), under-triage {} ({:.1}%)",
        100.0 * percent(exact, total),
        100.0 * percent(over, total),
        under.len(),
        100.0 * percent(under.len(), total),
    );
    eprintln!("\n  expected \\ result  emergency  urgent  soon  routine  self_care");
    for expected in Urgency::ALL {
        let row: Vec<String> = Urgency::ALL
            .iter()
            .map(|got| {
                let n = results
                    .iter()
                    .filter(|(v, o)| v.expected == expected && o.urgency == *got)
                    .count();
                format!("{n:>9}")
            })
            .collect();
        eprintln!("  {:<17}{}", expected.id(), row.join(""));
    }
    let disagreements: Vec<_> = results
        .iter()
        .filter(|(v, o)| o.urgency != v.expected)
        .collect();
    if !disagreements.is_empty() {
        eprintln!("\n  disagreements:");
    }
    for (v, o) in &disagreements {
        let fired: Vec<&str> = o.fired.iter().map(|f| f.rule.as_str()).collect();
        eprintln!(
            "    {}: expected {}, got {} ({})",
            v.id,
            v.expected,
            o.urgency,
            fired.join(", ")
        );
    }
    eprintln!();

    let missed: Vec<&str> = under
        .iter()
        .filter(|(v, _)| v.expected == Urgency::Emergency)
        .map(|(v, _)| v.id.as_str())
        .collect();
    assert!(missed.is_empty(), "emergencies under-triaged: {missed:?}");
    assert!(
        percent(under.len(), total) <= MAX_UNDER,
        "under-triage {} of {total}",
        under.len()
    );
    assert!(
        percent(exact, total) >= MIN_EXACT,
        "exact agreement {exact} of {total}"
    );
}

#[test]
fn every_outcome_explains_itself_and_red_flags_end_triage() {
    for (v, o) in results() {
        assert!(!o.fired.is_empty(), "{}: nothing fired", v.id);
        assert_eq!(o.fired[0].urgency, o.urgency, "{}: most urgent first", v.id);
        assert!(o.fired.iter().all(|f| !f.reason.trim().is_empty()));
        if v.red_flags.is_empty() {
            assert!(o.red_flag.is_none() && !o.crisis);
            assert!(o.specialization.is_some(), "{}: no specialization", v.id);
        } else {
            assert_eq!(o.urgency, Urgency::Emergency);
            assert_eq!(
                o.red_flag.as_deref(),
                v.red_flags.first().map(String::as_str)
            );
            assert_eq!(o.crisis, v.red_flags.iter().any(|f| f == SELF_HARM));
        }
    }
}
