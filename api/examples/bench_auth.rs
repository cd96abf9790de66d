//! Benchmark of identity: password hashing cost, sign-in time over HTTP, and
//! `GET /api/v1/me` throughput with 64 concurrent clients.
//!
//!     cargo run --release -p medtrack-api --example bench_auth [-- --seconds 10 --clients 64]
//!
//! The server runs in this process on a fresh SQLite store in a temporary
//! directory, with the same code path as `medtrack serve`; the clients share
//! the machine's cores with it, so the figures are a floor.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "support/mod.rs"]
mod support;

use std::time::Instant;

use medtrack::auth::password;
use medtrack_shared::account::SessionTokens;
use serde_json::json;
use support::{argument, load, ms, percentile, register_patient, start_server, PASSWORD};
/// Sign-ins from one address before the throttle steps in.
const SIGN_INS: usize = 16;

#[tokio::main]
async fn main() {
    let seconds = argument("--seconds", 10);
    let clients = argument("--clients", 64) as usize;

    // Hashing alone, on the blocking pool as the server does it.
    let mut hashes = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let hash = password::hash(PASSWORD.into()).await.unwrap();
        hashes.push(started.elapsed());
        let started = Instant::now();
        assert!(password::verify(PASSWORD.into(), Some(hash)).await.unwrap());
        hashes.push(started.elapsed());
    }
    hashes.sort();
    println!(
        "argon2id (m=19 MiB, t=2, p=1) hash or verify: p50 {:.1} ms, max {:.1} ms",
        ms(percentile(&hashes, 0.5)),
        ms(percentile(&hashes, 1.0))
    );

    let (base, _store, _dir) = start_server().await;
    let client = reqwest::Client::new();

    let mut sign_ins = Vec::new();
    let mut token = String::new();
    for i in 0..SIGN_INS {
        let email = format!("bench{i}@example.org");
        register_patient(&client, &base, &email, "Bench Patient", PASSWORD).await;
        let started = Instant::now();
        let response = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let tokens: SessionTokens = response.json().await.unwrap();
        sign_ins.push(started.elapsed());
        token = tokens.access_token;
    }
    sign_ins.sort();
    println!(
        "sign-in over HTTP ({SIGN_INS} accounts): p50 {:.1} ms, p99 {:.1} ms",
        ms(percentile(&sign_ins, 0.5)),
        ms(percentile(&sign_ins, 0.99))
    );

    let client = reqwest::Client::new();
    let url = format!("{base}/api/v1/me");
    load("GET /api/v1/me", clients, seconds, move |_, _| {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        async move {
            let response = client.get(&url).bearer_auth(&token).send().await.unwrap();
            let ok = response.status() == 200;
            response.bytes().await.unwrap();
            ok
        }
    })
    .await;
}
