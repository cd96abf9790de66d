//! Appointment reminders through the scheduler, on both drivers: a day and an
//! hour before, moved with the appointment, none once it is cancelled.

use jiff::{SignedDuration, Timestamp};
use medtrack::domain::appointments::{booking, workflow};
use medtrack::domain::notifications::outbox::{AppointmentChange, Event, OutboxEntry};
use medtrack::store::{keys, Query, Store};
use medtrack::workers::Scheduler;
use medtrack_shared::appointment::{ActionKind, ActionRequest, BookingRequest, Priority};

use crate::helpers::{ctx, ctx_at, empty_store, on_both_drivers, Driver};
use crate::workflow::{all_day, people};

on_both_drivers!(appointments_are_reminded_a_day_and_an_hour_before);

/// The start times of the reminders in the outbox.
async fn reminded(store: &Store) -> Vec<String> {
    let mut out: Vec<String> = store
        .query(Query::partition(keys::OUTBOX))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(
            |item| match item.into_record::<OutboxEntry>().unwrap().event {
                Event::Appointment(notice) if notice.change == AppointmentChange::Reminder => {
                    Some(notice.starts_at.to_string())
                }
                _ => None,
            },
        )
        .collect();
    out.sort();
    out
}

async fn appointments_are_reminded_a_day_and_an_hour_before(driver: Driver) {
    let store = empty_store(driver).await;
    let people = people(&store, all_day("UTC", (0, 0), (23, 0), 60)).await;
    let booked_at: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    let book = |hour: i64| BookingRequest {
        doctor_id: people.doctor.id,
        starts_at: "2026-01-05T00:00:00Z".parse::<Timestamp>().unwrap()
            + SignedDuration::from_hours(hour),
        reason: "Check-up".into(),
        priority: Priority::Normal,
    };
    let kept = booking::book(&ctx_at(&store, booked_at), &people.patient, &book(10))
        .await
        .unwrap();
    let moved = booking::book(&ctx_at(&store, booked_at), &people.patient, &book(12))
        .await
        .unwrap();
    let cancelled = booking::book(&ctx_at(&store, booked_at), &people.patient, &book(14))
        .await
        .unwrap();
    let mut reschedule = ActionRequest::new(ActionKind::Reschedule);
    reschedule.starts_at = Some("2026-01-06T12:00:00Z".parse().unwrap());
    workflow::act(
        &ctx_at(&store, booked_at),
        &people.patient,
        &moved.id,
        &reschedule,
    )
    .await
    .unwrap();
    let cancel = ActionRequest::new(ActionKind::Cancel);
    workflow::act(
        &ctx_at(&store, booked_at),
        &people.patient,
        &cancelled.id,
        &cancel,
    )
    .await
    .unwrap();

    let worker = Scheduler::new(ctx(&store));
    let mut now: Timestamp = "2026-01-04T00:00:00Z".parse().unwrap();
    while now < "2026-01-07T00:00:00Z".parse().unwrap() {
        worker.run_due(now).await.unwrap();
        now += SignedDuration::from_mins(10);
    }
    assert_eq!(
        reminded(&store).await,
        [
            kept.starts_at.to_string(),
            kept.starts_at.to_string(),
            "2026-01-06T12:00:00Z".to_owned(),
            "2026-01-06T12:00:00Z".to_owned(),
        ]
    );
}
