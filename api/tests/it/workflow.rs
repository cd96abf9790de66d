//! The visit workflow at the domain level, on both drivers, with the clock in
//! the test's hands: every status × every action × every role against the
//! table below (written out here, apart from the code's), and free slots
//! across daylight-saving changes with doctor and viewer in different zones.

use jiff::{SignedDuration, Timestamp};
use medtrack::domain::accounts::{self, Account};
use medtrack::domain::appointments::{booking, load, workflow};
use medtrack::domain::{practice, DomainError};
use medtrack::startup::init_store;
use medtrack::store::{keys, Store};
use medtrack_shared::account::{AccountDecision, AccountFields, DecisionRequest, Registration};
use medtrack_shared::appointment::{
    ActionKind, ActionRequest, AppointmentStatus, BookingRequest, Consultation, Priority,
};
use medtrack_shared::practice::{HoursRange, Practice, SlotQuery, Weekday, WeeklyHours};
use medtrack_shared::{AppointmentId, Role};

use crate::auth::PASSWORD;
use crate::helpers::{ctx, ctx_at, empty_store, on_both_drivers, zone, Driver};

on_both_drivers!(
    every_status_action_and_role_follows_the_table,
    slots_cross_daylight_saving_changes_in_both_zones,
);

/// The workflow, written out: (from, action, role) → to. Everything else is refused.
const ALLOWED: &[(AppointmentStatus, ActionKind, Role, AppointmentStatus)] = {
    use ActionKind as A;
    use AppointmentStatus as S;
    &[
        (S::Pending, A::Confirm, Role::Doctor, S::Confirmed),
        (S::Pending, A::Reject, Role::Doctor, S::Rejected),
        (S::Pending, A::Cancel, Role::Patient, S::Cancelled),
        (S::Pending, A::Cancel, Role::Doctor, S::Cancelled),
        (S::Pending, A::Cancel, Role::Admin, S::Cancelled),
        (S::Pending, A::Reschedule, Role::Patient, S::Pending),
        (S::Confirmed, A::CheckIn, Role::Doctor, S::CheckedIn),
        (S::Confirmed, A::CheckIn, Role::Admin, S::CheckedIn),
        (S::Confirmed, A::Cancel, Role::Patient, S::Cancelled),
        (S::Confirmed, A::Cancel, Role::Doctor, S::Cancelled),
        (S::Confirmed, A::Cancel, Role::Admin, S::Cancelled),
        (S::Confirmed, A::MarkNoShow, Role::Doctor, S::NoShow),
        (S::Confirmed, A::MarkNoShow, Role::Admin, S::NoShow),
        (S::Confirmed, A::Reschedule, Role::Patient, S::Pending),
        (
            S::CheckedIn,
            A::StartConsultation,
            Role::Doctor,
            S::Consulting,
        ),
        (S::Consulting, A::Complete, Role::Doctor, S::Completed),
    ]
};

pub struct People {
    pub patient: Account,
    pub doctor: Account,
    pub admin: Account,
}

fn fields(name: &str, email: &str, zone: &str) -> AccountFields {
    AccountFields {
        name: name.into(),
        email: email.into(),
        password: PASSWORD.into(),
        phone: None,
        time_zone: zone.into(),
    }
}

pub fn all_day(zone: &str, start: (i8, i8), end: (i8, i8), minutes: u16) -> Practice {
    let mut practice = Practice::empty(zone);
    practice.slot_minutes = minutes;
    practice.weekly_hours = Weekday::ALL
        .iter()
        .map(|weekday| WeeklyHours {
            weekday: *weekday,
            hours: HoursRange {
                start: jiff::civil::time(start.0, start.1, 0, 0),
                end: jiff::civil::time(end.0, end.1, 0, 0),
            },
        })
        .collect();
    practice
}

pub async fn people(store: &Store, practice: Practice) -> People {
    init_store(store).await.unwrap();
    let now = Timestamp::now();
    let admin = accounts::create_admin(&ctx_at(store, now), "Root", "root@example.org", PASSWORD)
        .await
        .unwrap();
    let patient = Registration::Patient {
        account: fields("Pat Doe", "pat@example.org", "Europe/London"),
        date_of_birth: jiff::civil::date(1980, 1, 1),
    };
    let patient = accounts::register(&ctx_at(store, now), patient)
        .await
        .unwrap();
    let doctor = Registration::Doctor {
        account: fields("Dr Grey", "grey@example.org", "America/New_York"),
        specialization: medtrack_shared::SpecializationSlug::parse("cardiology").unwrap(),
        licence_number: "NY-1".into(),
    };
    let doctor = accounts::register(&ctx_at(store, now), doctor)
        .await
        .unwrap();
    let approve = DecisionRequest {
        decision: AccountDecision::Approve,
        reason: None,
    };
    let doctor = accounts::decisions::decide(&ctx_at(store, now), &admin, &doctor.id, &approve)
        .await
        .unwrap();
    practice::update(&ctx(store), &doctor, practice)
        .await
        .unwrap();
    let doctor = accounts::get(store, &doctor.id).await.unwrap().unwrap();
    People {
        patient,
        doctor,
        admin,
    }
}

fn request(action: ActionKind, reschedule_to: Timestamp) -> ActionRequest {
    let mut request = ActionRequest::new(action);
    match action {
        ActionKind::Reject => request.reason = Some("Not my field".into()),
        ActionKind::Reschedule => request.starts_at = Some(reschedule_to),
        ActionKind::Complete => {
            request.consultation = Some(Consultation {
                diagnosis: "Healthy".into(),
                prescription: vec![],
                notes: String::new(),
            })
        }
        _ => {}
    }
    request
}

/// When each action is tried for a slot at `start`: a time its timing rule allows.
fn when(action: ActionKind, start: Timestamp, booked_at: Timestamp) -> Timestamp {
    match action {
        ActionKind::CheckIn | ActionKind::StartConsultation => start,
        ActionKind::Complete | ActionKind::MarkNoShow => start + SignedDuration::from_mins(5),
        _ => booked_at,
    }
}

/// The steps that bring a new appointment to `status`.
fn path_to(status: AppointmentStatus) -> Vec<(ActionKind, Role)> {
    use ActionKind as A;
    use AppointmentStatus as S;
    let to_confirmed = vec![(A::Confirm, Role::Doctor)];
    let to_checked_in = [to_confirmed.clone(), vec![(A::CheckIn, Role::Doctor)]].concat();
    let to_consulting = [
        to_checked_in.clone(),
        vec![(A::StartConsultation, Role::Doctor)],
    ]
    .concat();
    match status {
        S::Pending => vec![],
        S::Confirmed => to_confirmed,
        S::Rejected => vec![(A::Reject, Role::Doctor)],
        S::CheckedIn => to_checked_in,
        S::Consulting => to_consulting,
        S::Completed => [to_consulting, vec![(A::Complete, Role::Doctor)]].concat(),
        S::Cancelled => vec![(A::Cancel, Role::Doctor)],
        S::NoShow => [to_confirmed, vec![(A::MarkNoShow, Role::Doctor)]].concat(),
    }
}

async fn every_status_action_and_role_follows_the_table(driver: Driver) {
    let store = empty_store(driver).await;
    let people = people(&store, all_day("UTC", (0, 0), (23, 45), 15)).await;
    let caller = |role: Role| match role {
        Role::Patient => &people.patient,
        Role::Doctor => &people.doctor,
        Role::Admin => &people.admin,
    };
    // Slots on two days a week ahead of the real clock, one per case;
    // rescheduling moves to the same time three days later.
    let base = Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let base = base
        .checked_add(jiff::Span::new().days(7))
        .unwrap()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp();
    let booked_at = base - SignedDuration::from_hours(24);
    let mut case = 0i64;
    for from in AppointmentStatus::ALL {
        for action in ActionKind::ALL {
            for role in [Role::Patient, Role::Doctor, Role::Admin] {
                let start = base
                    + SignedDuration::from_hours(24 * (case / 90))
                    + SignedDuration::from_mins(15 * (case % 90));
                let later = start + SignedDuration::from_hours(72);
                case += 1;
                let booking = BookingRequest {
                    doctor_id: people.doctor.id,
                    starts_at: start,
                    reason: "Check-up".into(),
                    priority: Priority::Normal,
                };
                let id = booking::book(&ctx_at(&store, booked_at), &people.patient, &booking)
                    .await
                    .unwrap()
                    .id;
                for (step, by) in path_to(from) {
                    workflow::act(
                        &ctx_at(&store, when(step, start, booked_at)),
                        caller(by),
                        &id,
                        &request(step, later),
                    )
                    .await
                    .unwrap_or_else(|e| panic!("reaching {from:?} by {step:?}: {e}"));
                }
                let before = load(&store, &id).await.unwrap();
                assert_eq!(before.appointment.status, from);
                let expected = ALLOWED
                    .iter()
                    .find(|(f, a, r, _)| *f == from && *a == action && *r == role)
                    .map(|(_, _, _, to)| *to);
                let result = workflow::act(
                    &ctx_at(&store, when(action, start, booked_at)),
                    caller(role),
                    &id,
                    &request(action, later),
                )
                .await;
                let after = load(&store, &id).await.unwrap();
                let label = format!("{from:?} × {action:?} × {role:?}");
                match (expected, result) {
                    (Some(to), Ok(appointment)) => {
                        assert_eq!(appointment.status, to, "{label}");
                        assert_eq!(after.appointment.status, to, "{label}");
                        let last = after.appointment.timeline.last().unwrap();
                        assert_eq!(
                            (last.from, last.to, last.action),
                            (Some(from), to, Some(action)),
                            "{label}"
                        );
                    }
                    (
                        None,
                        Err(DomainError::Conflict {
                            code: medtrack_shared::ErrorCode::InvalidTransition,
                            ..
                        }),
                    ) => {
                        assert_eq!(after.version, before.version, "{label}: nothing written");
                    }
                    (expected, result) => panic!(
                        "{label}: expected {expected:?}, got {:?}",
                        result.map(|a| a.status)
                    ),
                }
                assert_holds(&store, &id, driver).await;
            }
        }
    }
}

/// An appointment that holds a slot has the hold, and the hold names it;
/// one that does not, has none.
async fn assert_holds(store: &Store, id: &AppointmentId, driver: Driver) {
    let appointment = load(store, id).await.unwrap().appointment;
    let hold = store
        .get(&keys::slot_hold(
            &appointment.doctor.id,
            appointment.starts_at,
        ))
        .await
        .unwrap();
    match hold {
        Some(hold) if appointment.status.holds_slot() => {
            assert_eq!(hold.attrs["appointment"], id.to_string(), "{driver:?}")
        }
        None if !appointment.status.holds_slot() => {}
        other => panic!("{:?} with hold {other:?}", appointment.status),
    }
}

async fn slots_cross_daylight_saving_changes_in_both_zones(driver: Driver) {
    // A New York doctor working 01:00-04:00 in hour slots; a London viewer.
    let store = empty_store(driver).await;
    let people = people(&store, all_day("America/New_York", (1, 0), (4, 0), 60)).await;
    let now: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    let slots = |from: &str, to: &str, zone: &str| SlotQuery {
        from: from.parse().unwrap(),
        to: to.parse().unwrap(),
        time_zone: Some(zone.into()),
    };
    let list = practice::free_slots(
        &ctx_at(&store, now),
        &people.doctor,
        &slots("2026-03-08", "2026-03-08", "America/New_York"),
        &zone("America/New_York"),
    )
    .await
    .unwrap();
    // Spring forward: 02:00 does not exist; 01:00 EST then 03:00 EDT.
    let local: Vec<&str> = list.slots.iter().map(|s| s.doctor_local.as_str()).collect();
    assert_eq!(local, ["2026-03-08T01:00-05:00", "2026-03-08T03:00-04:00"]);
    // The same slots seen from London, which changes three weeks later.
    let list = practice::free_slots(
        &ctx_at(&store, now),
        &people.doctor,
        &slots("2026-03-08", "2026-03-08", "Europe/London"),
        &zone("Europe/London"),
    )
    .await
    .unwrap();
    let viewer: Vec<&str> = list.slots.iter().map(|s| s.viewer_local.as_str()).collect();
    assert_eq!(viewer, ["2026-03-08T06:00+00:00", "2026-03-08T07:00+00:00"]);

    // Fall back (1 November 2026): 01:00 happens twice, so the range holds four hours.
    let list = practice::free_slots(
        &ctx_at(&store, now),
        &people.doctor,
        &slots("2026-11-01", "2026-11-01", "America/New_York"),
        &zone("America/New_York"),
    )
    .await
    .unwrap();
    let local: Vec<&str> = list.slots.iter().map(|s| s.doctor_local.as_str()).collect();
    assert_eq!(
        local,
        [
            "2026-11-01T01:00-04:00",
            "2026-11-01T01:00-05:00",
            "2026-11-01T02:00-05:00",
            "2026-11-01T03:00-05:00"
        ]
    );
    // London fell back a week earlier (25 October): the doctor's 01:00 EDT on
    // 24 October is 06:00 BST for the viewer, on 26 October 05:00 GMT.
    let list = practice::free_slots(
        &ctx_at(&store, now),
        &people.doctor,
        &slots("2026-10-24", "2026-10-26", "Europe/London"),
        &zone("Europe/London"),
    )
    .await
    .unwrap();
    let firsts: Vec<&str> = list
        .slots
        .iter()
        .filter(|s| s.doctor_local.contains("T01:00"))
        .map(|s| s.viewer_local.as_str())
        .collect();
    assert_eq!(
        firsts,
        [
            "2026-10-24T06:00+01:00",
            "2026-10-25T05:00+00:00",
            "2026-10-26T05:00+00:00"
        ]
    );

    // A booked slot is no longer offered; the repeated hour's second 01:00 is bookable on its own.
    let second_one_am = list_at(&store, &people, "2026-11-01", now).await[1];
    let booking = BookingRequest {
        doctor_id: people.doctor.id,
        starts_at: second_one_am,
        reason: "Night shift".into(),
        priority: Priority::High,
    };
    booking::book(&ctx_at(&store, now), &people.patient, &booking)
        .await
        .unwrap();
    let after = list_at(&store, &people, "2026-11-01", now).await;
    assert_eq!(after.len(), 3);
    assert!(!after.contains(&second_one_am));
    // The viewer's date range is the viewer's: a London day from a Tokyo viewer is other instants.
    let tokyo = practice::free_slots(
        &ctx_at(&store, now),
        &people.doctor,
        &slots("2026-11-01", "2026-11-01", "Asia/Tokyo"),
        &zone("Asia/Tokyo"),
    )
    .await
    .unwrap();
    assert!(tokyo
        .slots
        .iter()
        .all(|s| s.viewer_local.starts_with("2026-11-01T")));
}

async fn list_at(store: &Store, people: &People, date: &str, now: Timestamp) -> Vec<Timestamp> {
    let query = SlotQuery {
        from: date.parse().unwrap(),
        to: date.parse().unwrap(),
        time_zone: None,
    };
    practice::free_slots(
        &ctx_at(store, now),
        &people.doctor,
        &query,
        &zone("America/New_York"),
    )
    .await
    .unwrap()
    .slots
    .into_iter()
    .map(|s| s.starts_at)
    .collect()
}
