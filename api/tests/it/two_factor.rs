//! Two-factor sign-in over HTTP, on both drivers: enrolment, sign-in with app
//! and recovery codes, no replay, turning it off, and admins needing it.

use medtrack_shared::account::{RecoveryCodes, SessionTokens, TwoFactorEnrolment};
use medtrack_shared::Me;
use reqwest::Method;
use reqwest::StatusCode;
use serde_json::{json, Value};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::auth::{patient, sign_in, PASSWORD};
use crate::clinic::error_code;
use crate::helpers::{on_both_drivers, spawn_app, Driver, TestApp};

on_both_drivers!(
    enrolment_then_sign_in_needs_a_code_used_once,
    turning_it_off_needs_the_password_and_a_code,
    admins_act_only_with_two_factor_on,
);

/// The code an authenticator app shows, `steps_ahead` steps from now.
pub fn code(secret: &str, email: &str, steps_ahead: u64) -> String {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().unwrap();
    let totp = TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some("MedTrack".into()),
        email.into(),
    )
    .unwrap();
    let now = jiff::Timestamp::now().as_second().unsigned_abs();
    totp.generate(now + 30 * steps_ahead)
}

async fn post(app: &TestApp, path: &str, token: Option<&str>, body: Value) -> reqwest::Response {
    match token {
        Some(token) => app.json_as(Method::POST, path, token, &body).await,
        None => app.post_json(path, &body).await,
    }
}

/// Turns two-factor sign-in on for the signed-in account; returns its secret and recovery codes.
pub async fn enrol(app: &TestApp, token: &str, email: &str) -> (String, Vec<String>) {
    let response = post(app, "/api/v1/me/two-factor", Some(token), json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let enrolment: TwoFactorEnrolment = response.json().await.unwrap();
    let confirm = json!({"code": code(&enrolment.secret, email, 0)});
    let response = post(app, "/api/v1/me/two-factor/confirm", Some(token), confirm).await;
    assert_eq!(response.status(), StatusCode::OK);
    let codes: RecoveryCodes = response.json().await.unwrap();
    (enrolment.secret, codes.codes)
}

fn login(email: &str, code: Option<&str>) -> Value {
    json!({"email": email, "password": PASSWORD, "two_factor_code": code})
}

async fn enrolment_then_sign_in_needs_a_code_used_once(driver: Driver) {
    let app = spawn_app(driver).await;
    let email = "twofa@example.org";
    post(&app, "/api/v1/auth/register", None, patient(email)).await;
    let tokens = sign_in(&app, email).await;

    let response = post(
        &app,
        "/api/v1/me/two-factor",
        Some(&tokens.access_token),
        json!({}),
    )
    .await;
    let enrolment: TwoFactorEnrolment = response.json().await.unwrap();
    assert!(
        enrolment
            .otpauth_uri
            .starts_with("otpauth://totp/MedTrack:"),
        "{}",
        enrolment.otpauth_uri
    );
    assert!(enrolment.qr_svg.contains("<svg"));
    let wrong = post(
        &app,
        "/api/v1/me/two-factor/confirm",
        Some(&tokens.access_token),
        json!({"code": "12345x"}),
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(wrong).await, "invalid_two_factor_code");
    let confirmed_with = code(&enrolment.secret, email, 0);
    let confirm = json!({"code": confirmed_with});
    let codes: RecoveryCodes = post(
        &app,
        "/api/v1/me/two-factor/confirm",
        Some(&tokens.access_token),
        confirm,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(codes.codes.len(), 10);
    assert_eq!(
        codes
            .codes
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len(),
        10
    );
    let me: Me = app.me(&tokens.access_token).await;
    assert!(me.two_factor_enabled);

    let without = post(&app, "/api/v1/auth/login", None, login(email, None)).await;
    assert_eq!(without.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(without).await, "two_factor_required");
    // The step confirmed with is used up; the next one (clock drift allowance) works once.
    let replayed = post(
        &app,
        "/api/v1/auth/login",
        None,
        login(email, Some(&confirmed_with)),
    )
    .await;
    assert_eq!(error_code(replayed).await, "invalid_two_factor_code");
    let next = code(&enrolment.secret, email, 1);
    let ok = post(&app, "/api/v1/auth/login", None, login(email, Some(&next))).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let _: SessionTokens = ok.json().await.unwrap();
    let again = post(&app, "/api/v1/auth/login", None, login(email, Some(&next))).await;
    assert_eq!(error_code(again).await, "invalid_two_factor_code");
}

async fn turning_it_off_needs_the_password_and_a_code(driver: Driver) {
    let app = spawn_app(driver).await;
    let email = "off@example.org";
    post(&app, "/api/v1/auth/register", None, patient(email)).await;
    let tokens = sign_in(&app, email).await;
    let (_, codes) = enrol(&app, &tokens.access_token, email).await;

    // A recovery code works once, in any letter case.
    let recovery = codes[3].to_uppercase();
    let ok = post(
        &app,
        "/api/v1/auth/login",
        None,
        login(email, Some(&recovery)),
    )
    .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let used = post(
        &app,
        "/api/v1/auth/login",
        None,
        login(email, Some(&recovery)),
    )
    .await;
    assert_eq!(error_code(used).await, "invalid_two_factor_code");

    let path = "/api/v1/me/two-factor/disable";
    let wrong_password = post(
        &app,
        path,
        Some(&tokens.access_token),
        json!({"password": "not it at all", "code": codes[0]}),
    )
    .await;
    assert_eq!(error_code(wrong_password).await, "invalid_credentials");
    let wrong_code = post(
        &app,
        path,
        Some(&tokens.access_token),
        json!({"password": PASSWORD, "code": "aaaaa-bbbbb"}),
    )
    .await;
    assert_eq!(error_code(wrong_code).await, "invalid_two_factor_code");
    let off = post(
        &app,
        path,
        Some(&tokens.access_token),
        json!({"password": PASSWORD, "code": codes[1]}),
    )
    .await;
    assert_eq!(off.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        post(&app, "/api/v1/auth/login", None, login(email, None))
            .await
            .status(),
        StatusCode::OK
    );
}

async fn admins_act_only_with_two_factor_on(driver: Driver) {
    let app = spawn_app(driver).await;
    let tokens = crate::helpers::admin_without_two_factor(&app).await;
    let list = || {
        app.client
            .get(app.url("/api/v1/admin/users?role=doctor&status=pending"))
            .bearer_auth(&tokens.access_token)
            .send()
    };
    let refused = list().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(refused).await, "two_factor_setup_required");
    enrol(&app, &tokens.access_token, crate::helpers::ADMIN_EMAIL).await;
    assert_eq!(list().await.unwrap().status(), StatusCode::OK);
}
