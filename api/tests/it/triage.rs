//! Symptom triage over HTTP on both drivers: the questions with the age
//! from the date of birth, a red flag that ends it, a complaint decided by
//! the committed rules with the suggested specialization's free slots
//! within its window (or advice to seek care elsewhere), the kept sex,
//! answers refused by field with nothing kept, and deletion.

use medtrack_shared::triage::{Triage, TriageQuestions, TriageRequest, TriageSession, Urgency};
use medtrack_shared::Page;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::clinic::Clinic;
use crate::helpers::{on_both_drivers, Driver};
use crate::record_problems::expect;

on_both_drivers!(a_patient_triages_and_is_offered_slots, what_triage_refuses);

async fn triage(clinic: &Clinic, body: Value) -> TriageSession {
    expect(
        clinic
            .post(&clinic.patient.token, "/api/v1/triage", &body)
            .await,
        StatusCode::CREATED,
    )
    .await
}

async fn kept(clinic: &Clinic) -> Page<TriageSession> {
    clinic.read(&clinic.patient.token, "/api/v1/triage").await
}

/// A bladder complaint of a woman of 36 (born 1990-04-01).
fn bladder() -> Value {
    json!({
        "none_of_these": true, "area": "urinary",
        "symptoms": ["painful_urination", "frequent_urination"], "duration": "days",
        "severity": 4, "fever": false, "sex": "female", "pregnant": false, "remember_sex": true
    })
}

async fn a_patient_triages_and_is_offered_slots(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let token = &clinic.patient.token;
    let questions: TriageQuestions = clinic.read(token, "/api/v1/triage/questions").await;
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Europe/Lisbon").unwrap())
        .date();
    let born = jiff::civil::date(1990, 4, 1);
    let months = born.until((jiff::Unit::Month, today)).unwrap().get_months();
    assert_eq!(i32::from(questions.age_years), months / 12);
    assert_eq!(i32::from(questions.age_months), months % 12);
    assert_eq!(questions.sex, None);
    let rules = Triage::load().unwrap();
    assert_eq!(questions.rules_version, rules.version());
    assert!(!questions.vocabulary.areas.is_empty());

    // Thoughts of self-harm end the triage: an emergency with the crisis
    // message, no specialization, no slots, and it is kept.
    let crisis = triage(&clinic, json!({"red_flags": ["self_harm"]})).await;
    assert_eq!(crisis.outcome.urgency, Urgency::Emergency);
    assert!(crisis.outcome.crisis);
    assert_eq!(crisis.outcome.red_flag.as_deref(), Some("self_harm"));
    assert_eq!(crisis.outcome.specialization, None);
    assert!(crisis.suggestions.is_empty() && !crisis.seek_care_elsewhere);
    assert_eq!(crisis.outcome.rules_version, rules.version());

    // A complaint: the engine's outcome for the same answers, with the
    // age the server computed; the house doctor's slots within the window.
    let session = triage(&clinic, bladder()).await;
    let request: TriageRequest = serde_json::from_value(bladder()).unwrap();
    let input = request.input(questions.age_years, questions.age_months);
    assert_eq!(session.answers, input);
    assert_eq!(session.outcome, rules.assess(&input).unwrap());
    let urgency = session.outcome.urgency;
    assert!(
        matches!(urgency, Urgency::Soon | Urgency::Routine),
        "{urgency:?}"
    );
    assert_eq!(
        session.outcome.specialization.as_ref().map(|s| s.as_str()),
        Some("family-medicine")
    );
    assert_eq!(
        session.specialization_name.as_deref(),
        Some("Family Medicine")
    );
    assert!(!session.outcome.fired.is_empty());
    let symptom = questions.vocabulary.symptom("painful_urination").unwrap();
    assert!(
        session.summary.contains(&symptom.label),
        "{}",
        session.summary
    );
    let book_by = session.book_by.expect("a window");
    assert!(!session.suggestions.is_empty() && !session.seek_care_elsewhere);
    assert!(session.suggestions.len() <= 6);
    let starts: Vec<_> = session.suggestions.iter().map(|s| s.starts_at).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "soonest first");
    assert!(starts.iter().all(|s| *s > session.at && *s < book_by));
    assert!(session
        .suggestions
        .iter()
        .all(|s| s.doctor_id.to_string() == clinic.doctor.id));
    // The suggested slot can be booked with the summary as the reason.
    let booked = clinic
        .post(
            token,
            "/api/v1/appointments",
            &json!({"doctor_id": clinic.doctor.id, "starts_at": starts[0],
                    "reason": session.summary, "priority": "normal"}),
        )
        .await;
    assert_eq!(booked.status(), StatusCode::CREATED);
    let again: TriageSession = clinic
        .read(token, &format!("/api/v1/triage/{}", session.id))
        .await;
    assert!(!again.suggestions.iter().any(|s| s.starts_at == starts[0]));

    // The sex was kept; an eye complaint finds no ophthalmologist.
    let questions: TriageQuestions = clinic.read(token, "/api/v1/triage/questions").await;
    assert_eq!(
        serde_json::to_value(questions.sex).unwrap(),
        json!("female")
    );
    let eyes = triage(
        &clinic,
        json!({"none_of_these": true, "area": "eyes", "symptoms": ["flashes_floaters"],
               "duration": "days", "severity": 3, "fever": false, "sex": "female"}),
    )
    .await;
    assert!(eyes.outcome.urgency.books_appointment());
    assert_eq!(
        eyes.outcome.specialization.as_ref().map(|s| s.as_str()),
        Some("ophthalmology")
    );
    assert!(eyes.seek_care_elsewhere && eyes.suggestions.is_empty());
    // Not remembered this time: forgotten.
    let questions: TriageQuestions = clinic.read(token, "/api/v1/triage/questions").await;
    assert_eq!(questions.sex, None);

    // Newest first, without suggestions; deleted by the patient.
    let list = kept(&clinic).await;
    let ids: Vec<_> = list.items.iter().map(|s| s.id).collect();
    assert_eq!(ids, [eyes.id, session.id, crisis.id]);
    assert!(list.items.iter().all(|s| s.suggestions.is_empty()));
    let path = format!("/api/v1/triage/{}", crisis.id);
    let gone = clinic.app.send_as(Method::DELETE, &path, token).await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        clinic.app.get_as(&path, token).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        clinic
            .app
            .send_as(Method::DELETE, &path, token)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(kept(&clinic).await.items.len(), 2);
}

async fn what_triage_refuses(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let token = &clinic.patient.token;
    for (body, field) in [
        // "None of these" must be chosen actively.
        (
            json!({"area": "urinary", "symptoms": ["painful_urination"]}),
            "red_flags",
        ),
        (json!({"red_flags": ["not_a_flag"]}), "red_flags[0]"),
        (
            json!({"none_of_these": true, "area": "nowhere", "symptoms": ["painful_urination"],
                   "duration": "days", "severity": 4, "fever": false, "sex": "female"}),
            "area",
        ),
        (
            json!({"none_of_these": true, "area": "urinary", "symptoms": ["painful_urination"],
                   "duration": "days", "severity": 11, "fever": false, "sex": "female"}),
            "severity",
        ),
    ] {
        let answer = clinic.post(token, "/api/v1/triage", &body).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let error: Value = answer.json().await.unwrap();
        assert!(
            error["error"]["fields"][field].is_string(),
            "{field} in {error}"
        );
    }
    assert!(kept(&clinic).await.items.is_empty(), "nothing kept");
    let questions: TriageQuestions = clinic.read(token, "/api/v1/triage/questions").await;
    assert_eq!(questions.sex, None);
    // Not JSON, or a field of the wrong type: a 400.
    let answer = clinic
        .post(token, "/api/v1/triage", &json!({"severity": "high"}))
        .await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
}
