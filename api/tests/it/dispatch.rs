//! The notification dispatcher on both drivers: every outbox entry reaches
//! its recipient's inbox exactly once, with two dispatchers at once and after
//! a dispatcher died holding a claim.

use jiff::{SignedDuration, Timestamp};
use medtrack::domain::appointments::booking;
use medtrack::domain::notifications::{dead_letters, inbox};
use medtrack::store::{keys, Condition, Item, Query, Store, UpdateOp};
use medtrack::workers::Dispatcher;
use medtrack_shared::appointment::{BookingRequest, Priority};
use medtrack_shared::delivery::Channel;
use medtrack_shared::{NotificationId, UserId};

use crate::helpers::{ctx, ctx_at, empty_store, on_both_drivers, Driver, TestStore};
use crate::workflow::{all_day, people, People};

on_both_drivers!(
    two_dispatchers_deliver_each_notification_once,
    an_entry_that_cannot_be_delivered_holds_up_no_other,
    a_claim_left_by_a_dead_dispatcher_is_taken_over_when_its_lease_ends,
);

/// Books `count` hour slots from `start` (each booking queues two notifications).
async fn book(store: &Store, people: &People, start: Timestamp, count: i64, now: Timestamp) {
    for n in 0..count {
        let request = BookingRequest {
            doctor_id: people.doctor.id,
            starts_at: start + SignedDuration::from_hours(n),
            reason: "Check-up".into(),
            priority: Priority::Normal,
        };
        booking::book(&ctx_at(store, now), &people.patient, &request)
            .await
            .unwrap();
    }
}

async fn inbox_size(store: &Store, user: &UserId) -> usize {
    let mut ids = vec![];
    let mut cursor = None;
    loop {
        let page = inbox::list(&ctx(store), user, false, 100, cursor.as_deref())
            .await
            .unwrap();
        ids.extend(page.items.into_iter().map(|n| n.id));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "no notification twice");
    count
}

pub async fn outbox_len(store: &Store) -> usize {
    store
        .query(Query::partition(keys::OUTBOX))
        .await
        .unwrap()
        .items
        .len()
}

fn dispatcher(store: &Store) -> Dispatcher {
    Dispatcher::new(ctx(store))
}

/// The clinic's people, with the doctor's approval notice and the links
/// that confirm their addresses already delivered: the outbox starts empty.
async fn settled_people(store: &Store) -> People {
    let people = people(store, all_day("UTC", (0, 0), (23, 0), 60)).await;
    let waiting = outbox_len(store).await;
    assert!(waiting >= 1);
    assert_eq!(
        dispatcher(store)
            .dispatch_due(Timestamp::now())
            .await
            .unwrap(),
        waiting
    );
    people
}

/// An empty store, settled people and `count` bookings from `first`, made
/// on New Year's Day 2026.
async fn booked(driver: Driver, first: &str, count: i64) -> (TestStore, People, Timestamp) {
    let store = empty_store(driver).await;
    let people = settled_people(&store).await;
    let now: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    book(&store, &people, first.parse().unwrap(), count, now).await;
    (store, people, now)
}

async fn two_dispatchers_deliver_each_notification_once(driver: Driver) {
    let (store, people, now) = booked(driver, "2026-01-05T00:00:00Z", 15).await;
    assert_eq!(outbox_len(&store).await, 30);
    let (a, b) = (dispatcher(&store), dispatcher(&store));
    let (from_a, from_b) = tokio::join!(a.dispatch_due(now), b.dispatch_due(now));
    let delivered = from_a.unwrap() + from_b.unwrap();
    // An entry one dispatcher skipped because the other held it is delivered by the other.
    assert_eq!(delivered, 30);
    assert_eq!(outbox_len(&store).await, 0);
    assert_eq!(inbox_size(&store, &people.patient.id).await, 15);
    assert_eq!(inbox_size(&store, &people.doctor.id).await, 16);
    // Nothing is left to deliver twice.
    assert_eq!(dispatcher(&store).dispatch_due(now).await.unwrap(), 0);
}

async fn a_claim_left_by_a_dead_dispatcher_is_taken_over_when_its_lease_ends(driver: Driver) {
    let (store, people, now) = booked(driver, "2026-01-05T09:00:00Z", 1).await;
    // A dispatcher claims both entries, then dies before delivering.
    let entries = store
        .query(Query::partition(keys::OUTBOX))
        .await
        .unwrap()
        .items;
    let lease_until = now + SignedDuration::from_secs(30);
    for entry in &entries {
        let claim = vec![
            UpdateOp::Set("lease_until".into(), serde_json::json!(lease_until)),
            UpdateOp::Add("attempts".into(), 1),
        ];
        store
            .update(&entry.key, claim, Condition::Version(entry.version))
            .await
            .unwrap();
    }
    let survivor = dispatcher(&store);
    // While the lease lasts, nobody else delivers.
    let during = now + SignedDuration::from_secs(10);
    assert_eq!(survivor.dispatch_due(during).await.unwrap(), 0);
    assert_eq!(inbox_size(&store, &people.patient.id).await, 0);
    // After it, the survivor takes over, once.
    let after = now + SignedDuration::from_secs(31);
    assert_eq!(survivor.dispatch_due(after).await.unwrap(), 2);
    assert_eq!(survivor.dispatch_due(after).await.unwrap(), 0);
    assert_eq!(inbox_size(&store, &people.patient.id).await, 1);
    assert_eq!(inbox_size(&store, &people.doctor.id).await, 2);
}

async fn an_entry_that_cannot_be_delivered_holds_up_no_other(driver: Driver) {
    let store = empty_store(driver).await;
    let people = settled_people(&store).await;
    let now: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    // An unreadable entry, first in the outbox's order.
    let id = NotificationId::from_uuid(uuid::Uuid::nil());
    let poison = Item::new(
        keys::outbox(&id),
        serde_json::json!({"not": "an outbox entry"})
            .as_object()
            .unwrap()
            .clone(),
    )
    .with_gsi1(keys::outbox_due(now, &id));
    store.put(poison, Condition::NotExists).await.unwrap();
    book(
        &store,
        &people,
        "2026-01-05T09:00:00Z".parse().unwrap(),
        1,
        now,
    )
    .await;
    let dispatcher = dispatcher(&store);
    assert_eq!(dispatcher.dispatch_due(now).await.unwrap(), 3);
    assert_eq!(inbox_size(&store, &people.patient.id).await, 1);
    assert_eq!(
        outbox_len(&store).await,
        1,
        "only the unreadable entry is left"
    );
    // It comes back each time its lease ends, until it has been tried
    // `max_attempts` times; then it is a dead letter, not a loop.
    let mut at = now;
    for _ in 1..dispatcher.settings.max_attempts {
        at = at + dispatcher.settings.lease + SignedDuration::from_secs(1);
        assert_eq!(dispatcher.dispatch_due(at).await.unwrap(), 1);
    }
    assert_eq!(outbox_len(&store).await, 0);
    let dead = dead_letters::list(&ctx(&store), 10, None).await.unwrap();
    assert_eq!(dead.items.len(), 1);
    assert_eq!(dead.items[0].notification, id);
    assert_eq!(dead.items[0].channel, Channel::InApp);
    assert_eq!(dead.items[0].attempts, dispatcher.settings.max_attempts);
    assert_eq!(
        dispatcher
            .dispatch_due(at + SignedDuration::from_hours(1))
            .await
            .unwrap(),
        0
    );
}
