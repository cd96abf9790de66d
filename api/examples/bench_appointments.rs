//! Benchmark of appointments on SQLite: bookings per second (each one a
//! transaction holding a slot, writing the appointment, its two list copies,
//! the care relationship and two outbox entries) and authenticated list reads
//! per second, with 64 concurrent clients.
//!
//!     cargo run --release -p medtrack-api --example bench_appointments [-- --seconds 10 --clients 64]
//!
//! The server runs in this process with its notification dispatcher; the
//! clients share the machine's cores with it, so the figures are a floor.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "support/mod.rs"]
mod support;

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::account::SessionTokens;
use serde_json::json;
use support::{argument, load, register_patient, start_server, PASSWORD};
/// Slot length: 5 minutes from 00:00 to 23:55, every day, in UTC.
const SLOT_MINUTES: i64 = 5;
const SLOTS_PER_DAY: i64 = 24 * 60 / SLOT_MINUTES - 1;

#[tokio::main]
async fn main() {
    let seconds = argument("--seconds", 10);
    let clients = argument("--clients", 64) as usize;
    let (base, store, _dir) = start_server().await;

    // One approved doctor with hours every day; one patient per client.
    let now = Timestamp::now();
    let ctx = support::context(&store);
    let doctor = support::all_day_doctor(&ctx, SLOT_MINUTES).await;

    let client = reqwest::Client::new();
    let mut patients = Vec::new();
    for n in 0..clients {
        let email = format!("patient{n}@example.org");
        let me = register_patient(&client, &base, &email, &format!("Patient {n}"), PASSWORD).await;
        let tokens: SessionTokens = client
            .post(format!("{base}/api/v1/auth/login"))
            // One address per patient, as in a real clinic: the sign-in
            // throttle counts attempts per address.
            .header("x-forwarded-for", format!("10.0.0.{n}"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        patients.push((me.id, tokens.access_token));
    }

    // Every booking takes its own free slot: client c's n-th booking takes
    // slot c + n * clients, from tomorrow on.
    let first_day = now
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .tomorrow()
        .unwrap()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp();
    let slot = move |k: i64| {
        first_day
            + SignedDuration::from_hours(24 * (k / SLOTS_PER_DAY))
            + SignedDuration::from_mins(SLOT_MINUTES * (k % SLOTS_PER_DAY))
    };
    let doctor_id = doctor.id;
    let url = format!("{base}/api/v1/appointments");
    let (booking_client, booking_patients) = (client.clone(), patients.clone());
    let booked = load("POST /api/v1/appointments (book)", clients, seconds, move |c, n| {
        let starts_at = slot((c + n * clients) as i64);
        let (client, url, token) = (booking_client.clone(), url.clone(), booking_patients[c].1.clone());
        async move {
            let body = json!({"doctor_id": doctor_id, "starts_at": starts_at, "reason": "Benchmark", "priority": "normal"});
            let response = client.post(&url).bearer_auth(&token).json(&body).send().await.unwrap();
            let ok = response.status() == 201;
            response.bytes().await.unwrap();
            ok
        }
    })
    .await;
    println!("  {booked} appointments booked, each its own slot");

    // The dispatcher delivers the bookings' notifications (two each) in the
    // background; let it finish so that the reads are measured alone.
    let drained = std::time::Instant::now();
    loop {
        let left = store
            .query(medtrack::store::Query::partition(medtrack::store::keys::OUTBOX).limit(1))
            .await
            .unwrap();
        if left.items.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    println!(
        "  the dispatcher delivered {} notifications to inboxes by {:.1} s after the bookings",
        booked * 2,
        drained.elapsed().as_secs_f64()
    );

    let reads = load(
        "GET /api/v1/patients/{id}/appointments (25 per page)",
        clients,
        seconds,
        move |c, _| {
            let (client, base, (patient, token)) =
                (client.clone(), base.clone(), patients[c].clone());
            async move {
                let response = client
                    .get(format!(
                        "{base}/api/v1/patients/{patient}/appointments?when=upcoming&limit=25"
                    ))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap();
                let ok = response.status() == 200;
                response.bytes().await.unwrap();
                ok
            }
        },
    )
    .await;
    println!("  {reads} list reads");
}
