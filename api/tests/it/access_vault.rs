//! The authorization matrix of the document vault, on both drivers and both
//! object stores: the patient owns their vault; a doctor opens what is
//! shared with them (until it expires or is revoked) or what they uploaded;
//! admins read metadata only; nobody else finds anything.

use medtrack_shared::vault::Document;
use reqwest::Method;
use serde_json::{json, Value};

use crate::access::{get, row, run, world_on, World, CREATED, F, NF, OK, SECRET, U};
use crate::helpers::{on_both_drivers, sink, spawn_app_with_vault, Driver};
use crate::vault_support::{settings, Objects};

on_both_drivers!(
    the_vault_on_disk_answers_only_whom_it_should,
    the_vault_on_s3_answers_only_whom_it_should
);

async fn the_vault_on_disk_answers_only_whom_it_should(driver: Driver) {
    matrix(driver, Objects::Disk).await;
}

async fn the_vault_on_s3_answers_only_whom_it_should(driver: Driver) {
    matrix(driver, Objects::S3).await;
}

/// A document uploaded by caller `by` to patient `patient`'s vault.
pub(crate) async fn document(world: &World, by: usize, patient: usize) -> Document {
    let owner = world.callers[patient].id.clone().unwrap();
    let token = world.callers[by].token.as_ref().unwrap();
    let path = format!(
        "/api/v1/patients/{owner}/documents?title={SECRET}&category=other&about=2026-11-01"
    );
    let made = world
        .app
        .client
        .post(world.app.url(&path))
        .bearer_auth(token)
        .body(format!("{SECRET} notes"))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), CREATED, "{path}");
    made.json().await.unwrap()
}

/// A shares `document` with caller `doctor`.
async fn share(world: &World, document: &Document, doctor: usize, body: Value) {
    let a = &world.callers[1];
    let path = format!(
        "/api/v1/patients/{}/documents/{}/shares/{}",
        document.patient,
        document.id,
        world.callers[doctor].id.as_ref().unwrap()
    );
    let shared = world
        .app
        .json_as(Method::PUT, &path, a.token.as_ref().unwrap(), &body)
        .await;
    assert_eq!(shared.status(), OK);
}

async fn matrix(driver: Driver, objects: Objects) {
    let app = spawn_app_with_vault(driver, sink, settings(objects)).await;
    let world = world_on(app).await;
    // Callers: anonymous, A, B, pending doctor, doctor without care (4),
    // doctor of A (5), admin.
    let own = document(&world, 1, 1).await;
    let shared = document(&world, 1, 1).await;
    share(&world, &shared, 4, json!({"until": "2100-01-01"})).await;
    let doctors = document(&world, 5, 1).await;
    let revoked = document(&world, 1, 1).await;
    share(&world, &revoked, 5, json!({})).await;
    let path = |d: &Document| format!("/api/v1/patients/{}/documents/{}", d.patient, d.id);
    let gone = world
        .app
        .send_as(
            Method::DELETE,
            &format!(
                "{}/shares/{}",
                path(&revoked),
                world.callers[5].id.as_ref().unwrap()
            ),
            world.callers[1].token.as_ref().unwrap(),
        )
        .await;
    assert_eq!(gone.status(), OK);
    let theirs = document(&world, 2, 2).await;
    let a = world.callers[1].id.clone().unwrap();
    let b = world.callers[2].id.clone().unwrap();
    let upload = |patient: &str| {
        format!("/api/v1/patients/{patient}/documents?title=x&category=other&about=2026-11-01")
    };
    let text = Some(json!({"note": "a JSON body is plain text"}));
    let doctor_of_a = world.callers[5].id.clone().unwrap();
    let matrix = vec![
        get(
            &format!("/api/v1/patients/{a}/documents"),
            [U, OK, F, F, OK, OK, OK],
        ),
        get(
            &format!("/api/v1/patients/{b}/documents"),
            [U, F, OK, F, F, F, OK],
        ),
        get(&path(&own), [U, OK, F, F, NF, NF, OK]),
        get(&path(&shared), [U, OK, F, F, OK, NF, OK]),
        get(&path(&doctors), [U, OK, F, F, NF, OK, OK]),
        get(&path(&revoked), [U, OK, F, F, NF, NF, OK]),
        get(&path(&theirs), [U, F, OK, F, NF, NF, OK]),
        get(
            &format!("{}/versions", path(&own)),
            [U, OK, F, F, NF, NF, OK],
        ),
        get(
            &format!("{}/versions", path(&shared)),
            [U, OK, F, F, OK, NF, OK],
        ),
        row(
            Method::POST,
            &format!("{}/download", path(&own)),
            None,
            [U, OK, F, F, NF, NF, F],
        ),
        row(
            Method::POST,
            &format!("{}/download", path(&shared)),
            None,
            [U, OK, F, F, OK, NF, F],
        ),
        row(
            Method::POST,
            &format!("{}/download", path(&doctors)),
            None,
            [U, OK, F, F, NF, OK, F],
        ),
        row(
            Method::POST,
            &format!("{}/download", path(&revoked)),
            None,
            [U, OK, F, F, NF, NF, F],
        ),
        row(
            Method::POST,
            &format!("{}/download", path(&theirs)),
            None,
            [U, F, OK, F, NF, NF, F],
        ),
        // The content's address (FHIR's attachment URL) follows the same
        // rules; the client follows its redirect to the file.
        get(&format!("{}/content", path(&own)), [U, OK, F, F, NF, NF, F]),
        get(
            &format!("{}/content", path(&shared)),
            [U, OK, F, F, OK, NF, F],
        ),
        get(
            &format!("{}/content", path(&theirs)),
            [U, F, OK, F, NF, NF, F],
        ),
        row(
            Method::POST,
            &upload(&a),
            text.clone(),
            [U, CREATED, F, F, F, CREATED, F],
        ),
        row(
            Method::POST,
            &upload(&b),
            text.clone(),
            [U, F, CREATED, F, F, F, F],
        ),
        row(
            Method::PATCH,
            &path(&own),
            Some(json!({"title": "Renamed"})),
            [U, OK, F, F, F, F, F],
        ),
        row(
            Method::PATCH,
            &path(&doctors),
            Some(json!({"title": "Renamed"})),
            [U, F, F, F, F, OK, F],
        ),
        row(
            Method::POST,
            &format!("{}/versions", path(&own)),
            text.clone(),
            [U, CREATED, F, F, F, F, F],
        ),
        row(
            Method::POST,
            &format!("{}/versions", path(&doctors)),
            text.clone(),
            [U, F, F, F, F, CREATED, F],
        ),
        row(
            Method::PUT,
            &format!("{}/shares/{doctor_of_a}", path(&own)),
            Some(json!({})),
            [U, OK, F, F, F, F, F],
        ),
        row(
            Method::PUT,
            &format!("{}/shares/{doctor_of_a}", path(&theirs)),
            Some(json!({})),
            [U, F, OK, F, F, F, F],
        ),
        // Shared now: the doctor of A opens it.
        row(
            Method::POST,
            &format!("{}/download", path(&own)),
            None,
            [U, OK, F, F, NF, OK, F],
        ),
        row(
            Method::DELETE,
            &format!("{}/shares/{doctor_of_a}", path(&own)),
            None,
            [U, OK, F, F, F, F, F],
        ),
        row(Method::DELETE, &path(&doctors), None, [U, F, F, F, F, F, F]),
        row(Method::DELETE, &path(&theirs), None, [U, F, OK, F, F, F, F]),
        row(Method::DELETE, &path(&own), None, [U, OK, F, F, F, F, F]),
        // Deleted: nothing of it opens, for anyone.
        row(
            Method::POST,
            &format!("{}/download", path(&own)),
            None,
            [U, NF, F, F, NF, NF, F],
        ),
        get("/api/v1/admin/quarantine", [U, F, F, F, F, F, OK]),
        get("/api/v1/files/not-a-link", [NF, NF, NF, NF, NF, NF, NF]),
    ];
    run(&world, matrix).await;
}
