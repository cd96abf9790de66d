//! Benchmark of identity: password hashing cost, sign-in time over HTTP, and
//! `GET /api/v1/me` throughput with 64 concurrent clients.
//!
//!     cargo run --release -p medtrack-api --example bench_auth [-- --seconds 10 --clients 64]
//!
//! The server runs in this process on a fresh SQLite store in a temporary
//! directory, with the same code path as `medtrack serve`; the clients share
//! the machine's cores with it, so the figures are a floor.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use medtrack::auth::password;
use medtrack::config::{Environment, ServeSettings, StoreKind, StoreSettings};
use medtrack::startup::{init_store, open_store, Application};
use medtrack_shared::account::SessionTokens;
use serde_json::json;

const PASSWORD: &str = "correct horse battery staple orbit";
/// Sign-ins from one address before the throttle steps in.
const SIGN_INS: usize = 16;

fn argument(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(rank).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

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

    let dir = tempfile::tempdir().unwrap();
    let store_settings = StoreSettings {
        kind: StoreKind::Sqlite,
        data_dir: dir.path().to_owned(),
        dynamodb_table: String::new(),
        dynamodb_endpoint: None,
        aws_region: None,
    };
    let store = open_store(&store_settings).await.unwrap();
    init_store(&store).await.unwrap();
    let settings = ServeSettings {
        bind: "127.0.0.1:0".into(),
        web_dir: dir.path().to_owned(),
        cors_origins: Vec::new(),
        max_body_bytes: 64 * 1024,
        trust_x_forwarded_for: false,
        environment: Environment::Development,
        jwt_secret: Some("bench-secret-0123456789abcdef0123456789abcdef".into()),
        access_token_ttl: 900,
        store: store_settings,
    };
    let app = Application::with_store(&settings, store).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();

    let mut sign_ins = Vec::new();
    let mut token = String::new();
    for i in 0..SIGN_INS {
        let email = format!("bench{i}@example.org");
        let registration = json!({
            "role": "patient", "name": "Bench Patient", "email": email, "password": PASSWORD,
            "time_zone": "Europe/Lisbon", "date_of_birth": "1980-01-01",
        });
        let created = client
            .post(format!("{base}/api/v1/auth/register"))
            .json(&registration)
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
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

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let workers = (0..clients).map(|_| {
        let client = reqwest::Client::new();
        let url = format!("{base}/api/v1/me");
        let token = token.clone();
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let started = Instant::now();
                let response = client.get(&url).bearer_auth(&token).send().await.unwrap();
                assert_eq!(response.status(), 200);
                response.bytes().await.unwrap();
                latencies.push(started.elapsed());
            }
            latencies
        })
    });
    let started = Instant::now();
    let mut latencies: Vec<Duration> = Vec::new();
    for worker in futures::future::join_all(workers).await {
        latencies.extend(worker.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    println!(
        "GET /api/v1/me, {clients} clients for {seconds} s: {} requests, {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms",
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99))
    );
}
