//! Account administration over HTTP, on both drivers: who may, the doctor
//! approval flow, deactivation taking effect at once, and the lists.

use medtrack_shared::account::UserSummary;
use medtrack_shared::{AccountStatus, Me, Page};
use reqwest::Method;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::auth::{patient, sign_in, PASSWORD};
use crate::clinic::{error_code, register};
use crate::helpers::{admin, on_both_drivers, spawn_app, Driver, TestApp};

on_both_drivers!(
    only_admins_administer,
    a_doctor_is_approved_or_rejected_with_a_reason,
    deactivation_takes_effect_at_once_and_is_undone_by_reactivation,
    the_lists_page_through_each_role_and_status,
);

fn doctor(email: &str) -> Value {
    json!({
        "role": "doctor", "name": "Doctor Who", "email": email, "password": PASSWORD,
        "time_zone": "Europe/London", "specialization": "cardiology", "licence_number": "GMC-77",
    })
}

async fn decide(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.json_as(
        Method::POST,
        &format!("/api/v1/admin/users/{id}/decision"),
        token,
        &body,
    )
    .await
}

async fn list(app: &TestApp, token: &str, query: &str) -> reqwest::Response {
    app.get_as(&format!("/api/v1/admin/users?{query}"), token)
        .await
}

async fn only_admins_administer(driver: Driver) {
    let app = spawn_app(driver).await;
    let root = admin(&app).await;
    let patient_me = register(&app, patient("p@example.org")).await;
    let patient_tokens = sign_in(&app, "p@example.org").await;
    let doc = register(&app, doctor("d@example.org")).await;
    decide(
        &app,
        &root.access_token,
        &doc.id.to_string(),
        json!({"decision": "approve"}),
    )
    .await;
    let doctor_tokens = sign_in(&app, "d@example.org").await;

    for (who, token) in [
        ("patient", &patient_tokens.access_token),
        ("doctor", &doctor_tokens.access_token),
    ] {
        let listed = list(&app, token, "role=doctor&status=pending").await;
        assert_eq!(listed.status(), StatusCode::FORBIDDEN, "{who} listed users");
        let decided = decide(
            &app,
            token,
            &patient_me.id.to_string(),
            json!({"decision": "deactivate"}),
        )
        .await;
        assert_eq!(decided.status(), StatusCode::FORBIDDEN, "{who} decided");
    }
    let anonymous = app
        .get("/api/v1/admin/users?role=doctor&status=pending")
        .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // The patient is untouched by the refused attempts.
    let me: Me = app.me(&patient_tokens.access_token).await;
    assert_eq!(me.status, AccountStatus::Active);

    let unknown = decide(
        &app,
        &root.access_token,
        &uuid::Uuid::now_v7().to_string(),
        json!({"decision": "approve"}),
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let malformed = decide(
        &app,
        &root.access_token,
        "not-an-id",
        json!({"decision": "approve"}),
    )
    .await;
    assert_eq!(malformed.status(), StatusCode::NOT_FOUND);
    let root_me: Me = app.me(&root.access_token).await;
    let own = decide(
        &app,
        &root.access_token,
        &root_me.id.to_string(),
        json!({"decision": "deactivate"}),
    )
    .await;
    assert_eq!(
        own.status(),
        StatusCode::CONFLICT,
        "an admin cannot lock themselves out"
    );
}

async fn a_doctor_is_approved_or_rejected_with_a_reason(driver: Driver) {
    let app = spawn_app(driver).await;
    let root = admin(&app).await;
    let doc = register(&app, doctor("house@example.org")).await;
    let id = doc.id.to_string();

    let pending: Page<UserSummary> = list(&app, &root.access_token, "role=doctor&status=pending")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        pending
            .items
            .iter()
            .map(|u| u.account.id)
            .collect::<Vec<_>>(),
        [doc.id]
    );

    let no_reason = decide(&app, &root.access_token, &id, json!({"decision": "reject"})).await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let rejected = decide(
        &app,
        &root.access_token,
        &id,
        json!({"decision": "reject", "reason": "Licence not found in the register."}),
    )
    .await;
    assert_eq!(rejected.status(), StatusCode::OK);
    let tokens = sign_in(&app, "house@example.org").await;
    let seen: Me = app.me(&tokens.access_token).await;
    assert_eq!(
        (seen.status, seen.status_reason.as_deref()),
        (
            AccountStatus::Rejected,
            Some("Licence not found in the register.")
        )
    );

    let again = decide(
        &app,
        &root.access_token,
        &id,
        json!({"decision": "reject", "reason": "twice"}),
    )
    .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "invalid_transition");
    let approved: UserSummary = decide(
        &app,
        &root.access_token,
        &id,
        json!({"decision": "approve"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        (approved.account.status, approved.account.status_reason),
        (AccountStatus::Active, None)
    );
    assert_eq!(approved.sign_in_count, 1);
    assert!(approved.last_sign_in_at.is_some());

    let still_pending: Page<UserSummary> =
        list(&app, &root.access_token, "role=doctor&status=pending")
            .await
            .json()
            .await
            .unwrap();
    assert!(still_pending.items.is_empty());
    let active: Page<UserSummary> = list(&app, &root.access_token, "role=doctor&status=active")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(active.items.len(), 1);
    let patient_approval = decide(
        &app,
        &root.access_token,
        &register(&app, patient("p@example.org"))
            .await
            .id
            .to_string(),
        json!({"decision": "approve"}),
    )
    .await;
    assert_eq!(
        patient_approval.status(),
        StatusCode::CONFLICT,
        "patients are not approved"
    );
}

async fn deactivation_takes_effect_at_once_and_is_undone_by_reactivation(driver: Driver) {
    let app = spawn_app(driver).await;
    let root = admin(&app).await;
    let me = register(&app, patient("gone@example.org")).await;
    let tokens = sign_in(&app, "gone@example.org").await;
    let deactivated = decide(
        &app,
        &root.access_token,
        &me.id.to_string(),
        json!({"decision": "deactivate", "reason": "Duplicate account"}),
    )
    .await;
    assert_eq!(deactivated.status(), StatusCode::OK);

    let now = app.get_as("/api/v1/me", &tokens.access_token).await;
    assert_eq!(
        now.status(),
        StatusCode::UNAUTHORIZED,
        "the access token died with the account"
    );
    let refreshed = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": tokens.refresh_token}),
        )
        .await;
    assert_eq!(refreshed.status(), StatusCode::UNAUTHORIZED);
    let login = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "gone@example.org", "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(login).await, "account_deactivated");

    let back: UserSummary = decide(
        &app,
        &root.access_token,
        &me.id.to_string(),
        json!({"decision": "reactivate"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(back.account.status, AccountStatus::Active);
    let fresh = sign_in(&app, "gone@example.org").await;
    let ok = app.get_as("/api/v1/me", &fresh.access_token).await;
    assert_eq!(ok.status(), StatusCode::OK);
    // The sessions from before deactivation stay ended.
    let old = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": tokens.refresh_token}),
        )
        .await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
}

async fn the_lists_page_through_each_role_and_status(driver: Driver) {
    let app = spawn_app(driver).await;
    let root = admin(&app).await;
    let mut expected = Vec::new();
    for i in 0..5 {
        expected.push(
            register(&app, doctor(&format!("doc{i}@example.org")))
                .await
                .id,
        );
    }
    register(&app, patient("p@example.org")).await;
    let mut seen = Vec::new();
    let mut query = "role=doctor&status=pending&limit=2".to_owned();
    loop {
        let page: Page<UserSummary> = list(&app, &root.access_token, &query)
            .await
            .json()
            .await
            .unwrap();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|u| u.account.id));
        match page.next_cursor {
            Some(cursor) => query = format!("role=doctor&status=pending&limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, expected, "oldest first, each once");
    let bad = list(&app, &root.access_token, "role=wizard&status=pending").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}
