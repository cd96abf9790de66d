//! The authorization matrix of the blood bank, on both drivers: units,
//! stock thresholds, donations and issues are the admins'; a request is
//! made by a doctor for a patient in their care and handled by that doctor
//! and the admins; a typing is recorded by the patient's doctor or an
//! admin; donors are patients, confirmed and called by admins.

use medtrack_shared::blood::requests::BloodRequest;
use medtrack_shared::blood::units::Unit;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::access::{get, row, run, world, World, C, CREATED, F, NF, OK, SECRET, U};
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(the_blood_bank_answers_only_who_may_use_it);

const DONE: StatusCode = StatusCode::NO_CONTENT;

async fn as_caller<T: serde::de::DeserializeOwned>(
    world: &World,
    n: usize,
    method: Method,
    path: &str,
    body: Value,
    status: StatusCode,
) -> T {
    let token = world.callers[n].token.as_ref().unwrap();
    let answer = world.app.json_as(method, path, token, &body).await;
    assert_eq!(answer.status(), status, "{path}");
    answer.json().await.unwrap()
}

async fn the_blood_bank_answers_only_who_may_use_it(driver: Driver) {
    let world = world(driver).await;
    let a = world.callers[1].id.clone().unwrap();
    let b = world.callers[2].id.clone().unwrap();
    let donation = |number: &str| json!({"group": "O-", "number": number, "kind": "double_red_cells", "volume_ml": 250});
    let post = Method::POST;
    let units: Vec<Unit> = as_caller(
        &world,
        6,
        post.clone(),
        "/api/v1/blood/donations",
        donation("ACC-0001"),
        CREATED,
    )
    .await;
    let [first, second] = [&units[0], &units[1]].map(|u| format!("/api/v1/blood/units/{}", u.id));
    let passed = json!({"passed": true});
    let _: Unit = as_caller(
        &world,
        6,
        post.clone(),
        &format!("{first}/tests"),
        passed,
        OK,
    )
    .await;
    let typing = format!("/api/v1/patients/{a}/blood-typing");
    let o_neg = json!({"group": "O-", "tested_on": "2026-01-05"});
    let _: Value = as_caller(&world, 6, Method::PUT, &typing, o_neg.clone(), OK).await;
    let ask = json!({"patient": a, "component": "red_cells", "units": 1, "urgency": "routine", "indication": SECRET});
    let mut requests = Vec::new();
    for _ in 0..2 {
        let made: BloodRequest = as_caller(
            &world,
            5,
            post.clone(),
            "/api/v1/blood/requests",
            ask.clone(),
            CREATED,
        )
        .await;
        requests.push(format!("/api/v1/blood/requests/{}", made.id));
    }
    let (request, other) = (&requests[0], &requests[1]);

    // Callers in order: anonymous, A, B, pending doctor, doctor without care, doctor of A, admin.
    let matrix = vec![
        get("/api/v1/blood/stock", [U, F, F, F, OK, OK, OK]),
        get("/api/v1/blood/stock/groups", [U, OK, OK, F, OK, OK, OK]),
        row(
            Method::PUT,
            "/api/v1/blood/thresholds/red_cells/O-",
            Some(json!({"units": 1})),
            [U, F, F, F, F, F, DONE],
        ),
        row(
            Method::DELETE,
            "/api/v1/blood/thresholds/platelets/AB%2B",
            None,
            [U, F, F, F, F, F, DONE],
        ),
        row(
            post.clone(),
            "/api/v1/blood/donations",
            Some(donation("ACC-0002")),
            [U, F, F, F, F, F, CREATED],
        ),
        get(
            "/api/v1/blood/units?state=quarantined",
            [U, F, F, F, F, F, OK],
        ),
        get(&first, [U, F, F, F, F, F, OK]),
        get("/api/v1/blood/history", [U, F, F, F, F, F, OK]),
        row(
            post.clone(),
            &format!("{second}/discard"),
            Some(json!({"reason": "other", "note": SECRET})),
            [U, F, F, F, F, F, OK],
        ),
        row(
            post.clone(),
            &format!("{first}/return"),
            None,
            [U, F, F, F, F, F, C],
        ),
        // Requests: a doctor for a patient in their care.
        row(
            post.clone(),
            "/api/v1/blood/requests",
            Some(ask.clone()),
            [U, F, F, F, F, CREATED, F],
        ),
        row(
            post.clone(),
            "/api/v1/blood/requests",
            Some(
                json!({"patient": b, "component": "plasma", "units": 1, "urgency": "urgent", "indication": SECRET}),
            ),
            [U, F, F, F, F, F, F],
        ),
        get("/api/v1/blood/requests", [U, F, F, F, OK, OK, OK]),
        get(request, [U, F, F, F, F, OK, OK]),
        row(
            post.clone(),
            &format!("{request}/reserve"),
            Some(json!({})),
            [U, F, F, F, F, OK, C],
        ),
        // The bank crossmatches the units held.
        row(
            post.clone(),
            &format!("{request}/crossmatch"),
            Some(json!({"method": "crossmatch", "compatible": true})),
            [U, F, F, F, F, F, OK],
        ),
        row(
            post.clone(),
            &format!("{request}/issue"),
            Some(json!({})),
            [U, F, F, F, F, F, OK],
        ),
        row(
            post.clone(),
            &format!("{other}/cancel"),
            None,
            [U, F, F, F, F, OK, C],
        ),
        // Typings: read by the patient, their doctor, admins; written by
        // the doctor or an admin.
        get(&typing, [U, OK, F, F, F, OK, OK]),
        row(
            Method::PUT,
            &typing,
            Some(o_neg.clone()),
            [U, F, F, F, F, OK, OK],
        ),
        row(
            Method::PUT,
            &format!("/api/v1/patients/{b}/blood-typing"),
            Some(o_neg),
            [U, F, F, F, F, F, OK],
        ),
        // Donors are patients; admins confirm and call them.
        get("/api/v1/blood/donor", [U, OK, OK, F, F, F, F]),
        row(
            post.clone(),
            "/api/v1/blood/donor",
            Some(json!({"group": "A+"})),
            [U, CREATED, CREATED, F, F, F, F],
        ),
        get("/api/v1/blood/donors", [U, F, F, F, F, F, OK]),
        row(
            post.clone(),
            &format!("/api/v1/blood/donors/{a}/confirm"),
            Some(json!({"group": "A+", "tested_on": "2026-01-05"})),
            [U, F, F, F, F, F, OK],
        ),
        row(
            post.clone(),
            "/api/v1/blood/calls",
            Some(json!({"component": "plasma", "group": "AB-"})),
            [U, F, F, F, F, F, CREATED],
        ),
        get("/api/v1/blood/calls", [U, F, F, F, F, F, OK]),
        row(
            Method::DELETE,
            "/api/v1/blood/donor",
            None,
            [U, OK, OK, F, F, F, F],
        ),
    ];
    run(&world, matrix).await;
    // A call's invitations and answers: the admins' and the invited donor's.
    let admin = world.callers[6].token.as_ref().unwrap();
    let calls: Value = world
        .app
        .get_as("/api/v1/blood/calls", admin)
        .await
        .json()
        .await
        .unwrap();
    let call = calls["items"][0]["id"].as_str().unwrap();
    let tail = vec![
        get(
            &format!("/api/v1/blood/calls/{call}/invitations"),
            [U, F, F, F, F, F, OK],
        ),
        row(
            post,
            &format!("/api/v1/blood/calls/{call}/answer"),
            Some(json!({"willing": false})),
            [U, NF, NF, F, F, F, F],
        ),
    ];
    run(&world, tail).await;
}
