//! Problems on a patient's record, over HTTP on both drivers: recorded by
//! the doctor (confirmed) or the patient (patient-reported until confirmed),
//! corrected, resolved, marked entered in error and never deleted, every
//! revision kept and readable.

use medtrack_shared::account::AccessLogEntry;
use medtrack_shared::record::{ClinicalStatus, Problem, Verification};
use medtrack_shared::{Page, Role};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::clinic::{error_code, Clinic};
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(
    a_problem_lives_a_life_and_keeps_every_revision,
    what_cannot_be_changed_is_refused,
);

/// The clinic, its patient booked with its doctor: a care relationship.
pub async fn cared_for(driver: Driver) -> Clinic {
    let clinic = Clinic::open(driver).await;
    let slot = clinic.free_slots().await[0];
    let booked = clinic.book_as(&clinic.patient, slot).await;
    assert_eq!(booked.status(), StatusCode::CREATED);
    clinic
}

/// A request with a JSON body as the holder of `token`.
pub async fn send(
    clinic: &Clinic,
    method: Method,
    token: &str,
    path: &str,
    body: Value,
) -> reqwest::Response {
    clinic.app.json_as(method, path, token, &body).await
}

/// The answer, which must have `status`, read as `T`.
pub async fn expect<T: DeserializeOwned>(response: reqwest::Response, status: StatusCode) -> T {
    let url = response.url().path().to_owned();
    assert_eq!(response.status(), status, "{url}");
    response.json().await.unwrap()
}

async fn a_problem_lives_a_life_and_keeps_every_revision(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let list = format!("/api/v1/patients/{}/problems", patient.id);
    let one = |id: &dyn std::fmt::Display| format!("{list}/{id}");

    // The doctor's entry is confirmed; the patient's is patient-reported.
    let asthma = json!({"name": "  Asthma ", "code": {"system": "ICD-10", "value": "J45.909"},
                        "onset": "2019-04-01"});
    let asthma: Problem = expect(
        clinic.post(&doctor.token, &list, &asthma).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(asthma.details.name, "Asthma");
    assert_eq!(asthma.state.verification, Verification::Confirmed);
    assert_eq!(asthma.state.recorded_by.role, Role::Doctor);
    assert_eq!(asthma.state.revision, 1);
    let hay = json!({"name": "Hay fever"});
    let hay: Problem = expect(
        clinic.post(&patient.token, &list, &hay).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(hay.state.verification, Verification::PatientReported);

    // The patient corrects their own, then a doctor confirms it.
    let correction =
        json!({"correction": {"name": "Hay fever (grass pollen)", "notes": "Every May"}});
    let hay_path = one(&hay.id);
    let corrected: Problem = expect(
        send(
            &clinic,
            Method::PATCH,
            &patient.token,
            &hay_path,
            correction,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(corrected.details.name, "Hay fever (grass pollen)");
    assert_eq!(corrected.state.revision, 2);
    let confirm = json!({"verification": "confirmed", "reason": "Seen in clinic"});
    let confirmed: Problem = expect(
        send(
            &clinic,
            Method::PATCH,
            &doctor.token,
            &hay_path,
            confirm.clone(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(confirmed.state.verification, Verification::Confirmed);
    assert_eq!(confirmed.state.revision, 3);
    assert_eq!(confirmed.state.reason.as_deref(), Some("Seen in clinic"));
    assert_eq!(confirmed.state.recorded_by.role, Role::Patient);
    assert_eq!(confirmed.state.updated_by.role, Role::Doctor);
    // A change that changes nothing writes nothing.
    let again: Problem = expect(
        send(&clinic, Method::PATCH, &doctor.token, &hay_path, confirm).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again.state.revision, 3);

    // The doctor resolves asthma, then finds it was entered in error.
    let asthma_path = one(&asthma.id);
    let resolve = json!({"clinical_status": "resolved"});
    let resolved: Problem = expect(
        send(&clinic, Method::PATCH, &doctor.token, &asthma_path, resolve).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(resolved.state.clinical_status, ClinicalStatus::Resolved);
    let page: Page<Problem> = clinic.read(&doctor.token, &list).await;
    let names: Vec<_> = page.items.iter().map(|p| p.id).collect();
    assert_eq!(names, [hay.id, asthma.id], "newest first");
    let only = |status: &str| format!("{list}?status={status}");
    let active: Page<Problem> = clinic.read(&doctor.token, &only("active")).await;
    assert_eq!(active.items.len(), 1);
    assert_eq!(active.items[0].id, hay.id);
    let error = json!({"verification": "entered_in_error"});
    let unexplained = send(&clinic, Method::PATCH, &doctor.token, &asthma_path, error).await;
    assert_eq!(unexplained.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = json!({"verification": "entered_in_error", "reason": "Another patient's"});
    let marked: Problem = expect(
        send(&clinic, Method::PATCH, &doctor.token, &asthma_path, error).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(marked.state.verification, Verification::EnteredInError);
    let revive = json!({"clinical_status": "active"});
    let revived = send(&clinic, Method::PATCH, &doctor.token, &asthma_path, revive).await;
    assert_eq!(error_code(revived).await, "invalid_transition");

    // Never deleted: still listed, under its own status.
    let page: Page<Problem> = clinic.read(&patient.token, &list).await;
    assert_eq!(page.items.len(), 2);
    let in_error: Page<Problem> = clinic.read(&patient.token, &only("entered_in_error")).await;
    assert_eq!(in_error.items[0].id, asthma.id);
    let resolved: Page<Problem> = clinic.read(&patient.token, &only("resolved")).await;
    assert!(resolved.items.is_empty());

    // Every revision, oldest first, a page at a time.
    let history: Page<Problem> = clinic
        .read(&doctor.token, &format!("{asthma_path}/history"))
        .await;
    let steps: Vec<_> = history
        .items
        .iter()
        .map(|p| {
            (
                p.state.revision,
                p.state.clinical_status,
                p.state.verification,
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (1, ClinicalStatus::Active, Verification::Confirmed),
            (2, ClinicalStatus::Resolved, Verification::Confirmed),
            (3, ClinicalStatus::Resolved, Verification::EnteredInError),
        ]
    );
    assert_eq!(
        history.items[2].state.reason.as_deref(),
        Some("Another patient's")
    );
    let first: Page<Problem> = clinic
        .read(&patient.token, &format!("{hay_path}/history?limit=2"))
        .await;
    assert_eq!(first.items.len(), 2);
    let cursor = first.next_cursor.expect("a second page");
    let rest: Page<Problem> = clinic
        .read(
            &patient.token,
            &format!("{hay_path}/history?limit=2&cursor={cursor}"),
        )
        .await;
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.items[0].state.revision, 3);

    // The doctor's reads are in the patient's access log; the patient's own are not.
    let log: Page<AccessLogEntry> = clinic
        .read(&patient.token, "/api/v1/me/access-log?limit=100")
        .await;
    let reads: Vec<&str> = log.items.iter().map(|e| e.what.as_str()).collect();
    assert!(reads.contains(&"problems"), "{reads:?}");
    assert!(reads.contains(&"problems history"), "{reads:?}");
    assert!(log.items.iter().all(|e| e.actor_role == Role::Doctor));
}

async fn what_cannot_be_changed_is_refused(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let list = format!("/api/v1/patients/{}/problems", patient.id);
    let gout: Problem = expect(
        clinic
            .post(&doctor.token, &list, &json!({"name": "Gout"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let own: Problem = expect(
        clinic
            .post(
                &patient.token,
                &list,
                &json!({"name": "Migraine", "clinical_status": "inactive"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(own.state.clinical_status, ClinicalStatus::Inactive);
    let gout_path = format!("{list}/{}", gout.id);
    let own_path = format!("{list}/{}", own.id);
    let patch = |token: &str, path: &str, body: Value| {
        let (token, path) = (token.to_owned(), path.to_owned());
        let clinic = &clinic;
        async move { send(clinic, Method::PATCH, &token, &path, body).await }
    };
    // The patient changes neither a doctor's entry nor a verification.
    let resolve = json!({"clinical_status": "resolved"});
    let theirs = patch(&patient.token, &gout_path, resolve).await;
    assert_eq!(theirs.status(), StatusCode::FORBIDDEN);
    let confirm = json!({"verification": "confirmed"});
    let own_confirmed = patch(&patient.token, &own_path, confirm).await;
    assert_eq!(own_confirmed.status(), StatusCode::FORBIDDEN);
    let refute = json!({"verification": "refuted"});
    let own_refuted = patch(&patient.token, &own_path, refute).await;
    assert_eq!(own_refuted.status(), StatusCode::FORBIDDEN);
    // A patient may withdraw their own report as entered in error.
    let withdraw = json!({"verification": "entered_in_error", "reason": "Meant my sister"});
    let withdrawn = patch(&patient.token, &own_path, withdraw).await;
    assert_eq!(withdrawn.status(), StatusCode::OK);
    // Input is checked by field.
    let future = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .checked_add(jiff::Span::new().days(3))
        .unwrap();
    let later = clinic
        .post(
            &doctor.token,
            &list,
            &json!({"name": "Gout", "onset": future}),
        )
        .await;
    let body: Value = expect(later, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body["error"]["fields"]["onset"].is_string(), "{body}");
    let nothing = patch(&doctor.token, &gout_path, json!({})).await;
    let body: Value = expect(nothing, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body["error"]["fields"]["correction"].is_string(), "{body}");
    let unnamed = clinic
        .post(&doctor.token, &list, &json!({"name": " - "}))
        .await;
    assert_eq!(unnamed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // An id that is not on this record is not found.
    let unknown = format!("{list}/{}", uuid::Uuid::now_v7());
    let missing = patch(
        &doctor.token,
        &unknown,
        json!({"clinical_status": "resolved"}),
    )
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let missing = clinic
        .app
        .get_as(&format!("{unknown}/history"), &doctor.token)
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    // Admins read the record but do not write it.
    let admin = &clinic.admin.token;
    let read = clinic.app.get_as(&list, admin).await;
    assert_eq!(read.status(), StatusCode::OK);
    let written = clinic.post(admin, &list, &json!({"name": "Gout"})).await;
    assert_eq!(written.status(), StatusCode::FORBIDDEN);
}
