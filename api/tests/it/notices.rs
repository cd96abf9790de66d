//! Account and security events reach their owner's inbox, on both drivers:
//! approval or rejection, a password change, two-factor sign-in on and off,
//! a sign-in from a new device.

use reqwest::StatusCode;
use serde_json::json;

use crate::appointments::inbox;
use crate::auth::PASSWORD;
use crate::clinic::{Clinic, Person};
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(
    account_changes_are_told_to_their_owner,
    a_sign_in_from_a_new_device_is_told_to_the_owner,
);

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

const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

/// Signs in as `email` with the device cookie `device`; returns the new device cookie.
async fn sign_in_from(clinic: &Clinic, email: &str, device: Option<&str>) -> String {
    let mut request = clinic
        .app
        .client
        .post(clinic.app.url("/api/v1/auth/login"))
        .header("User-Agent", CHROME)
        .json(&json!({"email": email, "password": PASSWORD}));
    if let Some(device) = device {
        request = request.header("Cookie", format!("medtrack_device={device}"));
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("medtrack_device="))
        .expect("a device cookie");
    assert!(cookie.contains("HttpOnly"));
    cookie["medtrack_device=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

async fn a_sign_in_from_a_new_device_is_told_to_the_owner(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    // The fixture's patient signed in once, without keeping the cookie.
    let email = "pat@example.org";
    let browser = sign_in_from(&clinic, email, None).await;
    assert_eq!(sign_in_from(&clinic, email, Some(&browser)).await, browser);
    sign_in_from(&clinic, email, Some("a cookie this server never made")).await;
    let notes = inbox(&clinic, &clinic.patient, 2).await;
    let events: Vec<&str> = notes.iter().map(|n| n.event.as_str()).collect();
    assert_eq!(events, ["account.new_sign_in", "account.new_sign_in"]);
    assert!(
        notes[0].body.contains("(Chrome on Linux)"),
        "{}",
        notes[0].body
    );
    // A first sign-in is not news: the doctor's inbox has only the approval.
    let doctor_notes = inbox(&clinic, &clinic.doctor, 1).await;
    assert_eq!(doctor_notes.len(), 1);
    assert_eq!(doctor_notes[0].event, "account.approved");
}
