//! Allergies on a patient's record, over HTTP on both drivers: "no known
//! allergies" as a doctor's statement, distinct from "not yet asked"; one
//! allergy per substance standing at a time, however many requests race.

use futures::future::join_all;
use medtrack_shared::record::{
    Allergy, AllergyAssessment, AllergyList, AssessmentStatus, ClinicalStatus, Verification,
};
use medtrack_shared::{ErrorBody, ErrorCode, Page};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::clinic::{error_code, Clinic};
use crate::helpers::{on_both_drivers, Driver};
use crate::record_problems::{cared_for, expect, send};

on_both_drivers!(
    no_known_allergies_is_a_statement_not_an_empty_list,
    one_allergy_per_substance_stands,
    fifty_racing_duplicates_leave_one_standing,
);

fn allergy(substance: &str) -> Value {
    json!({"substance": substance, "category": "medication", "reaction": "Hives",
           "severity": "moderate", "criticality": "high"})
}

async fn list(clinic: &Clinic, token: &str, query: &str) -> AllergyList {
    let path = format!("/api/v1/patients/{}/allergies{query}", clinic.patient.id);
    clinic.read(token, &path).await
}

async fn add(clinic: &Clinic, token: &str, body: Value) -> reqwest::Response {
    let path = format!("/api/v1/patients/{}/allergies", clinic.patient.id);
    clinic.post(token, &path, &body).await
}

async fn change(
    clinic: &Clinic,
    token: &str,
    id: &dyn std::fmt::Display,
    body: Value,
) -> reqwest::Response {
    let path = format!("/api/v1/patients/{}/allergies/{id}", clinic.patient.id);
    send(clinic, Method::PATCH, token, &path, body).await
}

async fn state_none_known(clinic: &Clinic, token: &str) -> reqwest::Response {
    let path = format!(
        "/api/v1/patients/{}/allergies/assessment",
        clinic.patient.id
    );
    clinic.app.send_as(Method::PUT, &path, token).await
}

async fn no_known_allergies_is_a_statement_not_an_empty_list(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let fresh = list(&clinic, &patient.token, "").await;
    assert_eq!(fresh.assessment.status, AssessmentStatus::NotAssessed);
    assert!(fresh.items.is_empty());

    // Only a doctor of the patient states it, with their name and the time.
    let by_patient = state_none_known(&clinic, &patient.token).await;
    assert_eq!(by_patient.status(), StatusCode::FORBIDDEN);
    let before = jiff::Timestamp::now();
    let stated: AllergyAssessment = expect(
        state_none_known(&clinic, &doctor.token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(stated.status, AssessmentStatus::NoKnownAllergies);
    let listed = list(&clinic, &patient.token, "").await.assessment;
    assert_eq!(listed, stated);
    let by = listed.recorded_by.expect("who stated it");
    assert_eq!(by.name, "Gregory House");
    assert!(listed.recorded_at.expect("when") >= before);

    // An allergy recorded since says otherwise, and the statement goes.
    let peanut = json!({"substance": "Peanut", "category": "food", "reaction": "Swollen lips"});
    let peanut: Allergy = expect(
        add(&clinic, &patient.token, peanut).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(peanut.state.verification, Verification::PatientReported);
    let has = list(&clinic, &doctor.token, "").await.assessment;
    assert_eq!(has.status, AssessmentStatus::HasAllergies);
    assert!(has.recorded_by.is_none());
    let refused = state_none_known(&clinic, &doctor.token).await;
    assert_eq!(error_code(refused).await, "allergies_on_record");
    let refute = json!({"verification": "refuted", "reason": "Negative food challenge"});
    let refuted: Allergy = expect(
        change(&clinic, &doctor.token, &peanut.id, refute).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(refuted.state.verification, Verification::Refuted);
    let after = list(&clinic, &patient.token, "").await;
    assert_eq!(after.assessment.status, AssessmentStatus::NotAssessed);
    assert_eq!(after.items.len(), 1, "refuted, still on the record");
    let again: AllergyAssessment = expect(
        state_none_known(&clinic, &doctor.token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again.status, AssessmentStatus::NoKnownAllergies);
}

async fn one_allergy_per_substance_stands(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let first: Allergy = expect(
        add(&clinic, &doctor.token, allergy("Penicillin")).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(first.state.verification, Verification::Confirmed);
    // Case, spacing and punctuation aside, it is the same substance.
    for same in ["  penicillin ", "PENICILLIN", "Penicillin."] {
        let twice = add(&clinic, &patient.token, allergy(same)).await;
        assert_eq!(twice.status(), StatusCode::CONFLICT, "{same}");
        let body: ErrorBody = twice.json().await.unwrap();
        assert_eq!(body.error.code, ErrorCode::DuplicateAllergy);
    }
    let other: Allergy = expect(
        add(&clinic, &doctor.token, allergy("Penicillin V")).await,
        StatusCode::CREATED,
    )
    .await;
    // A resolved allergy lets its substance go; it cannot stand again while another does.
    let resolve = json!({"clinical_status": "resolved"});
    let resolved: Allergy = expect(
        change(&clinic, &doctor.token, &first.id, resolve).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(resolved.state.clinical_status, ClinicalStatus::Resolved);
    let second: Allergy = expect(
        add(&clinic, &patient.token, allergy("penicillin")).await,
        StatusCode::CREATED,
    )
    .await;
    let reactivate = json!({"clinical_status": "active"});
    let back = change(&clinic, &doctor.token, &first.id, reactivate.clone()).await;
    assert_eq!(error_code(back).await, "duplicate_allergy");
    // Entered in error lets it go too.
    let error = json!({"verification": "entered_in_error", "reason": "Typed on the wrong record"});
    let marked = change(&clinic, &patient.token, &second.id, error).await;
    assert_eq!(marked.status(), StatusCode::OK);
    let back = change(&clinic, &doctor.token, &first.id, reactivate).await;
    assert_eq!(back.status(), StatusCode::OK);
    // A correction moves the substance: onto one that stands, refused; elsewhere, it frees the old one.
    let mut onto = allergy("PENICILLIN");
    let correction = |body: Value| json!({"correction": body});
    let clash = change(&clinic, &doctor.token, &other.id, correction(onto.clone())).await;
    assert_eq!(error_code(clash).await, "duplicate_allergy");
    onto["substance"] = json!("Amoxicillin");
    let moved: Allergy = expect(
        change(&clinic, &doctor.token, &other.id, correction(onto)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved.details.substance, "Amoxicillin");
    let freed = add(&clinic, &doctor.token, allergy("penicillin v")).await;
    assert_eq!(freed.status(), StatusCode::CREATED);

    // Nothing was deleted: four entries, three standing, each with its history.
    let all = list(&clinic, &doctor.token, "").await;
    assert_eq!(all.items.len(), 4);
    let standing = list(&clinic, &doctor.token, "?status=active").await;
    let mut substances: Vec<_> = standing
        .items
        .iter()
        .map(|a| a.details.substance.as_str())
        .collect();
    substances.sort();
    assert_eq!(substances, ["Amoxicillin", "Penicillin", "penicillin v"]);
    let in_error = list(&clinic, &patient.token, "?status=entered_in_error").await;
    assert_eq!(in_error.items.len(), 1);
    let history: Page<Allergy> = clinic
        .read(
            &patient.token,
            &format!(
                "/api/v1/patients/{}/allergies/{}/history",
                patient.id, first.id
            ),
        )
        .await;
    let statuses: Vec<_> = history
        .items
        .iter()
        .map(|a| a.state.clinical_status)
        .collect();
    assert_eq!(
        statuses,
        [
            ClinicalStatus::Active,
            ClinicalStatus::Resolved,
            ClinicalStatus::Active
        ]
    );
}

async fn fifty_racing_duplicates_leave_one_standing(driver: Driver) {
    let clinic = cared_for(driver).await;
    let spellings = ["Sulfa", " sulfa", "SULFA ", "sulfa", "Sulfa!"];
    let requests = (0..50).map(|n| {
        let token = if n % 2 == 0 {
            &clinic.doctor.token
        } else {
            &clinic.patient.token
        };
        add(&clinic, token, allergy(spellings[n % spellings.len()]))
    });
    let mut created = 0;
    for response in join_all(requests).await {
        match response.status() {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => assert_eq!(error_code(response).await, "duplicate_allergy"),
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created, 1);
    let standing = list(&clinic, &clinic.doctor.token, "?status=active").await;
    assert_eq!(standing.items.len(), 1);
    let all = list(&clinic, &clinic.doctor.token, "").await;
    assert_eq!(all.items.len(), 1, "the losers wrote nothing");
}
