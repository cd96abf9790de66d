//! Benchmark of messaging: messages sent per second and thread-list reads
//! per second with 64 clients (each a patient writing in their own thread
//! with one doctor), the doctor's list of 64 threads read by the same
//! clients, and the delay from a message sent to its thread's event on the
//! doctor's open stream, on this replica and on a second one (p50/p99).
//!
//!     cargo run --release -p medtrack-api --example bench_messaging [-- --clients 64 --seconds 10 --samples 60 --store sqlite|dynamodb]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use futures::StreamExt;
use medtrack::store::{keys, Condition, Item};
use medtrack_shared::messaging::Posted;
use support::{
    all_day_doctor, argument, context, ms, percentile, register_patient, token, PASSWORD,
};

/// The delays from a send to its event on a stream opened at `events` (p50, p99).
async fn delays(
    client: &reqwest::Client,
    base: &str,
    events: &str,
    doctor: &str,
    senders: &[(String, String)],
    samples: usize,
) -> (Duration, Duration) {
    let stream = client
        .get(format!("{events}/api/v1/me/events"))
        .header("accept", "text/event-stream")
        .bearer_auth(doctor)
        .send()
        .await
        .unwrap();
    let mut chunks = stream.bytes_stream();
    chunks.next().await.unwrap().unwrap();
    let mut delays = Vec::new();
    for n in 0..samples {
        let (token, thread) = &senders[n % senders.len()];
        // Sends fall anywhere in the readers' second; what came before is
        // read off the stream first.
        tokio::time::sleep(Duration::from_millis(137 + (n as u64 * 71) % 400)).await;
        while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(1), chunks.next()).await
        {
        }
        let sent = Instant::now();
        let answer = client
            .post(format!("{base}/api/v1/messages/threads/{thread}/messages"))
            .bearer_auth(token)
            .json(&serde_json::json!({"text": format!("Sample {n}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 201);
        let wanted = format!("\"thread\":\"{thread}\"");
        let mut seen = String::new();
        while !seen.contains(&wanted) {
            let chunk = chunks.next().await.unwrap().unwrap();
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
        delays.push(sent.elapsed());
    }
    delays.sort();
    (percentile(&delays, 0.5), percentile(&delays, 0.99))
}

#[tokio::main]
async fn main() {
    let clients = argument("--clients", 64) as usize;
    let seconds = argument("--seconds", 10);
    let samples = argument("--samples", 60) as usize;
    let (base, store, _dir) = support::start_server_from_args().await;
    let ctx = context(&store);
    let doctor = all_day_doctor(&ctx, 30).await;
    let client = reqwest::Client::new();
    let doctor_token = token(&client, &base, "doctor@example.org", 9999).await;

    // Each client is a patient of the doctor (what a booking writes) with a thread.
    let mut senders = Vec::new();
    for n in 0..clients {
        let email = format!("patient{n}@example.org");
        let me = register_patient(&client, &base, &email, "Bench Patient", PASSWORD).await;
        let relation = serde_json::json!({"doctor": doctor.id, "patient": me.id});
        let care = Item::from_record(keys::care(&doctor.id, &me.id), &relation)
            .unwrap()
            .with_gsi1(keys::care_of(&me.id, &doctor.id));
        store.put(care, Condition::NotExists).await.unwrap();
        let token = token(&client, &base, &email, n).await;
        let started: Posted = client
            .post(format!("{base}/api/v1/messages/threads"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"with": doctor.id, "subject": "Bench", "text": "Hello"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        senders.push((token, started.thread.id.to_string()));
    }
    println!("{clients} patients, a thread each with one doctor");

    let shared = std::sync::Arc::new(senders.clone());
    let (send_base, senders_of) = (base.clone(), shared.clone());
    let sender_client = client.clone();
    support::load("messages sent", clients, seconds, move |n, i| {
        let (client, base, senders) =
            (sender_client.clone(), send_base.clone(), senders_of.clone());
        async move {
            let (token, thread) = &senders[n];
            client
                .post(format!("{base}/api/v1/messages/threads/{thread}/messages"))
                .bearer_auth(token)
                .json(&serde_json::json!({"text": format!("Message {i}")}))
                .send()
                .await
                .is_ok_and(|a| a.status() == 201)
        }
    })
    .await;
    let (list_base, lists_of) = (base.clone(), shared.clone());
    let list_client = client.clone();
    support::load("own thread list read", clients, seconds, move |n, _| {
        let (client, base, senders) = (list_client.clone(), list_base.clone(), lists_of.clone());
        async move {
            client
                .get(format!("{base}/api/v1/messages/threads"))
                .bearer_auth(&senders[n].0)
                .send()
                .await
                .is_ok_and(|a| a.status() == 200)
        }
    })
    .await;
    let (doctor_base, doctor_of) = (base.clone(), doctor_token.clone());
    let doctor_client = client.clone();
    support::load(
        "doctor's list (25 of 64 threads) read",
        clients,
        seconds,
        move |_, _| {
            let (client, base, token) = (
                doctor_client.clone(),
                doctor_base.clone(),
                doctor_of.clone(),
            );
            async move {
                client
                    .get(format!("{base}/api/v1/messages/threads"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .is_ok_and(|a| a.status() == 200)
            }
        },
    )
    .await;

    let (p50, p99) = delays(&client, &base, &base, &doctor_token, &senders, samples).await;
    println!(
        "send to the doctor's open stream, same replica, {samples} sends: p50 {:.0} ms, p99 {:.0} ms",
        ms(p50),
        ms(p99)
    );
    let other = support::start_replica(&store).await;
    let (p50, p99) = delays(&client, &base, &other, &doctor_token, &senders, samples).await;
    println!(
        "send to the doctor's open stream on a second replica, {samples} sends: p50 {:.0} ms, p99 {:.0} ms",
        ms(p50),
        ms(p99)
    );
}
