//! The authorization matrix of messaging, on both drivers: a thread is its
//! two parties' alone (admins see counts, never words); only a patient and
//! their doctor start one; attachments come from the thread's patient's
//! vault only, and stay unreachable to anyone outside the thread.

use medtrack_shared::messaging::Posted;
use medtrack_shared::vault::Document;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::access::{get, row, run, world_on, CREATED, F, NF, OK, SECRET, U};
use crate::access_vault::document;
use crate::helpers::{on_both_drivers, sink, spawn_app_with_vault, Driver};
use crate::vault_support::{settings, Objects};

on_both_drivers!(threads_answer_only_their_parties);

const INVALID: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

async fn threads_answer_only_their_parties(driver: Driver) {
    let app = spawn_app_with_vault(driver, sink, settings(Objects::Disk)).await;
    let world = world_on(app).await;
    let id = |n: usize| world.callers[n].id.clone().unwrap();
    let (a, doctor) = (id(1), id(5));
    let mine = document(&world, 1, 1).await;
    let his = document(&world, 5, 1).await;
    let bs = document(&world, 2, 2).await;
    let body = json!({"with": doctor, "subject": SECRET, "text": SECRET, "attachments": [mine.id]});
    let started = world
        .app
        .json_as(
            Method::POST,
            "/api/v1/messages/threads",
            world.callers[1].token.as_ref().unwrap(),
            &body,
        )
        .await;
    assert_eq!(started.status(), CREATED);
    let started: Posted = started.json().await.unwrap();
    let thread = format!("/api/v1/messages/threads/{}", started.thread.id);
    let first = started.message.id;
    let with = |docs: &[&Document]| {
        let ids: Vec<_> = docs.iter().map(|d| d.id).collect();
        Some(json!({"text": SECRET, "attachments": ids}))
    };
    let download = |d: &Document| format!("/api/v1/patients/{a}/documents/{}/download", d.id);
    let new_thread = |to: &str| Some(json!({"with": to, "subject": "Hello", "text": "Hello"}));
    let matrix = vec![
        get("/api/v1/messages/threads", [U, OK, OK, F, OK, OK, F]),
        get("/api/v1/messages/threads/waiting", [U, F, F, F, OK, OK, F]),
        get(&thread, [U, OK, F, F, F, OK, F]),
        get(&format!("{thread}/messages"), [U, OK, F, F, F, OK, F]),
        row(
            Method::POST,
            &format!("{thread}/read"),
            Some(json!({"up_to": first})),
            [U, OK, F, F, F, OK, F],
        ),
        row(
            Method::POST,
            &format!("{thread}/messages"),
            Some(json!({"text": SECRET})),
            [U, CREATED, F, F, F, CREATED, F],
        ),
        // The doctor's upload for the patient: either party may attach it.
        row(
            Method::POST,
            &format!("{thread}/messages"),
            with(&[&his]),
            [U, CREATED, F, F, F, CREATED, F],
        ),
        // The patient's own document: theirs to attach, not the doctor's.
        row(
            Method::POST,
            &format!("{thread}/messages"),
            with(&[&mine]),
            [U, CREATED, F, F, F, INVALID, F],
        ),
        // Another patient's document: nobody in this thread attaches it.
        row(
            Method::POST,
            &format!("{thread}/messages"),
            with(&[&bs]),
            [U, INVALID, F, F, F, INVALID, F],
        ),
        row(
            Method::POST,
            &format!("{thread}/acknowledge"),
            None,
            [U, F, F, F, F, OK, F],
        ),
        get("/api/v1/messages/unread", [U, OK, OK, F, OK, OK, F]),
        get("/api/v1/messages/contacts", [U, OK, OK, F, OK, OK, F]),
        row(
            Method::POST,
            "/api/v1/messages/threads",
            new_thread(&doctor),
            [U, CREATED, F, F, F, F, F],
        ),
        row(
            Method::POST,
            "/api/v1/messages/threads",
            new_thread(&a),
            [U, F, F, F, F, CREATED, F],
        ),
        get(
            &format!("/api/v1/doctors/{doctor}/reply-time"),
            [U, OK, OK, F, OK, OK, OK],
        ),
        get("/api/v1/admin/messages", [U, F, F, F, F, F, OK]),
        // The attachment is the thread's: its doctor opens it, nobody else.
        row(
            Method::POST,
            &download(&mine),
            None,
            [U, OK, F, F, NF, OK, F],
        ),
    ];
    run(&world, matrix).await;

    // The patient revokes the share like any other: the doctor loses it.
    let revoke = format!("/api/v1/patients/{a}/documents/{}/shares/{doctor}", mine.id);
    let token = |n: usize| world.callers[n].token.clone().unwrap();
    let revoked = world.app.send_as(Method::DELETE, &revoke, token(1)).await;
    assert_eq!(revoked.status(), OK);
    let refused = world
        .app
        .send_as(Method::POST, &download(&mine), token(5))
        .await;
    assert_eq!(refused.status(), NF);

    // The event stream: the parties' and other people's own, never admins'.
    let expected = [U, OK, OK, F, OK, OK, F];
    for (caller, want) in world.callers.iter().zip(expected) {
        let mut request = world
            .app
            .client
            .get(world.app.url("/api/v1/me/events"))
            .header("accept", "text/event-stream");
        if let Some(token) = &caller.token {
            request = request.bearer_auth(token);
        }
        let answer = request.send().await.unwrap();
        assert_eq!(answer.status(), want, "{} /me/events", caller.name);
    }
}
