//! Benchmark of the admins' dashboard: its time over one month and over one
//! year (median of 20 reads each) with 10,000 appointments in the store and
//! again with `--appointments` (1,000,000 by default; use 100,000 on
//! DynamoDB Local, which is slow to fill), spread over two years and 20
//! doctors, with the counter items each read takes. The dashboard reads
//! day counters, so its time should follow the range, not the store.
//!
//!     cargo run --release -p medtrack-api --example bench_analytics [-- --appointments 1000000 --store sqlite|dynamodb]
//!
//! The appointments are written straight to the store with the counters
//! their bookings and steps would have kept (the dashboard reads only the
//! counters; the appointments make the store its size).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures::StreamExt;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use medtrack::domain::accounts::{self, Account};
use medtrack::domain::analytics;
use medtrack::domain::Context;
use medtrack::store::{keys, Condition, Item, Key, TxOp};
use medtrack_shared::analytics::{AppointmentDay, DayRange};
use medtrack_shared::appointment::{Appointment, AppointmentStatus, Priority};
use medtrack_shared::{AccountStatus, AppointmentId, Role, SpecializationSlug};
use support::{all_day_doctor, argument, context, ms, percentile};

const DOCTORS: usize = 20;
const DAYS: i64 = 730;

/// The clinic's doctors: the bench doctor and 19 more, active.
async fn doctors(ctx: &Context) -> Vec<Account> {
    let first = all_day_doctor(ctx, 15).await;
    let mut all = vec![first.clone()];
    for n in 1..DOCTORS {
        let mut doctor = first.clone();
        doctor.id = medtrack_shared::UserId::from_uuid(uuid::Uuid::now_v7());
        doctor.name = format!("Bench Doctor {n}");
        doctor.email = format!("doctor{n}@example.org");
        let item = Item::from_record(keys::user(&doctor.id), &doctor)
            .unwrap()
            .with_gsi1(medtrack::store::IndexKey::new(
                keys::users_by_role_and_status(Role::Doctor, AccountStatus::Active),
                doctor.id.to_string(),
            ));
        ctx.store.put(item, Condition::NotExists).await.unwrap();
        all.push(doctor);
    }
    all
}

/// The `n`th appointment: its doctor, day and status vary with `n`.
fn appointment(n: u64, doctors: &[Account], today: jiff::civil::Date) -> Appointment {
    let doctor = &doctors[usize::try_from(n).unwrap() % doctors.len()];
    let back = i64::try_from(n % u64::try_from(DAYS).unwrap()).unwrap();
    let day = today - jiff::Span::new().days(back);
    let minutes = i64::try_from((n / 7) % 64).unwrap() * 15;
    let starts_at = day.to_zoned_datetime(TimeZone::UTC).unwrap().timestamp()
        + SignedDuration::from_mins(minutes);
    let status = AppointmentStatus::ALL[usize::try_from(n % 8).unwrap()];
    Appointment {
        id: AppointmentId::from_uuid(uuid::Uuid::now_v7()),
        patient: doctor.party(),
        doctor: doctor.party(),
        specialization: SpecializationSlug::parse("cardiology").unwrap(),
        starts_at,
        ends_at: starts_at + SignedDuration::from_mins(15),
        time_zone: "UTC".into(),
        reason: "Check-up".into(),
        priority: Priority::Normal,
        status,
        status_reason: None,
        consultation: None,
        allergy_override: None,
        timeline: vec![],
        created_at: starts_at - SignedDuration::from_hours(i64::try_from(n % 2000).unwrap()),
    }
}

/// Stores appointments `from..to` and adds them to `counters`.
async fn fill(
    ctx: &Context,
    doctors: &[Account],
    from: u64,
    to: u64,
    counters: &mut HashMap<Key, AppointmentDay>,
) {
    let today = Timestamp::now().to_zoned_datetime(TimeZone::UTC).date();
    let batches: Vec<Vec<Appointment>> = (from..to)
        .step_by(100)
        .map(|start| {
            (start..(start + 100).min(to))
                .map(|n| appointment(n, doctors, today))
                .collect()
        })
        .collect();
    for batch in &batches {
        for a in batch {
            let counts = AppointmentDay::of(a, &TimeZone::UTC);
            let shard = keys::shard(a.id.as_uuid());
            for key in [
                keys::appointment_day(counts.day, shard),
                keys::doctor_day(&a.doctor.id, counts.day),
            ] {
                counters
                    .entry(key)
                    .or_insert_with(|| AppointmentDay::empty(counts.day))
                    .add(&counts);
            }
        }
    }
    futures::stream::iter(batches)
        .for_each_concurrent(8, |batch| async move {
            let ops = batch
                .iter()
                .map(|a| {
                    TxOp::Put(
                        Item::from_record(keys::appointment(&a.id), a).unwrap(),
                        Condition::Always,
                    )
                })
                .collect();
            ctx.store.transact(ops).await.unwrap();
        })
        .await;
}

/// Writes the counters as the changes would have left them.
async fn write_counters(ctx: &Context, counters: &HashMap<Key, AppointmentDay>) {
    futures::stream::iter(counters)
        .for_each_concurrent(8, |(key, counts)| async move {
            let mut attrs = serde_json::Map::new();
            attrs.insert("day".into(), counts.day.to_string().into());
            attrs.extend(counts.named().into_iter().map(|(n, v)| (n, v.into())));
            ctx.store
                .put(Item::new(key.clone(), attrs), Condition::Always)
                .await
                .unwrap();
        })
        .await;
}

/// The median of 20 reads of the dashboard over the last `days` days, and the items one read takes.
async fn dashboard(ctx: &Context, admin: &Account, days: i64) -> (Duration, u32) {
    let to = Timestamp::now().to_zoned_datetime(TimeZone::UTC).date();
    let range = DayRange {
        from: to - jiff::Span::new().days(days - 1),
        to,
    };
    let mut times = Vec::new();
    let mut reads = 0;
    for _ in 0..20 {
        let started = Instant::now();
        reads = analytics::clinic(ctx, admin, range).await.unwrap().reads;
        times.push(started.elapsed());
    }
    times.sort();
    (percentile(&times, 0.5), reads)
}

#[tokio::main]
async fn main() {
    let total = argument("--appointments", 1_000_000);
    let (_base, store, _dir) = support::start_server_from_args().await;
    let ctx = context(&store);
    let doctors = doctors(&ctx).await;
    let admin_id = accounts::active_admins(&store).await.unwrap()[0];
    let admin = accounts::get(&store, &admin_id).await.unwrap().unwrap();
    let mut counters = HashMap::new();
    let mut stored = 0;
    for target in [10_000, total.max(10_000)] {
        let started = Instant::now();
        fill(&ctx, &doctors, stored, target, &mut counters).await;
        write_counters(&ctx, &counters).await;
        println!(
            "stored {} appointments in {:.0} s ({} counters)",
            target - stored,
            started.elapsed().as_secs_f64(),
            counters.len()
        );
        stored = target;
        for days in [30, 365] {
            let (time, reads) = dashboard(&ctx, &admin, days).await;
            println!(
                "admin dashboard over {days} days with {stored} appointments, {DOCTORS} doctors: median {:.1} ms, {reads} counter items read",
                ms(time)
            );
        }
    }
}
