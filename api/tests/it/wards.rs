//! Wards and admissions over HTTP on both drivers: a hundred admissions
//! racing for ten beds fill each bed once and admit each patient once; a
//! stay moves, ends, and leaves its beds to be cleaned; a discharged stay
//! never moves; the ward's doctors read the record only while the patient
//! is in.

use futures::StreamExt;
use medtrack_shared::wards::admissions::{Admission, AdmissionState};
use medtrack_shared::wards::{Bed, BedBoard, BedState, Department, Ward};
use medtrack_shared::Page;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::auth::patient;
use crate::clinic::{approved_doctor, error_code, put, register, Clinic};
use crate::helpers::{on_both_drivers, Driver};
use crate::record_problems::{cared_for, expect};

on_both_drivers!(
    ten_beds_take_ten_of_a_hundred_admissions,
    a_stay_moves_ends_and_leaves_its_beds_to_be_cleaned,
);

/// A department and a ward (with `doctors`) of `beds` free beds in one room.
pub(crate) async fn ward(clinic: &Clinic, doctors: &[&str], beds: usize) -> (Ward, Vec<Bed>) {
    let admin = &clinic.admin.token;
    let body = json!({"name": "Medicine"});
    let response = clinic.post(admin, "/api/v1/departments", &body).await;
    let department: Department = expect(response, StatusCode::CREATED).await;
    let body = json!({
        "name": "Ward 3 East", "department": department.id, "kind": "general", "doctors": doctors,
    });
    let response = clinic.post(admin, "/api/v1/wards", &body).await;
    let ward: Ward = expect(response, StatusCode::CREATED).await;
    let labels: Vec<String> = (0..beds).map(|n| format!("Bed {}", n + 1)).collect();
    let path = format!("/api/v1/wards/{}/beds", ward.id);
    let body = json!({"room": "Room 1", "labels": labels});
    let response = clinic.post(admin, &path, &body).await;
    let beds: Vec<Bed> = expect(response, StatusCode::CREATED).await;
    (ward, beds)
}

async fn board(clinic: &Clinic) -> BedBoard {
    clinic.read(&clinic.admin.token, "/api/v1/beds/board").await
}

async fn ten_beds_take_ten_of_a_hundred_admissions(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let (_, beds) = ward(&clinic, &[], 10).await;
    let mut patients = Vec::new();
    for n in 0..20 {
        let me = register(&clinic.app, patient(&format!("inpatient{n}@example.org"))).await;
        patients.push(me.id.to_string());
    }
    // Attempt i: patient i % 20 for bed i % 10, so each bed is wanted by
    // two patients and each patient asks five times for one bed.
    let attempts = (0..100).map(|i| {
        let body = json!({
            "patient": patients[i % 20], "bed": beds[i % 10].id, "doctor": clinic.doctor.id,
            "reason": "Observation",
        });
        let clinic = &clinic;
        async move {
            let response = clinic
                .post(&clinic.admin.token, "/api/v1/admissions", &body)
                .await;
            match response.status() {
                StatusCode::CREATED => None,
                StatusCode::CONFLICT => Some(error_code(response).await),
                other => panic!("an admission answered {other}"),
            }
        }
    });
    let outcomes: Vec<_> = futures::stream::iter(attempts)
        .buffer_unordered(100)
        .collect()
        .await;
    let admitted = outcomes.iter().filter(|o| o.is_none()).count();
    assert_eq!(admitted, 10);
    assert!(outcomes
        .iter()
        .flatten()
        .all(|code| code == "bed_unavailable" || code == "already_admitted"));

    let board = board(&clinic).await;
    let occupants: Vec<_> = board.wards[0]
        .beds
        .iter()
        .map(|bed| bed.occupant.as_ref().map(|o| o.patient.id.to_string()))
        .collect();
    assert!(occupants.iter().all(Option::is_some));
    let mut distinct: Vec<_> = occupants.into_iter().flatten().collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 10);
    assert_eq!(board.wards[0].occupancy.occupied, 10);
    assert_eq!(board.departments[0].occupancy.occupied, 10);
    // Each patient has at most one admission, and it is active.
    for id in &patients {
        let path = format!("/api/v1/patients/{id}/admissions");
        let page: Page<Admission> = clinic.read(&clinic.admin.token, &path).await;
        assert_eq!(page.items.len(), usize::from(distinct.contains(id)));
    }
}

async fn a_stay_moves_ends_and_leaves_its_beds_to_be_cleaned(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (admin, doctor) = (&clinic.admin.token, &clinic.doctor.token);
    let colleague = approved_doctor(&clinic.app, &clinic.admin, "ward@example.org").await;
    let (_, beds) = ward(&clinic, &[&colleague.id], 3).await;
    let problems = format!("/api/v1/patients/{}/problems", clinic.patient.id);
    let reads = |token: String| {
        let (clinic, problems) = (&clinic, problems.clone());
        async move { clinic.app.get_as(&problems, &token).await.status() }
    };
    // Not the colleague's patient until admitted to their ward.
    assert_eq!(reads(colleague.token.clone()).await, StatusCode::FORBIDDEN);
    let body = json!({
        "patient": clinic.patient.id, "bed": beds[0].id,
        "reason": "Community-acquired pneumonia", "expected_discharge": "2099-01-10",
    });
    let response = clinic.post(doctor, "/api/v1/admissions", &body).await;
    let admission: Admission = expect(response, StatusCode::CREATED).await;
    assert_eq!(reads(colleague.token.clone()).await, StatusCode::OK);
    // Never admitted twice; never into a taken bed.
    let again = json!({"patient": clinic.patient.id, "bed": beds[1].id, "reason": "Again"});
    let response = clinic.post(doctor, "/api/v1/admissions", &again).await;
    assert_eq!(error_code(response).await, "already_admitted");

    // A transfer: the bed left is to be cleaned, and takes no one until it is.
    let on = |step: &str| format!("/api/v1/admissions/{}/{step}", admission.id);
    let body = json!({"bed": beds[1].id, "reason": "Needs oxygen at the wall"});
    let response = clinic.post(&colleague.token, &on("transfer"), &body).await;
    let moved: Admission = expect(response, StatusCode::OK).await;
    assert_eq!(moved.stays.len(), 2);
    assert!(moved.stays[0].until.is_some() && moved.stays[1].until.is_none());
    let state = |board: &BedBoard, bed: &Bed| {
        let found = board.wards[0].beds.iter().find(|b| b.id == bed.id).unwrap();
        found.state
    };
    let now = board(&clinic).await;
    assert_eq!(state(&now, &beds[0]), BedState::Housekeeping);
    assert_eq!(state(&now, &beds[1]), BedState::Occupied);
    let back = json!({"bed": beds[0].id});
    let response = clinic.post(doctor, &on("transfer"), &back).await;
    assert_eq!(error_code(response).await, "bed_unavailable");
    // Beds are set by hand, but never into or out of occupied.
    let path = |bed: &Bed| format!("/api/v1/beds/{}/state", bed.id);
    let occupied = json!({"state": "occupied"});
    let response = put(&clinic.app, admin, &path(&beds[0]), &occupied).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let cleaned = json!({"state": "unoccupied"});
    let response = put(&clinic.app, admin, &path(&beds[1]), &cleaned).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let response = put(&clinic.app, admin, &path(&beds[0]), &cleaned).await;
    let bed: Bed = expect(response, StatusCode::OK).await;
    assert_eq!(bed.state, BedState::Unoccupied);

    // The discharge frees the bed into housekeeping and ends the ward's access.
    let body =
        json!({"summary": "Afebrile for 48 hours on oral antibiotics.", "destination": "home"});
    let response = clinic.post(doctor, &on("discharge"), &body).await;
    let ended: Admission = expect(response, StatusCode::OK).await;
    assert_eq!(ended.state, AdmissionState::Discharged);
    assert_eq!(
        state(&board(&clinic).await, &beds[1]),
        BedState::Housekeeping
    );
    assert_eq!(reads(colleague.token.clone()).await, StatusCode::FORBIDDEN);
    // A discharged stay never moves or ends again.
    let response = clinic
        .post(admin, &on("transfer"), &json!({"bed": beds[2].id}))
        .await;
    assert_eq!(error_code(response).await, "invalid_transition");
    let response = clinic.post(admin, &on("discharge"), &body).await;
    assert_eq!(error_code(response).await, "invalid_transition");

    // The patient sees their stays; the board is for staff.
    let path = format!("/api/v1/patients/{}/admissions", clinic.patient.id);
    let mine: Page<Admission> = clinic.read(&clinic.patient.token, &path).await;
    assert_eq!(mine.items.len(), 1);
    assert_eq!(mine.items[0].stays.len(), 2);
    let response = clinic
        .app
        .get_as("/api/v1/beds/board", &clinic.patient.token)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // And may be admitted again.
    let body = json!({"patient": clinic.patient.id, "bed": beds[2].id, "reason": "Readmitted"});
    let response = clinic.post(doctor, "/api/v1/admissions", &body).await;
    let _: Value = expect(response, StatusCode::CREATED).await;
}
