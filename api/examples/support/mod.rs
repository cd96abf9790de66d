//! What the benchmark commands share: arguments, percentiles, and a server
//! in this process on a fresh SQLite store (the same code path as `medtrack serve`).
//! Each benchmark uses part of it.

#![allow(dead_code)]

use std::time::Duration;

use medtrack::config::{
    Environment, NotifySettings, ServeSettings, SqliteSync, StoreKind, StoreSettings,
};
use medtrack::domain::accounts::{self, Account};
use medtrack::domain::practice;
use medtrack::domain::Context;
use medtrack::ports::DevSink;
use medtrack::startup::{init_store, open_store, open_vault, Application};
use medtrack::store::Store;
use medtrack_shared::account::{AccountDecision, AccountFields, DecisionRequest, Registration};
use medtrack_shared::practice::{HoursRange, Practice, Weekday, WeeklyHours};
use medtrack_shared::SpecializationSlug;

/// The password of every account the benchmarks make.
pub const PASSWORD: &str = "correct horse battery staple orbit";

/// The value of `--name N`, or `default`.
pub fn argument(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The `p` quantile of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(rank).copied().unwrap_or_default()
}

/// Milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A running server over a fresh SQLite store: its base URL and the store.
/// The directory lives as long as the returned guard.
pub async fn start_server() -> (String, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store_settings = sqlite_settings(&dir);
    start_server_on(store_settings, dir).await
}

/// The text after `name` on the command line.
pub fn text_argument(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn sqlite_settings(dir: &tempfile::TempDir) -> StoreSettings {
    StoreSettings {
        kind: StoreKind::Sqlite,
        data_dir: dir.path().to_owned(),
        sqlite_synchronous: SqliteSync::Normal,
        dynamodb_table: String::new(),
        dynamodb_endpoint: None,
        aws_region: None,
    }
}

/// A running server over a fresh store chosen by `--store`: SQLite in a
/// temporary directory (the default), or `dynamodb`, a new table at
/// `MEDTRACK_DYNAMODB_ENDPOINT` (e.g. DynamoDB Local).
pub async fn start_server_from_args() -> (String, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let settings = match text_argument("--store").as_deref() {
        Some("dynamodb") => StoreSettings {
            kind: StoreKind::Dynamodb,
            dynamodb_table: format!("bench{}", uuid::Uuid::now_v7().simple()),
            dynamodb_endpoint: Some(
                std::env::var("MEDTRACK_DYNAMODB_ENDPOINT")
                    .expect("MEDTRACK_DYNAMODB_ENDPOINT for --store dynamodb"),
            ),
            aws_region: Some("us-east-1".into()),
            ..sqlite_settings(&dir)
        },
        _ => sqlite_settings(&dir),
    };
    start_server_on(settings, dir).await
}

async fn start_server_on(
    store_settings: StoreSettings,
    dir: tempfile::TempDir,
) -> (String, Store, tempfile::TempDir) {
    let store = open_store(&store_settings).await.unwrap();
    init_store(&store).await.unwrap();
    let base = serve(&store, store_settings, &dir).await;
    (base, store, dir)
}

/// Another replica over `store` (a server of its own, as behind a load
/// balancer): its base URL. It runs until the benchmark ends.
pub async fn start_replica(store: &Store) -> String {
    let dir = tempfile::tempdir().unwrap();
    let settings = sqlite_settings(&dir);
    let base = serve(store, settings, &dir).await;
    std::mem::forget(dir);
    base
}

async fn serve(store: &Store, store_settings: StoreSettings, dir: &tempfile::TempDir) -> String {
    let settings = ServeSettings {
        bind: "127.0.0.1:0".into(),
        web_dir: dir.path().to_owned(),
        cors_origins: Vec::new(),
        max_body_bytes: 64 * 1024,
        // Lets a benchmark sign many people in, each from its own address.
        trust_x_forwarded_for: true,
        environment: Environment::Development,
        jwt_secret: Some("bench-secret-0123456789abcdef0123456789abcdef".into()),
        access_token_ttl: 900,
        public_url: None,
        emergency_access_minutes: 60,
        crisis_line: None,
        emergency_number: None,
        crisis_ack_minutes: 30,
        store: store_settings,
        notify: NotifySettings::default(),
        exposure: Default::default(),
        vault: Default::default(),
        billing: Default::default(),
        blood: Default::default(),
    };
    let sink = std::sync::Arc::new(DevSink::new(store.clone()));
    let vault = open_vault(&settings).await.unwrap();
    let ctx = Context::new(store.clone(), sink).with_vault(vault);
    let app = Application::with_context(&settings, ctx).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    base
}

/// Signs `email` in from its own address (`n` picks it, so the sign-in
/// throttle sees many people): the access token.
pub async fn token(client: &reqwest::Client, base: &str, email: &str, n: usize) -> String {
    let tokens: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .header(
            "x-forwarded-for",
            format!("10.0.{}.{}", n / 250, n % 250 + 1),
        )
        .json(&serde_json::json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    tokens
        .get("access_token")
        .and_then(|t| t.as_str())
        .unwrap()
        .to_owned()
}

/// Registers a patient over HTTP, which must succeed.
pub async fn register_patient(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    name: &str,
    password: &str,
) -> medtrack_shared::Me {
    let registration = serde_json::json!({
        "role": "patient", "name": name, "email": email, "password": password,
        "time_zone": "Europe/Lisbon", "date_of_birth": "1980-01-01",
    });
    let created = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&registration)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    created.json().await.unwrap()
}

/// Runs `clients` workers until `seconds` have passed; each calls `request`
/// with its own number and a running count, and returns the latencies of the
/// calls that met `ok`. Prints one line of figures and returns the count.
pub async fn load<F, Fut>(label: &str, clients: usize, seconds: u64, request: F) -> usize
where
    F: Fn(usize, usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let deadline = std::time::Instant::now() + Duration::from_secs(seconds);
    let workers = (0..clients).map(|client| {
        let request = request.clone();
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut n = 0;
            while std::time::Instant::now() < deadline {
                let started = std::time::Instant::now();
                assert!(request(client, n).await, "a request failed");
                latencies.push(started.elapsed());
                n += 1;
            }
            latencies
        })
    });
    let started = std::time::Instant::now();
    let mut latencies: Vec<Duration> = Vec::new();
    for worker in futures::future::join_all(workers).await {
        latencies.extend(worker.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    println!(
        "{label}, {clients} clients for {seconds} s: {} requests, {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms",
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99))
    );
    latencies.len()
}

/// A domain context over `store`, with the development sink.
pub fn context(store: &Store) -> Context {
    Context::new(
        store.clone(),
        std::sync::Arc::new(DevSink::new(store.clone())),
    )
}

/// An approved doctor (approved by a new admin) with bookable hours from
/// 00:00 to 23:55 UTC every day, in slots of `slot_minutes`.
pub async fn all_day_doctor(ctx: &Context, slot_minutes: i64) -> Account {
    let admin = accounts::create_admin(ctx, "Bench Admin", "admin@example.org", PASSWORD)
        .await
        .unwrap();
    let doctor = Registration::Doctor {
        account: AccountFields {
            name: "Bench Doctor".into(),
            email: "doctor@example.org".into(),
            password: PASSWORD.into(),
            phone: None,
            time_zone: "UTC".into(),
        },
        specialization: SpecializationSlug::parse("cardiology").unwrap(),
        licence_number: "BENCH-1".into(),
    };
    let doctor = accounts::register(ctx, doctor).await.unwrap();
    let approve = DecisionRequest {
        decision: AccountDecision::Approve,
        reason: None,
    };
    let doctor = accounts::decisions::decide(ctx, &admin, &doctor.id, &approve)
        .await
        .unwrap();
    let mut hours = Practice::empty("UTC");
    hours.slot_minutes = slot_minutes as u16;
    hours.weekly_hours = Weekday::ALL
        .iter()
        .map(|weekday| WeeklyHours {
            weekday: *weekday,
            hours: HoursRange {
                start: jiff::civil::time(0, 0, 0, 0),
                end: jiff::civil::time(23, 55, 0, 0),
            },
        })
        .collect();
    practice::update(ctx, &doctor, hours).await.unwrap();
    doctor
}
