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

// Adherence has a file of its own, beside this one.
#[path = "medications_adherence.rs"]
mod adherence;
use adherence::adherence_counts_taken_doses_over_7_and_30_days;

// So have the doses: logging, prescriptions, missed doses.
#[path = "medications_doses.rs"]
mod doses;
use doses::{
    a_dose_logged_ahead_of_its_time_is_not_reminded,
    a_dose_still_not_taken_is_told_to_the_doctor_when_the_patient_asked,
    a_patient_logs_doses_and_others_read_them_only_as_allowed,
    a_visits_prescription_becomes_medications_in_one_step,
};

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
