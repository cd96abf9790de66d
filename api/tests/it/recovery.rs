//! Forgotten passwords and confirmed addresses: single-use links by email
//! (the development sink), through the API, on both drivers.

use reqwest::Method;
use std::time::{Duration, Instant};

use medtrack::domain::notifications;
use medtrack_shared::account::UserSummary;
use medtrack_shared::{Me, Page};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::auth::{sign_in, PASSWORD};
use crate::clinic::{doctor, error_code, register_unconfirmed};
use crate::helpers::{admin, on_both_drivers, spawn_app, Driver, TestApp};

/// The secret of the newest link of `event` mailed to `to`, once the
/// dispatcher has sent it.
pub async fn link_sent(app: &TestApp, to: &str, event: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let sent = notifications::sent_messages(&app.ctx, 100, None)
            .await
            .unwrap();
        let found = sent
            .items
            .iter()
            .find(|m| m.to == to && m.event == event)
            .and_then(|m| m.body.split("#token=").nth(1))
            .and_then(|rest| rest.split_whitespace().next());
        if let Some(token) = found {
            return token.to_owned();
        }
        assert!(Instant::now() < deadline, "no {event} link sent to {to}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Confirms `email` the way its owner would: by the link mailed to it.
pub async fn confirm_address(app: &TestApp, email: &str) {
    let token = link_sent(app, email, "account.confirm_email").await;
    let confirmed = post(app, "/api/v1/auth/confirm-email", json!({ "token": token })).await;
    assert_eq!(
        confirmed.status(),
        StatusCode::NO_CONTENT,
        "{email} confirmed"
    );
}

async fn post(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    app.post_json(path, &body).await
}

async fn a_forgotten_password_is_reset_by_a_single_use_link(driver: Driver) {
    let app = spawn_app(driver).await;
    let email = "forgetful@example.org";
    register_unconfirmed(&app, crate::auth::patient(email)).await;
    let (first, second) = (sign_in(&app, email).await, sign_in(&app, email).await);

    // Asking says nothing about whether the address has an account.
    let asked = post(
        &app,
        "/api/v1/auth/password-reset",
        json!({ "email": email }),
    )
    .await;
    let unknown = post(
        &app,
        "/api/v1/auth/password-reset",
        json!({ "email": "nobody@example.org" }),
    )
    .await;
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    assert_eq!(unknown.status(), StatusCode::ACCEPTED);
    assert_eq!(asked.text().await.unwrap(), unknown.text().await.unwrap());

    let token = link_sent(&app, email, "account.password_reset").await;
    let reset = |password: &'static str| {
        let body = json!({ "token": token, "new_password": password });
        post(&app, "/api/v1/auth/password-reset/confirm", body)
    };
    let weak = reset("password123").await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let new_password = "a brand new passphrase for tests";
    assert_eq!(reset(new_password).await.status(), StatusCode::NO_CONTENT);

    // Every session ended; the new password signs in, the old one does not.
    for tokens in [&first, &second] {
        let me = app.get_as("/api/v1/me", &tokens.access_token).await;
        assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    }
    let login = |password: &str| {
        post(
            &app,
            "/api/v1/auth/login",
            json!({ "email": email, "password": password }),
        )
    };
    assert_eq!(login(PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(login(new_password).await.status(), StatusCode::OK);

    // The link works once.
    let again = reset("yet another passphrase for tests").await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(again).await, "validation_failed");
}

async fn a_doctor_reaches_the_admins_once_their_address_is_confirmed(driver: Driver) {
    let app = spawn_app(driver).await;
    let root = admin(&app).await.access_token;
    let email = "confirm.me@example.org";
    let me = register_unconfirmed(&app, doctor(email)).await;
    assert!(!me.email_verified);
    let pending = || async {
        let page: Page<UserSummary> = app
            .get_as("/api/v1/admin/users?role=doctor&status=pending", &root)
            .await
            .json()
            .await
            .unwrap();
        page.items.iter().any(|u| u.account.id == me.id)
    };
    assert!(!pending().await, "not before the address is confirmed");

    let token = link_sent(&app, email, "account.confirm_email").await;
    let confirm = || {
        post(
            &app,
            "/api/v1/auth/confirm-email",
            json!({ "token": token }),
        )
    };
    assert_eq!(confirm().await.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        confirm().await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the link works once"
    );
    assert!(pending().await, "in the admins' queue once confirmed");
    let doctor_token = sign_in(&app, email).await.access_token;
    let seen: Me = app.me(&doctor_token).await;
    assert!(seen.email_verified);
    let resend = app
        .send_as(Method::POST, "/api/v1/me/email-confirmation", &doctor_token)
        .await;
    assert_eq!(resend.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(resend).await, "already_confirmed");
}

async fn a_new_link_replaces_the_last_and_comes_a_minute_after_it(driver: Driver) {
    let app = spawn_app(driver).await;
    let email = "patient.resend@example.org";
    register_unconfirmed(&app, crate::auth::patient(email)).await;
    let first = link_sent(&app, email, "account.confirm_email").await;
    let token = sign_in(&app, email).await.access_token;
    let resend = app
        .send_as(Method::POST, "/api/v1/me/email-confirmation", &token)
        .await;
    assert_eq!(resend.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(resend.headers().contains_key("retry-after"));
    // The first link still works.
    let confirmed = post(
        &app,
        "/api/v1/auth/confirm-email",
        json!({ "token": first }),
    )
    .await;
    assert_eq!(confirmed.status(), StatusCode::NO_CONTENT);
}

on_both_drivers!(
    a_forgotten_password_is_reset_by_a_single_use_link,
    a_doctor_reaches_the_admins_once_their_address_is_confirmed,
    a_new_link_replaces_the_last_and_comes_a_minute_after_it,
);
