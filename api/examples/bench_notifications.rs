//! Benchmark of notification delivery on SQLite: dispatcher throughput
//! (notifications delivered per second, each to the inbox, by email and by
//! SMS) and delivery lag (p50/p99 from the state change's commit to the
//! send), to the development sink and to SNS emulated by moto_server.
//!
//!     cargo run --release -p medtrack-api --example bench_notifications [-- --notifications 2000 --rate 100 --seconds 10]
//!
//! moto_server comes from the virtual environment `scripts/setup test` fills
//! (MEDTRACK_VENV, else ~/.cache/medtrack/venv); this command starts and stops it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use medtrack::domain::accounts;
use medtrack::domain::notifications::outbox::{AccountChange, Event, OutboxEntry};
use medtrack::domain::notifications::settings::{self, Channels, StoredEmail, StoredPhone};
use medtrack::domain::ports::Messages;
use medtrack::domain::Context;
use medtrack::ports::{DevSink, SnsGateway};
use medtrack::startup::init_store;
use medtrack::store::sqlite::SqliteStore;
use medtrack::store::{keys, Condition, Query, Store, TxOp};
use medtrack::workers::Dispatcher;
use medtrack_shared::account::{AccountFields, Registration};
use medtrack_shared::delivery::{Channel, EmailStatus};
use medtrack_shared::{NotificationId, UserId};
use support::{argument, ms, percentile};

const PATIENTS: usize = 100;

#[tokio::main]
async fn main() {
    let count = argument("--notifications", 2000) as usize;
    let rate = argument("--rate", 100);
    let seconds = argument("--seconds", 10);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(SqliteStore::open(&dir.path().join("bench.sqlite3")).unwrap());
    init_store(&store).await.unwrap();
    let patients = patients(&store).await;

    let sink: Messages = std::sync::Arc::new(DevSink::new(store.clone()));
    run(
        "development sink",
        &store,
        &sink,
        &patients,
        count,
        rate,
        seconds,
    )
    .await;

    let mut moto = Moto::start();
    let sns: Messages = std::sync::Arc::new(moto.gateway().await);
    run(
        "SNS (moto_server)",
        &store,
        &sns,
        &patients,
        count,
        rate,
        seconds,
    )
    .await;
    moto.stop();
}

async fn run(
    label: &str,
    store: &Store,
    gateway: &Messages,
    patients: &[UserId],
    count: usize,
    rate: u64,
    seconds: u64,
) {
    // Throughput: a backlog of `count`, delivered by one dispatcher.
    let ctx = Context::new(store.clone(), gateway.clone());
    let dispatcher = Dispatcher::new(ctx.clone());
    queue(store, patients, count).await;
    let started = Instant::now();
    while outbox_len(store).await > 0 {
        dispatcher.dispatch_due(Timestamp::now()).await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{label}: {count} notifications (inbox + email + SMS each) in {elapsed:.2} s: {:.0} notifications/s, {:.0} messages/s",
        count as f64 / elapsed,
        (count * 3) as f64 / elapsed
    );

    // Lag: changes at a steady rate, the dispatcher running as in `medtrack serve`.
    let signal = ctx.wakes.outbox.clone();
    let running = tokio::spawn(Dispatcher::new(ctx.clone()).run());
    let mut queued = Vec::new();
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tick = tokio::time::interval(interval);
    while Instant::now() < deadline {
        tick.tick().await;
        queued.extend(queue(store, &patients[queued.len() % patients.len()..][..1], 1).await);
        signal.now();
    }
    let drain = Instant::now() + Duration::from_secs(60);
    while outbox_len(store).await > 0 && Instant::now() < drain {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    running.abort();
    let left = store
        .query(Query::partition(keys::OUTBOX))
        .await
        .unwrap()
        .items;
    if let Some(first) = left.first() {
        println!(
            "{label}: {} not delivered after 60 s, e.g. {:?}",
            left.len(),
            first.attrs
        );
    }
    for channel in [Channel::Email, Channel::Sms] {
        let mut lags = Vec::new();
        for (id, created_at) in &queued {
            // Lag counts what was sent; the line above says what was not.
            let Some(record) = store.get(&keys::delivery(id, channel)).await.unwrap() else {
                continue;
            };
            let at: Timestamp = serde_json::from_value(record.attrs["at"].clone()).unwrap();
            lags.push(Duration::try_from(at.duration_since(*created_at)).unwrap_or_default());
        }
        lags.sort();
        println!(
            "{label}: lag from change to {} send, {} changes at {rate}/s: p50 {:.1} ms, p99 {:.1} ms",
            channel.as_str(),
            lags.len(),
            ms(percentile(&lags, 0.5)),
            ms(percentile(&lags, 0.99))
        );
    }
}

/// Patients with a confirmed address and a verified phone.
async fn patients(store: &Store) -> Vec<UserId> {
    let mut ids = Vec::new();
    for n in 0..PATIENTS {
        let registration = Registration::Patient {
            account: AccountFields {
                name: format!("Patient {n}"),
                email: format!("patient{n}@example.org"),
                password: support::PASSWORD.into(),
                phone: None,
                time_zone: "Europe/Lisbon".into(),
            },
            date_of_birth: jiff::civil::date(1980, 1, 1),
        };
        let ctx = support::context(store);
        let account = accounts::register(&ctx, registration).await.unwrap();
        let channels = Channels {
            email: Some(StoredEmail {
                address: format!("patient{n}@example.org"),
                subscription: format!("bench:{n}"),
                status: EmailStatus::Active,
            }),
            phone: Some(StoredPhone {
                // Not ending in 99: moto treats those numbers as opted out.
                number: format!("+3519{n:07}1"),
                verified: true,
                opted_out: false,
                code_hash: None,
                code_sent_at: None,
                tries_left: 0,
            }),
            ..Channels::default()
        };
        settings::save(&ctx, &account.id, &channels, None)
            .await
            .unwrap();
        ids.push(account.id);
    }
    ids
}

/// Queues `count` security notices round the patients, 50 per transaction;
/// returns their ids and when each was committed.
async fn queue(
    store: &Store,
    patients: &[UserId],
    count: usize,
) -> Vec<(NotificationId, Timestamp)> {
    let mut queued = Vec::new();
    for start in (0..count).step_by(50) {
        let mut ops = Vec::new();
        let now = Timestamp::now();
        for n in start..count.min(start + 50) {
            let event = Event::Account(AccountChange::PasswordChanged);
            let entry = OutboxEntry::new(patients[n % patients.len()], event, now);
            queued.push(entry.id);
            ops.push(TxOp::Put(entry.item().unwrap(), Condition::NotExists));
        }
        store.transact(ops).await.unwrap();
    }
    let committed = Timestamp::now();
    queued.into_iter().map(|id| (id, committed)).collect()
}

async fn outbox_len(store: &Store) -> usize {
    store
        .query(Query::partition(keys::OUTBOX).limit(1))
        .await
        .unwrap()
        .items
        .len()
}

/// moto_server on a free port, with a topic.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Moto {
    fn start() -> Self {
        let venv = std::env::var("MEDTRACK_VENV")
            .map(PathBuf::from)
            .unwrap_or_else(|_| {
                PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/medtrack/venv")
            });
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(venv.join("bin/moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server (run scripts/setup test)");
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto_server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        }
    }

    async fn gateway(&self) -> SnsGateway {
        // moto takes any credentials.
        let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .credentials_provider(aws_sdk_sns::config::Credentials::new(
                "bench", "bench", None, None, "bench",
            ))
            .load()
            .await;
        let topic = aws_sdk_sns::Client::new(&sdk)
            .create_topic()
            .name("bench")
            .send()
            .await
            .unwrap()
            .topic_arn()
            .unwrap()
            .to_owned();
        SnsGateway::with_sdk_config(&sdk, &topic)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
