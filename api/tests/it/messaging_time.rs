//! Messaging and the clock, on both drivers: the reply time counted in
//! business days of the doctor's zone, its reminder to the doctor and its
//! notice to the admins (once each); the out-of-hours note; red flags,
//! which make a message urgent, skip the note and reach the admins when
//! nobody acknowledges.

use jiff::{SignedDuration, Timestamp};
use medtrack::workers::{Dispatcher, Scheduler};
use medtrack_shared::messaging::Thread;
use medtrack_shared::notification::Notification;
use medtrack_shared::Page;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::clinic::{Clinic, Person};
use crate::helpers::{on_both_drivers, Driver};
use crate::messaging::{start, write, WORDS};
use crate::record_problems::{cared_for, expect};

on_both_drivers!(
    the_reply_time_reminds_the_doctor_then_the_admins_once_each,
    out_of_hours_a_note_says_when_the_message_will_be_read,
    a_red_flag_makes_the_message_urgent_and_escalates_it,
);

/// The bodies of `person`'s notifications of `event`, once `count` are there.
pub(crate) async fn notices(
    clinic: &Clinic,
    person: &Person,
    event: &str,
    count: usize,
) -> Vec<String> {
    let mut found = Vec::new();
    for _ in 0..100 {
        let page: Page<Notification> = clinic
            .read(&person.token, "/api/v1/me/notifications?limit=100")
            .await;
        found = page
            .items
            .into_iter()
            .filter(|n| n.event == event)
            .map(|n| format!("{} {}", n.title, n.body))
            .collect();
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{} of {count} {event} notices: {found:?}", found.len());
}

/// Runs the jobs due at `at`, then delivers what they queued.
async fn run_at(clinic: &Clinic, at: Timestamp) {
    Scheduler::new(clinic.app.ctx.clone())
        .run_due(at)
        .await
        .unwrap();
    Dispatcher::new(clinic.app.ctx.clone())
        .dispatch_due(at)
        .await
        .unwrap();
}

/// Sets the doctor's practice: Monday to Friday, 09:00 to 17:00 in `zone`,
/// answering within `days`.
async fn office_hours(clinic: &Clinic, zone: &str, days: u8, weekdays: &[&str]) {
    let weekly: Vec<_> = weekdays
        .iter()
        .map(|day| json!({"weekday": day, "start": "09:00", "end": "17:00"}))
        .collect();
    let practice = json!({
        "bio": "", "currency": "EUR", "time_zone": zone, "slot_minutes": 15,
        "weekly_hours": weekly, "exceptions": [], "reply_within_days": days,
    });
    let saved = clinic
        .app
        .json_as(
            Method::PUT,
            "/api/v1/doctors/me/practice",
            &clinic.doctor.token,
            &practice,
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
}

const WEEKDAYS: [&str; 5] = ["monday", "tuesday", "wednesday", "thursday", "friday"];

async fn the_reply_time_reminds_the_doctor_then_the_admins_once_each(driver: Driver) {
    let clinic = cared_for(driver).await;
    office_hours(&clinic, "Pacific/Auckland", 1, &WEEKDAYS).await;
    let posted = start(&clinic, &clinic.patient, &clinic.doctor, WORDS).await;
    let due = posted.thread.waiting.expect("a wait").due;
    // Due at the end of the next business day in Auckland, after a weekend if need be.
    let local = due.to_zoned_datetime(jiff::tz::TimeZone::get("Pacific/Auckland").unwrap());
    assert_eq!((local.hour(), local.minute()), (17, 0));
    assert!(!matches!(
        local.weekday(),
        jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
    ));
    let sent_local = posted
        .message
        .sent_at
        .to_zoned_datetime(local.time_zone().clone());
    assert!(local.date() > sent_local.date());
    assert!(due.duration_since(posted.message.sent_at) < SignedDuration::from_hours(24 * 4));

    let (doctor, admin) = (&clinic.doctor, &clinic.admin);
    run_at(&clinic, due - SignedDuration::from_mins(1)).await;
    run_at(&clinic, due + SignedDuration::from_secs(1)).await;
    run_at(&clinic, due + SignedDuration::from_mins(5)).await;
    let reminded = notices(&clinic, doctor, "message.reply_overdue", 1).await;
    assert_eq!(reminded.len(), 1);
    let page: Page<Notification> = clinic
        .read(&admin.token, "/api/v1/me/notifications?limit=100")
        .await;
    assert!(page.items.iter().all(|n| n.event != "message.overdue"));
    let day_later = due + SignedDuration::from_hours(24) + SignedDuration::from_secs(1);
    run_at(&clinic, day_later).await;
    run_at(&clinic, day_later + SignedDuration::from_hours(48)).await;
    let told = notices(&clinic, admin, "message.overdue", 1).await;
    assert_eq!(told.len(), 1);
    assert!(!told[0].contains("dizzy"));
    assert_eq!(
        notices(&clinic, doctor, "message.reply_overdue", 1)
            .await
            .len(),
        1
    );

    // Overdue in the admins' overview, and first in the doctor's list.
    let waiting: Vec<Thread> = clinic
        .read(&doctor.token, "/api/v1/messages/threads/waiting")
        .await;
    assert_eq!(waiting[0].id, posted.thread.id);
}

async fn out_of_hours_a_note_says_when_the_message_will_be_read(driver: Driver) {
    let clinic = cared_for(driver).await;
    // Hours only on the day after tomorrow's weekday: now is out of hours.
    let today = Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .weekday();
    let open = WEEKDAYS
        .iter()
        .chain(["saturday", "sunday"].iter())
        .copied()
        .nth(usize::try_from(today.to_monday_zero_offset() + 2).unwrap() % 7)
        .unwrap();
    office_hours(&clinic, "UTC", 2, &[open]).await;
    let time: medtrack_shared::messaging::ReplyTime = clinic
        .read(
            &clinic.patient.token,
            &format!("/api/v1/doctors/{}/reply-time", clinic.doctor.id),
        )
        .await;
    assert!(!time.open_now);
    let reads_from = time.reads_from.expect("the next hours");
    assert!(reads_from > Timestamp::now() + SignedDuration::from_hours(24));

    let first = start(&clinic, &clinic.patient, &clinic.doctor, WORDS).await;
    let note = first.note.expect("the out-of-hours note");
    assert!(note.text.contains("out of the office") && note.text.contains("112"));
    assert_eq!(first.thread.messages, 2);
    // One note until the doctor is back.
    let second = write(&clinic, &clinic.patient, &first.thread, "Also a headache.").await;
    assert!(second.note.is_none());
}

async fn a_red_flag_makes_the_message_urgent_and_escalates_it(driver: Driver) {
    let clinic = cared_for(driver).await;
    office_hours(&clinic, "UTC", 2, &[]).await;
    let (patient, doctor, admin) = (&clinic.patient, &clinic.doctor, &clinic.admin);
    let posted = start(&clinic, patient, doctor, "I have chest pain since an hour").await;
    assert_eq!(posted.message.red_flags, ["chest_pain"]);
    assert!(posted.thread.urgent);
    // No out-of-hours note: the doctor is told at once instead.
    assert!(posted.note.is_none());
    let told = notices(&clinic, doctor, "message.urgent", 1).await;
    assert!(!told[0].contains("chest"));

    // Nobody acknowledges within 30 minutes: the admins are told, once.
    let later = Timestamp::now() + SignedDuration::from_mins(31);
    run_at(&clinic, later).await;
    run_at(&clinic, later + SignedDuration::from_mins(30)).await;
    let escalated = notices(&clinic, admin, "message.urgent_unacknowledged", 1).await;
    assert_eq!(escalated.len(), 1);

    // The doctor acknowledges; again changes nothing; a patient may not.
    let path = format!("/api/v1/messages/threads/{}/acknowledge", posted.thread.id);
    let refused = clinic
        .app
        .send_as(Method::POST, &path, &patient.token)
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    for _ in 0..2 {
        let thread: Thread = expect(
            clinic.app.send_as(Method::POST, &path, &doctor.token).await,
            StatusCode::OK,
        )
        .await;
        assert!(!thread.urgent);
    }

    // An acknowledged red flag in a second thread is not escalated.
    let second = start(&clinic, patient, doctor, "I can't breathe well at night").await;
    assert!(second.thread.urgent);
    let path = format!("/api/v1/messages/threads/{}/acknowledge", second.thread.id);
    let ok = clinic.app.send_as(Method::POST, &path, &doctor.token).await;
    assert_eq!(ok.status(), StatusCode::OK);
    run_at(&clinic, later + SignedDuration::from_hours(2)).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        notices(&clinic, admin, "message.urgent_unacknowledged", 1)
            .await
            .len(),
        1
    );
}
