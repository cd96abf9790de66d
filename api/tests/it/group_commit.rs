//! Writes that arrive together (which the SQLite driver commits together)
//! keep their own outcomes, and an answered write survives a killed server.

use std::process::{Command, Stdio};

use medtrack::store::{Condition, Item, Key, StoreError, TxOp};
use reqwest::StatusCode;
use serde_json::json;

use crate::auth::patient;
use crate::helpers::{empty_store, on_both_drivers, Driver};

on_both_drivers!(writes_that_arrive_together_keep_their_own_outcomes);

/// Eighty transactions at once: every third one fails its check and must
/// leave nothing behind, the others must all be kept, each with its own answer.
async fn writes_that_arrive_together_keep_their_own_outcomes(driver: Driver) {
    let kept = empty_store(driver).await;
    let store = kept.store.clone();
    let writers = (0..80).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            let fails = i % 3 == 0;
            let checked = if fails { "ABSENT" } else { "PRESENT" };
            let ops = vec![
                TxOp::Put(
                    Item::new(Key::new("W", format!("{i:03}")), Default::default()),
                    Condition::NotExists,
                ),
                TxOp::Put(
                    Item::new(Key::new("W", format!("{i:03}-copy")), Default::default()),
                    Condition::NotExists,
                ),
                TxOp::Check(Key::new("CHECK", checked), Condition::Exists),
            ];
            (i, store.transact(ops).await)
        })
    });
    store
        .put(
            Item::new(Key::new("CHECK", "PRESENT"), Default::default()),
            Condition::NotExists,
        )
        .await
        .unwrap();
    let outcomes = futures::future::join_all(writers).await;
    for outcome in outcomes {
        let (i, result) = outcome.unwrap();
        let kept = store.get(&Key::new("W", format!("{i:03}"))).await.unwrap();
        let copy = store
            .get(&Key::new("W", format!("{i:03}-copy")))
            .await
            .unwrap();
        match result {
            Ok(()) => assert!(
                kept.is_some() && copy.is_some(),
                "{i} answered but not kept"
            ),
            Err(StoreError::ConditionFailed { op: Some(2) }) => {
                assert!(
                    kept.is_none() && copy.is_none(),
                    "{i} refused but half kept"
                )
            }
            other => panic!("{i}: unexpected outcome {other:?}"),
        }
    }
}

/// Every registration the server answered is there after a SIGKILL.
#[tokio::test]
async fn an_answered_write_survives_a_killed_server() {
    let dir = tempfile::tempdir().unwrap();
    let start = || {
        let mut command = Command::new(crate::cli::BIN);
        command
            .env("MEDTRACK_DATA_DIR", dir.path())
            .env_remove("MEDTRACK_STORE")
            .stdin(Stdio::null());
        crate::cli::serve(command)
    };
    let server = start();
    let client = reqwest::Client::new();
    let emails: Vec<String> = (0..60).map(|i| format!("kept{i}@example.org")).collect();
    let registrations = emails.iter().map(|email| {
        client
            .post(format!("{}/api/v1/auth/register", server.url))
            .json(&patient(email))
            .send()
    });
    let answers = futures::future::join_all(registrations).await;
    let answered: Vec<&String> = emails
        .iter()
        .zip(answers)
        .filter(|(_, answer)| matches!(answer, Ok(a) if a.status() == StatusCode::CREATED))
        .map(|(email, _)| email)
        .collect();
    assert_eq!(answered.len(), emails.len(), "every registration answered");
    drop(server); // SIGKILL: no shutdown, no flush.
    let again = start();
    for email in answered {
        let signed_in = client
            .post(format!("{}/api/v1/auth/login", again.url))
            .json(&json!({"email": email, "password": crate::auth::PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(signed_in.status(), StatusCode::OK, "{email} lost");
    }
}
