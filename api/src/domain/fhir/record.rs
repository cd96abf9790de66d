//! The clinical record: problems as problem-list Conditions, allergies and
//! the "no known allergies" statement as AllergyIntolerance, the mood diary
//! and PHQ-9 results as survey Observations (PHQ-9 as LOINC 44249-1 with
//! its total, 44261-6, and each item's own code).

use jiff::civil::Date;
use jiff::Timestamp;
use medtrack_shared::record::{
    Allergy, AllergyAssessment, AllergyCategory, AllergyKind, AssessmentStatus, ClinicalStatus,
    Criticality, EntryState, MoodEntry, Phq9Result, Problem, Severity, Verification,
};
use medtrack_shared::UserId;
use serde_json::{json, Value};

use super::common::{
    at, author, coded, date, day_span, hl7, instant, notes, put, reference, set, text, Mapped,
};
use super::ids::{Composite, Kind};

const LOINC: &str = "http://loinc.org";
/// The PHQ-9's items in the questionnaire's order.
const PHQ9_ITEMS: [(&str, &str); 9] = [
    ("44250-9", "Little interest or pleasure in doing things"),
    ("44255-8", "Feeling down, depressed, or hopeless"),
    (
        "44259-0",
        "Trouble falling or staying asleep, or sleeping too much",
    ),
    ("44254-1", "Feeling tired or having little energy"),
    ("44251-7", "Poor appetite or overeating"),
    ("44258-2", "Feeling bad about yourself"),
    ("44252-5", "Trouble concentrating on things"),
    (
        "44253-3",
        "Moving or speaking slowly, or being fidgety or restless",
    ),
    (
        "44260-8",
        "Thoughts that you would be better off dead, or of hurting yourself",
    ),
];

fn clinical(status: ClinicalStatus) -> &'static str {
    match status {
        ClinicalStatus::Active => "active",
        ClinicalStatus::Inactive => "inactive",
        ClinicalStatus::Resolved => "resolved",
    }
}

fn verification(v: Verification) -> &'static str {
    match v {
        Verification::PatientReported => "unconfirmed",
        Verification::Confirmed => "confirmed",
        Verification::Refuted => "refuted",
        Verification::EnteredInError => "entered-in-error",
    }
}

/// The care an entry describes: from its onset (or its recording) until it
/// stopped being active, or on while it is.
fn span(onset: Option<Date>, state: &EntryState) -> Option<(Timestamp, Timestamp)> {
    let from = onset
        .map_or(state.recorded_at, |d| day_span(d).0)
        .min(state.recorded_at);
    let until = match state.clinical_status {
        ClinicalStatus::Active => Timestamp::MAX,
        _ => state.updated_at,
    };
    Some((from, until.max(from)))
}

pub fn problem(p: &Problem) -> Mapped {
    let id = Composite::new(Kind::Problem, p.patient.as_uuid(), p.id.as_uuid());
    let code = match &p.details.code {
        Some(code) => coded(&p.details.name, &code.system, &code.value),
        None => text(&p.details.name),
    };
    let mut resource = json!({
        "resourceType": "Condition",
        "id": id.id(),
        "verificationStatus": hl7("condition-ver-status", verification(p.state.verification)),
        "category": [hl7("condition-category", "problem-list-item")],
        "code": code,
        "subject": reference("Patient", p.patient, ""),
        "recordedDate": instant(p.state.recorded_at),
        "recorder": author(&p.state.recorded_by),
    });
    // An entry in error has no clinical status (FHIR's con-5).
    if p.state.verification != Verification::EnteredInError {
        put(
            &mut resource,
            "clinicalStatus",
            hl7("condition-clinical", clinical(p.state.clinical_status)),
        );
    }
    set(
        &mut resource,
        "onsetDateTime",
        p.details.onset.map(|d| json!(date(d))),
    );
    set(&mut resource, "note", notes(&p.details.notes));
    Mapped::new(
        resource,
        p.state.updated_at,
        span(p.details.onset, &p.state),
    )
}

pub fn allergy(a: &Allergy) -> Mapped {
    let id = Composite::new(Kind::Allergy, a.patient.as_uuid(), a.id.as_uuid());
    let d = &a.details;
    let mut resource = json!({
        "resourceType": "AllergyIntolerance",
        "id": id.id(),
        "verificationStatus": hl7("allergyintolerance-verification", verification(a.state.verification)),
        "type": match d.kind { AllergyKind::Allergy => "allergy", AllergyKind::Intolerance => "intolerance" },
        "code": text(&d.substance),
        "patient": reference("Patient", a.patient, ""),
        "recordedDate": instant(a.state.recorded_at),
        "recorder": author(&a.state.recorded_by),
    });
    if a.state.verification != Verification::EnteredInError {
        put(
            &mut resource,
            "clinicalStatus",
            hl7(
                "allergyintolerance-clinical",
                clinical(a.state.clinical_status),
            ),
        );
    }
    let category = match d.category {
        AllergyCategory::Medication => Some("medication"),
        AllergyCategory::Food => Some("food"),
        AllergyCategory::Environment => Some("environment"),
        AllergyCategory::Other => None,
    };
    set(&mut resource, "category", category.map(|c| json!([c])));
    let criticality = d.criticality.map(|c| match c {
        Criticality::Low => "low",
        Criticality::High => "high",
        Criticality::UnableToAssess => "unable-to-assess",
    });
    set(&mut resource, "criticality", criticality.map(|c| json!(c)));
    set(
        &mut resource,
        "onsetDateTime",
        d.onset.map(|day| json!(date(day))),
    );
    if !d.reaction.trim().is_empty() {
        let mut reaction = json!({ "manifestation": [text(&d.reaction)] });
        let severity = d.severity.map(|s| match s {
            Severity::Mild => "mild",
            Severity::Moderate => "moderate",
            Severity::Severe => "severe",
        });
        set(&mut reaction, "severity", severity.map(|s| json!(s)));
        put(&mut resource, "reaction", json!([reaction]));
    }
    set(&mut resource, "note", notes(&d.notes));
    Mapped::new(resource, a.state.updated_at, span(d.onset, &a.state))
}

/// The statement that the patient has no known allergies, while it stands.
pub fn no_known_allergies(patient: &UserId, assessment: &AllergyAssessment) -> Option<Mapped> {
    if assessment.status != AssessmentStatus::NoKnownAllergies {
        return None;
    }
    let recorded = assessment.recorded_at?;
    let id = Composite::numbered(Kind::NoKnownAllergies, patient.as_uuid(), 0);
    let mut resource = json!({
        "resourceType": "AllergyIntolerance",
        "id": id.id(),
        "clinicalStatus": hl7("allergyintolerance-clinical", "active"),
        "verificationStatus": hl7("allergyintolerance-verification", "confirmed"),
        "code": {
            "coding": [{ "system": "http://snomed.info/sct", "code": "716186003",
                         "display": "No known allergy (situation)" }],
            "text": "No known allergies"
        },
        "patient": reference("Patient", patient, ""),
        "recordedDate": instant(recorded),
    });
    set(
        &mut resource,
        "recorder",
        assessment.recorded_by.as_ref().map(author),
    );
    Some(Mapped::new(resource, recorded, at(recorded)))
}

fn survey() -> Value {
    json!([hl7("observation-category", "survey")])
}

pub fn mood(entry: &MoodEntry) -> Mapped {
    let id = Composite::new(Kind::Mood, entry.patient.as_uuid(), entry.id.as_uuid());
    let mut resource = json!({
        "resourceType": "Observation",
        "id": id.id(),
        "status": "final",
        "category": survey(),
        "code": {
            "coding": [{ "system": "urn:medtrack:observation", "code": "mood-score",
                         "display": "Mood score, 1 (lowest) to 10 (best)" }],
            "text": "Mood score"
        },
        "subject": reference("Patient", entry.patient, ""),
        "effectiveDateTime": instant(entry.at),
        "valueInteger": entry.score,
    });
    let mut words = Vec::new();
    if !entry.tags.is_empty() {
        words.push(format!("Tags: {}", entry.tags.join(", ")));
    }
    if !entry.note.trim().is_empty() {
        words.push(entry.note.clone());
    }
    set(&mut resource, "note", notes(&words.join("\n")));
    Mapped::new(resource, entry.updated_at, at(entry.at))
}

pub fn phq9(result: &Phq9Result) -> Mapped {
    let id = Composite::new(Kind::Phq9, result.patient.as_uuid(), result.id.as_uuid());
    let loinc = |code: &str, display: &str| json!({ "coding": [{ "system": LOINC, "code": code, "display": display }], "text": display });
    let mut components = vec![json!({
        "code": loinc("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
        "valueInteger": result.score,
    })];
    for ((code, words), answer) in PHQ9_ITEMS.iter().zip(&result.answers) {
        components.push(json!({ "code": loinc(code, words), "valueInteger": answer }));
    }
    if let Some(difficulty) = result.difficulty {
        components.push(json!({
            "code": text("How difficult have these problems made it to work, take care of things at home, or get along with other people"),
            "valueString": difficulty.label(),
        }));
    }
    let resource = json!({
        "resourceType": "Observation",
        "id": id.id(),
        "status": "final",
        "category": survey(),
        "code": loinc("44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]"),
        "subject": reference("Patient", result.patient, ""),
        "effectiveDateTime": instant(result.answered_at),
        "valueInteger": result.score,
        "interpretation": [text(result.severity.label())],
        "component": components,
    });
    Mapped::new(resource, result.answered_at, at(result.answered_at))
}
