//! The server's parts and how they meet: a write through the domain
//! context wakes the worker it gives work to, a read of the API makes no
//! call to the messenger and queues nothing, and the modules depend on each
//! other one way.

use reqwest::Method;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use medtrack::domain::accounts::profile;
use medtrack::domain::jobs::Runner;
use medtrack::domain::medications;
use medtrack::domain::notifications::confirmations::{ConfirmationCheck, Subscriber};
use medtrack::domain::ports::{
    Email, Letter, Messages, Messenger, MessengerError, Route, Sms, Subscription,
};
use medtrack::ports::DevSink;
use medtrack::store::{keys, Condition, Query, Store};
use medtrack_shared::account::{PasswordChange, ProfileChanges};
use medtrack_shared::delivery::DeliveryMode;
use medtrack_shared::SessionId;
use serde_json::{json, Value};

use crate::auth::PASSWORD;
use crate::clinic::{put, Clinic, Person};
use crate::helpers::{ctx, empty_store, on_both_drivers, spawn_app_with, Driver};
use crate::medications::{daily, patient};

/// A daily medication at 08:00 on the patient's clock, from today.
fn pill(name: &str) -> medtrack_shared::medication::MedicationInput {
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let eight = jiff::civil::time(8, 0, 0, 0);
    daily(
        name,
        &[eight],
        today,
        medtrack_shared::medication::ZoneRule::FollowMe,
    )
}

/// The development sink, counting every call and keeping new email
/// subscriptions pending (waiting for their owner), as SNS does.
struct Recorder {
    sink: DevSink,
    calls: Arc<AtomicUsize>,
}

impl Recorder {
    fn count(&self) {
        self.calls.fetch_add(1, Ordering::SeqCst);
    }
}

#[async_trait::async_trait]
impl Messenger for Recorder {
    fn mode(&self) -> DeliveryMode {
        self.sink.mode()
    }

    async fn send_email(&self, email: &Email<'_>) -> Result<String, MessengerError> {
        self.count();
        self.sink.send_email(email).await
    }

    async fn send_sms(&self, sms: &Sms<'_>) -> Result<String, MessengerError> {
        self.count();
        self.sink.send_sms(sms).await
    }

    async fn send_letter(&self, letter: &Letter<'_>) -> Result<String, MessengerError> {
        self.count();
        self.sink.send_letter(letter).await
    }

    async fn opted_out(&self, number: &str) -> Result<bool, MessengerError> {
        self.count();
        self.sink.opted_out(number).await
    }

    async fn subscribe_email(
        &self,
        route: Route<'_>,
        address: &str,
    ) -> Result<Subscription, MessengerError> {
        self.count();
        let subscription = self.sink.subscribe_email(route, address).await?;
        Ok(Subscription {
            pending: true,
            ..subscription
        })
    }

    async fn set_routes(&self, arn: &str, routes: &[Route<'_>]) -> Result<(), MessengerError> {
        self.count();
        self.sink.set_routes(arn, routes).await
    }

    async fn subscription_pending(&self, _arn: &str) -> Result<bool, MessengerError> {
        self.count();
        Ok(true)
    }

    async fn unsubscribe(&self, arn: &str) -> Result<(), MessengerError> {
        self.count();
        self.sink.unsubscribe(arn).await
    }
}

async fn writes_wake_the_worker_they_give_work_to(driver: Driver) {
    let store = empty_store(driver).await;
    let ctx = ctx(&store);
    let person = patient(&store, "mo@example.org", "Europe/Lisbon").await;
    let (outbox, jobs) = (&ctx.wakes.outbox, &ctx.wakes.jobs);
    let told = || (outbox.told(), jobs.told());

    // A medication adds its reminder job: the scheduler hears of it.
    let before = told();
    medications::add(&ctx, &person, pill("Alpha"))
        .await
        .unwrap();
    assert_eq!(told(), (before.0, before.1 + 1), "a job, no notification");

    // A new time zone moves the reminders: the scheduler hears of that too.
    let before = told();
    let moved = ProfileChanges {
        time_zone: Some("Asia/Tokyo".into()),
        ..ProfileChanges::default()
    };
    let person = profile::update_profile(&ctx, &person, &moved)
        .await
        .unwrap();
    assert_eq!(told(), (before.0, before.1 + 1), "the moved reminder");

    // A changed password tells its owner: the dispatcher hears of it.
    let before = told();
    let change = PasswordChange {
        current_password: PASSWORD.into(),
        new_password: "another long passphrase for tests".into(),
    };
    profile::change_password(
        &ctx,
        &person,
        &SessionId::from_uuid(uuid::Uuid::nil()),
        &change,
    )
    .await
    .unwrap();
    assert_eq!(told(), (before.0 + 1, before.1), "a notification, no job");
}

async fn a_change_of_time_zone_over_http_wakes_the_scheduler(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let app = &clinic.app;
    let added = clinic
        .post(
            &clinic.patient.token,
            "/api/v1/me/medications",
            &serde_json::to_value(pill("Alpha")).unwrap(),
        )
        .await;
    assert_eq!(added.status(), 201);
    let before = app.ctx.wakes.jobs.told();
    let moved = app
        .json_as(
            Method::PATCH,
            "/api/v1/me",
            &clinic.patient.token,
            &json!({"time_zone": "America/Lima"}),
        )
        .await;
    assert_eq!(moved.status(), 200);
    assert!(
        app.ctx.wakes.jobs.told() > before,
        "the scheduler was woken"
    );
}

/// A value for each path and query parameter the read operations take.
fn value_of(name: &str, path: &str, ids: &BTreeMap<&str, String>) -> Option<String> {
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    Some(match name {
        "id" if path.starts_with("/api/v1/patients/") => ids["patient"].clone(),
        "id" if path.starts_with("/api/v1/doctors/") => ids["doctor"].clone(),
        "id" if path.starts_with("/api/v1/appointments/") => ids["appointment"].clone(),
        "id" if path.starts_with("/api/v1/medications/") => ids["medication"].clone(),
        "specialization" => "family-medicine".into(),
        "from" | "date" => today.to_string(),
        "to" => today.tomorrow().ok()?.to_string(),
        "time_zone" => "Europe/Paris".into(),
        _ => return None,
    })
}

async fn outbox_is_empty(store: &Store) -> bool {
    let page = store.query(Query::partition(keys::OUTBOX).limit(1)).await;
    page.unwrap().items.is_empty()
}

async fn no_read_calls_the_messenger_or_queues_anything(driver: Driver) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let app = spawn_app_with(driver, move |store| -> Messages {
        Arc::new(Recorder {
            sink: DevSink::new(store.clone()),
            calls: counted,
        })
    })
    .await;
    let clinic = Clinic::open_on(app, &crate::clinic::zone_at_noon()).await;
    let app = &clinic.app;
    // Subscriptions waiting for their owners: what reads used to ask about.
    let email = put(
        app,
        &clinic.patient.token,
        "/api/v1/me/notification-settings/email",
        &json!({"address": "pat@example.org"}),
    )
    .await;
    assert_eq!(email.status(), 200);
    let mut watched = pill("Watched");
    watched.missed.caregiver = Some(medtrack_shared::medication::Caregiver {
        name: "Cal".into(),
        email: Some("cal@example.org".into()),
        phone: None,
    });
    let medication: Value = clinic
        .post(
            &clinic.patient.token,
            "/api/v1/me/medications",
            &serde_json::to_value(watched).unwrap(),
        )
        .await
        .json()
        .await
        .unwrap();
    let slot = clinic.free_slots().await[0];
    let booked: Value = clinic
        .book_as(&clinic.patient, slot)
        .await
        .json()
        .await
        .unwrap();
    let ids = BTreeMap::from([
        ("patient", clinic.patient.id.clone()),
        ("doctor", clinic.doctor.id.clone()),
        ("appointment", booked["id"].as_str().unwrap().to_owned()),
        ("medication", medication["id"].as_str().unwrap().to_owned()),
    ]);
    // What the writes queued goes out first.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !outbox_is_empty(&app.store).await {
        assert!(Instant::now() < deadline, "the outbox drains");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The jobs that look at the subscriptions later are not reads: out of the way.
    let patient: medtrack_shared::UserId = clinic.patient.id.parse().unwrap();
    for subscriber in [
        Subscriber::Account(patient),
        Subscriber::Caregiver("cal@example.org".into()),
    ] {
        let since = jiff::Timestamp::now();
        let id = ConfirmationCheck { subscriber, since }.id();
        app.store
            .delete(&keys::job(&id), Condition::Exists)
            .await
            .expect("the subscription is watched");
    }

    let before = calls.load(Ordering::SeqCst);
    let document: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let callers: [&Person; 3] = [&clinic.patient, &clinic.doctor, &clinic.admin];
    let mut read = BTreeSet::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        let Some(get) = operations.get("get") else {
            continue;
        };
        if !path.starts_with("/api/v1/") || path.starts_with("/api/v1/calendar/") {
            continue;
        }
        let mut url = path.clone();
        let mut query = Vec::new();
        for parameter in get["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap();
            let Some(value) = value_of(name, path, &ids) else {
                continue;
            };
            match parameter["in"].as_str() {
                Some("path") => url = url.replace(&format!("{{{name}}}"), &value),
                _ => query.push(format!("{name}={value}")),
            }
        }
        if !query.is_empty() {
            url = format!("{url}?{}", query.join("&"));
        }
        for caller in callers {
            let answer = app.get_as(&url, &caller.token).await;
            assert!(
                answer.status().as_u16() < 500,
                "GET {url}: {}",
                answer.status()
            );
            if answer.status().is_success() {
                read.insert(path.clone());
            }
        }
    }
    assert!(read.len() > 20, "most reads answered: {read:?}");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        before,
        "no read called the messenger"
    );
    assert!(
        outbox_is_empty(&app.store).await,
        "no read queued a notification"
    );
}

/// The modules of the server and the ones each may use (besides `shared`).
const MAY_USE: [(&str, &[&str]); 8] = [
    ("routes", &["auth", "domain", "error", "metrics"]),
    ("domain", &["auth", "store"]),
    ("workers", &["domain", "store", "metrics", "config"]),
    ("ports", &["domain", "store"]),
    ("store", &[]),
    ("auth", &[]),
    ("error", &["domain", "store"]),
    ("metrics", &[]),
];

/// Every `crate::<module>` a source file or folder names.
fn uses_of(path: &std::path::Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let files: Vec<std::path::PathBuf> = if path.is_dir() {
        walk(path)
    } else {
        vec![path.with_extension("rs")]
    };
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("crate::") {
                let name: String = line[at + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.insert(name);
            }
        }
    }
    found
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn the_server_modules_depend_one_way() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (module, allowed) in MAY_USE {
        let uses = uses_of(&src.join(module));
        let wrong: Vec<&String> = uses
            .iter()
            .filter(|used| *used != module && !allowed.contains(&used.as_str()))
            .collect();
        assert!(wrong.is_empty(), "{module} uses {wrong:?}");
    }
}

#[test]
fn domain_writes_go_through_the_context() {
    let domain = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    for file in walk(&domain) {
        if file.ends_with("context.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains(".transact("),
            "{} commits without the context, so no worker is woken",
            file.display()
        );
    }
}

on_both_drivers!(
    writes_wake_the_worker_they_give_work_to,
    a_change_of_time_zone_over_http_wakes_the_scheduler,
    no_read_calls_the_messenger_or_queues_anything,
);
