//! Benchmark of billing: invoices made per second from completed visits
//! (the job a completion schedules, run as the scheduler runs it, 16 at a
//! time), and the admins' billing page (the overview) with 1,000 and then
//! `--invoices` invoices in the store, the same 100 of them open (the rest
//! paid), median of 20 reads each: its time should not grow with the
//! invoices (it follows the open ones).
//!
//!     cargo run --release -p medtrack-api --example bench_billing [-- --visits 2000 --invoices 100000 --store sqlite|dynamodb]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use futures::StreamExt;
use medtrack::domain::billing::drafts::InvoiceVisit;
use medtrack::domain::billing::{overview, write_ops, InvoiceRecord};
use medtrack::domain::jobs::Runner;
use medtrack::domain::Context;
use medtrack::store::{keys, Condition, Item};
use medtrack_shared::billing::{Invoice, InvoiceStatus, Totals};
use serde_json::json;
use support::{all_day_doctor, argument, context, ms, percentile};

/// Stores `count` completed visits of `doctor`: their ids.
async fn completed_visits(ctx: &Context, doctor: &serde_json::Value, count: u64) -> Vec<String> {
    let now = jiff::Timestamp::now();
    let ids: Vec<String> = (0..count)
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect();
    futures::stream::iter(ids.clone())
        .for_each_concurrent(32, |id| async move {
            let visit = json!({
                "id": id, "patient": {"id": uuid::Uuid::now_v7(), "name": "Bench Patient"},
                "doctor": doctor, "specialization": "cardiology",
                "starts_at": now, "ends_at": now, "time_zone": "UTC", "reason": "Check-up",
                "priority": "normal", "status": "completed", "timeline": [], "created_at": now,
            });
            let key = keys::appointment(&id.parse().unwrap());
            let item = Item::from_record(key, &visit).unwrap();
            ctx.store.put(item, Condition::Always).await.unwrap();
        })
        .await;
    ids
}

/// Stores `count` issued invoices, one in `open_every` open (none for 0).
async fn invoices(ctx: &Context, template: &InvoiceRecord, count: u64, open_every: u64) {
    futures::stream::iter(0..count)
        .for_each_concurrent(32, |n| async move {
            let mut record = template.clone();
            let invoice: &mut Invoice = &mut record.invoice;
            invoice.id = medtrack_shared::InvoiceId::from_uuid(uuid::Uuid::now_v7());
            invoice.status = InvoiceStatus::Issued;
            invoice.number = Some(format!("BENCH-{n:07}"));
            invoice.due_on = Some(jiff::civil::date(2027, 1, 1));
            let open = open_every > 0 && n % open_every == 0;
            let paid = if open { 0 } else { invoice.total };
            invoice.totals = Totals {
                charged: invoice.total,
                paid,
                balance: invoice.total - paid,
                ..Totals::default()
            };
            let ops = write_ops(None, &record, Condition::NotExists).unwrap();
            ctx.commit(ops).await.unwrap();
        })
        .await;
}

/// The median time of 20 reads of the billing page.
async fn page_time(ctx: &Context) -> Duration {
    let mut times = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        overview::overview(ctx).await.unwrap();
        times.push(started.elapsed());
    }
    times.sort();
    percentile(&times, 0.5)
}

#[tokio::main]
async fn main() {
    let visits = argument("--visits", 2_000);
    let total = argument("--invoices", 100_000);
    let (_base, store, _dir) = support::start_server_from_args().await;
    let ctx = context(&store);
    let doctor = all_day_doctor(&ctx, 15).await;
    let party = json!({"id": doctor.id, "name": doctor.name});

    // Invoices from completions: the job each completion schedules.
    let ids = completed_visits(&ctx, &party, visits).await;
    let started = Instant::now();
    futures::stream::iter(ids)
        .for_each_concurrent(16, |id| {
            let ctx = &ctx;
            async move {
                let job = InvoiceVisit {
                    appointment: id.parse().unwrap(),
                };
                let outcome = job.run(ctx, jiff::Timestamp::now()).await.unwrap();
                ctx.commit(outcome.ops).await.unwrap();
            }
        })
        .await;
    let elapsed = started.elapsed();
    println!(
        "invoices from completions: {visits} in {:.2} s = {:.0}/s",
        elapsed.as_secs_f64(),
        visits as f64 / elapsed.as_secs_f64()
    );

    // The billing page at 1,000 invoices and at `total`.
    let query = medtrack::store::Query::partition(keys::invoices_by(&doctor.id)).limit(1);
    let first: Invoice = store.query(query).await.unwrap().items[0].record().unwrap();
    let item = store.get(&keys::invoice(&first.id)).await.unwrap().unwrap();
    let template: InvoiceRecord = item.record().unwrap();
    invoices(&ctx, &template, 1_000, 10).await;
    let small = page_time(&ctx).await;
    let started = Instant::now();
    invoices(&ctx, &template, total.saturating_sub(1_000), 0).await;
    println!(
        "stored {} more invoices in {:.0} s",
        total.saturating_sub(1_000),
        started.elapsed().as_secs_f64()
    );
    let large = page_time(&ctx).await;
    println!(
        "billing page, median of 20 (100 open): {:.1} ms with {} invoices, {:.1} ms with {}",
        ms(small),
        1_000 + visits,
        ms(large),
        total + visits
    );
}
