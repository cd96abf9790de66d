//! Calendar feeds on both drivers: a secret address per person, rotated and
//! revoked, serving RFC 5545 with times right across the next daylight-saving
//! changes of New York and London.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use medtrack::domain::appointments::booking;
use medtrack_shared::appointment::{BookingRequest, Priority};
use medtrack_shared::calendar::{CalendarFeedAddress, CalendarFeedStatus};
use reqwest::Method;
use reqwest::StatusCode;

use crate::auth::sign_in;
use crate::helpers::{ctx_at, on_both_drivers, spawn_app, via, Driver, TestApp};
use crate::workflow::{all_day, people};

on_both_drivers!(
    a_feed_is_made_rotated_and_revoked,
    feed_times_are_right_across_daylight_saving_changes,
);

async fn make_feed(app: &TestApp, token: &str) -> reqwest::Response {
    app.send_as(Method::PUT, "/api/v1/me/calendar-feed", token)
        .await
}

/// The feed's path on the test server.
fn path_of(address: &CalendarFeedAddress) -> String {
    let at = address.url.find("/api/v1/calendar/").unwrap();
    address.url[at..].to_owned()
}

async fn a_feed_is_made_rotated_and_revoked(driver: Driver) {
    let app = spawn_app(driver).await;
    let zone = "Europe/London";
    let people = people(&app.store, all_day(zone, (9, 0), (17, 0), 30)).await;
    let token = sign_in(&app, "pat@example.org").await.access_token;
    let status: CalendarFeedStatus = app
        .get_as("/api/v1/me/calendar-feed", &token)
        .await
        .json()
        .await
        .unwrap();
    assert!(status.created_at.is_none());

    let first: CalendarFeedAddress = make_feed(&app, &token).await.json().await.unwrap();
    assert!(first.url.starts_with("http://127.0.0.1:"));
    let tomorrow = Timestamp::now()
        .to_zoned_datetime(TimeZone::UTC)
        .date()
        .tomorrow()
        .unwrap();
    let starts_at = tomorrow
        .at(10, 0, 0, 0)
        .to_zoned_datetime(jiff::tz::db().get(zone).unwrap())
        .unwrap()
        .timestamp();
    let request = BookingRequest {
        doctor_id: people.doctor.id,
        starts_at,
        reason: "Private symptoms".into(),
        priority: Priority::Normal,
    };
    let booked = booking::book(
        &ctx_at(&app.store, Timestamp::now()),
        &people.patient,
        &request,
    )
    .await
    .unwrap();

    // A twice-daily medication: its next 14 days of dose times, with no name.
    let mut medication = medtrack_shared::medication::MedicationInput {
        name: "Sertraline".into(),
        strength: "50 mg".into(),
        form: String::new(),
        dose: String::new(),
        instructions: String::new(),
        schedule: medtrack_shared::medication::Schedule {
            as_needed: false,
            times: vec![
                jiff::civil::time(8, 0, 0, 0),
                jiff::civil::time(20, 0, 0, 0),
            ],
            frequency: medtrack_shared::medication::Frequency::EveryDay,
            start: tomorrow,
            end: None,
            zone: medtrack_shared::medication::ZoneRule::FollowMe,
        },
        supply: None,
        missed: Default::default(),
    };
    let sink = crate::helpers::sink(&app.store);
    medtrack::domain::medications::add(
        &via(&app.store, &sink, Timestamp::now()),
        &people.patient,
        medication.clone(),
    )
    .await
    .unwrap();
    medication.schedule.as_needed = true;
    medication.schedule.times.clear();
    medtrack::domain::medications::add(
        &via(&app.store, &sink, Timestamp::now()),
        &people.patient,
        medication,
    )
    .await
    .unwrap();

    let response = app.get(&path_of(&first)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let body = response.text().await.unwrap();
    assert!(body.starts_with("BEGIN:VCALENDAR"), "{body}");
    assert!(body.contains(&format!("UID:{}@medtrack", booked.id)));
    assert!(body.contains(&format!("DTSTART:{}", starts_at.strftime("%Y%m%dT%H%M%SZ"))));
    assert!(body.contains("X-WR-TIMEZONE:Europe/London"));
    assert!(body.contains("SUMMARY:Appointment with Dr Grey"));
    assert!(body.contains("STATUS:TENTATIVE"));
    assert!(!body.contains("Private symptoms"), "no clinical detail");
    let doses = body.matches("SUMMARY:Medication dose").count();
    assert!(
        (26..=28).contains(&doses),
        "14 days of two doses from tomorrow: {doses}"
    );
    assert!(!body.contains("Sertraline"), "no medicine named");

    // The doctor's feed names no patient: calendars are often shared.
    let doctor = sign_in(&app, "grey@example.org").await.access_token;
    let feed: CalendarFeedAddress = make_feed(&app, &doctor).await.json().await.unwrap();
    let body = app.get(&path_of(&feed)).await.text().await.unwrap();
    assert!(body.contains("SUMMARY:Appointment\r\n"), "{body}");
    assert!(!body.contains("Pat Doe"), "no patient named");

    // Rotating revokes the old address.
    let second: CalendarFeedAddress = make_feed(&app, &token).await.json().await.unwrap();
    assert_ne!(first.url, second.url);
    assert_eq!(
        app.get(&path_of(&first)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&path_of(&second)).await.status(), StatusCode::OK);
    let revoked = app
        .send_as(Method::DELETE, "/api/v1/me/calendar-feed", &token)
        .await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&path_of(&second)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/calendar/not-a-secret.ics").await.status(),
        StatusCode::NOT_FOUND
    );
    // Admins have no appointments to feed.
    let admin = sign_in(&app, "root@example.org").await.access_token;
    assert_eq!(
        make_feed(&app, &admin).await.status(),
        StatusCode::FORBIDDEN
    );
}

/// The next daylight-saving change of `zone` after now, and whether it moves clocks forward.
fn next_change(zone: &TimeZone, after: Timestamp) -> (Timestamp, bool) {
    let transition = zone.following(after).next().unwrap();
    let before = zone.to_offset(transition.timestamp() - SignedDuration::from_secs(1));
    (transition.timestamp(), transition.offset() > before)
}

async fn feed_times_are_right_across_daylight_saving_changes(driver: Driver) {
    for zone_name in ["America/New_York", "Europe/London"] {
        let app = spawn_app(driver).await;
        let zone = jiff::tz::db().get(zone_name).unwrap();
        // Hour slots through the night, when clocks change.
        let people = people(&app.store, all_day(zone_name, (0, 0), (4, 0), 60)).await;
        let token = sign_in(&app, "pat@example.org").await.access_token;
        // The feed reads on its owner's clock: the patient lives in the zone too.
        let moved = app
            .json_as(
                Method::PATCH,
                "/api/v1/me",
                &token,
                &serde_json::json!({"time_zone": zone_name}),
            )
            .await;
        assert_eq!(moved.status(), StatusCode::OK);
        let address: CalendarFeedAddress = make_feed(&app, &token).await.json().await.unwrap();
        let mut change = Timestamp::now();
        let mut expected = vec![];
        for _ in 0..2 {
            let (at, forward) = next_change(&zone, change);
            change = at;
            let date = at.to_zoned_datetime(zone.clone()).date();
            let slots = medtrack::domain::slots::on_date(
                &medtrack::domain::practice::of(&people.doctor),
                &zone,
                date,
            );
            // Spring forward: 4 wall-clock hours hold 3 slots; fall back: 5.
            assert_eq!(
                slots.len(),
                if forward { 3 } else { 5 },
                "{zone_name} {date}"
            );
            for slot in &slots {
                let request = BookingRequest {
                    doctor_id: people.doctor.id,
                    starts_at: slot.starts_at,
                    reason: "Night clinic".into(),
                    priority: Priority::Normal,
                };
                booking::book(
                    &ctx_at(&app.store, Timestamp::now()),
                    &people.patient,
                    &request,
                )
                .await
                .unwrap();
                let local = slot.starts_at.to_zoned_datetime(zone.clone());
                expected.push((
                    format!("DTSTART:{}", slot.starts_at.strftime("%Y%m%dT%H%M%SZ")),
                    local.strftime("%H:%M %Z").to_string(),
                ));
            }
        }
        let body = app.get(&path_of(&address)).await.text().await.unwrap();
        // Lines are folded at 75 octets; unfold before reading.
        let body = body.replace("\r\n ", "");
        let events: Vec<&str> = body.split("BEGIN:VEVENT").skip(1).collect();
        assert_eq!(events.len(), expected.len(), "{zone_name}");
        for (start, wall_clock) in expected {
            let event = events
                .iter()
                .find(|e| e.contains(&start))
                .unwrap_or_else(|| panic!("{start}"));
            assert!(
                event.contains(&wall_clock),
                "{zone_name}: {start} should read {wall_clock}: {event}"
            );
        }
    }
}
