//! The PHQ-9 over HTTP on both drivers: a total of 10 tells each of the
//! patient's doctors once and 9 tells nobody; item 9 shows the patient the
//! crisis message and alerts their doctors, then the admins when nobody
//! acknowledges in time (at once for a patient with no doctor); doctors'
//! requests, repeated by the scheduler, and answered by the next PHQ-9.

use jiff::civil::time;
use jiff::{SignedDuration, Timestamp};
use medtrack::domain::appointments::booking;
use medtrack::domain::notifications::{self, settings};
use medtrack::domain::record::phq9;
use medtrack::store::{keys, Condition, Item};
use medtrack::workers::{Dispatcher, Scheduler};
use medtrack_shared::appointment::{BookingRequest, Priority};
use medtrack_shared::delivery::{Preferences, QuietHours};
use medtrack_shared::notification::Notification;
use medtrack_shared::record::{
    CrisisAlert, OpenAlert, Phq9Input, Phq9Request, Phq9Result, Phq9Severity, Phq9Submitted,
};
use medtrack_shared::Page;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::clinic::{approved_doctor, register_patient, Clinic, Person};
use crate::helpers::{ctx, ctx_at, empty_store, on_both_drivers, sink, via, via_now, Driver};
use crate::record_problems::{cared_for, expect, send};
use crate::sns::code_in;
use crate::workflow::{all_day, people};

on_both_drivers!(
    scores_tell_the_doctors_and_item_9_raises_an_alert,
    doctors_ask_for_it_and_the_scheduler_asks_again,
    item_9_does_not_wait_for_quiet_hours,
);

fn answers(items: [u8; 9]) -> serde_json::Value {
    json!({"answers": items, "difficulty": "somewhat_difficult"})
}

async fn answer(clinic: &Clinic, patient: &Person, items: [u8; 9]) -> Phq9Submitted {
    let path = format!("/api/v1/patients/{}/phq9", patient.id);
    expect(
        clinic.post(&patient.token, &path, &answers(items)).await,
        StatusCode::CREATED,
    )
    .await
}

/// The events of `person`'s care notifications, once at least `count` are there.
async fn care_events(clinic: &Clinic, person: &Person, count: usize) -> Vec<String> {
    for _ in 0..100 {
        let page: Page<Notification> = clinic
            .read(&person.token, "/api/v1/me/notifications?limit=100")
            .await;
        let events: Vec<String> = page
            .items
            .into_iter()
            .filter(|n| n.event.starts_with("care."))
            .map(|n| n.event)
            .collect();
        if events.len() >= count {
            return events;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let page: Page<Notification> = clinic
        .read(&person.token, "/api/v1/me/notifications?limit=100")
        .await;
    let all: Vec<_> = page.items.iter().map(|n| n.event.as_str()).collect();
    panic!("fewer than {count} care notifications delivered: {all:?}");
}

/// A second doctor with a care relationship with the clinic's patient.
async fn second_doctor(clinic: &Clinic) -> Person {
    let other = approved_doctor(&clinic.app, &clinic.admin, "second@example.org").await;
    let (doctor, patient) = (
        other.id.parse().unwrap(),
        clinic.patient.id.parse().unwrap(),
    );
    let relation = json!({"doctor": other.id, "patient": clinic.patient.id,
                          "last_booked_at": Timestamp::now()});
    let care = Item::from_record(keys::care(&doctor, &patient), &relation)
        .unwrap()
        .with_gsi1(keys::care_of(&patient, &doctor));
    clinic
        .app
        .store
        .put(care, Condition::NotExists)
        .await
        .unwrap();
    other
}

async fn scores_tell_the_doctors_and_item_9_raises_an_alert(driver: Driver) {
    let clinic = cared_for(driver).await;
    let second = second_doctor(&clinic).await;
    let (patient, doctor, admin) = (&clinic.patient, &clinic.doctor, &clinic.admin);

    // 9 tells nobody; 10 tells each doctor once.
    let mild = answer(&clinic, patient, [1, 1, 1, 1, 1, 1, 1, 2, 0]).await;
    assert_eq!(
        (mild.result.score, mild.result.severity),
        (9, Phq9Severity::Mild)
    );
    assert!(mild.crisis.is_none() && mild.result.alert.is_none());
    let moderate = answer(&clinic, patient, [2, 2, 2, 2, 1, 1, 0, 0, 0]).await;
    assert_eq!(moderate.result.severity, Phq9Severity::Moderate);
    for person in [doctor, &second] {
        assert_eq!(
            care_events(&clinic, person, 1).await,
            ["care.phq9_elevated"]
        );
    }

    // Item 9: the crisis message at once, and an urgent alert to each doctor.
    let crisis = answer(&clinic, patient, [0, 0, 0, 0, 0, 0, 0, 0, 1]).await;
    let message = crisis.crisis.expect("the crisis message");
    assert!(message.message.contains(&message.emergency_number));
    let alert = crisis.result.alert.clone().expect("an alert");
    assert!(alert.acknowledged.is_none() && alert.escalated_at.is_none());
    for person in [doctor, &second] {
        let events = care_events(&clinic, person, 2).await;
        assert_eq!(events, ["care.phq9_urgent", "care.phq9_elevated"]);
    }
    let open: Vec<OpenAlert> = clinic.read(&doctor.token, "/api/v1/crisis-alerts").await;
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].result, crisis.result.id);
    let open_to_admins: Vec<OpenAlert> = clinic.read(&admin.token, "/api/v1/crisis-alerts").await;
    assert_eq!(open_to_admins, open);

    // Nobody acknowledges within 30 minutes: the admins are told.
    let scheduler = Scheduler::new(clinic.app.ctx.clone());
    let later = Timestamp::now() + SignedDuration::from_mins(31);
    scheduler.run_due(later).await.unwrap();
    // What the job queued is due at its (later) time.
    Dispatcher::new(clinic.app.ctx.clone())
        .dispatch_due(later)
        .await
        .unwrap();
    let results: Page<Phq9Result> = clinic
        .read(
            &doctor.token,
            &format!("/api/v1/patients/{}/phq9", patient.id),
        )
        .await;
    assert_eq!(results.items.len(), 3);
    assert!(results.items[0]
        .alert
        .as_ref()
        .unwrap()
        .escalated_at
        .is_some());
    assert_eq!(
        care_events(&clinic, admin, 1).await,
        ["care.phq9_escalated"]
    );

    // A doctor acknowledges: the alert leaves the open list; again changes nothing.
    let path = format!(
        "/api/v1/patients/{}/phq9/{}/acknowledge",
        patient.id, crisis.result.id
    );
    let note = json!({"note": "Called; seeing them this afternoon."});
    let taken: CrisisAlert = expect(
        clinic.post(&second.token, &path, &note).await,
        StatusCode::OK,
    )
    .await;
    let by = taken.acknowledged.clone().unwrap();
    assert_eq!(by.by.id.to_string(), second.id);
    let again: CrisisAlert = expect(
        clinic.post(&doctor.token, &path, &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again, taken);
    let open: Vec<OpenAlert> = clinic.read(&admin.token, "/api/v1/crisis-alerts").await;
    assert!(open.is_empty());
    // A questionnaire without an alert has nothing to acknowledge.
    let none = format!(
        "/api/v1/patients/{}/phq9/{}/acknowledge",
        patient.id, mild.result.id
    );
    let refused = clinic.post(&doctor.token, &none, &json!({})).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);

    // A patient with no doctor alerts the admins at once.
    let alone = register_patient(&clinic.app, "alone@example.org").await;
    let crisis = answer(&clinic, &alone, [3, 3, 3, 3, 3, 3, 3, 3, 3]).await;
    assert_eq!(crisis.result.severity, Phq9Severity::Severe);
    let alert = crisis.result.alert.unwrap();
    assert_eq!(alert.escalated_at, Some(alert.raised_at));
    let events = care_events(&clinic, admin, 2).await;
    assert_eq!(events, ["care.phq9_escalated", "care.phq9_escalated"]);
    // What the admins read names no score or answer.
    let page: Page<Notification> = clinic
        .read(&admin.token, "/api/v1/me/notifications?limit=100")
        .await;
    for told in page.items.iter().filter(|n| n.event.starts_with("care.")) {
        assert!(
            !told.body.contains("27") && !told.title.contains("PHQ"),
            "{}",
            told.body
        );
    }
}

async fn doctors_ask_for_it_and_the_scheduler_asks_again(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let requests = format!("/api/v1/patients/{}/phq9/requests", patient.id);
    let asked: Phq9Request = expect(
        send(
            &clinic,
            Method::PUT,
            &doctor.token,
            &requests,
            json!({"repeat": "every_2_weeks"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(asked.pending());
    assert!(asked.next_at.is_some());
    assert_eq!(
        care_events(&clinic, patient, 1).await,
        ["care.phq9_requested"]
    );
    let listed: Vec<Phq9Request> = clinic.read(&patient.token, &requests).await;
    assert_eq!(listed, [asked]);

    // Answering answers the request.
    answer(&clinic, patient, [0; 9]).await;
    let listed: Vec<Phq9Request> = clinic.read(&patient.token, &requests).await;
    assert!(!listed[0].pending());

    // Two weeks on, the scheduler asks again.
    let scheduler = Scheduler::new(clinic.app.ctx.clone());
    let later = Timestamp::now() + SignedDuration::from_hours(24 * 15);
    scheduler.run_due(later).await.unwrap();
    Dispatcher::new(clinic.app.ctx.clone())
        .dispatch_due(later)
        .await
        .unwrap();
    let events = care_events(&clinic, patient, 2).await;
    assert_eq!(events, ["care.phq9_requested", "care.phq9_requested"]);
    let listed: Vec<Phq9Request> = clinic.read(&patient.token, &requests).await;
    assert!(listed[0].pending());

    // The doctor stops it; stopping again finds nothing.
    let stopped = clinic
        .app
        .send_as(Method::DELETE, &requests, &doctor.token)
        .await;
    assert_eq!(stopped.status(), StatusCode::NO_CONTENT);
    let listed: Vec<Phq9Request> = clinic.read(&patient.token, &requests).await;
    assert!(listed.is_empty());
    let again = clinic
        .app
        .send_as(Method::DELETE, &requests, &doctor.token)
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    // Bad answers are refused.
    let path = format!("/api/v1/patients/{}/phq9", patient.id);
    for body in [
        json!({"answers": [0, 0, 0]}),
        json!({"answers": [0, 0, 0, 0, 0, 0, 0, 0, 4]}),
        json!({"answers": [0, 0, 0, 0, 0, 0, 0, 0, 0], "difficulty": "awful"}),
    ] {
        let refused = clinic.post(&patient.token, &path, &body).await;
        assert!(refused.status().is_client_error(), "{body}");
    }
}

/// In the doctor's quiet hours, an item-9 alert goes out by text message at
/// once; a high score waits for the morning; neither names the patient.
async fn item_9_does_not_wait_for_quiet_hours(driver: Driver) {
    let store = empty_store(driver).await;
    let people = people(&store, all_day("UTC", (0, 0), (23, 0), 60)).await;
    let gateway = sink(&store);
    let (patient, doctor) = (&people.patient, &people.doctor);
    // Midnight in New York, the doctor's time zone.
    let night: Timestamp = "2026-01-02T05:00:00Z".parse().unwrap();
    let number = "+12025550143";
    settings::set_phone(&via(&store, &gateway, night), &doctor.id, number)
        .await
        .unwrap();
    let sent = notifications::sent_messages(&ctx(&store), 1, None)
        .await
        .unwrap();
    let code = code_in(&sent.items[0].body);
    settings::verify_phone(&via(&store, &gateway, night), &doctor.id, &code)
        .await
        .unwrap();
    let preferences = Preferences {
        quiet_hours: Some(QuietHours {
            from: time(22, 0, 0, 0),
            until: time(7, 0, 0, 0),
        }),
        ..Preferences::default()
    };
    settings::set_preferences(&via_now(&store, &gateway), &doctor.id, preferences)
        .await
        .unwrap();
    let request = BookingRequest {
        doctor_id: doctor.id,
        starts_at: "2026-01-05T10:00:00Z".parse().unwrap(),
        reason: "Check-up".into(),
        priority: Priority::Normal,
    };
    booking::book(&ctx_at(&store, night), patient, &request)
        .await
        .unwrap();
    for answers in [
        vec![2, 2, 2, 2, 1, 1, 0, 0, 0],
        vec![0, 0, 0, 0, 0, 0, 0, 0, 1],
    ] {
        let input = Phq9Input {
            answers,
            difficulty: None,
        };
        phq9::submit(&ctx_at(&store, night), patient, &patient.id, &input)
            .await
            .unwrap();
    }
    let texts = || {
        let store = store.clone();
        async move {
            notifications::sent_messages(&ctx(&store), 100, None)
                .await
                .unwrap()
                .items
                .into_iter()
                .filter(|m| m.to == number && m.event.starts_with("care."))
                .collect::<Vec<_>>()
        }
    };
    let dispatcher = Dispatcher::new(ctx(&store));
    dispatcher.dispatch_due(night).await.unwrap();
    let at_night: Vec<String> = texts().await.into_iter().map(|m| m.event).collect();
    assert_eq!(at_night, ["care.phq9_urgent"]);
    // 07:00 in New York.
    let morning: Timestamp = "2026-01-02T12:00:00Z".parse().unwrap();
    dispatcher.dispatch_due(morning).await.unwrap();
    let all = texts().await;
    let events: Vec<&str> = all.iter().map(|m| m.event.as_str()).collect();
    assert_eq!(events, ["care.phq9_elevated", "care.phq9_urgent"]);
    for text in &all {
        assert!(
            !text.body.contains("Pat") && !text.body.contains("PHQ"),
            "{}",
            text.body
        );
    }
}
