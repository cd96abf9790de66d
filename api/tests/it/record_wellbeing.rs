//! The mood log and its chart over HTTP on both drivers: logging now and a
//! few days back, tags in normal form, changes and deletion by the patient,
//! the chart's days, trend and tag averages, the limits, and who reads.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::account::AccessLogEntry;
use medtrack_shared::record::{MoodChart, MoodEntry, TimelineEvent, TimelineKind};
use medtrack_shared::Page;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::clinic::{error_code, Clinic};
use crate::helpers::{on_both_drivers, Driver};
use crate::record_problems::{cared_for, expect, send};

on_both_drivers!(
    a_patient_logs_mood_and_reads_the_chart,
    what_the_mood_log_refuses,
    the_timeline_shows_visits_problems_and_allergies,
);

fn ago(days: i64) -> String {
    (Timestamp::now() - SignedDuration::from_hours(24 * days)).to_string()
}

async fn log(clinic: &Clinic, body: serde_json::Value) -> MoodEntry {
    let path = format!("/api/v1/patients/{}/mood", clinic.patient.id);
    expect(
        clinic.post(&clinic.patient.token, &path, &body).await,
        StatusCode::CREATED,
    )
    .await
}

async fn a_patient_logs_mood_and_reads_the_chart(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let mood = format!("/api/v1/patients/{}/mood", patient.id);

    let low = log(
        &clinic,
        json!({"score": 3, "tags": ["Tired", " tired ", "Very   SAD"], "note": " Bad night ", "at": ago(2)}),
    )
    .await;
    assert_eq!(low.tags, ["tired", "very sad"]);
    assert_eq!(low.note, "Bad night");
    let better = log(&clinic, json!({"score": 7, "tags": ["calm"], "at": ago(1)})).await;
    let good = log(&clinic, json!({"score": 9, "tags": ["calm"]})).await;

    // Newest first, by the time the mood was felt.
    let page: Page<MoodEntry> = clinic.read(&patient.token, &mood).await;
    let ids: Vec<_> = page.items.iter().map(|e| e.id).collect();
    assert_eq!(ids, [good.id, better.id, low.id]);

    // The patient corrects one entry and deletes another.
    let corrected: MoodEntry = expect(
        send(
            &clinic,
            Method::PATCH,
            &patient.token,
            &format!("{mood}/{}", low.id),
            json!({"score": 4}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!((corrected.score, corrected.at), (4, low.at));
    let extra = log(&clinic, json!({"score": 1})).await;
    let gone = clinic
        .app
        .send_as(
            Method::DELETE,
            &format!("{mood}/{}", extra.id),
            &patient.token,
        )
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let again = clinic
        .app
        .send_as(
            Method::DELETE,
            &format!("{mood}/{}", extra.id),
            &patient.token,
        )
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);

    // The chart: 30 days ending today, each entry on its day, the trend over
    // seven days, the tags by use.
    let chart: MoodChart = clinic.read(&patient.token, &format!("{mood}/chart")).await;
    assert_eq!(chart.days.len(), 30);
    let last = chart.days.last().unwrap();
    assert_eq!(last.date, good.day);
    assert_eq!((last.entries, last.average), (1, Some(9.0)));
    // (4 + 7 + 9) / 3
    assert_eq!(last.trend, Some(6.7));
    let with_entries: u32 = chart.days.iter().map(|d| d.entries).sum();
    assert_eq!(with_entries, 3);
    let tags: Vec<_> = chart
        .tags
        .iter()
        .map(|t| (t.tag.as_str(), t.entries, t.average))
        .collect();
    assert_eq!(
        tags,
        [("calm", 2, 8.0), ("tired", 1, 4.0), ("very sad", 1, 4.0)]
    );
    let quarter: MoodChart = clinic
        .read(&patient.token, &format!("{mood}/chart?days=90"))
        .await;
    assert_eq!(quarter.days.len(), 90);

    // Their doctor reads it, and the read is in the patient's access log.
    let seen: MoodChart = clinic.read(&doctor.token, &format!("{mood}/chart")).await;
    assert_eq!(seen.tags, chart.tags);
    let log: Page<AccessLogEntry> = clinic.read(&patient.token, "/api/v1/me/access-log").await;
    assert!(log
        .items
        .iter()
        .any(|e| e.what == "mood chart" && e.actor_id.to_string() == doctor.id));
    // Admins run the clinic, not the diary.
    let admin = clinic
        .app
        .get_as(&format!("{mood}/chart"), &clinic.admin.token)
        .await;
    assert_eq!(admin.status(), StatusCode::FORBIDDEN);
}

async fn what_the_mood_log_refuses(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let patient = &clinic.patient;
    let mood = format!("/api/v1/patients/{}/mood", patient.id);
    let too_many: Vec<String> = (0..9).map(|n| format!("tag {n}")).collect();
    for body in [
        json!({"score": 0}),
        json!({"score": 11}),
        json!({"score": 5, "at": ago(-1)}),
        json!({"score": 5, "at": ago(8)}),
        json!({"score": 5, "tags": too_many}),
        json!({"score": 5, "tags": ["x".repeat(31)]}),
        json!({"score": 5, "note": "x".repeat(1001)}),
    ] {
        let refused = clinic.post(&patient.token, &mood, &body).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let page: Page<MoodEntry> = clinic.read(&patient.token, &mood).await;
    assert!(page.items.is_empty(), "nothing half-written");
    let entry = log(&clinic, json!({"score": 5})).await;
    let nothing = send(
        &clinic,
        Method::PATCH,
        &patient.token,
        &format!("{mood}/{}", entry.id),
        json!({}),
    )
    .await;
    assert_eq!(nothing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for days in ["3", "366", "many"] {
        let refused = clinic
            .app
            .get_as(&format!("{mood}/chart?days={days}"), &patient.token)
            .await;
        assert!(refused.status().is_client_error(), "days={days}");
        assert_ne!(error_code(refused).await, "internal");
    }
}

async fn the_timeline_shows_visits_problems_and_allergies(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let (patient, doctor) = (&clinic.patient, &clinic.doctor);
    let slot = clinic.free_slots().await[0];
    let booked: serde_json::Value =
        expect(clinic.book_as(patient, slot).await, StatusCode::CREATED).await;
    let visit = booked["id"].as_str().unwrap().to_owned();
    for action in ["confirm", "check_in", "start_consultation"] {
        let done = clinic
            .act(&doctor.token, &visit, json!({"action": action}))
            .await;
        assert_eq!(done.status(), StatusCode::OK, "{action}");
    }
    let complete = json!({"action": "complete", "consultation": {
        "diagnosis": "Seasonal asthma", "prescription": [], "notes": ""}});
    let done = clinic.act(&doctor.token, &visit, complete).await;
    assert_eq!(done.status(), StatusCode::OK);
    let record = format!("/api/v1/patients/{}", patient.id);
    let asthma: serde_json::Value = expect(
        clinic
            .post(
                &doctor.token,
                &format!("{record}/problems"),
                &json!({"name": "Asthma"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let asthma = asthma["id"].as_str().unwrap().to_owned();
    let peanuts = json!({"substance": "Peanuts", "category": "food"});
    let peanuts: serde_json::Value = expect(
        clinic
            .post(&patient.token, &format!("{record}/allergies"), &peanuts)
            .await,
        StatusCode::CREATED,
    )
    .await;
    let peanuts = peanuts["id"].as_str().unwrap().to_owned();
    let resolve = json!({"clinical_status": "resolved"});
    let problem = format!("{record}/problems/{asthma}");
    let resolved = send(&clinic, Method::PATCH, &doctor.token, &problem, resolve).await;
    assert_eq!(resolved.status(), StatusCode::OK);
    let wrong = json!({"verification": "entered_in_error", "reason": "Another patient's"});
    let allergy = format!("{record}/allergies/{peanuts}");
    let marked = send(&clinic, Method::PATCH, &doctor.token, &allergy, wrong).await;
    assert_eq!(marked.status(), StatusCode::OK);

    let timeline: Page<TimelineEvent> = clinic
        .read(&patient.token, &format!("{record}/timeline"))
        .await;
    let view: Vec<_> = timeline
        .items
        .iter()
        .map(|e| (e.kind, e.title.as_str(), e.entered_in_error))
        .collect();
    assert_eq!(
        view,
        [
            (TimelineKind::ProblemResolved, "Asthma", false),
            (TimelineKind::AllergyRecorded, "Peanuts", true),
            (TimelineKind::ProblemRecorded, "Asthma", false),
            (TimelineKind::Visit, view[3].1, false),
        ]
    );
    assert!(view[3].1.starts_with("Visit with "));
    // Paged: one at a time, the same events in the same order.
    let mut cursor: Option<String> = None;
    let mut paged = Vec::new();
    loop {
        let path = match &cursor {
            Some(c) => format!("{record}/timeline?limit=1&cursor={c}"),
            None => format!("{record}/timeline?limit=1"),
        };
        let page: Page<TimelineEvent> = clinic.read(&doctor.token, &path).await;
        paged.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(paged, timeline.items);
}
