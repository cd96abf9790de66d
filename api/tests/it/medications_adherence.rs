//! Adherence on both drivers: the rates over 7 and 30 days, and each day's
//! doses taken, skipped and missed for the chart.

use jiff::civil::{date, time};
use jiff::{SignedDuration, Timestamp};
use medtrack::domain::medications;
use medtrack_shared::medication::{DoseAction, ZoneRule};

use super::{daily, patient, sink};
use crate::helpers::{ctx_at, empty_store, via, Driver};

pub async fn adherence_counts_taken_doses_over_7_and_30_days(driver: Driver) {
    let store = empty_store(driver).await;
    let person = patient(&store, "steady@example.org", "UTC").await;
    let added: Timestamp = "2026-01-10T00:00:00Z".parse().unwrap();
    let input = daily(
        "Lisinopril",
        &[time(8, 0, 0, 0), time(20, 0, 0, 0)],
        date(2026, 1, 10),
        ZoneRule::FollowMe,
    );
    let medication = medications::add(&via(&store, &sink(&store), added), &person, input)
        .await
        .unwrap();
    // Ten days: every morning dose, and the evening doses of the first five;
    // the evening dose of the 15th skipped, the later ones never logged.
    for day in 10..20 {
        for hour in [8, 20] {
            let at: Timestamp = format!("2026-01-{day}T{hour:02}:00:00Z").parse().unwrap();
            let action = match (hour, day) {
                (8, _) | (_, ..15) => DoseAction::Taken {
                    scheduled_at: Some(at),
                    taken_at: None,
                },
                (_, 15) => DoseAction::Skipped {
                    scheduled_at: at,
                    reason: String::new(),
                },
                _ => continue,
            };
            medications::doses::act(
                &ctx_at(&store, at + SignedDuration::from_mins(5)),
                &person,
                &medication.id,
                action,
            )
            .await
            .unwrap();
        }
    }
    let now: Timestamp = "2026-01-20T00:00:00Z".parse().unwrap();
    let adherence = medications::adherence::adherence(&ctx_at(&store, now), &person, &person.id)
        .await
        .unwrap();
    assert_eq!(adherence.overall.last_30_days, Some(75), "15 of 20");
    assert_eq!(adherence.overall.last_7_days, Some(64), "9 of 14");
    assert_eq!(adherence.medications[0].rates, adherence.overall);
    assert_eq!(adherence.days.len(), 30);
    let day = |d: i8| {
        adherence
            .days
            .iter()
            .find(|c| c.date == date(2026, 1, d))
            .map(|c| (c.due, c.taken, c.skipped, c.missed))
    };
    assert_eq!(day(12), Some((2, 2, 0, 0)));
    assert_eq!(day(15), Some((2, 1, 1, 0)), "the evening dose skipped");
    assert_eq!(day(16), Some((2, 1, 0, 1)), "the evening dose never logged");
    assert_eq!(day(20), Some((0, 0, 0, 0)));
    assert_eq!(day(9), Some((0, 0, 0, 0)), "before it was added");
    // Paused since the 15th: the doses after that are neither due nor missed.
    medications::set_paused(
        &via(
            &store,
            &sink(&store),
            "2026-01-15T00:00:00Z".parse().unwrap(),
        ),
        &person,
        &medication.id,
        true,
    )
    .await
    .unwrap();
    let paused = medications::adherence::adherence(&ctx_at(&store, now), &person, &person.id)
        .await
        .unwrap();
    assert_eq!(
        paused.overall.last_30_days,
        Some(93),
        "15 of the 16 logged (one skipped); none due after the pause"
    );
    let paused_day = |d: i8| {
        paused
            .days
            .iter()
            .find(|c| c.date == date(2026, 1, d))
            .copied()
    };
    assert_eq!(
        paused_day(15).map(|c| c.skipped),
        Some(1),
        "logged: still counts"
    );
    assert_eq!(paused_day(16).map(|c| (c.due, c.missed)), Some((1, 0)));
    // Resumed and moved to 09:00 on the 20th: the doses logged under the old
    // schedule still count; the new one counts from the change on.
    let changed: Timestamp = "2026-01-20T00:00:00Z".parse().unwrap();
    medications::set_paused(
        &via(&store, &sink(&store), changed),
        &person,
        &medication.id,
        false,
    )
    .await
    .unwrap();
    let moved = daily(
        "Lisinopril",
        &[time(9, 0, 0, 0)],
        date(2026, 1, 10),
        ZoneRule::FollowMe,
    );
    medications::edit(
        &via(&store, &sink(&store), changed),
        &person,
        &medication.id,
        moved,
    )
    .await
    .unwrap();
    let later = medications::adherence::adherence(
        &ctx_at(&store, "2026-01-20T12:00:00Z".parse().unwrap()),
        &person,
        &person.id,
    )
    .await
    .unwrap();
    assert_eq!(
        later.overall.last_30_days,
        Some(88),
        "15 taken, of the 16 logged and the 09:00 dose of the 20th"
    );
}
