//! Analytics' day counters on both drivers: after a random sequence of
//! bookings and workflow steps (some refused), the dashboards equal a
//! recount of the appointments themselves, cancelled appointments are
//! never visits, and the rebuild command makes the same counters again
//! (and mends one that went wrong).

use jiff::civil::{date, Date};
use jiff::{SignedDuration, Timestamp};
use medtrack::domain::accounts::Account;
use medtrack::domain::analytics::{self, rebuild};
use medtrack::domain::appointments::{booking, load, workflow};
use medtrack::store::{keys, Condition, Item, Store};
use medtrack_shared::analytics::definitions::no_show_rate;
use medtrack_shared::analytics::{AppointmentDay, DayRange};
use medtrack_shared::appointment::{
    ActionKind, ActionRequest, AppointmentStatus, BookingRequest, Consultation, Priority,
};
use medtrack_shared::AppointmentId;

use crate::helpers::{ctx_at, empty_store, on_both_drivers, Driver};
use crate::workflow::{all_day, people, People};

on_both_drivers!(counters_equal_a_recount_after_random_changes,);

const ZONE: &str = "Asia/Kolkata";

/// A small deterministic generator (xorshift), seeded per run and printed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn at(day: Date, hour: i8, minute: i8) -> Timestamp {
    day.at(hour, minute, 0, 0)
        .to_zoned_datetime(jiff::tz::TimeZone::get(ZONE).unwrap())
        .unwrap()
        .timestamp()
}

/// One step of the workflow at `when`; refusals are part of the game.
async fn step(
    store: &Store,
    who: &Account,
    id: &AppointmentId,
    action: ActionKind,
    when: Timestamp,
) {
    let mut request = ActionRequest::new(action);
    if action == ActionKind::Complete {
        request.consultation = Some(Consultation {
            diagnosis: "Well".into(),
            prescription: vec![],
            notes: String::new(),
        });
    }
    if action == ActionKind::Reject {
        request.reason = Some("Not my field".into());
    }
    let _ = workflow::act(&ctx_at(store, when), who, id, &request).await;
}

async fn counters_equal_a_recount_after_random_changes(driver: Driver) {
    let seed = u64::from(Timestamp::now().subsec_nanosecond().unsigned_abs()) | 1;
    eprintln!("analytics dice seed {seed}");
    let mut dice = Dice(seed);
    let store = empty_store(driver).await;
    let People {
        patient,
        doctor,
        admin,
    } = people(&store, all_day(ZONE, (9, 0), (13, 0), 30)).await;
    let first = date(2031, 3, 3);
    let mut booked = Vec::new();
    for _ in 0..36 {
        let day = first + jiff::Span::new().days(i64::try_from(dice.below(4)).unwrap());
        let starts = at(
            day,
            9 + i8::try_from(dice.below(4)).unwrap(),
            if dice.below(2) == 0 { 0 } else { 30 },
        );
        let lead = SignedDuration::from_mins(i64::try_from(30 + dice.below(60 * 24 * 40)).unwrap());
        let booked_at = starts - lead;
        let request = BookingRequest {
            doctor_id: doctor.id,
            starts_at: starts,
            reason: "Check-up".into(),
            priority: Priority::Normal,
        };
        let Ok(appointment) = booking::book(&ctx_at(&store, booked_at), &patient, &request).await
        else {
            continue; // the slot was taken: refused, nothing counted
        };
        let id = appointment.id;
        let soon = booked_at + SignedDuration::from_mins(1);
        let minutes = |n: i64| SignedDuration::from_mins(n);
        match dice.below(8) {
            0 => {}
            1 => step(&store, &doctor, &id, ActionKind::Confirm, soon).await,
            2 => step(&store, &doctor, &id, ActionKind::Reject, soon).await,
            3 => step(&store, &patient, &id, ActionKind::Cancel, soon).await,
            4 => {
                let who = if dice.below(2) == 0 { &doctor } else { &admin };
                step(&store, who, &id, ActionKind::Cancel, soon).await;
            }
            5 => {
                step(&store, &doctor, &id, ActionKind::Confirm, soon).await;
                step(
                    &store,
                    &doctor,
                    &id,
                    ActionKind::CheckIn,
                    starts - minutes(5),
                )
                .await;
                step(&store, &doctor, &id, ActionKind::StartConsultation, starts).await;
                let took = i64::try_from(5 + dice.below(40)).unwrap();
                step(
                    &store,
                    &doctor,
                    &id,
                    ActionKind::Complete,
                    starts + minutes(took),
                )
                .await;
            }
            6 => {
                step(&store, &doctor, &id, ActionKind::Confirm, soon).await;
                step(
                    &store,
                    &doctor,
                    &id,
                    ActionKind::MarkNoShow,
                    starts + minutes(20),
                )
                .await;
            }
            _ => {
                let mut request = ActionRequest::new(ActionKind::Reschedule);
                request.starts_at = Some(at(first + jiff::Span::new().days(5), 10, 0));
                let _ = workflow::act(&ctx_at(&store, soon), &patient, &id, &request).await;
            }
        }
        booked.push(id);
    }

    // The recount: each appointment as it stands, added up by day.
    let zone = jiff::tz::TimeZone::get(ZONE).unwrap();
    let mut recount: Vec<AppointmentDay> = Vec::new();
    for id in &booked {
        let appointment = load(&store, id).await.unwrap().appointment;
        let counts = AppointmentDay::of(&appointment, &zone);
        match recount.iter_mut().find(|d| d.day == counts.day) {
            Some(day) => day.add(&counts),
            None => recount.push(counts),
        }
    }
    recount.sort_by_key(|d| d.day);
    let range = DayRange {
        from: first,
        to: first + jiff::Span::new().days(6),
    };
    let now = ctx_at(&store, Timestamp::now());
    let mine = analytics::doctor(&now, &doctor, &doctor.id, range)
        .await
        .unwrap();
    assert_eq!(mine.appointments, recount, "seed {seed}");
    let clinic = analytics::clinic(&now, &admin, range).await.unwrap();
    assert_eq!(clinic.appointments, recount, "seed {seed}");
    assert_eq!(clinic.doctors.len(), 1);
    let totals = &clinic.doctors[0].appointments;
    // Cancelled and rejected appointments are never visits nor booked slots.
    let statuses: Vec<AppointmentStatus> = {
        let mut all = Vec::new();
        for id in &booked {
            all.push(load(&store, id).await.unwrap().appointment.status);
        }
        all
    };
    let count =
        |s: AppointmentStatus| i64::try_from(statuses.iter().filter(|x| **x == s).count()).unwrap();
    assert_eq!(totals.completed, count(AppointmentStatus::Completed));
    assert_eq!(totals.cancelled, count(AppointmentStatus::Cancelled));
    assert_eq!(
        totals.booked(),
        i64::try_from(booked.len()).unwrap()
            - count(AppointmentStatus::Cancelled)
            - count(AppointmentStatus::Rejected)
    );
    assert_eq!(
        no_show_rate(totals),
        medtrack_shared::analytics::definitions::ratio(
            count(AppointmentStatus::NoShow),
            count(AppointmentStatus::Completed) + count(AppointmentStatus::NoShow)
        )
    );
    // Each day of a 4-hour practice of 30-minute slots offers 8.
    assert!(mine.offered.iter().all(|o| o.slots == 8));
    assert_eq!(clinic.doctors[0].offered, 8 * 7);

    // Rebuilding makes the same counters; a counter gone wrong is mended.
    let wrong = Item::new(
        keys::doctor_day(&doctor.id, first),
        serde_json::json!({"day": first.to_string(), "completed": 999})
            .as_object()
            .cloned()
            .unwrap(),
    );
    store.put(wrong, Condition::Always).await.unwrap();
    let done = rebuild::rebuild(&now).await.unwrap();
    assert_eq!(done.appointments, booked.len());
    let again = analytics::doctor(&now, &doctor, &doctor.id, range)
        .await
        .unwrap();
    assert_eq!(again.appointments, recount, "seed {seed}");
    let clinic_again = analytics::clinic(&now, &admin, range).await.unwrap();
    assert_eq!(clinic_again.appointments, recount, "seed {seed}");
    // A year's dashboard reads one counter per day with appointments and shard.
    assert!(clinic_again.reads <= u32::try_from(recount.len() * 8 * 2).unwrap());
}
