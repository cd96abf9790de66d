//! Accounts and sessions over HTTP, on both drivers: registration rules and
//! uniqueness, sign-in, token rotation and reuse detection, sign-out, cookies.

use reqwest::Method;
use std::time::Duration;

use medtrack::auth::tokens::TokenKeys;
use medtrack_shared::account::SessionTokens;
use medtrack_shared::{AccountStatus, ErrorBody, Me, Role, UserId};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{ctx_at, on_both_drivers, spawn_app, Driver, TestApp, TEST_JWT_SECRET};

on_both_drivers!(
    a_patient_registers_signs_in_and_sees_their_account,
    registration_rules_are_checked_by_the_server,
    an_email_is_taken_whatever_its_letter_case,
    racing_registrations_of_one_email_have_one_winner,
    wrong_password_and_unknown_email_answer_alike,
    refresh_tokens_rotate_and_reuse_ends_the_session,
    a_lost_refresh_answer_may_be_retried_only_briefly,
    signing_out_ends_the_session_at_once,
    the_web_client_keeps_its_refresh_token_in_a_strict_cookie,
    access_tokens_expire_and_forgeries_fail,
    a_pending_doctor_signs_in_only_to_see_their_status,
    guessing_a_password_is_throttled,
    profile_and_password_changes,
);

pub const PASSWORD: &str = "correct horse battery staple orbit";

pub fn patient(email: &str) -> Value {
    json!({
        "role": "patient",
        "name": "Ada Lovelace",
        "email": email,
        "password": PASSWORD,
        "time_zone": "Europe/Lisbon",
        "date_of_birth": "1990-04-01",
        "phone": "+351912345678",
    })
}

fn doctor(email: &str) -> Value {
    json!({
        "role": "doctor",
        "name": "Gregory House",
        "email": email,
        "password": PASSWORD,
        "time_zone": "America/New_York",
        "specialization": "infectious-disease",
        "licence_number": "NJ-0042",
    })
}

async fn post(app: &TestApp, path: &str, body: &Value) -> reqwest::Response {
    app.post_json(path, body).await
}

async fn error_of(response: reqwest::Response) -> ErrorBody {
    response.json().await.expect("standard error body")
}

pub async fn sign_in(app: &TestApp, email: &str) -> SessionTokens {
    let response = post(
        app,
        "/api/v1/auth/login",
        &json!({"email": email, "password": PASSWORD}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn me(app: &TestApp, access_token: &str) -> reqwest::Response {
    app.get_as("/api/v1/me", access_token).await
}

async fn refresh(app: &TestApp, refresh_token: &str) -> reqwest::Response {
    post(
        app,
        "/api/v1/auth/refresh",
        &json!({"refresh_token": refresh_token}),
    )
    .await
}

async fn a_patient_registers_signs_in_and_sees_their_account(driver: Driver) {
    let app = spawn_app(driver).await;
    let response = post(&app, "/api/v1/auth/register", &patient("Ada@Example.org")).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Me = response.json().await.unwrap();
    assert_eq!(
        (created.role, created.status),
        (Role::Patient, AccountStatus::Active)
    );
    assert_eq!(created.email, "Ada@Example.org");

    let tokens = sign_in(&app, "ada@example.org").await;
    assert_eq!(tokens.token_type, "Bearer");
    assert_eq!(tokens.expires_in, 900);
    assert!(tokens.refresh_token.is_some());
    let response = me(&app, &tokens.access_token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let seen: Me = response.json().await.unwrap();
    assert_eq!(seen, created);

    let anonymous = app.get("/api/v1/me").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        error_of(anonymous).await.error.code.as_str(),
        "unauthenticated"
    );
}

async fn registration_rules_are_checked_by_the_server(driver: Driver) {
    let app = spawn_app(driver).await;
    let cases = [
        ("password", json!("password1234")),
        ("password", json!("adalovelace1990")),
        ("email", json!("not-an-email")),
        ("name", json!("   ")),
        ("time_zone", json!("Mars/Olympus_Mons")),
        ("date_of_birth", json!("2999-01-01")),
        ("phone", json!("0912345678")),
    ];
    for (field, value) in cases {
        let mut body = patient("rules@example.org");
        body[field] = value.clone();
        let response = post(&app, "/api/v1/auth/register", &body).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field} = {value}"
        );
        let error = error_of(response).await;
        assert!(error.error.fields.contains_key(field), "{field}: {error:?}");
    }
    let mut unknown = doctor("house@example.org");
    unknown["specialization"] = json!("astrology");
    let error = error_of(post(&app, "/api/v1/auth/register", &unknown).await).await;
    assert!(
        error.error.fields.contains_key("specialization"),
        "{error:?}"
    );

    let malformed = post(
        &app,
        "/api/v1/auth/register",
        &json!({"role": "admin", "email": "x@example.org"}),
    )
    .await;
    assert_eq!(
        malformed.status(),
        StatusCode::BAD_REQUEST,
        "nobody registers as an admin"
    );
    // Nothing was written by any of these.
    let login = post(
        &app,
        "/api/v1/auth/login",
        &json!({"email": "rules@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
}

async fn an_email_is_taken_whatever_its_letter_case(driver: Driver) {
    let app = spawn_app(driver).await;
    assert_eq!(
        post(&app, "/api/v1/auth/register", &patient("case@example.org"))
            .await
            .status(),
        StatusCode::CREATED
    );
    let again = post(&app, "/api/v1/auth/register", &doctor("CASE@Example.ORG")).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(again).await.error.code.as_str(), "email_taken");
}

async fn racing_registrations_of_one_email_have_one_winner(driver: Driver) {
    let app = spawn_app(driver).await;
    let racers = (0..12).map(|i| {
        let body = patient(&format!(
            "{}@example.org",
            if i % 2 == 0 { "race" } else { "RACE" }
        ));
        let request = app
            .client
            .post(app.url("/api/v1/auth/register"))
            .json(&body)
            .send();
        async move { request.await.unwrap().status() }
    });
    let statuses = futures::future::join_all(racers).await;
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        1,
        "{statuses:?}"
    );
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT));
}

async fn wrong_password_and_unknown_email_answer_alike(driver: Driver) {
    let app = spawn_app(driver).await;
    post(&app, "/api/v1/auth/register", &patient("known@example.org")).await;
    let wrong = post(
        &app,
        "/api/v1/auth/login",
        &json!({"email": "known@example.org", "password": "not the password at all"}),
    )
    .await;
    let unknown = post(
        &app,
        "/api/v1/auth/login",
        &json!({"email": "nobody@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_of(wrong).await, error_of(unknown).await);
}

async fn refresh_tokens_rotate_and_reuse_ends_the_session(driver: Driver) {
    let app = spawn_app(driver).await;
    post(
        &app,
        "/api/v1/auth/register",
        &patient("rotate@example.org"),
    )
    .await;
    let first = sign_in(&app, "rotate@example.org").await;
    let first_refresh = first.refresh_token.clone().unwrap();

    let response = refresh(&app, &first_refresh).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let second: SessionTokens = response.json().await.unwrap();
    let second_refresh = second.refresh_token.clone().unwrap();
    assert_ne!(second_refresh, first_refresh);
    assert_eq!(
        me(&app, &second.access_token).await.status(),
        StatusCode::OK
    );

    // The old token again at once, before the new one was used: the answer
    // was lost (a reload during the refresh). A new token comes, and the one
    // whose answer was lost is retired.
    let retried = refresh(&app, &first_refresh).await;
    assert_eq!(retried.status(), StatusCode::OK);
    let second: SessionTokens = retried.json().await.unwrap();
    let lost_refresh = second_refresh;
    let second_refresh = second.refresh_token.clone().unwrap();
    assert_ne!(second_refresh, lost_refresh);
    let third: SessionTokens = refresh(&app, &second_refresh).await.json().await.unwrap();
    let third_refresh = third.refresh_token.clone().unwrap();

    // The first token again, now that its successors were used: someone
    // copied it. The whole session ends.
    let reused = refresh(&app, &first_refresh).await;
    assert_eq!(reused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_of(reused).await.error.code.as_str(), "session_ended");
    for token in [&lost_refresh, &third_refresh] {
        assert_eq!(
            refresh(&app, token).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        me(&app, &third.access_token).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Other sessions of the account are not touched.
    let other = sign_in(&app, "rotate@example.org").await;
    assert_eq!(me(&app, &other.access_token).await.status(), StatusCode::OK);
    assert_eq!(
        refresh(&app, "made-up-token").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

async fn a_lost_refresh_answer_may_be_retried_only_briefly(driver: Driver) {
    use medtrack::domain::{accounts, sessions, DomainError};
    let app = spawn_app(driver).await;
    let me: Me = post(&app, "/api/v1/auth/register", &patient("retry@example.org"))
        .await
        .json()
        .await
        .unwrap();
    let account = accounts::get(&app.store, &me.id).await.unwrap().unwrap();
    let now = jiff::Timestamp::now();
    let (_, first) = sessions::start(&ctx_at(&app.store, now), &account)
        .await
        .unwrap();
    // Traded, but the answer never reached the client.
    sessions::refresh(&ctx_at(&app.store, now), &first)
        .await
        .unwrap();
    // Eleven seconds later the client tries again: too late to be a retry.
    let late = now + jiff::SignedDuration::from_secs(11);
    let again = sessions::refresh(&ctx_at(&app.store, late), &first).await;
    assert!(matches!(again, Err(DomainError::SessionEnded)));
    // And the session is over for every token of it.
    let check = sessions::check(
        &ctx_at(&app.store, late),
        &me.id,
        &only_session(&app, &me.id).await,
    )
    .await;
    assert!(matches!(check, Err(DomainError::SessionEnded)));
}

/// The id of the only session of `user`.
async fn only_session(app: &TestApp, user: &UserId) -> medtrack_shared::SessionId {
    let page = app
        .store
        .query(
            medtrack::store::Query::partition(format!("USER#{user}")).range(
                medtrack::store::SkRange::Prefix(medtrack::store::keys::SESSION_PREFIX.into()),
            ),
        )
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    page.items[0]
        .key
        .sk
        .trim_start_matches(medtrack::store::keys::SESSION_PREFIX)
        .parse()
        .unwrap()
}

async fn signing_out_ends_the_session_at_once(driver: Driver) {
    let app = spawn_app(driver).await;
    post(&app, "/api/v1/auth/register", &patient("bye@example.org")).await;
    let tokens = sign_in(&app, "bye@example.org").await;
    let kept = sign_in(&app, "bye@example.org").await;
    let response = app
        .send_as(Method::POST, "/api/v1/auth/logout", &tokens.access_token)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me(&app, &tokens.access_token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh(&app, tokens.refresh_token.as_ref().unwrap())
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        me(&app, &kept.access_token).await.status(),
        StatusCode::OK,
        "only that session ended"
    );

    // With the refresh token in the body, as an API client does.
    let by_token = post(
        &app,
        "/api/v1/auth/logout",
        &json!({"refresh_token": kept.refresh_token}),
    )
    .await;
    assert_eq!(by_token.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me(&app, &kept.access_token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Signing out twice is fine.
    assert_eq!(
        post(&app, "/api/v1/auth/logout", &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
}

async fn the_web_client_keeps_its_refresh_token_in_a_strict_cookie(driver: Driver) {
    let app = spawn_app(driver).await;
    post(
        &app,
        "/api/v1/auth/register",
        &patient("cookie@example.org"),
    )
    .await;
    let body =
        json!({"email": "cookie@example.org", "password": PASSWORD, "refresh_token_in": "cookie"});
    let response = post(&app, "/api/v1/auth/login", &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "medtrack_refresh=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/v1/auth",
    ] {
        assert!(cookie.contains(part), "{part} missing in {cookie}");
    }
    let tokens: SessionTokens = response.json().await.unwrap();
    assert!(tokens.refresh_token.is_none(), "the body must not carry it");

    let pair = cookie.split(';').next().unwrap().to_owned();
    let refreshed = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), StatusCode::OK);
    let rotated = refreshed.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(rotated, pair);
    let out = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("cookie", &rotated)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(out.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let after = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("cookie", &rotated)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

async fn access_tokens_expire_and_forgeries_fail(driver: Driver) {
    let app = spawn_app(driver).await;
    let created: Me = post(
        &app,
        "/api/v1/auth/register",
        &patient("expiry@example.org"),
    )
    .await
    .json()
    .await
    .unwrap();
    let live = sign_in(&app, "expiry@example.org").await;
    let claims = TokenKeys::new(TEST_JWT_SECRET.as_bytes(), Duration::from_secs(900))
        .verify(&live.access_token)
        .unwrap();
    let now = jiff::Timestamp::now().as_second().unsigned_abs();

    let keys = TokenKeys::new(TEST_JWT_SECRET.as_bytes(), Duration::from_secs(60));
    let expired = keys
        .issue(created.id, Role::Patient, &claims.sid, now - 61)
        .unwrap();
    assert_eq!(me(&app, &expired).await.status(), StatusCode::UNAUTHORIZED);
    let forged = TokenKeys::new(
        b"somebody else's secret of 32 bytes",
        Duration::from_secs(60),
    );
    let forged = forged
        .issue(created.id, Role::Admin, &claims.sid, now)
        .unwrap();
    assert_eq!(me(&app, &forged).await.status(), StatusCode::UNAUTHORIZED);
    let other_user = keys
        .issue(
            UserId::from_uuid(uuid::Uuid::now_v7()),
            Role::Patient,
            &claims.sid,
            now,
        )
        .unwrap();
    assert_eq!(
        me(&app, &other_user).await.status(),
        StatusCode::UNAUTHORIZED,
        "a session belongs to one account"
    );
}

async fn a_pending_doctor_signs_in_only_to_see_their_status(driver: Driver) {
    let app = spawn_app(driver).await;
    let response = post(&app, "/api/v1/auth/register", &doctor("house@example.org")).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Me = response.json().await.unwrap();
    assert_eq!(
        (created.role, created.status),
        (Role::Doctor, AccountStatus::Pending)
    );
    assert_eq!(
        created.specialization.as_ref().map(|s| s.as_str()),
        Some("infectious-disease")
    );
    let tokens = sign_in(&app, "house@example.org").await;
    let seen: Me = me(&app, &tokens.access_token).await.json().await.unwrap();
    assert_eq!(seen.status, AccountStatus::Pending);
}

async fn guessing_a_password_is_throttled(driver: Driver) {
    let app = spawn_app(driver).await;
    post(
        &app,
        "/api/v1/auth/register",
        &patient("target@example.org"),
    )
    .await;
    let guess = json!({"email": "target@example.org", "password": "a guess that is wrong"});
    for _ in 0..5 {
        assert_eq!(
            post(&app, "/api/v1/auth/login", &guess).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let throttled = post(&app, "/api/v1/auth/login", &guess).await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = throttled.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(
        error_of(throttled).await.error.code.as_str(),
        "rate_limited"
    );
    // Even the right password waits: the account, not the guess, is limited.
    let right = json!({"email": "TARGET@example.org", "password": PASSWORD});
    assert_eq!(
        post(&app, "/api/v1/auth/login", &right).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    // Per address, behind the load balancer: the last X-Forwarded-For entry counts.
    let from = |address: &'static str, i: usize| {
        let body =
            json!({"email": format!("nobody{i}@example.org"), "password": "a guess that is wrong"});
        app.client
            .post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-for", format!("203.0.113.9, {address}"))
            .json(&body)
            .send()
    };
    for i in 0..20 {
        assert_eq!(
            from("198.51.100.7", i).await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        from("198.51.100.7", 20).await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        from("198.51.100.8", 21).await.unwrap().status(),
        StatusCode::UNAUTHORIZED,
        "another client goes on"
    );
}

async fn profile_and_password_changes(driver: Driver) {
    let app = spawn_app(driver).await;
    post(
        &app,
        "/api/v1/auth/register",
        &patient("change@example.org"),
    )
    .await;
    let here = sign_in(&app, "change@example.org").await;
    let elsewhere = sign_in(&app, "change@example.org").await;
    let patch = |body: Value| {
        app.client
            .patch(app.url("/api/v1/me"))
            .bearer_auth(&here.access_token)
            .json(&body)
            .send()
    };

    let changed: Me = patch(json!({"name": "Ada King", "time_zone": "Asia/Tokyo", "phone": ""}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            changed.name.as_str(),
            changed.time_zone.as_str(),
            changed.phone
        ),
        ("Ada King", "Asia/Tokyo", None)
    );
    let bad = patch(json!({"time_zone": "Asia/Atlantis"})).await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let seen: Me = me(&app, &here.access_token).await.json().await.unwrap();
    assert_eq!(
        seen.time_zone, "Asia/Tokyo",
        "a refused change writes nothing"
    );

    let change = |current: &str, new: &str| {
        app.client
            .post(app.url("/api/v1/me/password"))
            .bearer_auth(&here.access_token)
            .json(&json!({"current_password": current, "new_password": new}))
            .send()
    };
    let new_password = "a different horse battery staple";
    assert_eq!(
        change("wrong current password", new_password)
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        change(PASSWORD, "password1234").await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        change(PASSWORD, new_password).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );

    assert_eq!(
        me(&app, &here.access_token).await.status(),
        StatusCode::OK,
        "this session goes on"
    );
    assert_eq!(
        me(&app, &elsewhere.access_token).await.status(),
        StatusCode::UNAUTHORIZED,
        "others end"
    );
    let old = post(
        &app,
        "/api/v1/auth/login",
        &json!({"email": "change@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = post(
        &app,
        "/api/v1/auth/login",
        &json!({"email": "change@example.org", "password": new_password}),
    )
    .await;
    assert_eq!(new.status(), StatusCode::OK);
}
