//! Benchmark of the scheduler on SQLite: the time of a pass that runs 1,000
//! due dose reminders with 10,000 and then 1,000,000 active schedules in the
//! store (a pass reads only the due-time index, so the two should be close),
//! the store's size, and the reminder lag (dose time to the reminder's
//! notification being committed) with the worker running as in `medtrack serve`.
//!
//!     cargo run --release -p medtrack-api --example bench_scheduler [-- --schedules 1000000]
//!
//! Each schedule is a medication with one dose time a day and its reminder
//! job; the medications belong to 20 patients.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use medtrack::domain::accounts;
use medtrack::domain::jobs;
use medtrack::domain::medications::reminders::{Dose, DoseReminder};
use medtrack::domain::medications::times;
use medtrack::domain::notifications::outbox::{Event, OutboxEntry};
use medtrack::startup::init_store;
use medtrack::store::sqlite::SqliteStore;
use medtrack::store::{keys, Condition, Item, Query, Store, TxOp};
use medtrack::workers::Scheduler;
use medtrack_shared::account::{AccountFields, Registration};
use medtrack_shared::medication::{
    Frequency, Medication, MedicationInput, MissedDoses, Schedule, ZoneRule,
};
use medtrack_shared::{MedicationId, UserId};
use support::{argument, ms, percentile};

const PATIENTS: usize = 20;
const DUE: usize = 1000;

#[tokio::main]
async fn main() {
    let total = argument("--schedules", 1_000_000) as usize;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite3");
    let store = Store::new(SqliteStore::open(&path).unwrap());
    init_store(&store).await.unwrap();
    let patients = patients(&store).await;
    let worker = Scheduler::new(support::context(&store));

    // Background schedules: one dose a day, twelve hours from now.
    let later = Timestamp::now() + SignedDuration::from_hours(12);
    let small = 10_000.min(total);
    let started = Instant::now();
    add_schedules(&store, &patients, small - DUE, |_| clock(later)).await;
    println!(
        "{small} schedules written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let small_pass = due_pass(&store, &worker, &patients).await;
    println!(
        "pass with {DUE} due reminders among {small} schedules: {:.0} ms",
        ms(small_pass)
    );

    let started = Instant::now();
    add_schedules(&store, &patients, total - small, |_| clock(later)).await;
    println!(
        "{} more schedules written in {:.1} s ({total} in all)",
        total - small,
        started.elapsed().as_secs_f64()
    );
    let large_pass = due_pass(&store, &worker, &patients).await;
    println!(
        "pass with {DUE} due reminders among {total} schedules: {:.0} ms ({:.2}x the small store)",
        ms(large_pass),
        large_pass.as_secs_f64() / small_pass.as_secs_f64()
    );
    let size =
        |file: &str| std::fs::metadata(dir.path().join(file)).map_or(0.0, |m| m.len() as f64 / 1e6);
    let database = size("bench.sqlite3");
    println!(
        "store size: database {database:.0} MB ({:.0} bytes per schedule), write-ahead log {:.0} MB",
        database * 1e6 / total as f64,
        size("bench.sqlite3-wal")
    );

    lag(&store, &patients).await;
}

/// The time of day of `at` in UTC, to the second.
fn clock(at: Timestamp) -> Time {
    let time = at.to_zoned_datetime(TimeZone::UTC).time();
    Time::constant(time.hour(), time.minute(), time.second(), 0)
}

async fn patients(store: &Store) -> Vec<UserId> {
    let mut ids = Vec::new();
    for n in 0..PATIENTS {
        let registration = Registration::Patient {
            account: AccountFields {
                name: format!("Patient {n}"),
                email: format!("patient{n}@example.org"),
                password: "correct horse battery staple orbit".into(),
                phone: None,
                time_zone: "UTC".into(),
            },
            date_of_birth: jiff::civil::date(1980, 1, 1),
        };
        let account = accounts::register(&support::context(store), registration)
            .await
            .unwrap();
        ids.push(account.id);
    }
    ids
}

/// Writes `count` medications, the n-th dosed daily at `time_of(n)`, each with
/// its reminder job at its next dose; returns (medication, dose) pairs.
async fn add_schedules(
    store: &Store,
    patients: &[UserId],
    count: usize,
    time_of: impl Fn(usize) -> Time,
) -> Vec<(MedicationId, Timestamp)> {
    let now = Timestamp::now();
    let today = now.to_zoned_datetime(TimeZone::UTC).date();
    let mut added = Vec::with_capacity(count);
    let mut ops = Vec::with_capacity(100);
    for n in 0..count {
        let patient = patients[n % patients.len()];
        let medication = Medication {
            id: MedicationId::from_uuid(uuid::Uuid::now_v7()),
            patient,
            details: MedicationInput {
                name: "Metformin".into(),
                strength: "500 mg".into(),
                form: "tablet".into(),
                dose: "1 tablet".into(),
                instructions: String::new(),
                schedule: Schedule {
                    as_needed: false,
                    times: vec![time_of(n)],
                    frequency: Frequency::EveryDay,
                    start: today,
                    end: None,
                    zone: ZoneRule::FollowMe,
                },
                supply: None,
                missed: MissedDoses::default(),
            },
            paused: false,
            paused_since: None,
            active_since: None,
            next_dose_at: None,
            caregiver_email_status: None,
            allergy_override: None,
            created_at: now,
        };
        let dose_at = times::next_dose(
            &medication.details.schedule,
            &TimeZone::UTC,
            now - SignedDuration::from_mins(1),
        )
        .unwrap();
        let item = Item::from_record(keys::medication(&medication.id), &medication)
            .unwrap()
            .with_gsi1(keys::patient_medication(&patient, now, &medication.id));
        ops.push(TxOp::Put(item, Condition::NotExists));
        let job = DoseReminder(Dose {
            medication: medication.id,
            patient,
            dose_at,
        });
        ops.push(jobs::schedule(&job, dose_at).unwrap());
        added.push((medication.id, dose_at));
        if ops.len() == 100 {
            store.transact(std::mem::take(&mut ops)).await.unwrap();
        }
    }
    if !ops.is_empty() {
        store.transact(ops).await.unwrap();
    }
    added
}

/// Adds `DUE` schedules whose dose was a few seconds ago, and times the pass
/// that runs them.
async fn due_pass(store: &Store, worker: &Scheduler, patients: &[UserId]) -> Duration {
    let dose = clock(Timestamp::now() - SignedDuration::from_secs(5));
    add_schedules(store, patients, DUE, |_| dose).await;
    let started = Instant::now();
    let ran = worker.run_due(Timestamp::now()).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(ran, DUE, "the pass runs exactly the due reminders");
    elapsed
}

/// 1,000 doses spread over ten seconds, the worker running on its own; the lag
/// of each reminder is from its dose time to when its notification was seen
/// committed (the outbox is read every 50 ms).
async fn lag(store: &Store, patients: &[UserId]) {
    let start = Timestamp::now() + SignedDuration::from_secs(3);
    let doses = add_schedules(store, patients, DUE, |n| {
        clock(start + SignedDuration::from_millis(i64::try_from(n).unwrap() * 10))
    })
    .await;
    let dose_at: HashMap<MedicationId, Timestamp> = doses.into_iter().collect();
    let running = tokio::spawn(Scheduler::new(support::context(store)).run());
    let mut seen: HashMap<String, Option<Duration>> = HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while seen.values().flatten().count() < DUE && Instant::now() < deadline {
        // The whole outbox each time: ids are not committed in their order.
        let items = outbox_entries(store).await;
        let now = Timestamp::now();
        for item in items {
            if seen.contains_key(&item.key.sk) {
                continue;
            }
            let key = item.key.sk.clone();
            let entry: OutboxEntry = item.into_record().unwrap();
            let lag = match &entry.event {
                Event::Medication(notice) => dose_at
                    .get(&notice.medication)
                    .map(|due| Duration::try_from(now.duration_since(*due)).unwrap_or_default()),
                _ => None,
            };
            seen.insert(key, lag);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    running.abort();
    let mut lags: Vec<Duration> = seen.into_values().flatten().collect();
    lags.sort();
    println!(
        "reminder lag, {} doses over 10 s (the worker sleeping until the next is due): p50 {:.0} ms, p99 {:.0} ms",
        lags.len(),
        ms(percentile(&lags, 0.5)),
        ms(percentile(&lags, 0.99))
    );
}

/// Every outbox entry.
async fn outbox_entries(store: &Store) -> Vec<Item> {
    let mut all = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .query(Query::partition(keys::OUTBOX).after(cursor))
            .await
            .unwrap();
        all.extend(page.items);
        match page.next {
            Some(next) => cursor = Some(next),
            None => return all,
        }
    }
}
