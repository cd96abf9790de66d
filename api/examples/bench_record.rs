//! Benchmark of the clinical record's reads against the length of the
//! record: a patient with ten years of history (1,000 problems and 1,000
//! allergies, each changed once, so 4,000 revisions and their timeline;
//! 20,000 mood entries; 120 PHQ-9 results) beside a patient with one month
//! of it, read over HTTP by the patient and by their doctor: the first page
//! of each list, the timeline, and the 30- and 90-day mood charts. Each
//! read's median and p90 over `--reads` calls. Then the whole record as
//! FHIR (`Patient/{id}/$everything`, every page of 200 followed by its next
//! link) by the doctor: the median of `--exports` walks.
//!
//!     cargo run --release -p medtrack-api --example bench_record [-- --reads 30 --exports 3 --store sqlite|dynamodb]
//!
//! With `--store dynamodb`, `MEDTRACK_DYNAMODB_ENDPOINT` points at DynamoDB
//! (e.g. DynamoDB Local; credentials from the usual AWS variables).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "support/mod.rs"]
mod support;

use std::time::Instant;

use jiff::{SignedDuration, Timestamp};
use medtrack::domain::accounts::{self, Account};
use medtrack::domain::appointments::booking;
use medtrack::domain::record::{allergies, problems};
use medtrack::domain::Context;
use medtrack::store::{keys, Condition, Item, Key, Store, TxOp};
use medtrack_shared::account::{AccountFields, Registration};
use medtrack_shared::appointment::{BookingRequest, Priority};
use medtrack_shared::record::{
    AllergyCategory, AllergyChange, AllergyInput, ClinicalStatus, MoodEntry, Phq9Result,
    Phq9Severity, ProblemChange, ProblemInput,
};
use medtrack_shared::{MoodEntryId, Phq9Id};
use support::{all_day_doctor, argument, context, ms, percentile, PASSWORD};

const DAY: SignedDuration = SignedDuration::from_hours(24);

#[tokio::main]
async fn main() {
    let reads = argument("--reads", 30) as usize;
    let exports = argument("--exports", 3) as usize;
    let (base, store, _dir) = support::start_server_from_args().await;
    let ctx = context(&store);
    let doctor = all_day_doctor(&ctx, 30).await;
    let client = reqwest::Client::new();

    let started = Instant::now();
    let long = patient(&ctx, &doctor, "long@example.org", 1).await;
    seed(&ctx, &store, &doctor, &long, 1000, 20_000, 3650).await;
    println!(
        "seeded ten years (2,000 entries, 4,000 revisions, 20,000 mood entries) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let short = patient(&ctx, &doctor, "short@example.org", 2).await;
    seed(&ctx, &store, &doctor, &short, 10, 150, 30).await;

    let doctor_token = support::token(&client, &base, "doctor@example.org", 9).await;
    println!("reads over HTTP, median / p90 of {reads} calls, in ms:");
    println!("{:<42} {:>16} {:>16}", "", "one month", "ten years");
    for (what, path) in [
        ("problems, first page (25)", "problems"),
        ("allergies, first page (25)", "allergies"),
        ("timeline, first page (25)", "timeline"),
        ("mood log, first page (25)", "mood"),
        ("mood chart, 30 days", "mood/chart?days=30"),
        ("mood chart, 90 days", "mood/chart?days=90"),
        ("PHQ-9 results, first page (25)", "phq9"),
    ] {
        for (reader, token) in [("patient", None), ("doctor", Some(doctor_token.clone()))] {
            let mut cells = Vec::new();
            for (email, n, who) in [
                ("short@example.org", 2, &short),
                ("long@example.org", 1, &long),
            ] {
                let token = match &token {
                    Some(token) => token.clone(),
                    None => support::token(&client, &base, email, n).await,
                };
                let url = format!("{base}/api/v1/patients/{}/{path}", who.id);
                let mut times = Vec::new();
                for _ in 0..reads {
                    let began = Instant::now();
                    let answer = client.get(&url).bearer_auth(&token).send().await.unwrap();
                    assert!(answer.status().is_success(), "{url}: {}", answer.status());
                    answer.bytes().await.unwrap();
                    times.push(began.elapsed());
                }
                times.sort();
                cells.push(format!(
                    "{:.1} / {:.1}",
                    ms(percentile(&times, 0.5)),
                    ms(percentile(&times, 0.9))
                ));
            }
            println!(
                "{:<42} {:>16} {:>16}",
                format!("{what}, {reader}"),
                cells[0],
                cells[1]
            );
        }
    }
    println!(
        "the whole record as FHIR ($everything, pages of 200), by the doctor, median of {exports}:"
    );
    for (label, who) in [("one month", &short), ("ten years", &long)] {
        let mut times = Vec::new();
        let mut counted = (0, 0);
        for _ in 0..exports {
            let began = Instant::now();
            counted = export(&client, &base, &doctor_token, who).await;
            times.push(began.elapsed());
        }
        times.sort();
        println!(
            "{label:<10} {:>8.0} ms  ({} resources, {} pages)",
            ms(percentile(&times, 0.5)),
            counted.0,
            counted.1
        );
    }
}

/// Walks every page of the patient's `$everything`: resources and pages.
async fn export(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    patient: &Account,
) -> (usize, usize) {
    let mut next = Some(format!(
        "{base}/api/fhir/r4/Patient/{}/$everything?_count=200",
        patient.id
    ));
    let (mut resources, mut pages) = (0, 0);
    while let Some(url) = next {
        let answer = client.get(&url).bearer_auth(token).send().await.unwrap();
        assert!(answer.status().is_success(), "{url}: {}", answer.status());
        let page: serde_json::Value = answer.json().await.unwrap();
        resources += page["entry"].as_array().map_or(0, Vec::len);
        pages += 1;
        next = page["link"]
            .as_array()
            .and_then(|links| links.iter().find(|l| l["relation"] == "next"))
            .and_then(|l| l["url"].as_str())
            .map(str::to_owned);
    }
    (resources, pages)
}

/// A patient who booked `doctor` (a care relationship).
async fn patient(ctx: &Context, doctor: &Account, email: &str, n: i64) -> Account {
    let registration = Registration::Patient {
        account: AccountFields {
            name: format!("Patient {n}"),
            email: email.into(),
            password: PASSWORD.into(),
            phone: None,
            time_zone: "Europe/Lisbon".into(),
        },
        date_of_birth: jiff::civil::date(1970, 1, 1),
    };
    let patient = accounts::register(ctx, registration).await.unwrap();
    let tomorrow = (Timestamp::now() + DAY)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let start = jiff::tz::TimeZone::UTC
        .to_ambiguous_timestamp(tomorrow.to_datetime(jiff::civil::time(9, 0, 0, 0)))
        .compatible()
        .unwrap()
        + SignedDuration::from_mins(30 * n);
    let request = BookingRequest {
        doctor_id: doctor.id,
        starts_at: start,
        reason: "Review".into(),
        priority: Priority::Normal,
    };
    booking::book(ctx, &patient, &request).await.unwrap();
    patient
}

/// `entries` problems and as many allergies, each resolved once, through
/// the domain; `moods` mood entries over `days` days and a PHQ-9 a month,
/// written straight into the store (logging is only allowed a week back).
async fn seed(
    ctx: &Context,
    store: &Store,
    doctor: &Account,
    patient: &Account,
    entries: usize,
    moods: usize,
    days: i64,
) {
    for n in 0..entries {
        let problem = ProblemInput {
            name: format!("Condition {n}"),
            code: None,
            onset: None,
            notes: String::new(),
            clinical_status: ClinicalStatus::Active,
        };
        let made = problems::add(ctx, doctor, &patient.id, &problem)
            .await
            .unwrap();
        let resolve = ProblemChange {
            clinical_status: Some(ClinicalStatus::Resolved),
            ..Default::default()
        };
        problems::change(ctx, doctor, &patient.id, &made.id, &resolve)
            .await
            .unwrap();
        let allergy = AllergyInput {
            substance: format!("Substance {n}"),
            kind: Default::default(),
            category: AllergyCategory::Other,
            reaction: String::new(),
            severity: None,
            criticality: None,
            onset: None,
            notes: String::new(),
            clinical_status: ClinicalStatus::Active,
        };
        let made = allergies::add(ctx, doctor, &patient.id, &allergy)
            .await
            .unwrap();
        let resolve = AllergyChange {
            clinical_status: Some(ClinicalStatus::Resolved),
            ..Default::default()
        };
        allergies::change(ctx, doctor, &patient.id, &made.id, &resolve)
            .await
            .unwrap();
    }
    let now = Timestamp::now();
    let step = (DAY * i32::try_from(days).unwrap()) / i32::try_from(moods).unwrap();
    let zone = jiff::tz::TimeZone::get("Europe/Lisbon").unwrap();
    let mut ops = Vec::new();
    for n in 0..moods {
        let at = now - step * i32::try_from(n + 1).unwrap();
        let entry = MoodEntry {
            id: MoodEntryId::from_uuid(uuid_at(at)),
            patient: patient.id,
            score: 1 + (n % 10) as u8,
            tags: vec!["calm".into(), format!("tag {}", n % 7)],
            note: "A day like any other.".into(),
            at,
            day: at.to_zoned_datetime(zone.clone()).date(),
            updated_at: at,
        };
        let key = Key::new(keys::mood_log(&patient.id), entry.id.to_string());
        ops.push(TxOp::Put(
            Item::from_record(key, &entry).unwrap(),
            Condition::Always,
        ));
        if ops.len() == 100 {
            store.transact(std::mem::take(&mut ops)).await.unwrap();
        }
    }
    for month in 0..(days / 30) {
        let at = now - DAY * i32::try_from(30 * month + 1).unwrap();
        let result = Phq9Result {
            id: Phq9Id::from_uuid(uuid_at(at)),
            patient: patient.id,
            answers: vec![1; 9],
            difficulty: None,
            score: 9,
            severity: Phq9Severity::Mild,
            answered_at: at,
            alert: None,
        };
        let key = Key::new(keys::phq9_results(&patient.id), result.id.to_string());
        ops.push(TxOp::Put(
            Item::from_record(key, &result).unwrap(),
            Condition::Always,
        ));
        if ops.len() == 100 {
            store.transact(std::mem::take(&mut ops)).await.unwrap();
        }
    }
    if !ops.is_empty() {
        store.transact(ops).await.unwrap();
    }
}

fn uuid_at(at: Timestamp) -> uuid::Uuid {
    let ts = uuid::Timestamp::from_unix(
        uuid::NoContext,
        at.as_second() as u64,
        at.subsec_nanosecond() as u32,
    );
    uuid::Uuid::new_v7(ts)
}
