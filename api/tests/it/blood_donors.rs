//! Donors over HTTP on both drivers: each interval between donations
//! counted in days of the donor's own time zone, to the minute of its
//! boundary; and a call that reaches exactly the eligible, confirmed donors
//! whose units suit the group, who answer with a time.

use std::time::Duration;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use medtrack_shared::blood::donors::{DonationKind, DonorCall, DonorPage, Invitation};
use medtrack_shared::Page;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::auth::{patient, sign_in};
use crate::clinic::{error_code, register, Clinic, Person};
use crate::helpers::{on_both_drivers, Driver};
use crate::record_problems::expect;

on_both_drivers!(
    a_donor_waits_each_interval_in_their_own_time_zone,
    a_call_reaches_the_eligible_donors_whose_units_suit,
);

const AUCKLAND: &str = "Pacific/Auckland";

/// A patient in `zone` registered as a donor, confirmed `group` unless
/// `confirmed` is false.
async fn donor(clinic: &Clinic, email: &str, zone: &str, group: &str, confirmed: bool) -> Person {
    let mut body = patient(email);
    body["time_zone"] = json!(zone);
    let me = register(&clinic.app, body).await;
    let person = Person {
        id: me.id.to_string(),
        token: sign_in(&clinic.app, email).await.access_token,
    };
    let registered = clinic
        .post(
            &person.token,
            "/api/v1/blood/donor",
            &json!({"group": group}),
        )
        .await;
    assert_eq!(registered.status(), StatusCode::CREATED);
    if confirmed {
        let path = format!("/api/v1/blood/donors/{}/confirm", person.id);
        let body = json!({"group": group, "tested_on": "2026-01-05"});
        let answer = clinic.post(&clinic.admin.token, &path, &body).await;
        assert_eq!(answer.status(), StatusCode::OK);
    }
    person
}

async fn give(
    clinic: &Clinic,
    donor: &Person,
    number: &str,
    kind: &str,
    at: Timestamp,
) -> reqwest::Response {
    let body = json!({
        "donor": donor.id, "number": number, "kind": kind, "volume_ml": 450, "collected_at": at,
    });
    clinic
        .post(&clinic.admin.token, "/api/v1/blood/donations", &body)
        .await
}

fn local(day: Date, hour: i8, minute: i8, tz: &TimeZone) -> Timestamp {
    day.at(hour, minute, 0, 0)
        .to_zoned_datetime(tz.clone())
        .unwrap()
        .timestamp()
}

async fn a_donor_waits_each_interval_in_their_own_time_zone(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let tz = jiff::tz::db().get(AUCKLAND).unwrap();
    let today = Timestamp::now().to_zoned_datetime(tz.clone()).date();
    let kinds = [
        (DonationKind::WholeBlood, "whole_blood", 56),
        (DonationKind::DoubleRedCells, "double_red_cells", 112),
        (DonationKind::Platelets, "platelets", 7),
        (DonationKind::Plasma, "plasma", 28),
    ];
    for (n, (kind, name, days)) in kinds.into_iter().enumerate() {
        let person = donor(
            &clinic,
            &format!("donor{n}@example.org"),
            AUCKLAND,
            "O-",
            true,
        )
        .await;
        let first_day = today.checked_sub((days + 3).days()).unwrap();
        // 08:00 in Auckland is the evening before in UTC: the day that
        // counts is Auckland's.
        let first = local(first_day, 8, 0, &tz);
        let given = give(&clinic, &person, &format!("INT-{n}-1"), name, first).await;
        assert_eq!(given.status(), StatusCode::CREATED, "{name}");
        let from = first_day.checked_add(days.days()).unwrap();
        let page: DonorPage = clinic.read(&person.token, "/api/v1/blood/donor").await;
        let shown = page.eligibility.iter().find(|e| e.kind == kind).unwrap();
        assert_eq!((shown.from, shown.now), (Some(from), true), "{name}");

        let early = local(from, 0, 0, &tz) - jiff::SignedDuration::from_mins(1);
        let refused = give(&clinic, &person, &format!("INT-{n}-2"), name, early).await;
        assert_eq!(refused.status(), StatusCode::CONFLICT, "{name}");
        assert_eq!(error_code(refused).await, "not_eligible");
        let on_time = give(
            &clinic,
            &person,
            &format!("INT-{n}-3"),
            name,
            local(from, 0, 0, &tz),
        )
        .await;
        assert_eq!(on_time.status(), StatusCode::CREATED, "{name}");
        let page: DonorPage = clinic.read(&person.token, "/api/v1/blood/donor").await;
        assert_eq!(page.donor.unwrap().donations.len(), 2);
    }
}

async fn a_call_reaches_the_eligible_donors_whose_units_suit(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let admin = &clinic.admin.token;
    let ready = donor(&clinic, "ready@example.org", "Europe/Lisbon", "O-", true).await;
    let other_group = donor(&clinic, "apos@example.org", "Europe/Lisbon", "A+", true).await;
    let recent = donor(&clinic, "recent@example.org", "Europe/Lisbon", "O-", true).await;
    let unconfirmed = donor(&clinic, "unsure@example.org", "Europe/Lisbon", "O-", false).await;
    let ten_days_ago = Timestamp::now() - jiff::SignedDuration::from_hours(240);
    let given = give(&clinic, &recent, "CALL-0001", "whole_blood", ten_days_ago).await;
    assert_eq!(given.status(), StatusCode::CREATED);

    let body = json!({"component": "red_cells", "group": "O-"});
    let call: DonorCall = expect(
        clinic.post(admin, "/api/v1/blood/calls", &body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        call.donor_groups
            .iter()
            .map(|g| g.code())
            .collect::<Vec<_>>(),
        ["O-"]
    );
    let mut page = DonorPage {
        donor: None,
        eligibility: Vec::new(),
        calls: Vec::new(),
    };
    for _ in 0..100 {
        page = clinic.read(&ready.token, "/api/v1/blood/donor").await;
        if !page.calls.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(page.calls.len(), 1);
    assert_eq!(page.calls[0].kind, DonationKind::DoubleRedCells);
    for left_out in [&other_group, &recent, &unconfirmed] {
        let page: DonorPage = clinic.read(&left_out.token, "/api/v1/blood/donor").await;
        assert!(page.calls.is_empty());
    }
    // The notice names the group, never a patient.
    let mut told = Vec::new();
    for _ in 0..100 {
        let inbox: Value = clinic.read(&ready.token, "/api/v1/me/notifications").await;
        told = inbox["items"].as_array().unwrap().clone();
        if !told.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(told[0]["event"], "blood.donor_call");

    let come_at = Timestamp::now() + jiff::SignedDuration::from_hours(48);
    let answer = json!({"willing": true, "come_at": come_at});
    let path = format!("/api/v1/blood/calls/{}/answer", call.id);
    let answered: Invitation = expect(
        clinic.post(&ready.token, &path, &answer).await,
        StatusCode::OK,
    )
    .await;
    assert!(answered.answer.unwrap().willing);
    let response = clinic.post(&other_group.token, &path, &answer).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // Changing one's mind moves the count.
    let no = json!({"willing": false});
    let _: Invitation = expect(clinic.post(&ready.token, &path, &no).await, StatusCode::OK).await;
    let calls: Page<DonorCall> = clinic.read(admin, "/api/v1/blood/calls").await;
    let counts = &calls.items[0];
    assert_eq!((counts.asked, counts.willing, counts.declined), (1, 0, 1));
    let invited: Vec<Invitation> = clinic
        .read(
            admin,
            &format!("/api/v1/blood/calls/{}/invitations", call.id),
        )
        .await;
    assert_eq!(invited.len(), 1);
    assert_eq!(invited[0].donor.id.to_string(), ready.id);
}
