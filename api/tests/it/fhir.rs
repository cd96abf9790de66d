//! FHIR R4 on both drivers: a patient with every kind of data exports a
//! record whose every Bundle and resource both validators accept, whose
//! resources each read back by id and search by patient, and whose ids
//! hold across exports; errors are OperationOutcomes, never the web page.

use std::collections::{BTreeMap, BTreeSet};

use medtrack::config::VaultSettings;
use medtrack_shared::medication::{Dose, Medication};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::billing::{complete_visit_with, doctors_invoices};
use crate::clinic::{Clinic, Person};
use crate::fhir_support::{fhir_get, ids_of, pages, resources, validate};
use crate::helpers::{on_both_drivers, Driver};
use crate::record_problems::expect;
use crate::vault_support::{clinic_on, patient_pdf};

on_both_drivers!(
    a_whole_record_validates_reads_back_and_keeps_its_ids,
    errors_are_operation_outcomes,
);

async fn created(clinic: &Clinic, token: &str, path: &str, body: Value) -> Value {
    expect(clinic.post(token, path, &body).await, StatusCode::CREATED).await
}

async fn ok(clinic: &Clinic, token: &str, path: &str, body: Value) -> Value {
    expect(clinic.post(token, path, &body).await, StatusCode::OK).await
}

/// The booked visit, completed with a diagnosis and a prescription that
/// the patient adds to their medications.
async fn visit(clinic: &Clinic) {
    let consultation = json!({
        "diagnosis": "Acute otitis media", "notes": "Review in a week.",
        "prescription": [{"drug": "Amoxicillin", "dose": "500 mg", "frequency": "three times a day",
                          "duration": "7 days", "instructions": "With food"},
                         {"drug": "Paracetamol", "dose": "1 g", "frequency": "as needed for pain",
                          "duration": "5 days"}]});
    let id = complete_visit_with(clinic, consultation).await;
    let add = format!("/api/v1/appointments/{id}/prescription/add-to-medications");
    assert_eq!(
        clinic
            .post(&clinic.patient.token, &add, &json!({}))
            .await
            .status(),
        StatusCode::CREATED
    );
}

/// A patient with every kind of data MedTrack keeps.
async fn everything_recorded(clinic: &Clinic) {
    let (patient, doctor, admin) = (&clinic.patient, &clinic.doctor.token, &clinic.admin.token);
    let record = |what: &str| format!("/api/v1/patients/{}/{what}", patient.id);
    visit(clinic).await;
    let own = json!({"name": "Vitamin D", "strength": "1000 IU", "dose": "1 tablet", "schedule": {
        "times": ["08:00", "20:00"], "frequency": {"kind": "every_day"},
        "start": "2026-01-01", "zone": {"kind": "follow_me"}}});
    let medication: Medication = serde_json::from_value(
        created(clinic, &patient.token, "/api/v1/me/medications", own).await,
    )
    .unwrap();
    let doses: Vec<Dose> = clinic.read(&patient.token, &record("doses")).await;
    let dose = doses
        .iter()
        .find(|d| d.medication == medication.id)
        .unwrap();
    let path = format!("/api/v1/medications/{}/doses", medication.id);
    ok(
        clinic,
        &patient.token,
        &path,
        json!({"action": "taken", "scheduled_at": dose.scheduled_at}),
    )
    .await;
    let problem = json!({"name": "Asthma", "code": {"system": "ICD-10", "value": "J45.909"},
                         "onset": "2019-03-01", "notes": "Mild, intermittent."});
    created(clinic, doctor, &record("problems"), problem).await;
    let allergy = json!({"substance": "Penicillin", "category": "medication", "reaction": "Hives",
                         "severity": "moderate", "criticality": "high"});
    created(clinic, doctor, &record("allergies"), allergy).await;
    created(
        clinic,
        &patient.token,
        &record("mood"),
        json!({"score": 7, "note": "Slept well"}),
    )
    .await;
    let answers =
        json!({"answers": [1, 1, 0, 2, 0, 1, 0, 0, 0], "difficulty": "somewhat_difficult"});
    created(clinic, &patient.token, &record("phq9"), answers).await;
    patient_pdf(clinic, "Blood count").await;
    let invoice = doctors_invoices(clinic, 1).await[0].id.to_string();
    ok(
        clinic,
        doctor,
        &format!("/api/v1/billing/invoices/{invoice}/issue"),
        json!({}),
    )
    .await;
    let policy = json!({"payer": "Acme Health", "member_id": "AH-1", "group": "G-7",
                        "valid_from": "2000-01-01", "rank": "primary"});
    let policy = created(clinic, &patient.token, &record("policies"), policy).await;
    let claim = json!({"invoice": invoice, "policy": policy["id"], "amount": 1000});
    created(clinic, &patient.token, "/api/v1/billing/claims", claim).await;
    let (_, beds) = crate::wards::ward(clinic, &[], 1).await;
    let admit = json!({"patient": patient.id, "bed": beds[0].id, "doctor": clinic.doctor.id,
                       "reason": "Observation after a fall"});
    created(clinic, admin, "/api/v1/admissions", admit).await;
}

async fn everything_of(clinic: &Clinic, token: &str, patient: &Person, query: &str) -> Vec<Value> {
    let first = format!("/api/fhir/r4/Patient/{}/$everything{query}", patient.id);
    pages(&clinic.app, token, &first).await
}

async fn a_whole_record_validates_reads_back_and_keeps_its_ids(driver: Driver) {
    let clinic = clinic_on(driver, VaultSettings::default()).await;
    everything_recorded(&clinic).await;
    let bundles = everything_of(&clinic, &clinic.patient.token, &clinic.patient, "?_count=7").await;
    let found = resources(&bundles);
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for resource in &found {
        *by_type
            .entry(resource["resourceType"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let expected = [
        "AllergyIntolerance",
        "Appointment",
        "Claim",
        "Condition",
        "Coverage",
        "DocumentReference",
        "Encounter",
        "Invoice",
        "MedicationAdministration",
        "MedicationRequest",
        "Observation",
        "Patient",
        "Practitioner",
        "PractitionerRole",
    ];
    assert_eq!(
        by_type.keys().cloned().collect::<Vec<_>>(),
        expected,
        "{by_type:?}"
    );
    // Conditions: the problem and the visit's diagnosis; Encounters: the
    // visit and the stay; MedicationRequests: the two ordered items, the
    // schedules they became and the patient's own.
    assert_eq!(by_type["Condition"], 2);
    assert_eq!(by_type["Encounter"], 2);
    assert_eq!(by_type["MedicationRequest"], 5);
    assert_eq!(by_type["Observation"], 2);
    let keys = ids_of(&found);
    assert_eq!(keys.len(), found.len(), "each resource once");

    // A second patient states no known allergies.
    let other = crate::clinic::register_patient(&clinic.app, "nka@example.org").await;
    let slot = clinic.free_slots().await[1];
    assert_eq!(
        clinic.book_as(&other, slot).await.status(),
        StatusCode::CREATED
    );
    let assessment = format!("/api/v1/patients/{}/allergies/assessment", other.id);
    let stated = clinic
        .app
        .send_as(Method::PUT, &assessment, &clinic.doctor.token)
        .await;
    assert_eq!(stated.status(), StatusCode::OK);
    let theirs = everything_of(
        &clinic,
        &clinic.doctor.token,
        &other,
        "?_type=AllergyIntolerance",
    )
    .await;
    let nka = resources(&theirs);
    assert_eq!(nka.len(), 1);
    assert_eq!(nka[0]["code"]["coding"][0]["code"], "716186003");

    let (status, metadata) =
        fhir_get(&clinic.app, &clinic.patient.token, "/api/fhir/r4/metadata").await;
    assert_eq!(status, StatusCode::OK);
    let mut documents = bundles.clone();
    documents.extend(theirs);
    documents.push(metadata);
    validate(&documents);

    // Each reads back by id as it was exported, and is in its type's search.
    let token = &clinic.patient.token;
    for resource in &found {
        let kind = resource["resourceType"].as_str().unwrap();
        let id = resource["id"].as_str().unwrap();
        let (status, read) =
            fhir_get(&clinic.app, token, &format!("/api/fhir/r4/{kind}/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{kind}/{id}: {read}");
        assert_eq!(read["id"], resource["id"]);
        assert_eq!(read["resourceType"], resource["resourceType"]);
        if !kind.starts_with("Practitioner") {
            let search = format!(
                "/api/fhir/r4/{kind}?patient=Patient/{}&_count=2",
                clinic.patient.id
            );
            let ids: Vec<Value> = resources(&pages(&clinic.app, token, &search).await)
                .iter()
                .map(|r| r["id"].clone())
                .collect();
            assert!(ids.contains(&resource["id"]), "{kind}/{id} in its search");
        }
    }
    // A document's attachment is its checked, logged download.
    let document = found
        .iter()
        .find(|r| r["resourceType"] == "DocumentReference")
        .unwrap();
    let url = document["content"][0]["attachment"]["url"]
        .as_str()
        .unwrap();
    let file = clinic
        .app
        .client
        .get(url)
        .bearer_auth(&clinic.patient.token)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert!(file.bytes().await.unwrap().starts_with(b"%PDF"));
    // Two items of one visit page apart, each once.
    let query = "?_type=MedicationRequest&_count=1";
    let one_by_one = everything_of(&clinic, token, &clinic.patient, query).await;
    assert_eq!(one_by_one.len(), 5);
    assert_eq!(ids_of(&resources(&one_by_one)).len(), 5);

    // The same ids in others' exports, less what the API keeps from them:
    // admins do not read the mood diary or PHQ-9; the doctor reads no
    // insurance, and no document not shared with them.
    let all = "?_count=100";
    let by_admin = everything_of(&clinic, &clinic.admin.token, &clinic.patient, all).await;
    assert_eq!(
        ids_of(&resources(&by_admin)),
        without(&keys, &["Observation/"])
    );
    let by_doctor = everything_of(&clinic, &clinic.doctor.token, &clinic.patient, all).await;
    let hidden = ["Coverage/", "Claim/", "DocumentReference/"];
    assert_eq!(ids_of(&resources(&by_doctor)), without(&keys, &hidden));
    let path = format!("/api/fhir/r4/Patient/{}", clinic.patient.id);
    let answer = clinic.app.get_as(&path, token).await;
    assert_eq!(answer.headers()["cache-control"], "no-store");
}

fn without(keys: &BTreeSet<String>, kinds: &[&str]) -> BTreeSet<String> {
    keys.iter()
        .filter(|k| !kinds.iter().any(|kind| k.starts_with(kind)))
        .cloned()
        .collect()
}

async fn outcome(clinic: &Clinic, token: Option<&str>, path: &str, status: StatusCode) -> Value {
    let mut request = clinic.app.client.get(clinic.app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let answer = request.send().await.unwrap();
    assert_eq!(answer.status(), status, "{path}");
    let media = answer.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        media.starts_with("application/fhir+json"),
        "{path}: {media}"
    );
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["resourceType"], "OperationOutcome", "{path}: {body}");
    assert_eq!(body["issue"][0]["severity"], "error");
    body
}

async fn errors_are_operation_outcomes(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let token = Some(clinic.patient.token.as_str());
    let mine = format!("/api/fhir/r4/Patient/{}/$everything", clinic.patient.id);
    let body = outcome(&clinic, None, &mine, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body["issue"][0]["code"], "login");
    let other = crate::clinic::register_patient(&clinic.app, "other@example.org").await;
    let theirs = format!("/api/fhir/r4/Patient/{}/$everything", other.id);
    outcome(&clinic, token, &theirs, StatusCode::FORBIDDEN).await;
    let admin = Some(clinic.admin.token.as_str());
    let nobody = "/api/fhir/r4/Patient/0195d7a2-0000-7000-8000-000000000000/$everything";
    outcome(&clinic, admin, nobody, StatusCode::NOT_FOUND).await;
    for (query, field) in [
        ("?_count=0", "_count"),
        ("?_count=many", "_count"),
        ("?_type=Medication", "_type"),
        ("?_since=yesterday", "_since"),
        ("?start=2026-02-30", "start"),
        ("?start=2026-03-01&end=2026-02-01", "end"),
        ("?_cursor=bm90IGEgY3Vyc29y", "cursor"),
    ] {
        let body = outcome(
            &clinic,
            token,
            &format!("{mine}{query}"),
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert!(body.to_string().contains(field), "{query}: {body}");
    }
    // A cursor of one search does not resume another.
    let first = format!("{mine}?_count=1&_type=Patient,Practitioner");
    clinic
        .book_as(&clinic.patient, clinic.free_slots().await[0])
        .await;
    let (_, page) = fhir_get(&clinic.app, &clinic.patient.token, &first).await;
    let next = crate::fhir_support::next_link(&page).unwrap();
    let cursor = next.split("_cursor=").nth(1).unwrap();
    outcome(
        &clinic,
        token,
        &format!("{mine}?_type=Patient&_cursor={cursor}"),
        StatusCode::BAD_REQUEST,
    )
    .await;
    outcome(
        &clinic,
        token,
        "/api/fhir/r4/Condition",
        StatusCode::BAD_REQUEST,
    )
    .await;
    outcome(
        &clinic,
        token,
        "/api/fhir/r4/Condition?patient=nobody",
        StatusCode::BAD_REQUEST,
    )
    .await;
    outcome(
        &clinic,
        token,
        "/api/fhir/r4/Medication/1",
        StatusCode::NOT_FOUND,
    )
    .await;
    outcome(
        &clinic,
        token,
        "/api/fhir/r4/Condition/pr-1-2",
        StatusCode::FORBIDDEN,
    )
    .await;
    outcome(
        &clinic,
        token,
        "/api/fhir/r4/Condition/not-an-id",
        StatusCode::NOT_FOUND,
    )
    .await;
    outcome(
        &clinic,
        token,
        "/api/fhir/r4/Patient/1/2/3",
        StatusCode::NOT_FOUND,
    )
    .await;
    // Another method is refused in FHIR's terms too.
    let posted = clinic
        .app
        .send_as(Method::POST, &mine, &clinic.patient.token)
        .await;
    assert!(posted.status().is_client_error());
    assert!(posted.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/fhir+json"));
}
