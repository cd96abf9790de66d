//! The authorization matrix of the mood log, the PHQ-9, its alerts and
//! requests, the timeline and the safety information, on both drivers: the
//! patient writes their own; they and their doctors read; admins see open
//! alerts and the timeline, never the diary or the answers.

use medtrack_shared::record::Phq9Submitted;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::access::{entry, get, row, run, world, C, CREATED, F, NF, OK, SECRET, U};
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(the_diary_and_the_questionnaire_answer_only_whom_they_should);

const GONE: StatusCode = StatusCode::NO_CONTENT;

async fn the_diary_and_the_questionnaire_answer_only_whom_they_should(driver: Driver) {
    let world = world(driver).await;
    let a = world.callers[1].id.clone().unwrap();
    let b = world.callers[2].id.clone().unwrap();
    let note = json!({"score": 4, "note": format!("{SECRET} day")});
    let (kept, deleted) = (
        entry(&world, 1, "mood", note.clone()).await,
        entry(&world, 1, "mood", note.clone()).await,
    );
    // A's questionnaires: one that raised an alert, one that did not.
    let a_token = world.callers[1].token.clone().unwrap();
    let mut results = Vec::new();
    for answers in [[0, 0, 0, 0, 0, 0, 0, 0, 2], [0; 9]] {
        let made = world
            .app
            .json_as(
                Method::POST,
                &format!("/api/v1/patients/{a}/phq9"),
                &a_token,
                &json!({"answers": answers}),
            )
            .await;
        assert_eq!(made.status(), CREATED);
        results.push(made.json::<Phq9Submitted>().await.unwrap().result.id);
    }
    let (alerted, calm) = (results[0], results[1]);
    let (on_a, on_b) = (
        format!("/api/v1/patients/{a}"),
        format!("/api/v1/patients/{b}"),
    );
    // Callers in order: anonymous, A, B, pending doctor, doctor without care, doctor of A, admin.
    let matrix = vec![
        get(&format!("{on_a}/mood"), [U, OK, F, F, F, OK, F]),
        get(&format!("{on_b}/mood"), [U, F, OK, F, F, F, F]),
        get(&format!("{on_a}/mood/chart"), [U, OK, F, F, F, OK, F]),
        get(
            &format!("{on_a}/mood/chart?days=90"),
            [U, OK, F, F, F, OK, F],
        ),
        row(
            Method::POST,
            &format!("{on_a}/mood"),
            Some(note.clone()),
            [U, CREATED, F, F, F, F, F],
        ),
        row(
            Method::POST,
            &format!("{on_b}/mood"),
            Some(note.clone()),
            [U, F, CREATED, F, F, F, F],
        ),
        row(
            Method::PATCH,
            &format!("{on_a}/mood/{kept}"),
            Some(json!({"score": 6})),
            [U, OK, F, F, F, F, F],
        ),
        // A's entry through B's record: nobody finds it there.
        row(
            Method::PATCH,
            &format!("{on_b}/mood/{kept}"),
            Some(json!({"score": 6})),
            [U, F, NF, F, F, F, F],
        ),
        row(
            Method::DELETE,
            &format!("{on_a}/mood/{deleted}"),
            None,
            [U, GONE, F, F, F, F, F],
        ),
        get(&format!("{on_a}/phq9"), [U, OK, F, F, F, OK, F]),
        get(&format!("{on_b}/phq9"), [U, F, OK, F, F, F, F]),
        row(
            Method::POST,
            &format!("{on_a}/phq9"),
            Some(json!({"answers": [0, 0, 0, 0, 0, 0, 0, 0, 0]})),
            [U, CREATED, F, F, F, F, F],
        ),
        get(&format!("{on_a}/phq9/requests"), [U, OK, F, F, F, OK, F]),
        row(
            Method::PUT,
            &format!("{on_a}/phq9/requests"),
            Some(json!({"repeat": "every_4_weeks"})),
            [U, F, F, F, F, OK, F],
        ),
        row(
            Method::PUT,
            &format!("{on_b}/phq9/requests"),
            Some(json!({})),
            [U, F, F, F, F, F, F],
        ),
        row(
            Method::DELETE,
            &format!("{on_a}/phq9/requests"),
            None,
            [U, F, F, F, F, GONE, F],
        ),
        get("/api/v1/crisis-alerts", [U, F, F, F, OK, OK, OK]),
        row(
            Method::POST,
            &format!("{on_a}/phq9/{calm}/acknowledge"),
            Some(json!({})),
            [U, F, F, F, F, C, C],
        ),
        row(
            Method::POST,
            &format!("{on_b}/phq9/{alerted}/acknowledge"),
            Some(json!({})),
            [U, F, F, F, F, F, NF],
        ),
        row(
            Method::POST,
            &format!("{on_a}/phq9/{alerted}/acknowledge"),
            Some(json!({"note": "Called them."})),
            [U, F, F, F, F, OK, OK],
        ),
        get(&format!("{on_a}/timeline"), [U, OK, F, F, F, OK, OK]),
        row(
            Method::POST,
            &format!("{on_a}/allergy-check"),
            Some(json!({"medicines": ["Aspirin"]})),
            [U, OK, F, F, F, OK, OK],
        ),
        get(&format!("{on_b}/timeline"), [U, F, OK, F, F, F, OK]),
        get("/api/v1/safety", [OK, OK, OK, OK, OK, OK, OK]),
    ];
    run(&world, matrix).await;
}
