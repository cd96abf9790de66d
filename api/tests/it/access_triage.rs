//! The authorization matrix of triage, on both drivers: a patient's triages
//! are theirs alone; another patient finds none, and doctors and admins
//! are refused every operation.

use medtrack_shared::triage::TriageSession;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::access::{get, row, run, world, CREATED, F, NF, OK, U};
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(triages_answer_only_their_patient);

const GONE: StatusCode = StatusCode::NO_CONTENT;

async fn triages_answer_only_their_patient(driver: Driver) {
    let world = world(driver).await;
    let a_token = world.callers[1].token.clone().unwrap();
    let made = world
        .app
        .json_as(
            Method::POST,
            "/api/v1/triage",
            &a_token,
            &json!({"red_flags": ["breathing"]}),
        )
        .await;
    assert_eq!(made.status(), CREATED);
    let a_triage = made.json::<TriageSession>().await.unwrap().id;
    let one = format!("/api/v1/triage/{a_triage}");
    let answers = json!({"red_flags": ["chest_pain"]});
    // Callers in order: anonymous, A, B, pending doctor, doctor without care, doctor of A, admin.
    let matrix = vec![
        get("/api/v1/triage/questions", [U, OK, OK, F, F, F, F]),
        get("/api/v1/triage", [U, OK, OK, F, F, F, F]),
        row(
            Method::POST,
            "/api/v1/triage",
            Some(answers),
            [U, CREATED, CREATED, F, F, F, F],
        ),
        get(&one, [U, OK, NF, F, F, F, F]),
        // A deletes it first; B, after, finds none either.
        row(Method::DELETE, &one, None, [U, GONE, NF, F, F, F, F]),
    ];
    run(&world, matrix).await;
}
