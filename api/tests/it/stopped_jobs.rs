//! Jobs that fail every try stop, on both drivers: they back off, leave the
//! due-time index after the last try, and an admin can schedule them again.

use jiff::{SignedDuration, Timestamp};
use medtrack::domain::jobs::{self, stopped, Runner};
use medtrack::domain::medications::reminders::{Dose, DoseReminder};
use medtrack::store::{keys, Condition, Index, Item, Query, Store};
use medtrack::workers::Scheduler;
use medtrack_shared::{MedicationId, UserId};
use serde_json::json;

use crate::helpers::{ctx, ctx_at, empty_store, on_both_drivers, Driver};

on_both_drivers!(a_job_that_fails_every_try_stops_and_an_admin_can_run_it_again);

async fn indexed_jobs(store: &Store) -> usize {
    let mut count = 0;
    for shard in 0..keys::JOB_SHARDS {
        count += store
            .query(Query::partition(keys::due_shard(shard)).on(Index::Gsi1))
            .await
            .unwrap()
            .items
            .len();
    }
    count
}

async fn a_job_that_fails_every_try_stops_and_an_admin_can_run_it_again(driver: Driver) {
    let store = empty_store(driver).await;
    let start: Timestamp = "2026-03-01T09:00:00Z".parse().unwrap();
    // A reminder for a medication whose record cannot be read: every try fails.
    let medication = MedicationId::from_uuid(uuid::Uuid::now_v7());
    let broken =
        Item::from_record(keys::medication(&medication), &json!({ "nonsense": true })).unwrap();
    store.put(broken, Condition::NotExists).await.unwrap();
    let job = DoseReminder(Dose {
        medication,
        patient: UserId::from_uuid(uuid::Uuid::now_v7()),
        dose_at: start,
    });
    store
        .transact(vec![jobs::schedule(&job, start).unwrap()])
        .await
        .unwrap();
    // And a job that cannot be read at all.
    let poison = Item::from_record(keys::job(&poison_id()), &json!({ "job": 7 }))
        .unwrap()
        .with_gsi1(keys::job_due("poison", start));
    store.put(poison, Condition::NotExists).await.unwrap();

    let mut worker = Scheduler::new(ctx(&store));
    worker.settings.max_attempts = 4;
    // Tries back off: 30 s, 1, 2 and 4 minutes of lease.
    let mut tries = Vec::new();
    let mut now = start;
    while now < start + SignedDuration::from_mins(20) {
        worker.run_due(now).await.ok();
        if let Some(item) = store.get(&keys::job(&job.id())).await.unwrap() {
            let attempts = item.attrs["attempts"].as_u64().unwrap();
            if tries.last().map(|(n, _)| *n) != Some(attempts) {
                tries.push((attempts, now));
            }
        }
        now += SignedDuration::from_secs(10);
    }
    let gaps: Vec<i64> = tries
        .windows(2)
        .map(|w| w[1].1.duration_since(w[0].1).as_secs())
        .collect();
    assert_eq!(tries.len(), 4, "{tries:?}");
    assert_eq!(gaps, [30, 60, 120], "each wait doubles");

    // Given up on after the fourth try; the unreadable one at once.
    assert_eq!(indexed_jobs(&store).await, 0);
    let list = stopped::list(&ctx(&store), 10, None).await.unwrap().items;
    let kinds: Vec<(&str, &str, &str, u32)> = list
        .iter()
        .map(|s| (s.id.as_str(), s.kind.as_str(), s.error.as_str(), s.attempts))
        .collect();
    let id = job.id();
    assert_eq!(
        kinds,
        [
            (id.as_str(), "dose_reminder", "store", 4),
            ("poison", "unknown", "unreadable", 0)
        ]
    );

    // Fixed (the broken record removed): an admin runs it again, once.
    store
        .delete(&keys::medication(&medication), Condition::Always)
        .await
        .unwrap();
    stopped::retry(&ctx_at(&store, now), &id).await.unwrap();
    assert_eq!(worker.run_due(now).await.unwrap(), 1);
    assert_eq!(indexed_jobs(&store).await, 0);
    assert!(matches!(
        stopped::retry(&ctx_at(&store, now), &id).await,
        Err(medtrack::domain::DomainError::NotFound)
    ));
    // A stopped job whose place a newer one took is not restored over it.
    let newer = Item::from_record(keys::job(&poison_id()), &json!({ "job": 8 }))
        .unwrap()
        .with_gsi1(keys::job_due("poison", now));
    store.put(newer, Condition::NotExists).await.unwrap();
    assert!(matches!(
        stopped::retry(&ctx_at(&store, now), &poison_id()).await,
        Err(medtrack::domain::DomainError::Conflict {
            code: medtrack_shared::ErrorCode::Replaced,
            ..
        })
    ));
}

fn poison_id() -> medtrack_shared::JobId {
    "poison".parse().unwrap()
}
