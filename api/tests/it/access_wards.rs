//! The authorization matrix of wards and admissions, on both drivers:
//! departments, wards and beds are set up by admins and read by staff; a
//! doctor admits a patient in their care (an admin names the doctor); the
//! stay is moved and ended by its doctors and admins, and read by the
//! patient, the doctors who may read their record and admins.

use medtrack_shared::wards::admissions::Admission;
use medtrack_shared::wards::{Bed, Department, Ward};
use medtrack_shared::Page;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::access::{get, row, run, world, World, C, CREATED, F, OK, U};
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(wards_answer_only_who_may_use_them);

const BAD: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

async fn as_admin<T: serde::de::DeserializeOwned>(world: &World, path: &str, body: Value) -> T {
    let token = world.callers[6].token.as_ref().unwrap();
    let answer = world.app.json_as(Method::POST, path, token, &body).await;
    assert_eq!(answer.status(), StatusCode::CREATED, "{path}");
    answer.json().await.unwrap()
}

async fn wards_answer_only_who_may_use_them(driver: Driver) {
    let world = world(driver).await;
    let a = world.callers[1].id.clone().unwrap();
    let doctor = world.callers[5].id.clone().unwrap();
    let department: Department =
        as_admin(&world, "/api/v1/departments", json!({"name": "Medicine"})).await;
    let ward_body = json!({"name": "Ward 1", "department": department.id, "kind": "general"});
    let ward: Ward = as_admin(&world, "/api/v1/wards", ward_body.clone()).await;
    let beds: Vec<Bed> = as_admin(
        &world,
        &format!("/api/v1/wards/{}/beds", ward.id),
        json!({"room": "Room 1", "labels": ["A", "B", "C"]}),
    )
    .await;
    let bed = |n: usize| beds[n].id.to_string();
    let post = Method::POST;
    // Callers in order: anonymous, A, B, pending doctor, doctor without care, doctor of A, admin.
    let matrix = vec![
        get("/api/v1/departments", [U, F, F, F, OK, OK, OK]),
        row(
            post.clone(),
            "/api/v1/departments",
            Some(json!({"name": "Surgery"})),
            [U, F, F, F, F, F, CREATED],
        ),
        get("/api/v1/wards", [U, F, F, F, OK, OK, OK]),
        row(
            post.clone(),
            "/api/v1/wards",
            Some(ward_body.clone()),
            [U, F, F, F, F, F, CREATED],
        ),
        row(
            Method::PUT,
            &format!("/api/v1/wards/{}", ward.id),
            Some(ward_body),
            [U, F, F, F, F, F, OK],
        ),
        row(
            post.clone(),
            &format!("/api/v1/wards/{}/beds", ward.id),
            Some(json!({"room": "Room 2", "labels": ["A"]})),
            [U, F, F, F, F, F, CREATED],
        ),
        get("/api/v1/beds/board", [U, F, F, F, OK, OK, OK]),
        row(
            Method::PUT,
            &format!("/api/v1/beds/{}/state", bed(2)),
            Some(json!({"state": "closed"})),
            [U, F, F, F, F, F, OK],
        ),
        // The doctor of A admits A; an admin admitting A again is refused.
        row(
            post.clone(),
            "/api/v1/admissions",
            Some(json!({"patient": a, "bed": bed(0), "reason": "Observation", "doctor": doctor})),
            [U, F, F, F, F, CREATED, C],
        ),
        get("/api/v1/admissions", [U, F, F, F, OK, OK, OK]),
    ];
    run(&world, matrix).await;
    let admin = world.callers[6].token.as_ref().unwrap();
    let page: Page<Admission> = world
        .app
        .get_as("/api/v1/admissions", admin)
        .await
        .json()
        .await
        .unwrap();
    let stay = format!("/api/v1/admissions/{}", page.items[0].id);
    let tail = vec![
        get(&stay, [U, OK, F, F, F, OK, OK]),
        get(
            &format!("/api/v1/patients/{a}/admissions"),
            [U, OK, F, F, F, OK, OK],
        ),
        // The admin's move to the bed the patient is already in is refused.
        row(
            post.clone(),
            &format!("{stay}/transfer"),
            Some(json!({"bed": bed(1)})),
            [U, F, F, F, F, OK, BAD],
        ),
        row(
            post,
            &format!("{stay}/discharge"),
            Some(json!({"summary": "Well.", "destination": "home"})),
            [U, F, F, F, F, OK, C],
        ),
    ];
    run(&world, tail).await;
}
