//! The allergy check on both drivers: the matching table (prescriptions ×
//! allergies, with aliases, case, spacing and strengths, class allergies
//! flagging members and nothing else), and the override path when a visit
//! is completed and when a medication is added or edited.

use medtrack::domain::record::{allergies, check};
use medtrack_shared::account::AccessLogEntry;
use medtrack_shared::appointment::Appointment;
use medtrack_shared::medication::Medication;
use medtrack_shared::record::{Allergy, AllergyCategory, AllergyInput, ClinicalStatus};
use medtrack_shared::{ErrorBody, ErrorCode, Page, Role};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::clinic::{error_code, Clinic};
use crate::helpers::{ctx, empty_store, on_both_drivers, Driver};
use crate::record_problems::{cared_for, expect, send};

on_both_drivers!(
    the_matching_table,
    an_allergy_recorded_while_prescribing_fails_the_prescription,
    forms_ask_before_they_submit,
    a_visit_prescribing_against_an_allergy_needs_a_reason,
    medications_are_checked_when_added_and_edited,
);

fn input(substance: &str, clinical_status: ClinicalStatus) -> AllergyInput {
    AllergyInput {
        substance: substance.into(),
        kind: Default::default(),
        category: AllergyCategory::Medication,
        reaction: String::new(),
        severity: None,
        criticality: None,
        onset: None,
        notes: String::new(),
        clinical_status,
    }
}

/// Each prescription and the allergies it must match (by substance, as
/// recorded): all others must not match.
const TABLE: &[(&str, &[&str])] = &[
    ("Amoxicillin 500 mg", &["Penicillin"]),
    ("AMOXICILLIN", &["Penicillin"]),
    ("  amoxicillin   500mg  capsules ", &["Penicillin"]),
    ("Amoxil", &["Penicillin"]),
    ("Co-Amoxiclav 625 mg", &["Penicillin"]),
    ("co amoxiclav", &["Penicillin"]),
    ("Augmentin", &["Penicillin"]),
    ("Ampicillin", &["Penicillin"]),
    ("Penicillin V 250 mg", &["Penicillin"]),
    ("Benzylpenicillin 1.2 g", &["Penicillin"]),
    ("Flucloxacillin", &["Penicillin"]),
    ("Piperacillin/Tazobactam 4.5 g", &["Penicillin"]),
    ("Co-trimoxazole 960 mg", &["Sulfonamide  ANTIBIOTICS"]),
    (
        "Trimethoprim-Sulfamethoxazole",
        &["Sulfonamide  ANTIBIOTICS"],
    ),
    ("TMP-SMX", &["Sulfonamide  ANTIBIOTICS"]),
    ("Sulfadiazine", &["Sulfonamide  ANTIBIOTICS"]),
    ("Bactrim DS", &["Sulfonamide  ANTIBIOTICS"]),
    ("Trimethoprim 200 mg", &[]),
    ("Ibuprofen 400 mg", &["nsaids"]),
    ("Naproxen", &["nsaids"]),
    ("Diclofenac gel 1 %", &["nsaids"]),
    ("Aspirin 75 mg", &["nsaids"]),
    ("Morphine sulfate 10 mg", &["Codeine"]),
    ("Tramadol", &["Codeine"]),
    ("Co-codamol 30/500", &["Codeine"]),
    ("Codeine phosphate", &["Codeine"]),
    ("Cefalexin 500 mg", &["Cephalosporins"]),
    ("Ceftriaxone", &["Cephalosporins"]),
    ("Doxycycline 100 mg", &["Tetracycline"]),
    ("Chlorhexidine mouthwash", &["Chlorhexidine"]),
    ("Clarithromycin", &[]),
    ("Erythromycin", &[]),
    ("Azithromycin", &[]),
    ("Paracetamol 1 g", &[]),
    ("Metformin", &[]),
    ("Salbutamol inhaler", &[]),
    ("500 mg", &[]),
];

async fn the_matching_table(driver: Driver) {
    let store = empty_store(driver).await;
    let patient = crate::medications::patient(&store, "table@example.org", "Europe/London").await;
    let ctx = ctx(&store);
    let standing = [
        "Penicillin",
        "Sulfonamide  ANTIBIOTICS",
        "nsaids",
        "Codeine",
        "Cephalosporins",
        "Tetracycline",
        "Chlorhexidine",
    ];
    for substance in standing {
        let recorded = input(substance, ClinicalStatus::Active);
        allergies::add(&ctx, &patient, &patient.id, &recorded)
            .await
            .unwrap();
    }
    // An allergy that no longer stands matches nothing.
    let over = input("Erythromycin", ClinicalStatus::Resolved);
    allergies::add(&ctx, &patient, &patient.id, &over)
        .await
        .unwrap();
    let allergies: Vec<Allergy> = allergies::standing(&store, &patient.id).await.unwrap();
    assert_eq!(allergies.len(), standing.len());
    for (medicine, expected) in TABLE {
        let found = check::conflicts(&[medicine], &allergies);
        let mut matched: Vec<&str> = found.iter().map(|c| c.substance.as_str()).collect();
        matched.sort();
        let mut expected = expected.to_vec();
        expected.sort();
        assert_eq!(matched, expected, "{medicine}");
        assert!(found.iter().all(|c| c.medicine == medicine.trim()));
    }
}

/// Takes the clinic's booked visit to the consultation.
async fn consulting(clinic: &Clinic) -> String {
    let slot = clinic.free_slots().await[0];
    let booked: Appointment = clinic
        .book_as(&clinic.patient, slot)
        .await
        .json()
        .await
        .unwrap();
    let id = booked.id.to_string();
    for action in ["confirm", "check_in", "start_consultation"] {
        let response = clinic
            .act(&clinic.doctor.token, &id, json!({"action": action}))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{action}");
    }
    id
}

fn complete(reason: Option<&str>) -> Value {
    let mut body = json!({"action": "complete", "consultation": {
        "diagnosis": "Otitis media",
        "prescription": [
            {"drug": "Amoxicillin", "dose": "500 mg", "frequency": "three times a day", "duration": "7 days"},
            {"drug": "Ibuprofen", "dose": "200 mg", "frequency": "as needed for pain", "duration": "5 days"}
        ]
    }});
    if let Some(reason) = reason {
        body["allergy_override_reason"] = json!(reason);
    }
    body
}

async fn a_visit_prescribing_against_an_allergy_needs_a_reason(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let id = consulting(&clinic).await;
    let allergies = format!("/api/v1/patients/{}/allergies", patient.id);
    let penicillin =
        json!({"substance": "Penicillin", "category": "medication", "reaction": "Rash"});
    let penicillin: Allergy = expect(
        clinic.post(&doctor.token, &allergies, &penicillin).await,
        StatusCode::CREATED,
    )
    .await;

    // No reason (or a blank one): a 409 naming the medicine and the allergy.
    for reason in [None, Some("   ")] {
        let refused = clinic.act(&doctor.token, &id, complete(reason)).await;
        assert_eq!(refused.status(), StatusCode::CONFLICT);
        let body: ErrorBody = refused.json().await.unwrap();
        assert_eq!(body.error.code, ErrorCode::AllergyConflict);
        assert_eq!(body.error.conflicts.len(), 1);
        let conflict = &body.error.conflicts[0];
        assert_eq!(
            (conflict.medicine.as_str(), conflict.substance.as_str()),
            ("Amoxicillin", "Penicillin")
        );
        assert_eq!(conflict.allergy_id, penicillin.id);
    }
    let still: Appointment = clinic
        .read(&doctor.token, &format!("/api/v1/appointments/{id}"))
        .await;
    assert!(still.consultation.is_none(), "nothing was written");
    // The list went to the doctor as a read of the patient's allergies.
    let log: Page<AccessLogEntry> = clinic
        .read(&patient.token, "/api/v1/me/access-log?limit=100")
        .await;
    assert!(log
        .items
        .iter()
        .any(|e| e.what == "allergies" && e.actor_role == Role::Doctor));

    // With a reason: completed, and the override kept with the prescription.
    let reason = "Tolerated amoxicillin in 2024 under observation";
    let done: Appointment = expect(
        clinic.act(&doctor.token, &id, complete(Some(reason))).await,
        StatusCode::OK,
    )
    .await;
    let kept = done.allergy_override.expect("the override");
    assert_eq!(kept.reason, reason);
    assert_eq!(kept.by.role, Role::Doctor);
    assert_eq!(kept.conflicts.len(), 1);
    let read: Appointment = clinic
        .read(&patient.token, &format!("/api/v1/appointments/{id}"))
        .await;
    assert_eq!(
        read.allergy_override.map(|o| o.reason).as_deref(),
        Some(reason)
    );

    // Added to the medications: an allergy recorded since, not overridden, refuses it.
    let ibuprofen = json!({"substance": "Ibuprofen", "category": "medication"});
    let ibuprofen: Allergy = expect(
        clinic.post(&patient.token, &allergies, &ibuprofen).await,
        StatusCode::CREATED,
    )
    .await;
    let add = format!("/api/v1/appointments/{id}/prescription/add-to-medications");
    let refused = clinic.post(&patient.token, &add, &json!({})).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body: ErrorBody = refused.json().await.unwrap();
    let medicines: Vec<_> = body
        .error
        .conflicts
        .iter()
        .map(|c| c.medicine.as_str())
        .collect();
    assert_eq!(medicines, ["Ibuprofen"]);
    let withdraw = json!({"verification": "entered_in_error", "reason": "I tolerate it"});
    let path = format!("{allergies}/{}", ibuprofen.id);
    let withdrawn = send(&clinic, Method::PATCH, &patient.token, &path, withdraw).await;
    assert_eq!(withdrawn.status(), StatusCode::OK);
    let added: Vec<Medication> = expect(
        clinic.post(&patient.token, &add, &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    let carried = added[0]
        .allergy_override
        .as_ref()
        .expect("the visit's override");
    assert_eq!(carried.reason, reason);
    assert_eq!(carried.by.id.to_string(), doctor.id);
    assert!(added[1].allergy_override.is_none());
}

async fn medications_are_checked_when_added_and_edited(driver: Driver) {
    let clinic = cared_for(driver).await;
    let patient = &clinic.patient;
    let allergies = format!("/api/v1/patients/{}/allergies", patient.id);
    let sulfa = json!({"substance": "Sulfonamide antibiotics", "category": "medication"});
    let reported = clinic.post(&patient.token, &allergies, &sulfa).await;
    assert_eq!(reported.status(), StatusCode::CREATED);
    let medication = |name: &str, reason: Option<&str>| {
        let mut body = json!({"name": name, "strength": "960 mg", "schedule": {
            "times": ["08:00", "20:00"], "frequency": {"kind": "every_day"},
            "start": "2026-01-01", "zone": {"kind": "follow_me"}}});
        if let Some(reason) = reason {
            body["allergy_override_reason"] = json!(reason);
        }
        body
    };
    let refused = clinic
        .post(
            &patient.token,
            "/api/v1/me/medications",
            &medication("Co-trimoxazole", None),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body: ErrorBody = refused.json().await.unwrap();
    assert_eq!(body.error.conflicts[0].medicine, "Co-trimoxazole");
    assert_eq!(body.error.conflicts[0].substance, "Sulfonamide antibiotics");
    let reason = "Desensitised at the hospital in March";
    let added: Medication = expect(
        clinic
            .post(
                &patient.token,
                "/api/v1/me/medications",
                &medication("Co-trimoxazole", Some(reason)),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("/api/v1/medications/{}", added.id);
    let read: Medication = clinic.read(&clinic.doctor.token, &path).await;
    let kept = read.allergy_override.expect("the override");
    assert_eq!(
        (kept.reason.as_str(), kept.by.role),
        (reason, Role::Patient)
    );

    // An edit keeping the name keeps the override; another match needs a reason.
    let put = |body: Value| {
        let (clinic, path) = (&clinic, path.clone());
        async move { send(clinic, Method::PUT, &clinic.patient.token, &path, body).await }
    };
    let same: Medication = expect(
        put(medication("Co-trimoxazole", None)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        same.allergy_override.map(|o| o.reason).as_deref(),
        Some(reason)
    );
    let other = put(medication("Bactrim", None)).await;
    assert_eq!(error_code(other).await, "allergy_conflict");
    let plain: Medication =
        expect(put(medication("Trimethoprim", None)).await, StatusCode::OK).await;
    assert!(plain.allergy_override.is_none(), "nothing left to override");
    // The reason is bounded.
    let long = "a".repeat(501);
    let too_long = put(medication("Bactrim", Some(&long))).await;
    let body: Value = expect(too_long, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body["error"]["fields"]["allergy_override_reason"].is_string(),
        "{body}"
    );
}

/// The check reads the allergies, then one is recorded, then the
/// prescription is written with the check's condition: it fails rather
/// than land unchecked against the new allergy.
async fn an_allergy_recorded_while_prescribing_fails_the_prescription(driver: Driver) {
    let store = empty_store(driver).await;
    let patient = crate::medications::patient(&store, "race@example.org", "Europe/London").await;
    let ctx = ctx(&store);
    let checked = check::prescribing(&ctx, &patient, &patient.id, &["Amoxicillin"], None, None)
        .await
        .unwrap();
    assert!(checked.kept.is_none());
    let penicillin = input("Penicillin", ClinicalStatus::Active);
    allergies::add(&ctx, &patient, &patient.id, &penicillin)
        .await
        .unwrap();
    let written = ctx.commit(vec![checked.unchanged]).await;
    assert!(
        matches!(
            written,
            Err(medtrack::store::StoreError::ConditionFailed { .. })
        ),
        "{written:?}"
    );
    // Checked again, it sees the allergy; with nothing recorded meanwhile, it holds.
    let again = check::prescribing(
        &ctx,
        &patient,
        &patient.id,
        &["Amoxicillin"],
        Some("Tolerated before"),
        None,
    )
    .await
    .unwrap();
    assert_eq!(again.kept.unwrap().conflicts.len(), 1);
    ctx.commit(vec![again.unchanged]).await.unwrap();
}

async fn forms_ask_before_they_submit(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let record = format!("/api/v1/patients/{}", patient.id);
    let penicillin = json!({"substance": "Penicillin", "category": "medication"});
    let made = clinic
        .post(&doctor.token, &format!("{record}/allergies"), &penicillin)
        .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let path = format!("{record}/allergy-check");
    let asked = json!({"medicines": ["Amoxicillin 500 mg", "Paracetamol", ""]});
    for token in [&doctor.token, &patient.token, &clinic.admin.token] {
        let found: Value = expect(clinic.post(token, &path, &asked).await, StatusCode::OK).await;
        assert_eq!(found["conflicts"].as_array().unwrap().len(), 1);
        assert_eq!(found["conflicts"][0]["substance"], "Penicillin");
    }
    let other = crate::clinic::register_patient(&clinic.app, "nosy@example.org").await;
    let refused = clinic.post(&other.token, &path, &asked).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let too_many: Vec<String> = (0..21).map(|n| format!("Medicine {n}")).collect();
    let refused = clinic
        .post(&doctor.token, &path, &json!({"medicines": too_many}))
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
