//! Appointments over HTTP, on both drivers: a whole visit from booking to the
//! patient's history and inbox, racing bookings and racing transitions, who
//! may do what, the directory, and the lists of each role.

use futures::future::join_all;
use futures::{stream, StreamExt};
use medtrack_shared::appointment::{Appointment, AppointmentStatus, DoctorDay, WeeklyFigures};
use medtrack_shared::notification::{Notification, UnreadCount};
use medtrack_shared::practice::DoctorCard;
use medtrack_shared::Page;
use reqwest::StatusCode;
use serde_json::json;

use crate::clinic::{approved_doctor, error_code, register_patient, Clinic, Person};
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(
    a_visit_runs_from_booking_to_history_and_inbox,
    a_thousand_racing_bookings_fill_ten_slots_once,
    racing_confirm_and_cancel_have_one_winner,
    only_the_right_people_act_and_read,
    the_directory_lists_approved_doctors_only,
    lists_of_each_role,
);

async fn appointment(response: reqwest::Response) -> Appointment {
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

/// The inbox once the dispatcher has delivered at least `count` notifications.
pub async fn inbox(clinic: &Clinic, person: &Person, count: usize) -> Vec<Notification> {
    for _ in 0..100 {
        let page: Page<Notification> = clinic
            .read(&person.token, "/api/v1/me/notifications?limit=100")
            .await;
        if page.items.len() >= count {
            return page.items;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("fewer than {count} notifications delivered");
}

async fn a_visit_runs_from_booking_to_history_and_inbox(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let slots = clinic.free_slots().await;
    assert!(!slots.is_empty());
    let booked = appointment(clinic.book_as(&clinic.patient, slots[0]).await).await;
    assert_eq!(booked.status, AppointmentStatus::Pending);
    // The slot is no longer offered, and nobody else can take it.
    assert!(!clinic.offered_slots().await.contains(&slots[0]));
    let other = register_patient(&clinic.app, "other@example.org").await;
    let taken = clinic.book_as(&other, slots[0]).await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(taken).await, "slot_taken");

    let id = booked.id.to_string();
    let doctor = &clinic.doctor.token;
    for action in ["confirm", "check_in", "start_consultation"] {
        let response = clinic.act(doctor, &id, json!({"action": action})).await;
        assert_eq!(response.status(), StatusCode::OK, "{action}");
    }
    let completed = appointment(
        clinic
            .act(
                doctor,
                &id,
                json!({"action": "complete", "consultation": {
                    "diagnosis": "Acute bronchitis",
                    "prescription": [{"drug": "Salbutamol", "dose": "100 mcg", "frequency": "as needed",
                                      "duration": "14 days", "instructions": "Two puffs when short of breath"}],
                    "notes": "Review in two weeks if not better."
                }}),
            )
            .await,
    )
    .await;
    assert_eq!(completed.status, AppointmentStatus::Completed);
    let steps: Vec<AppointmentStatus> = completed.timeline.iter().map(|t| t.to).collect();
    assert_eq!(
        steps,
        [
            AppointmentStatus::Pending,
            AppointmentStatus::Confirmed,
            AppointmentStatus::CheckedIn,
            AppointmentStatus::Consulting,
            AppointmentStatus::Completed
        ]
    );
    // Completed is final.
    let again = clinic.act(doctor, &id, json!({"action": "cancel"})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "invalid_transition");

    let patient = &clinic.patient;
    let history: Page<Appointment> = clinic
        .read(
            &patient.token,
            &format!("/api/v1/patients/{}/history", patient.id),
        )
        .await;
    assert_eq!(history.items.len(), 1);
    let consultation = history.items[0].consultation.as_ref().unwrap();
    assert_eq!(consultation.diagnosis, "Acute bronchitis");
    assert_eq!(consultation.prescription[0].drug, "Salbutamol");

    // The patient hears of the request and of each step the doctor took.
    let notes = inbox(&clinic, patient, 5).await;
    let events: Vec<&str> = notes.iter().rev().map(|n| n.event.as_str()).collect();
    assert_eq!(
        events,
        [
            "appointment.requested",
            "appointment.confirmed",
            "appointment.checked_in",
            "appointment.consulting",
            "appointment.completed"
        ]
    );
    // Of the appointment, the doctor heard of the request only (they took
    // the other steps); their approval came before it.
    let doctor_notes = inbox(&clinic, &clinic.doctor, 2).await;
    let events: Vec<&str> = doctor_notes
        .iter()
        .rev()
        .map(|n| n.event.as_str())
        .collect();
    assert_eq!(events, ["account.approved", "appointment.requested"]);
    assert_eq!(doctor_notes[0].title, "New appointment request");
    let count: UnreadCount = clinic
        .read(&patient.token, "/api/v1/me/notifications/unread-count")
        .await;
    assert_eq!(count.unread, 5);
    let first = notes[0].id.to_string();
    // Nobody else can mark it.
    let foreign = clinic
        .post(
            &other.token,
            &format!("/api/v1/me/notifications/{first}/read"),
            &json!({}),
        )
        .await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
    let read = clinic
        .post(
            &patient.token,
            &format!("/api/v1/me/notifications/{first}/read"),
            &json!({}),
        )
        .await;
    assert_eq!(read.status(), StatusCode::OK);
    let count: UnreadCount = clinic
        .read(&patient.token, "/api/v1/me/notifications/unread-count")
        .await;
    assert_eq!(count.unread, 4);
    let all = clinic
        .post(
            &patient.token,
            "/api/v1/me/notifications/read-all",
            &json!({}),
        )
        .await;
    assert_eq!(all.json::<UnreadCount>().await.unwrap().unread, 0);
    let unread: Page<Notification> = clinic
        .read(&patient.token, "/api/v1/me/notifications?unread_only=true")
        .await;
    assert!(unread.items.is_empty());
}

async fn a_thousand_racing_bookings_fill_ten_slots_once(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let slots: Vec<_> = clinic.free_slots().await.into_iter().take(10).collect();
    assert_eq!(slots.len(), 10);
    let mut patients = vec![];
    for n in 0..10 {
        patients.push(register_patient(&clinic.app, &format!("p{n}@example.org")).await);
    }
    // A thousand requests, 250 in flight at a time (more open connections
    // than that only measure the test machine's sockets).
    let requests = (0..1000).map(|n| clinic.book_as(&patients[n % 10], slots[n % 10]));
    let responses: Vec<reqwest::Response> =
        stream::iter(requests).buffer_unordered(250).collect().await;
    let mut created = 0;
    for response in responses {
        match response.status() {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => assert_eq!(error_code(response).await, "slot_taken"),
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created, 10);
    // Exactly one appointment per slot, each pending.
    let page: Page<Appointment> = clinic
        .read(
            &clinic.admin.token,
            &format!(
                "/api/v1/admin/appointments?doctor={}&limit=100",
                clinic.doctor.id
            ),
        )
        .await;
    let mut starts: Vec<_> = page.items.iter().map(|a| a.starts_at).collect();
    starts.sort();
    assert_eq!(starts, slots);
    assert!(clinic
        .offered_slots()
        .await
        .iter()
        .all(|s| !slots.contains(s)));
}

async fn racing_confirm_and_cancel_have_one_winner(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let slots = clinic.free_slots().await;
    for slot in slots.iter().take(5) {
        let booked = appointment(clinic.book_as(&clinic.patient, *slot).await).await;
        let id = booked.id.to_string();
        let (confirm, cancel) = tokio::join!(
            clinic.act(&clinic.doctor.token, &id, json!({"action": "confirm"})),
            clinic.act(
                &clinic.patient.token,
                &id,
                json!({"action": "cancel", "reason": "Feeling better"})
            ),
        );
        let (confirmed, cancelled) = (confirm.status(), cancel.status());
        let stored: Appointment = clinic
            .read(&clinic.patient.token, &format!("/api/v1/appointments/{id}"))
            .await;
        match (confirmed, cancelled) {
            // Cancelling a confirmed appointment is allowed: both may pass in turn.
            (StatusCode::OK, StatusCode::OK) => {
                assert_eq!(stored.status, AppointmentStatus::Cancelled);
                assert_eq!(stored.timeline.len(), 3);
            }
            (StatusCode::OK, StatusCode::CONFLICT) => {
                assert_eq!(stored.status, AppointmentStatus::Confirmed)
            }
            (StatusCode::CONFLICT, StatusCode::OK) => {
                assert_eq!(stored.status, AppointmentStatus::Cancelled);
                assert_eq!(stored.timeline.len(), 2);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    // Two racing confirmations of one request: exactly one wins.
    let booked = appointment(clinic.book_as(&clinic.patient, slots[5]).await).await;
    let id = booked.id.to_string();
    let attempts =
        (0..10).map(|_| clinic.act(&clinic.doctor.token, &id, json!({"action": "confirm"})));
    let statuses: Vec<StatusCode> = join_all(attempts)
        .await
        .iter()
        .map(|r| r.status())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT));
}

async fn only_the_right_people_act_and_read(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let slots = clinic.free_slots().await;
    let booked = appointment(clinic.book_as(&clinic.patient, slots[0]).await).await;
    let id = booked.id.to_string();
    let stranger = register_patient(&clinic.app, "stranger@example.org").await;
    let other_doctor = approved_doctor(&clinic.app, &clinic.admin, "wilson@example.org").await;

    // Doctors and admins do not book.
    for token in [&clinic.doctor.token, &clinic.admin.token] {
        let response = clinic
            .post(
                token,
                "/api/v1/appointments",
                &json!({"doctor_id": clinic.doctor.id, "starts_at": slots[1], "reason": "x"}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    // A time that is not a slot, and bad input, are 422s.
    let off_grid = slots[1]
        .checked_add(jiff::SignedDuration::from_mins(7))
        .unwrap();
    let response = clinic.book_as(&clinic.patient, off_grid).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = clinic
        .post(
            &clinic.patient.token,
            "/api/v1/appointments",
            &json!({"doctor_id": clinic.doctor.id, "starts_at": slots[1], "reason": " "}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Neither a stranger nor another doctor reads or acts on it.
    for person in [&stranger, &other_doctor] {
        let read = clinic
            .app
            .get_as(&format!("/api/v1/appointments/{id}"), &person.token)
            .await;
        assert_eq!(read.status(), StatusCode::FORBIDDEN);
        let act = clinic
            .act(&person.token, &id, json!({"action": "cancel"}))
            .await;
        assert_eq!(act.status(), StatusCode::FORBIDDEN);
        let history = clinic
            .app
            .get_as(
                &format!("/api/v1/patients/{}/history", clinic.patient.id),
                &person.token,
            )
            .await;
        assert_eq!(history.status(), StatusCode::FORBIDDEN);
    }
    // The patient cannot confirm their own request.
    let response = clinic
        .act(&clinic.patient.token, &id, json!({"action": "confirm"}))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "invalid_transition");
    // Rejecting needs a reason.
    let response = clinic
        .act(&clinic.doctor.token, &id, json!({"action": "reject"}))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A patient cannot cancel inside the cut-off (the slot starts within 2 hours).
    let response = clinic
        .act(&clinic.patient.token, &id, json!({"action": "cancel"}))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "too_late_to_change");
    // A no-show cannot be recorded before the start.
    clinic
        .act(&clinic.doctor.token, &id, json!({"action": "confirm"}))
        .await;
    let response = clinic
        .act(&clinic.admin.token, &id, json!({"action": "mark_no_show"}))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "not_started");
    // The admin may cancel; the slot is free again.
    let response = clinic
        .act(
            &clinic.admin.token,
            &id,
            json!({"action": "cancel", "reason": "Clinic closed"}),
        )
        .await;
    let cancelled = appointment(response).await;
    assert_eq!(cancelled.status_reason.as_deref(), Some("Clinic closed"));
    assert!(clinic.offered_slots().await.contains(&slots[0]));

    // The doctor's read of the record is in the patient's access log.
    let read = clinic
        .app
        .get_as(&format!("/api/v1/appointments/{id}"), &clinic.doctor.token)
        .await;
    assert_eq!(read.status(), StatusCode::OK);
    let log: Page<medtrack_shared::account::AccessLogEntry> = clinic
        .read(&clinic.patient.token, "/api/v1/me/access-log")
        .await;
    assert!(log
        .items
        .iter()
        .any(|e| e.what == "appointment" && e.actor_id.to_string() == clinic.doctor.id));
}

async fn the_directory_lists_approved_doctors_only(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let path = "/api/v1/doctors?specialization=family-medicine";
    let page: Page<DoctorCard> = clinic.read(&clinic.patient.token, path).await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].practice.fee_minor_units, Some(5000));
    // A pending doctor is not listed, nor bookable.
    let response = clinic
        .app
        .client
        .post(clinic.app.url("/api/v1/auth/register"))
        .json(&crate::clinic::doctor("pending@example.org"))
        .send()
        .await
        .unwrap();
    let pending: medtrack_shared::Me = response.json().await.unwrap();
    let page: Page<DoctorCard> = clinic.read(&clinic.patient.token, path).await;
    assert_eq!(page.items.len(), 1);
    let card = clinic
        .app
        .get_as(
            &format!("/api/v1/doctors/{}", pending.id),
            &clinic.patient.token,
        )
        .await;
    assert_eq!(card.status(), StatusCode::NOT_FOUND);
    // A deactivated doctor leaves the directory at once, and comes back.
    for (decision, listed) in [("deactivate", 0), ("reactivate", 1)] {
        let response = clinic
            .post(
                &clinic.admin.token,
                &format!("/api/v1/admin/users/{}/decision", clinic.doctor.id),
                &json!({"decision": decision}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let page: Page<DoctorCard> = clinic.read(&clinic.patient.token, path).await;
        assert_eq!(page.items.len(), listed, "{decision}");
    }
    // Paging through several doctors.
    for n in 0..3 {
        approved_doctor(&clinic.app, &clinic.admin, &format!("d{n}@example.org")).await;
    }
    let first: Page<DoctorCard> = clinic
        .read(&clinic.patient.token, &format!("{path}&limit=3"))
        .await;
    assert_eq!(first.items.len(), 3);
    let cursor = first.next_cursor.unwrap();
    let second: Page<DoctorCard> = clinic
        .read(
            &clinic.patient.token,
            &format!("{path}&limit=3&cursor={cursor}"),
        )
        .await;
    assert_eq!(second.items.len(), 1);
    assert!(second.next_cursor.is_none());
}

async fn lists_of_each_role(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let slots = clinic.free_slots().await;
    let mut ids = vec![];
    for slot in slots.iter().take(3) {
        ids.push(
            appointment(clinic.book_as(&clinic.patient, *slot).await)
                .await
                .id
                .to_string(),
        );
    }
    let doctor = &clinic.doctor.token;
    appointment(
        clinic
            .act(doctor, &ids[0], json!({"action": "confirm"}))
            .await,
    )
    .await;
    appointment(
        clinic
            .act(
                doctor,
                &ids[1],
                json!({"action": "reject", "reason": "Fully booked"}),
            )
            .await,
    )
    .await;

    let requests: Page<Appointment> = clinic.read(doctor, "/api/v1/doctors/me/requests").await;
    assert_eq!(requests.items.len(), 1);
    assert_eq!(requests.items[0].id.to_string(), ids[2]);

    let day: DoctorDay = clinic.read(doctor, "/api/v1/doctors/me/day").await;
    let on_day: Vec<String> = day.appointments.iter().map(|a| a.id.to_string()).collect();
    assert_eq!(
        on_day,
        [ids[0].clone(), ids[2].clone()],
        "rejected ones are left out"
    );
    assert_eq!(day.next.map(|n| n.to_string()), Some(ids[0].clone()));
    assert_eq!(day.pending_requests, 1);

    let week: WeeklyFigures = clinic.read(doctor, "/api/v1/doctors/me/week").await;
    let count = |status| {
        week.by_status
            .iter()
            .find(|c| c.status == status)
            .unwrap()
            .count
    };
    assert_eq!(count(AppointmentStatus::Confirmed), 1);
    assert_eq!(count(AppointmentStatus::Rejected), 1);
    assert_eq!(count(AppointmentStatus::Pending), 1);
    assert_eq!(week.days.iter().map(|d| d.appointments).sum::<u32>(), 3);

    let patient = &clinic.patient;
    let upcoming: Page<Appointment> = clinic
        .read(
            &patient.token,
            &format!("/api/v1/patients/{}/appointments?when=upcoming", patient.id),
        )
        .await;
    assert_eq!(upcoming.items.len(), 3);
    assert!(upcoming
        .items
        .windows(2)
        .all(|w| w[0].starts_at <= w[1].starts_at));
    let past: Page<Appointment> = clinic
        .read(
            &patient.token,
            &format!("/api/v1/patients/{}/appointments?when=past", patient.id),
        )
        .await;
    assert!(past.items.is_empty());

    let admin = &clinic.admin.token;
    let by_status: Page<Appointment> = clinic
        .read(admin, "/api/v1/admin/appointments?status=rejected")
        .await;
    assert_eq!(by_status.items.len(), 1);
    let path = format!(
        "/api/v1/admin/appointments?status=pending&doctor={}",
        clinic.doctor.id
    );
    let by_both: Page<Appointment> = clinic.read(admin, &path).await;
    assert_eq!(by_both.items.len(), 1);
    let all: Page<Appointment> = clinic
        .read(admin, "/api/v1/admin/appointments?limit=2")
        .await;
    assert_eq!(all.items.len(), 2);
    assert!(all.next_cursor.is_some());
    let from = slots[1].to_string();
    let window: Page<Appointment> = clinic
        .read(
            admin,
            &format!("/api/v1/admin/appointments?from={from}&to={from}"),
        )
        .await;
    assert_eq!(window.items.len(), 1);
    assert_eq!(window.items[0].id.to_string(), ids[1]);
    let patients_cannot = clinic
        .app
        .get_as("/api/v1/admin/appointments", &patient.token)
        .await;
    assert_eq!(patients_cannot.status(), StatusCode::FORBIDDEN);
}
