//! What the server checks before anything else, on both drivers: who is
//! calling, then their role, then their input; dates at the edges of the
//! calendar; the headers every answer carries; and the sign-in limit across
//! replicas.

use reqwest::Method;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::auth::{patient, sign_in};
use crate::clinic::{error_code, register, Clinic};
use crate::helpers::{fill_ids, on_both_drivers, replica, spawn_app, Driver, TestApp};

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, &str)>,
) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some((content_type, text)) = body {
        request = request
            .header("content-type", content_type)
            .body(text.to_owned());
    }
    request.send().await.unwrap()
}

async fn authentication_then_role_then_input(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let app = &clinic.app;
    let patient_id = &clinic.patient.id;
    let bad_query = format!("/api/v1/patients/{patient_id}/doses?date=not-a-date");
    // A signed token of an ended session, with a bad query: 401, not 400.
    let ended = sign_in(app, "pat@example.org").await.access_token;
    let out = send(
        app,
        reqwest::Method::POST,
        "/api/v1/auth/logout",
        Some(&ended),
        None,
    )
    .await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let answer = send(app, reqwest::Method::GET, &bad_query, Some(&ended), None).await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    // No token, with a body that is not JSON: 401, not 415.
    let practice = "/api/v1/doctors/me/practice";
    let text = Some(("text/plain", "hello"));
    let answer = send(app, reqwest::Method::PUT, practice, None, text).await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    // A patient at a doctors' operation with a body that is not JSON, or
    // broken JSON: 403, not 415 or 400.
    let token = Some(clinic.patient.token.as_str());
    let answer = send(app, reqwest::Method::PUT, practice, token, text).await;
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    let broken = Some(("application/json", "{nope"));
    let answer = send(app, reqwest::Method::PUT, practice, token, broken).await;
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    // The right role: now the input is looked at.
    let doctor = Some(clinic.doctor.token.as_str());
    let answer = send(app, reqwest::Method::PUT, practice, doctor, text).await;
    assert_eq!(answer.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let answer = send(app, reqwest::Method::GET, &bad_query, token, None).await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
}

async fn dates_at_the_edges_of_the_calendar_are_refused_by_field(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let (app, patient_id, doctor_id) = (&clinic.app, &clinic.patient.id, &clinic.doctor.id);
    for date in ["9999-12-31", "-009999-01-01", "1899-12-31", "2201-01-01"] {
        let cases = [
            (
                format!("/api/v1/patients/{patient_id}/doses?date={date}"),
                &clinic.patient.token,
                "date",
            ),
            (
                format!("/api/v1/doctors/{doctor_id}/slots?from={date}&to=2026-01-01"),
                &clinic.patient.token,
                "from",
            ),
            (
                format!("/api/v1/doctors/me/day?date={date}"),
                &clinic.doctor.token,
                "date",
            ),
            (
                format!("/api/v1/doctors/me/week?date={date}"),
                &clinic.doctor.token,
                "date",
            ),
        ];
        for (path, token, field) in cases {
            let answer = app.get_as(&path, token).await;
            assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
            let body: Value = answer.json().await.unwrap();
            assert!(body["error"]["fields"][field].is_string(), "{path}: {body}");
        }
    }
    // An instant past the supported range is refused by field; one past
    // what an instant can hold does not parse, and names its field too.
    for (instant, status) in [
        ("2300-01-01T00:00:00Z", StatusCode::UNPROCESSABLE_ENTITY),
        ("9999-12-31T00:00:00Z", StatusCode::BAD_REQUEST),
    ] {
        let far = format!("/api/v1/admin/appointments?from={instant}");
        let answer = app.get_as(&far, &clinic.admin.token).await;
        assert_eq!(answer.status(), status, "{far}");
        let body: Value = answer.json().await.unwrap();
        assert!(body["error"]["fields"]["from"].is_string(), "{far}: {body}");
    }
    // A body value that does not fit its type names its place, not itself.
    let medication = json!({"name": "Aspirin", "schedule": {
        "times": ["08:00", "25:99"], "frequency": {"kind": "every_day"},
        "start": "2026-01-01", "zone": {"kind": "follow_me"}}});
    let answer = app
        .json_as(
            Method::POST,
            "/api/v1/me/medications",
            &clinic.patient.token,
            &medication,
        )
        .await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_json");
    assert_eq!(
        body["error"]["fields"]["schedule.times[1]"],
        "is not a valid value for this field"
    );
    assert!(!body.to_string().contains("25:99"), "{body}");
}

/// Every operation of the served document, by its path with any ids.
async fn operations(app: &TestApp) -> Vec<(reqwest::Method, String)> {
    let document = app.document().await;
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let concrete = fill_ids(path);
            found.push((method, concrete));
        }
    }
    found
}

async fn every_answer_is_uncached_and_under_a_strict_policy(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let app = &clinic.app;
    let operations = operations(app).await;
    assert!(operations.len() > 50);
    for (method, path) in operations {
        for token in [None, Some(clinic.patient.token.as_str())] {
            let body = (method != reqwest::Method::GET).then_some(("application/json", "{}"));
            let answer = send(app, method.clone(), &path, token, body).await;
            let headers = answer.headers();
            let header = |name: &str| {
                headers
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
                    .unwrap_or_default()
            };
            let policy = header("content-security-policy");
            assert!(policy.contains("frame-ancestors 'none'"), "{method} {path}");
            assert_eq!(
                header("x-content-type-options"),
                "nosniff",
                "{method} {path}"
            );
            assert!(!header("permissions-policy").is_empty(), "{method} {path}");
            if path.starts_with("/api/v1/") {
                assert_eq!(header("cache-control"), "no-store", "{method} {path}");
                assert!(policy.starts_with("default-src 'none'"), "{method} {path}");
            }
        }
    }
    // The web client's page: its own files and its WebAssembly, nothing inline.
    let page = app.get("/").await;
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{policy}"
    );
    let scripts = policy
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(!scripts.contains("unsafe-inline"), "{policy}");
    assert!(
        !page.headers().contains_key("strict-transport-security"),
        "not over plain HTTP"
    );
}

async fn the_sign_in_limit_holds_across_replicas(driver: Driver) {
    let first = spawn_app(driver).await;
    let second = replica(&first, driver).await;
    register(&first, patient("target@example.org")).await;
    let guess = json!({"email": "target@example.org", "password": "a guess that is wrong"});
    for (n, app) in [&first, &second, &first, &second, &first]
        .into_iter()
        .enumerate()
    {
        let answer = app.post_json("/api/v1/auth/login", &guess).await;
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "guess {n}");
    }
    for app in [&first, &second] {
        let answer = app.post_json("/api/v1/auth/login", &guess).await;
        assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(error_code(answer).await, "rate_limited");
    }
}

on_both_drivers!(
    authentication_then_role_then_input,
    dates_at_the_edges_of_the_calendar_are_refused_by_field,
    every_answer_is_uncached_and_under_a_strict_policy,
    the_sign_in_limit_holds_across_replicas,
);
