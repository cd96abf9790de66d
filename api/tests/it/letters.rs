//! Letters (a link to confirm an address, a link to reset a password) go
//! through Amazon SES, against moto's SES, on both drivers: SNS reaches only
//! addresses that confirmed a subscription, and a new account's address has
//! not confirmed anything yet.

use std::sync::Arc;
use std::time::{Duration, Instant};

use medtrack::ports::sns::SnsGateway;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::auth::{sign_in, PASSWORD};
use crate::clinic::register_unconfirmed;
use crate::helpers::{on_both_drivers, spawn_app_with, Driver, TestApp};
use crate::moto::{self, Topic};

/// The bodies of the letters moto's SES accepted for `to`.
async fn letters_to(to: &str) -> Vec<(String, String)> {
    let state = moto::state().await;
    state["ses"]["Message"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| {
            m["destinations"]["ToAddresses"]
                .as_array()
                .is_some_and(|a| a.iter().any(|d| d == to))
        })
        .map(|m| {
            let text = |field: &str| m[field].as_str().unwrap_or_default().to_owned();
            (text("subject"), text("body"))
        })
        .collect()
}

/// The secret of the `n`th letter to `to` whose link goes to `page`.
async fn link(to: &str, page: &str, n: usize) -> (String, String) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found: Vec<(String, String)> = letters_to(to)
            .await
            .into_iter()
            .filter_map(|(subject, body)| {
                let rest = body.split(&format!("{page}#token=")).nth(1)?;
                Some((subject, rest.split_whitespace().next()?.to_owned()))
            })
            .collect();
        if let Some(letter) = found.get(n) {
            return letter.clone();
        }
        assert!(Instant::now() < deadline, "no letter to {to} for {page}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn post(app: &TestApp, path: &str, body: Value) -> StatusCode {
    app.post_json(path, &body).await.status()
}

async fn links_to_confirm_and_to_reset_go_out_through_ses(driver: Driver) {
    let topic = Topic::new().await;
    let sdk = moto::sdk(&moto::endpoint()).await;
    let sender = format!("no-reply-{}@clinic.test", uuid::Uuid::now_v7().simple());
    aws_sdk_sesv2::Client::new(&sdk)
        .create_email_identity()
        .email_identity(&sender)
        .send()
        .await
        .expect("the sender's identity");
    let gateway = SnsGateway::with_sdk_config(&sdk, &topic.arn)
        .with_letters(&sdk, &format!("MedTrack <{sender}>"));
    let app = spawn_app_with(driver, |_| Arc::new(gateway)).await;
    let email = format!("letters-{}@example.org", uuid::Uuid::now_v7().simple());

    register_unconfirmed(&app, crate::auth::patient(&email)).await;
    let (subject, token) = link(&email, "/confirm-email", 0).await;
    assert!(subject.contains("Confirm"), "{subject}");
    assert_eq!(
        post(&app, "/api/v1/auth/confirm-email", json!({"token": token})).await,
        StatusCode::NO_CONTENT
    );
    let session = sign_in(&app, &email).await;
    assert!(app.me(&session.access_token).await.email_verified);

    let asked = post(&app, "/api/v1/auth/password-reset", json!({"email": email})).await;
    assert_eq!(asked, StatusCode::ACCEPTED);
    let (_, token) = link(&email, "/reset-password", 0).await;
    let new_password = format!("{PASSWORD} and more");
    let reset = json!({"token": token, "new_password": new_password});
    assert_eq!(
        post(&app, "/api/v1/auth/password-reset/confirm", reset).await,
        StatusCode::NO_CONTENT
    );
    let signed_in = json!({"email": email, "password": new_password});
    assert_eq!(
        post(&app, "/api/v1/auth/login", signed_in).await,
        StatusCode::OK
    );
    // Nothing of a letter goes to the topic: links are for one reader.
    let published = topic.published().await;
    assert!(published.iter().all(|p| !p.message.contains("#token=")));
}

on_both_drivers!(links_to_confirm_and_to_reset_go_out_through_ses);
