//! Medications and dose reminders on both drivers: the scheduler with a
//! controlled clock across daylight-saving changes and a move between
//! zones, workers racing and dying, and the dose log over HTTP.

use jiff::civil::{date, time, Date, Time};
use jiff::{SignedDuration, Timestamp};
use medtrack::domain::accounts::{self, Account};
use medtrack::domain::medications;
use medtrack::domain::notifications::outbox::{Event, MedicationChange, OutboxEntry};
use medtrack::domain::ports::Messages;
use medtrack::store::queue::Claimed;
use medtrack::store::{keys, Index, Query, Store};
use medtrack::workers::{Scheduler, Worker};
use medtrack_shared::account::{AccountFields, ProfileChanges, Registration};
use medtrack_shared::medication::{
    Dose, DoseStatus, Frequency, Medication, MedicationInput, MissedDoses, Schedule, Supply,
    ZoneRule,
};
use reqwest::StatusCode;
use serde_json::json;

use crate::auth::PASSWORD;
use crate::clinic::{error_code, register_patient, Clinic};
use crate::helpers::{ctx, ctx_at, empty_store, on_both_drivers, via, Driver};

on_both_drivers!(
    each_reminder_fires_once_across_daylight_saving_changes,
    reminders_follow_the_patient_or_stay_on_home_time_as_chosen,
    two_workers_and_a_dead_one_send_each_reminder_exactly_once,
    a_patient_logs_doses_and_others_read_them_only_as_allowed,
    adherence_counts_taken_doses_over_7_and_30_days,
    a_visits_prescription_becomes_medications_in_one_step,
    a_dose_still_not_taken_is_told_to_the_doctor_when_the_patient_asked,
    a_dose_logged_ahead_of_its_time_is_not_reminded,
    the_worker_knows_when_the_next_job_is_due,
);

pub async fn patient(store: &Store, email: &str, zone: &str) -> Account {
    medtrack::startup::init_store(store).await.unwrap();
    accounts::register(
        &ctx_at(store, "2026-01-01T00:00:00Z".parse().unwrap()),
        Registration::Patient {
            account: AccountFields {
                name: "Mo Reyes".into(),
                email: email.into(),
                password: PASSWORD.into(),
                phone: None,
                time_zone: zone.into(),
            },
            date_of_birth: date(1970, 3, 3),
        },
    )
    .await
    .unwrap()
}

pub fn daily(name: &str, times: &[Time], start: Date, zone: ZoneRule) -> MedicationInput {
    MedicationInput {
        name: name.into(),
        strength: "10 mg".into(),
        form: "tablet".into(),
        dose: "1 tablet".into(),
        instructions: String::new(),
        schedule: Schedule {
            as_needed: false,
            times: times.to_vec(),
            frequency: Frequency::EveryDay,
            start,
            end: None,
            zone,
        },
        supply: None,
        missed: MissedDoses::default(),
    }
}

fn ended(mut input: MedicationInput, end: Date) -> MedicationInput {
    input.schedule.end = Some(end);
    input
}

/// The development sink: what would be mailed or texted is kept in the store.
fn sink(store: &Store) -> Messages {
    crate::helpers::sink(store)
}

fn scheduler(store: &Store) -> Scheduler {
    Scheduler::new(ctx(store))
}

/// Runs the scheduler every `step` from `from` until `to`, as a clock would.
async fn run_clock(scheduler: &Scheduler, from: &str, to: &str, step: SignedDuration) {
    let to: Timestamp = to.parse().unwrap();
    let mut now: Timestamp = from.parse().unwrap();
    while now <= to {
        scheduler.run_due(now).await.unwrap();
        now += step;
    }
}

/// The dose times of every reminder in the outbox, by medication name.
async fn reminders(store: &Store) -> Vec<(String, String)> {
    let items = store
        .query(Query::partition(keys::OUTBOX))
        .await
        .unwrap()
        .items;
    let mut out: Vec<(String, String)> = items
        .into_iter()
        .filter_map(|item| {
            let entry: OutboxEntry = item.into_record().unwrap();
            match entry.event {
                Event::Medication(notice) if notice.change == MedicationChange::DoseDue => {
                    Some((notice.name, notice.dose_at.to_string()))
                }
                _ => None,
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    out
}

async fn each_reminder_fires_once_across_daylight_saving_changes(driver: Driver) {
    let store = empty_store(driver).await;
    let ny = patient(&store, "ny@example.org", "America/New_York").await;
    let london = patient(&store, "london@example.org", "Europe/London").await;
    let added: Timestamp = "2026-03-06T00:00:00Z".parse().unwrap();
    // 02:30 every day: on 8 March New York skips from 02:00 to 03:00.
    medications::add(
        &via(&store, &sink(&store), added),
        &ny,
        ended(
            daily(
                "Spring",
                &[time(2, 30, 0, 0)],
                date(2026, 3, 7),
                ZoneRule::FollowMe,
            ),
            date(2026, 3, 9),
        ),
    )
    .await
    .unwrap();
    // 01:30 every day: on 25 October London goes through 01:00-02:00 twice.
    medications::add(
        &via(&store, &sink(&store), added),
        &london,
        daily(
            "Autumn",
            &[time(1, 30, 0, 0)],
            date(2026, 10, 24),
            ZoneRule::FollowMe,
        ),
    )
    .await
    .unwrap();
    let worker = scheduler(&store);
    let step = SignedDuration::from_mins(15);
    run_clock(
        &worker,
        "2026-03-06T00:00:00Z",
        "2026-03-10T00:00:00Z",
        step,
    )
    .await;
    // Nothing is due until October: the jobs are not read in between.
    run_clock(
        &worker,
        "2026-10-23T00:00:00Z",
        "2026-10-27T00:00:00Z",
        step,
    )
    .await;
    let name = |n: &str| format!("{n} 10 mg");
    let expected: Vec<(String, String)> = [
        ("Spring", "2026-03-07T07:30:00Z"), // 02:30 EST
        ("Spring", "2026-03-08T07:30:00Z"), // in the gap: 03:30 EDT
        ("Spring", "2026-03-09T06:30:00Z"), // 02:30 EDT
        ("Autumn", "2026-10-24T00:30:00Z"), // 01:30 BST
        ("Autumn", "2026-10-25T00:30:00Z"), // the first 01:30, once
        ("Autumn", "2026-10-26T01:30:00Z"), // 01:30 GMT
    ]
    .iter()
    .map(|(n, at)| (name(n), (*at).to_owned()))
    .collect();
    assert_eq!(reminders(&store).await, expected);
    // Each reminded dose that nobody marked is missed after its grace hour.
    let log = store
        .query(Query::partition(keys::dose_log(&ny.id)))
        .await
        .unwrap()
        .items;
    let missed: Vec<Dose> = log.into_iter().map(|i| i.into_record().unwrap()).collect();
    assert_eq!(missed.len(), 3);
    assert!(missed.iter().all(|d| d.status == Some(DoseStatus::Missed)));
}

async fn reminders_follow_the_patient_or_stay_on_home_time_as_chosen(driver: Driver) {
    let store = empty_store(driver).await;
    let traveller = patient(&store, "away@example.org", "Europe/London").await;
    let added: Timestamp = "2026-01-10T00:00:00Z".parse().unwrap();
    let eight = [time(8, 0, 0, 0)];
    for (name, zone) in [
        ("Local", ZoneRule::FollowMe),
        (
            "Home",
            ZoneRule::Fixed {
                time_zone: "Europe/London".into(),
            },
        ),
    ] {
        medications::add(
            &via(&store, &sink(&store), added),
            &traveller,
            daily(name, &eight, date(2026, 1, 10), zone),
        )
        .await
        .unwrap();
    }
    // Flies to Tokyo (UTC+9) on the evening of the 10th, London time.
    let moved_at: Timestamp = "2026-01-10T18:00:00Z".parse().unwrap();
    let worker = scheduler(&store);
    let step = SignedDuration::from_mins(15);
    run_clock(
        &worker,
        "2026-01-10T00:00:00Z",
        "2026-01-10T18:00:00Z",
        step,
    )
    .await;
    let changes = ProfileChanges {
        name: None,
        phone: None,
        time_zone: Some("Asia/Tokyo".into()),
    };
    accounts::profile::update_profile(&ctx_at(&store, moved_at), &traveller, &changes)
        .await
        .unwrap();
    run_clock(
        &worker,
        "2026-01-10T18:15:00Z",
        "2026-01-11T12:00:00Z",
        step,
    )
    .await;
    assert_eq!(
        reminders(&store).await,
        [
            ("Home 10 mg".to_owned(), "2026-01-10T08:00:00Z".to_owned()),
            ("Local 10 mg".to_owned(), "2026-01-10T08:00:00Z".to_owned()),
            // 08:00 in Tokyo.
            ("Local 10 mg".to_owned(), "2026-01-10T23:00:00Z".to_owned()),
            // 08:00 at home.
            ("Home 10 mg".to_owned(), "2026-01-11T08:00:00Z".to_owned()),
        ]
    );
}

async fn two_workers_and_a_dead_one_send_each_reminder_exactly_once(driver: Driver) {
    let store = empty_store(driver).await;
    let added: Timestamp = "2026-02-01T00:00:00Z".parse().unwrap();
    for n in 0..20 {
        let person = patient(&store, &format!("p{n}@example.org"), "UTC").await;
        let input = daily(
            &format!("M{n:02}"),
            &[time(9, 0, 0, 0)],
            date(2026, 2, 1),
            ZoneRule::FollowMe,
        );
        medications::add(&via(&store, &sink(&store), added), &person, input)
            .await
            .unwrap();
    }
    // A worker claims five jobs and dies before running them.
    let due: Timestamp = "2026-02-01T09:00:00Z".parse().unwrap();
    let mut claimed = 0;
    let dead = scheduler(&store).queue();
    for shard in 0..keys::JOB_SHARDS {
        let page = store
            .query(
                Query::partition(keys::due_shard(shard))
                    .on(Index::Gsi1)
                    .range(keys::due_by(due)),
            )
            .await
            .unwrap();
        for item in page.items.into_iter().take(5 - claimed.min(5)) {
            let taken = dead.claim(&item.key, due).await.unwrap();
            assert!(matches!(taken, Claimed::Mine(_)));
            claimed += 1;
        }
    }
    assert_eq!(claimed, 5);
    // Two live workers at once, before the dead one's lease ends.
    let (a, b) = (scheduler(&store), scheduler(&store));
    let (ran_a, ran_b) = tokio::join!(a.run_due(due), b.run_due(due));
    assert_eq!(ran_a.unwrap() + ran_b.unwrap(), 15);
    assert_eq!(reminders(&store).await.len(), 15);
    // After the lease, the dead worker's jobs are taken over, once.
    let later = due + SignedDuration::from_secs(31);
    let (ran_a, ran_b) = tokio::join!(a.run_due(later), b.run_due(later));
    assert_eq!(ran_a.unwrap() + ran_b.unwrap(), 5);
    let sent = reminders(&store).await;
    assert_eq!(sent.len(), 20);
    let mut names: Vec<&str> = sent.iter().map(|(n, _)| n.as_str()).collect();
    names.dedup();
    assert_eq!(names.len(), 20, "each medication reminded once");
    assert!(sent.iter().all(|(_, at)| at == "2026-02-01T09:00:00Z"));
}

async fn a_patient_logs_doses_and_others_read_them_only_as_allowed(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let pat = &clinic.patient;
    let me = clinic.app.me(&pat.token).await;
    // Twice a day, every day from yesterday, with 5 tablets and a refill
    // reminder under 2 days.
    let today = Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get(&me.time_zone).unwrap())
        .date();
    let mut input = daily(
        "Metformin",
        &[time(0, 0, 0, 0), time(12, 0, 0, 0)],
        today.yesterday().unwrap(),
        ZoneRule::FollowMe,
    );
    input.supply = Some(Supply {
        on_hand: 5,
        per_dose: 1,
        refill_when_days_left: 2,
    });
    let response = clinic
        .post(&pat.token, "/api/v1/me/medications", &json!(input))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let medication: Medication = response.json().await.unwrap();
    assert!(medication.next_dose_at.is_some());
    // Bad input is refused whole.
    let mut bad = input.clone();
    bad.schedule.times.clear();
    let response = clinic
        .post(&pat.token, "/api/v1/me/medications", &json!(bad))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let day_path = format!("/api/v1/patients/{}/doses", pat.id);
    let doses: Vec<Dose> = clinic.read(&pat.token, &day_path).await;
    assert_eq!(doses.len(), 2, "today's two doses");
    let first = doses[0].scheduled_at;
    let path = format!("/api/v1/medications/{}/doses", medication.id);
    let taken = clinic
        .post(
            &pat.token,
            &path,
            &json!({"action": "taken", "scheduled_at": first}),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::OK);
    let again = clinic
        .post(
            &pat.token,
            &path,
            &json!({"action": "skipped", "scheduled_at": first}),
        )
        .await;
    assert_eq!(error_code(again).await, "already_logged");
    let not_a_dose = clinic
        .post(
            &pat.token,
            &path,
            &json!({"action": "taken", "scheduled_at": first + SignedDuration::from_mins(7)}),
        )
        .await;
    assert_eq!(not_a_dose.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let skipped = clinic
        .post(
            &pat.token,
            &path,
            &json!({"action": "skipped", "scheduled_at": doses[1].scheduled_at, "reason": "Upset stomach"}),
        )
        .await;
    assert_eq!(skipped.status(), StatusCode::OK);
    let doses: Vec<Dose> = clinic.read(&pat.token, &day_path).await;
    assert_eq!(doses[0].status, Some(DoseStatus::Taken));
    assert_eq!(doses[1].status, Some(DoseStatus::Skipped));
    assert_eq!(doses[1].reason.as_deref(), Some("Upset stomach"));
    // One tablet used: 4 left, 2 days at two a day: not yet under 2.
    let read: Medication = clinic
        .read(
            &pat.token,
            &format!("/api/v1/medications/{}", medication.id),
        )
        .await;
    assert_eq!(read.details.supply.unwrap().on_hand, 4);
    // An extra dose leaves 3, a day and a half: under 2 days, a refill notice.
    let extra = clinic
        .post(&pat.token, &path, &json!({"action": "taken"}))
        .await;
    assert_eq!(extra.status(), StatusCode::OK);
    let notes = crate::appointments::inbox(&clinic, pat, 1).await;
    assert!(
        notes.iter().any(|n| n.event == "medication.refill_soon"),
        "{notes:?}"
    );

    // Another patient cannot see or touch it; a doctor without a visit cannot read it.
    let other = register_patient(&clinic.app, "other@example.org").await;
    let list_path = format!("/api/v1/patients/{}/medications", pat.id);
    for token in [&other.token, &clinic.doctor.token] {
        assert_eq!(
            clinic.app.get_as(&list_path, token).await.status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            clinic.app.get_as(&day_path, token).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let response = clinic
        .post(&other.token, &path, &json!({"action": "taken"}))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // The doctor may once the patient booked them; the read is in the access log.
    let slot = clinic.free_slots().await[0];
    assert_eq!(
        clinic.book_as(pat, slot).await.status(),
        StatusCode::CREATED
    );
    let listed: Vec<Medication> = clinic.read(&clinic.doctor.token, &list_path).await;
    assert_eq!(listed.len(), 1);
    let log: medtrack_shared::Page<medtrack_shared::account::AccessLogEntry> =
        clinic.read(&pat.token, "/api/v1/me/access-log").await;
    assert!(log.items.iter().any(|e| e.what == "medications"));

    // Pausing stops the next dose; removing keeps the logged doses.
    let paused: Medication = clinic
        .post(
            &pat.token,
            &format!("/api/v1/medications/{}/pause", medication.id),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(paused.paused && paused.next_dose_at.is_none());
    let removed = clinic
        .app
        .client
        .delete(
            clinic
                .app
                .url(&format!("/api/v1/medications/{}", medication.id)),
        )
        .bearer_auth(&pat.token)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    let doses: Vec<Dose> = clinic.read(&pat.token, &day_path).await;
    assert_eq!(doses.len(), 3, "the log stays: two doses and the extra one");
}

async fn adherence_counts_taken_doses_over_7_and_30_days(driver: Driver) {
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
    // Ten days: every morning dose, and the evening doses of the first five.
    for day in 10..20 {
        for (hour, take) in [(8, true), (20, day < 15)] {
            if !take {
                continue;
            }
            let at: Timestamp = format!("2026-01-{day}T{hour:02}:00:00Z").parse().unwrap();
            let action = medtrack_shared::medication::DoseAction::Taken {
                scheduled_at: Some(at),
                taken_at: None,
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
            .map(|c| (c.due, c.taken))
    };
    assert_eq!(day(12), Some((2, 2)));
    assert_eq!(day(15), Some((2, 1)));
    assert_eq!(day(20), Some((0, 0)));
    assert_eq!(day(9), Some((0, 0)), "before it was added");
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
        Some(100),
        "10 of 10 before the pause"
    );
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
        Some(93),
        "15 logged and taken, of those and the 09:00 dose of the 20th"
    );
}

async fn a_visits_prescription_becomes_medications_in_one_step(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let slot = clinic.free_slots().await[0];
    let booked: medtrack_shared::appointment::Appointment = clinic
        .book_as(&clinic.patient, slot)
        .await
        .json()
        .await
        .unwrap();
    let id = booked.id.to_string();
    let doctor = &clinic.doctor.token;
    let path = format!("/api/v1/appointments/{id}/prescription/add-to-medications");
    // Not before the visit is completed.
    let early = clinic.post(&clinic.patient.token, &path, &json!({})).await;
    assert_eq!(error_code(early).await, "no_prescription");
    for action in ["confirm", "check_in", "start_consultation"] {
        let response = clinic.act(doctor, &id, json!({"action": action})).await;
        assert_eq!(response.status(), StatusCode::OK, "{action}");
    }
    let completed = clinic
        .act(
            doctor,
            &id,
            json!({"action": "complete", "consultation": {
                "diagnosis": "Otitis media",
                "prescription": [
                    {"drug": "Amoxicillin", "dose": "500 mg", "frequency": "three times a day", "duration": "7 days"},
                    {"drug": "Ibuprofen", "dose": "200 mg", "frequency": "as needed for pain", "duration": "5 days"}
                ],
                "notes": ""
            }}),
        )
        .await;
    assert_eq!(completed.status(), StatusCode::OK);
    // Only the patient adds it, once.
    let by_doctor = clinic.post(doctor, &path, &json!({})).await;
    assert_eq!(by_doctor.status(), StatusCode::FORBIDDEN);
    let other = register_patient(&clinic.app, "other@example.org").await;
    let by_other = clinic.post(&other.token, &path, &json!({})).await;
    assert_eq!(by_other.status(), StatusCode::NOT_FOUND);
    let added = clinic.post(&clinic.patient.token, &path, &json!({})).await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let added: Vec<Medication> = added.json().await.unwrap();
    assert_eq!(added.len(), 2);
    let amoxicillin = &added[0].details;
    assert_eq!(amoxicillin.name, "Amoxicillin");
    assert_eq!(amoxicillin.strength, "500 mg");
    assert_eq!(amoxicillin.schedule.times.len(), 3);
    let days = amoxicillin.schedule.end.unwrap() - amoxicillin.schedule.start;
    assert_eq!(days.get_days(), 6, "seven days, the first included");
    assert!(added[1].details.schedule.as_needed);
    let again = clinic.post(&clinic.patient.token, &path, &json!({})).await;
    assert_eq!(error_code(again).await, "already_added");
    let listed: Vec<Medication> = clinic
        .read(
            &clinic.patient.token,
            &format!("/api/v1/patients/{}/medications", clinic.patient.id),
        )
        .await;
    assert_eq!(listed.len(), 2);
}

async fn a_dose_still_not_taken_is_told_to_the_doctor_when_the_patient_asked(driver: Driver) {
    let store = empty_store(driver).await;
    let people =
        crate::workflow::people(&store, crate::workflow::all_day("UTC", (0, 0), (23, 0), 60)).await;
    let patient = &people.patient;
    let added: Timestamp = "2026-02-01T00:00:00Z".parse().unwrap();
    // The patient booked the doctor: a care relationship.
    let request = medtrack_shared::appointment::BookingRequest {
        doctor_id: people.doctor.id,
        starts_at: "2026-02-10T10:00:00Z".parse().unwrap(),
        reason: "Review".into(),
        priority: medtrack_shared::appointment::Priority::Normal,
    };
    medtrack::domain::appointments::booking::book(&ctx_at(&store, added), patient, &request)
        .await
        .unwrap();
    let told = |name: &str| {
        let mut input = daily(
            name,
            &[time(9, 0, 0, 0)],
            date(2026, 2, 1),
            ZoneRule::FollowMe,
        );
        input.missed = MissedDoses {
            grace_minutes: 30,
            escalate_after_minutes: Some(120),
            caregiver: None,
            tell_doctor: true,
        };
        input
    };
    let forgotten = medications::add(
        &via(&store, &sink(&store), added),
        patient,
        told("Forgotten"),
    )
    .await
    .unwrap();
    let late = medications::add(&via(&store, &sink(&store), added), patient, told("Late"))
        .await
        .unwrap();
    // One caregiver by text message, another by email.
    let caregiver = |name: &str, email: Option<&str>, phone: Option<&str>| {
        Some(medtrack_shared::medication::Caregiver {
            name: name.into(),
            email: email.map(str::to_owned),
            phone: phone.map(str::to_owned),
        })
    };
    let mut watched = told("Watched");
    watched.missed.tell_doctor = false;
    watched.missed.caregiver = caregiver("Ann", None, Some("+447700900111"));
    medications::add(&via(&store, &sink(&store), added), patient, watched)
        .await
        .unwrap();
    let mut mailed = told("Mailed");
    mailed.missed.tell_doctor = false;
    mailed.missed.caregiver = caregiver("Bo", Some(" Bo@Example.org "), None);
    let mailed = medications::add(&via(&store, &sink(&store), added), patient, mailed)
        .await
        .unwrap();
    assert_eq!(
        mailed.details.missed.caregiver.unwrap().email.as_deref(),
        Some("bo@example.org")
    );
    assert_eq!(
        mailed.caregiver_email_status,
        Some(medtrack_shared::delivery::EmailStatus::Active)
    );

    let worker = scheduler(&store);
    let step = SignedDuration::from_mins(10);
    run_clock(
        &worker,
        "2026-02-01T08:50:00Z",
        "2026-02-01T10:00:00Z",
        step,
    )
    .await;
    // The late one is taken after it counted as missed, before the doctor is told.
    let action = medtrack_shared::medication::DoseAction::Taken {
        scheduled_at: Some("2026-02-01T09:00:00Z".parse().unwrap()),
        taken_at: None,
    };
    medications::doses::act(
        &ctx_at(&store, "2026-02-01T10:05:00Z".parse().unwrap()),
        patient,
        &late.id,
        action,
    )
    .await
    .unwrap();
    run_clock(
        &worker,
        "2026-02-01T10:10:00Z",
        "2026-02-01T12:00:00Z",
        step,
    )
    .await;
    let to_doctor: Vec<(String, Option<String>)> = store
        .query(Query::partition(keys::OUTBOX))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|item| {
            let entry: OutboxEntry = item.into_record().unwrap();
            match entry.event {
                Event::Medication(notice)
                    if notice.change == MedicationChange::PatientMissed
                        && entry.recipient == people.doctor.id =>
                {
                    Some((notice.name, notice.patient_name))
                }
                _ => None,
            }
        })
        .collect();
    assert_eq!(
        to_doctor,
        [("Forgotten 10 mg".to_owned(), Some("Pat Doe".to_owned()))]
    );
    assert_ne!(forgotten.id, late.id);

    // The caregiver's text message goes to their number, naming no medicine;
    // the patient's inbox says it was sent.
    let dispatcher = medtrack::workers::Dispatcher::new(ctx(&store));
    dispatcher
        .dispatch_due("2026-02-01T12:00:00Z".parse().unwrap())
        .await
        .unwrap();
    let texts: Vec<String> =
        medtrack::domain::notifications::sent_messages(&ctx(&store), 100, None)
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|m| m.to == "+447700900111")
            .map(|m| m.body)
            .collect();
    assert_eq!(
        texts,
        ["MedTrack: Pat Doe has not marked the 09:00 GMT dose of a medicine as taken. They asked us to tell you."]
    );
    let mails: Vec<(Option<String>, String)> =
        medtrack::domain::notifications::sent_messages(&ctx(&store), 100, None)
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|m| m.to == "bo@example.org")
            .map(|m| (m.subject, m.body))
            .collect();
    assert_eq!(mails.len(), 1, "one email to the caregiver");
    assert_eq!(
        mails[0].0.as_deref(),
        Some("MedTrack: Pat Doe may have missed a dose")
    );
    assert!(mails[0].1.contains("09:00 GMT dose of a medicine") && !mails[0].1.contains("Mailed"));
    let inbox =
        medtrack::domain::notifications::inbox::list(&ctx(&store), &patient.id, false, 100, None)
            .await
            .unwrap();
    for told in ["telling Ann by text message,", "telling Bo by email,"] {
        assert!(
            inbox
                .items
                .iter()
                .any(|n| n.event == "medication.caregiver_told" && n.body.contains(told)),
            "{told}"
        );
    }
}

async fn a_dose_logged_ahead_of_its_time_is_not_reminded(driver: Driver) {
    let store = empty_store(driver).await;
    let person = patient(&store, "early@example.org", "UTC").await;
    let added: Timestamp = "2026-02-01T00:00:00Z".parse().unwrap();
    let input = daily(
        "Early",
        &[time(9, 0, 0, 0), time(10, 0, 0, 0)],
        date(2026, 2, 1),
        ZoneRule::FollowMe,
    );
    let medication = medications::add(&via(&store, &sink(&store), added), &person, input)
        .await
        .unwrap();
    // At 08:00 the patient skips the 09:00 dose.
    let skip = medtrack_shared::medication::DoseAction::Skipped {
        scheduled_at: "2026-02-01T09:00:00Z".parse().unwrap(),
        reason: "Fasting for a blood test".into(),
    };
    medications::doses::act(
        &ctx_at(&store, "2026-02-01T08:00:00Z".parse().unwrap()),
        &person,
        &medication.id,
        skip,
    )
    .await
    .unwrap();
    run_clock(
        &scheduler(&store),
        "2026-02-01T08:50:00Z",
        "2026-02-01T12:00:00Z",
        SignedDuration::from_mins(10),
    )
    .await;
    // Only the 10:00 dose was reminded; the 09:00 one stays skipped, not missed.
    assert_eq!(
        reminders(&store).await,
        [("Early 10 mg".to_owned(), "2026-02-01T10:00:00Z".to_owned())]
    );
    let (dose, _) = medications::doses::logged(
        &store,
        &person.id,
        "2026-02-01T09:00:00Z".parse().unwrap(),
        &medication.id,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(dose.status, Some(DoseStatus::Skipped));
}

async fn the_worker_knows_when_the_next_job_is_due(driver: Driver) {
    let store = empty_store(driver).await;
    let added: Timestamp = "2026-02-01T00:00:00Z".parse().unwrap();
    let worker = scheduler(&store);
    assert_eq!(
        worker.next_due(added).await.unwrap(),
        None,
        "nothing scheduled"
    );
    for (n, hour) in [(0, 9), (1, 8)] {
        let person = patient(&store, &format!("next{n}@example.org"), "UTC").await;
        let input = daily(
            &format!("N{n}"),
            &[time(hour, 0, 0, 0)],
            date(2026, 2, 1),
            ZoneRule::FollowMe,
        );
        medications::add(&via(&store, &sink(&store), added), &person, input)
            .await
            .unwrap();
    }
    let at = |text: &str| Some(text.parse::<Timestamp>().unwrap());
    assert_eq!(
        worker.next_due(added).await.unwrap(),
        at("2026-02-01T08:00:00Z")
    );
    // Due now is not next; after the 08:00 reminder, its missed check and the
    // 09:00 reminder are next, then the 10:00 check and tomorrow's doses.
    assert_eq!(
        worker
            .next_due(at("2026-02-01T08:00:00Z").unwrap())
            .await
            .unwrap(),
        at("2026-02-01T09:00:00Z")
    );
    run_clock(
        &worker,
        "2026-02-01T08:00:00Z",
        "2026-02-01T09:00:00Z",
        SignedDuration::from_hours(1),
    )
    .await;
    assert_eq!(
        worker
            .next_due(at("2026-02-01T09:00:00Z").unwrap())
            .await
            .unwrap(),
        at("2026-02-01T10:00:00Z")
    );
}
