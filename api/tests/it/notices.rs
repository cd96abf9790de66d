//! Account and security events reach their owner's inbox, on both drivers:
//! approval or rejection, a password change, two-factor sign-in on and off.

use reqwest::StatusCode;
use serde_json::json;

use crate::appointments::inbox;
use crate::auth::PASSWORD;
use crate::clinic::{Clinic, Person};
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(account_changes_are_told_to_their_owner);

async fn account_changes_are_told_to_their_owner(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let patient = &clinic.patient;
    let changed = clinic
        .post(
            &patient.token,
            "/api/v1/me/password",
            &json!({"current_password": PASSWORD, "new_password": "a brand new passphrase for the clinic"}),
        )
        .await;
    assert!(changed.status().is_success(), "{}", changed.status());
    let (secret, _) =
        crate::two_factor::enrol(&clinic.app, &patient.token, "pat@example.org").await;
    let code = crate::two_factor::code(&secret, "pat@example.org", 1);
    let disabled = clinic
        .post(
            &patient.token,
            "/api/v1/me/two-factor/disable",
            &json!({"password": "a brand new passphrase for the clinic", "code": code}),
        )
        .await;
    assert_eq!(disabled.status(), StatusCode::NO_CONTENT);
    let events = events_of(&clinic, patient, 3).await;
    assert_eq!(
        events,
        [
            "account.password_changed",
            "account.two_factor_enabled",
            "account.two_factor_disabled"
        ]
    );

    // A rejected doctor hears why.
    let registered = clinic
        .app
        .client
        .post(clinic.app.url("/api/v1/auth/register"))
        .json(&crate::clinic::doctor("turned-down@example.org"))
        .send()
        .await
        .unwrap();
    let doctor: medtrack_shared::Me = registered.json().await.unwrap();
    let rejected = clinic
        .post(
            &clinic.admin.token,
            &format!("/api/v1/admin/users/{}/decision", doctor.id),
            &json!({"decision": "reject", "reason": "Licence could not be verified"}),
        )
        .await;
    assert_eq!(rejected.status(), StatusCode::OK);
    let token = crate::auth::sign_in(&clinic.app, "turned-down@example.org")
        .await
        .access_token;
    let pending = Person {
        id: doctor.id.to_string(),
        token,
    };
    let notes = inbox(&clinic, &pending, 1).await;
    assert_eq!(notes[0].event, "account.rejected");
    assert!(notes[0].body.contains("Licence could not be verified"));
    // Nobody else heard of it: the admin's inbox holds only their own
    // two-factor notice (the fixture turned it on).
    let admin_notes = inbox(&clinic, &clinic.admin, 1).await;
    let events: Vec<&str> = admin_notes.iter().map(|n| n.event.as_str()).collect();
    assert_eq!(events, ["account.two_factor_enabled"]);
}

/// The names of the person's notification events, oldest first, once `count` arrived.
async fn events_of(clinic: &Clinic, person: &Person, count: usize) -> Vec<String> {
    inbox(clinic, person, count)
        .await
        .into_iter()
        .rev()
        .map(|n| n.event)
        .collect()
}
