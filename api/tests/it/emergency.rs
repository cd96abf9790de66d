//! Reads of a record by people who are not the patient's doctors: a
//! doctor's emergency access, the daily entry a doctor's work lists leave,
//! and the alert a patient may ask for; on both drivers.

use std::time::{Duration, Instant};

use medtrack_shared::account::{AccessLogEntry, EmergencyAccess};
use medtrack_shared::notification::Notification;
use medtrack_shared::Page;
use reqwest::StatusCode;
use serde_json::json;

use crate::clinic::{approved_doctor, put, Clinic, Person};
use crate::helpers::{on_both_drivers, Driver, TestApp};

async fn access_log(app: &TestApp, patient: &Person) -> Vec<AccessLogEntry> {
    let page: Page<AccessLogEntry> = app
        .get_as("/api/v1/me/access-log", &patient.token)
        .await
        .json()
        .await
        .unwrap();
    page.items
}

/// Waits for a notification of `event` in `person`'s inbox; all of them.
async fn told(app: &TestApp, person: &Person, event: &str) -> Vec<Notification> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let page: Page<Notification> = app
            .get_as("/api/v1/me/notifications", &person.token)
            .await
            .json()
            .await
            .unwrap();
        let found: Vec<Notification> = page
            .items
            .into_iter()
            .filter(|n| n.event == event)
            .collect();
        if !found.is_empty() {
            return found;
        }
        assert!(Instant::now() < deadline, "{event} never told");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn a_doctor_opens_a_record_in_an_emergency(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let app = &clinic.app;
    let er = approved_doctor(app, &clinic.admin, "er@example.org").await;
    let record = format!("/api/v1/patients/{}", clinic.patient.id);
    assert_eq!(
        app.get_as(&record, &er.token).await.status(),
        StatusCode::FORBIDDEN
    );
    let open = |reason: &str| {
        app.client
            .post(app.url(&format!("{record}/emergency-access")))
            .bearer_auth(&er.token)
            .json(&json!({ "reason": reason }))
            .send()
    };
    let vague = open("urgent").await.unwrap();
    assert_eq!(
        vague.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is needed"
    );
    let granted = open("Unconscious on arrival, allergies unknown")
        .await
        .unwrap();
    assert_eq!(granted.status(), StatusCode::CREATED);
    let access: EmergencyAccess = granted.json().await.unwrap();
    let hour = access
        .until
        .duration_since(jiff::Timestamp::now())
        .as_secs();
    assert!((3500..=3600).contains(&hour), "{hour}");
    assert_eq!(
        app.get_as(&record, &er.token).await.status(),
        StatusCode::OK
    );

    // It stands out in the patient's log, with the reason; each read too.
    let log = access_log(app, &clinic.patient).await;
    let by_er: Vec<&AccessLogEntry> = log
        .iter()
        .filter(|e| e.actor_id.to_string() == er.id)
        .collect();
    assert_eq!(by_er.len(), 2, "{log:?}");
    assert!(by_er.iter().all(|e| e.emergency));
    assert!(by_er
        .iter()
        .any(|e| e.reason.as_deref() == Some("Unconscious on arrival, allergies unknown")));
    // The patient and the admins are told at once.
    told(app, &clinic.patient, "account.emergency_access").await;
    told(app, &clinic.admin, "account.emergency_access").await;
}

async fn a_doctors_lists_leave_one_entry_per_patient_and_day(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let app = &clinic.app;
    let slot = clinic.free_slots().await[0];
    assert_eq!(
        clinic.book_as(&clinic.patient, slot).await.status(),
        StatusCode::CREATED
    );
    for path in [
        "/api/v1/doctors/me/requests",
        "/api/v1/doctors/me/day",
        "/api/v1/doctors/me/requests",
    ] {
        assert_eq!(
            app.get_as(path, &clinic.doctor.token).await.status(),
            StatusCode::OK
        );
    }
    let log = access_log(app, &clinic.patient).await;
    let seen = log
        .iter()
        .filter(|e| e.what == "appointment in their schedule")
        .count();
    assert_eq!(seen, 1, "{log:?}");
}

async fn a_patient_may_ask_to_be_told_of_reads_by_others(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let app = &clinic.app;
    let mut preferences =
        serde_json::to_value(medtrack_shared::delivery::Preferences::default()).unwrap();
    preferences["record_read_alerts"] = json!(true);
    let path = "/api/v1/me/notification-settings/preferences";
    let saved = put(app, &clinic.patient.token, path, &preferences).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let patient = format!("/api/v1/patients/{}", clinic.patient.id);
    for what in ["", "/medications", "/adherence"] {
        let read = app
            .get_as(&format!("{patient}{what}"), &clinic.admin.token)
            .await;
        assert_eq!(read.status(), StatusCode::OK);
    }
    let alerts = told(app, &clinic.patient, "account.record_read").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let alerts_after = told(app, &clinic.patient, "account.record_read").await;
    assert_eq!(alerts.len(), 1, "one a day per reader");
    assert_eq!(alerts_after.len(), 1, "one a day per reader");
}

on_both_drivers!(
    a_doctor_opens_a_record_in_an_emergency,
    a_doctors_lists_leave_one_entry_per_patient_and_day,
    a_patient_may_ask_to_be_told_of_reads_by_others,
);
