//! Paging of `$everything` on both drivers: over a patient with 500 mood
//! entries, every `_count` from 1 to 7 returns each resource exactly once,
//! every page but the last is full, every next link keeps every parameter,
//! and the last page has no next link.

use jiff::{SignedDuration, Timestamp};
use medtrack::store::{keys, Condition, Item, Key};
use medtrack_shared::record::MoodEntry;
use medtrack_shared::{MoodEntryId, UserId};

use crate::clinic::Clinic;
use crate::fhir_support::{ids_of, next_link, pages, resources};
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(five_hundred_resources_page_exactly_once_at_every_count);

const ENTRIES: usize = 500;

/// `ENTRIES` mood entries, a day apart, written as the diary writes them.
async fn diary(clinic: &Clinic) {
    let patient: UserId = clinic.patient.id.parse().unwrap();
    let start = Timestamp::now() - SignedDuration::from_hours(24 * ENTRIES as i64);
    for n in 0..ENTRIES {
        let at = start + SignedDuration::from_hours(24 * n as i64);
        let seconds = u64::try_from(at.as_second()).unwrap();
        let uuid = uuid::Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, seconds, 0));
        let entry = MoodEntry {
            id: MoodEntryId::from_uuid(uuid),
            patient,
            score: u8::try_from(n % 10 + 1).unwrap(),
            tags: Vec::new(),
            note: String::new(),
            at,
            day: at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
            updated_at: at,
        };
        let key = Key::new(keys::mood_log(&patient), entry.id.to_string());
        let item = Item::from_record(key, &entry).unwrap();
        clinic
            .app
            .store
            .put(item, Condition::NotExists)
            .await
            .unwrap();
    }
}

async fn five_hundred_resources_page_exactly_once_at_every_count(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    diary(&clinic).await;
    let token = &clinic.patient.token;
    let params =
        "start=2000-01-01&end=2200-12-31&_since=2000-01-01T00:00:00Z&_type=Observation,Patient";
    for count in 1..=7 {
        let first = format!(
            "/api/fhir/r4/Patient/{}/$everything?{params}&_count={count}",
            clinic.patient.id
        );
        let bundles = pages(&clinic.app, token, &first).await;
        let (last, full) = bundles.split_last().unwrap();
        for page in full {
            assert_eq!(
                page["entry"].as_array().unwrap().len(),
                count,
                "a full page"
            );
            let next = next_link(page).unwrap();
            for kept in params
                .split('&')
                .chain([format!("_count={count}").as_str()])
            {
                let (name, value) = kept.split_once('=').unwrap();
                let spelled = form_urlencoded::Serializer::new(String::new())
                    .append_pair(name, value)
                    .finish();
                assert!(next.contains(&spelled), "{next} keeps {kept}");
            }
        }
        assert!(next_link(last).is_none());
        assert!(
            !last["entry"].as_array().unwrap().is_empty(),
            "no empty last page"
        );
        let found = resources(&bundles);
        let ids = ids_of(&found);
        assert_eq!(found.len(), ENTRIES + 1, "_count={count}");
        assert_eq!(ids.len(), ENTRIES + 1, "_count={count}: each once");
    }
    // The filters hold: care before a date leaves out what came after.
    let half = Timestamp::now() - SignedDuration::from_hours(24 * (ENTRIES as i64 / 2));
    let day = half.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let first = format!(
        "/api/fhir/r4/Observation?patient={}&_count=100&_since=2000-01-01T00:00:00Z",
        clinic.patient.id
    );
    assert_eq!(
        resources(&pages(&clinic.app, token, &first).await).len(),
        ENTRIES
    );
    let first = format!(
        "/api/fhir/r4/Patient/{}/$everything?_type=Observation&end={day}&_count=100",
        clinic.patient.id
    );
    let before = resources(&pages(&clinic.app, token, &first).await).len();
    assert!(
        (ENTRIES / 2 - 1..=ENTRIES / 2 + 1).contains(&before),
        "{before}"
    );
}
