//! A server killed in the middle of an upload, on disk with SQLite and on
//! S3 with DynamoDB: after a restart there is no document, no version and
//! no object; only the abandoned spool file, which nobody can name.

use std::process::Command;
use std::time::Duration;

use futures::StreamExt;
use medtrack_shared::account::SessionTokens;
use medtrack_shared::vault::Document;
use medtrack_shared::Page;
use reqwest::StatusCode;
use serde_json::json;

use crate::auth::{patient, PASSWORD};
use crate::cli::{serve, Server, BIN};
use crate::{dynamodb_local, emulator, moto};

/// Registers a patient on `server` and signs them in.
async fn patient_on(server: &Server) -> (String, String) {
    let client = reqwest::Client::new();
    let registered = client
        .post(format!("{}/api/v1/auth/register", server.url))
        .json(&patient("crash@example.org"))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), StatusCode::CREATED);
    let me: medtrack_shared::Me = registered.json().await.unwrap();
    let tokens: SessionTokens = client
        .post(format!("{}/api/v1/auth/login", server.url))
        .json(&json!({"email": "crash@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (me.id.to_string(), tokens.access_token)
}

/// Starts an upload that sends 1 MB and then nothing more, and returns once
/// the server is writing it to its spool (a `.part` file in `spool`).
async fn upload_half(server: &Server, patient: &str, token: &str, spool: &std::path::Path) {
    let mut first = b"%PDF-1.4\n".to_vec();
    first.resize(1 << 20, b' ');
    let chunks =
        futures::stream::iter([Ok::<_, std::io::Error>(first)]).chain(futures::stream::pending());
    let request = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/patients/{patient}/documents?title=Half&category=other&about=2026-11-01",
            server.url
        ))
        .bearer_auth(token)
        .body(reqwest::Body::wrap_stream(chunks));
    tokio::spawn(request.send());
    for _ in 0..200 {
        let parts = std::fs::read_dir(spool)
            .map(|entries| entries.flatten().count())
            .unwrap_or(0);
        if parts > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the upload never reached the spool");
}

async fn documents(server: &Server, patient: &str, token: &str) -> Vec<Document> {
    let page: Page<Document> = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/patients/{patient}/documents",
            server.url
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page.items
}

/// The files under `dir`, the spool aside.
fn objects_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == "spool") {
            continue;
        }
        if path.is_dir() {
            found.extend(objects_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[tokio::test]
async fn killed_mid_upload_on_disk_and_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let command = || {
        let mut command = Command::new(BIN);
        command
            .env("MEDTRACK_DATA_DIR", &data)
            .env("MEDTRACK_WEB_DIR", dir.path());
        command
    };
    let server = serve(command());
    let (patient, token) = patient_on(&server).await;
    let vault = data.join("vault");
    upload_half(&server, &patient, &token, &vault.join("spool")).await;
    drop(server); // SIGKILL, mid-upload

    let server = serve(command());
    assert!(documents(&server, &patient, &token).await.is_empty());
    assert!(objects_under(&vault).is_empty(), "no object was stored");
}

#[tokio::test]
async fn killed_mid_upload_on_s3_and_dynamodb() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let table = format!("t{}", uuid::Uuid::now_v7().simple());
    let bucket = format!("crash-{}", uuid::Uuid::now_v7().simple());
    let sdk = emulator::sdk(&moto::endpoint()).await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(true)
            .build(),
    );
    s3.create_bucket().bucket(&bucket).send().await.unwrap();
    let command = || {
        let mut command = Command::new(BIN);
        command
            .env("MEDTRACK_DATA_DIR", &data)
            .env("MEDTRACK_WEB_DIR", dir.path())
            .env("MEDTRACK_STORE", "dynamodb")
            .env("MEDTRACK_DYNAMODB_ENDPOINT", dynamodb_local::endpoint())
            .env("MEDTRACK_DYNAMODB_TABLE", &table)
            .env("MEDTRACK_AWS_REGION", "us-east-1")
            .env("MEDTRACK_S3_BUCKET", &bucket)
            .env("MEDTRACK_S3_ENDPOINT", moto::endpoint())
            .env("AWS_ACCESS_KEY_ID", "medtracktest")
            .env("AWS_SECRET_ACCESS_KEY", "medtracktest")
            // The session outlives the process it signed in with.
            .env("MEDTRACK_JWT_SECRET", crate::helpers::TEST_JWT_SECRET);
        command
    };
    let init = command().args(["store", "init"]).status().unwrap();
    assert!(init.success());
    let server = serve(command());
    let (patient, token) = patient_on(&server).await;
    upload_half(&server, &patient, &token, &data.join("vault/spool")).await;
    drop(server);

    let server = serve(command());
    assert!(documents(&server, &patient, &token).await.is_empty());
    let listed = s3.list_objects_v2().bucket(&bucket).send().await.unwrap();
    assert_eq!(listed.key_count(), Some(0), "no object was stored");
}
