//! The blood bank over HTTP on both drivers: units from donation to
//! transfusion with the compatibility and crossmatch checks, first-expiring
//! first, expired units out of stock by themselves, 100 requests racing for
//! 10 units, and one stock alert per crossing of a threshold.

use std::time::Duration;

use futures::StreamExt;
use jiff::{SignedDuration, Timestamp};
use medtrack_shared::blood::requests::{BloodRequest, RequestDetail, RequestState};
use medtrack_shared::blood::stock::Stock;
use medtrack_shared::blood::units::{DiscardReason, Unit, UnitDetail, UnitState};
use medtrack_shared::Page;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::clinic::{error_code, put, Clinic};
use crate::helpers::{on_both_drivers, Driver};
use crate::record_problems::{cared_for, expect};

on_both_drivers!(
    units_go_from_donation_to_transfusion,
    expired_units_leave_the_stock_by_themselves,
    ten_of_a_hundred_racing_reservations_win,
    the_admins_are_told_once_per_crossing,
);

/// Records a donation of `kind` and group `group` collected `ago` before
/// now: its units.
pub(crate) async fn donate(
    clinic: &Clinic,
    number: &str,
    group: &str,
    kind: &str,
    ago: SignedDuration,
) -> Vec<Unit> {
    let body = json!({
        "group": group, "number": number, "kind": kind, "volume_ml": 280,
        "collected_at": Timestamp::now() - ago,
    });
    let response = clinic
        .post(&clinic.admin.token, "/api/v1/blood/donations", &body)
        .await;
    expect(response, StatusCode::CREATED).await
}

/// A unit released to stock by its tests.
pub(crate) async fn release(clinic: &Clinic, unit: &Unit) {
    let path = format!("/api/v1/blood/units/{}/tests", unit.id);
    let response = clinic
        .post(&clinic.admin.token, &path, &json!({"passed": true}))
        .await;
    let released: Unit = expect(response, StatusCode::OK).await;
    assert_eq!(released.state, UnitState::Available);
}

/// Units of group `group` in stock, each collected a day earlier than the last.
async fn stocked(clinic: &Clinic, prefix: &str, group: &str, count: usize) -> Vec<Unit> {
    let mut units = Vec::new();
    for n in 0..count {
        let ago = SignedDuration::from_hours(24 * (n as i64 + 1));
        let made = donate(
            clinic,
            &format!("{prefix}-{n:04}"),
            group,
            "whole_blood",
            ago,
        )
        .await;
        for unit in &made {
            release(clinic, unit).await;
        }
        units.extend(made);
    }
    units
}

async fn request(clinic: &Clinic, units: u8, urgency: &str) -> BloodRequest {
    let body = json!({
        "patient": clinic.patient.id, "component": "whole_blood", "units": units,
        "urgency": urgency, "indication": "Postpartum haemorrhage",
    });
    let response = clinic
        .post(&clinic.doctor.token, "/api/v1/blood/requests", &body)
        .await;
    expect(response, StatusCode::CREATED).await
}

pub(crate) async fn type_patient(clinic: &Clinic, group: &str) {
    let path = format!("/api/v1/patients/{}/blood-typing", clinic.patient.id);
    let body = json!({"group": group, "tested_on": "2026-01-05"});
    let response = put(&clinic.app, &clinic.doctor.token, &path, &body).await;
    assert_eq!(response.status(), StatusCode::OK);
}

pub(crate) fn on(request: &BloodRequest, step: &str) -> String {
    format!("/api/v1/blood/requests/{}/{step}", request.id)
}

async fn units_go_from_donation_to_transfusion(driver: Driver) {
    let clinic = cared_for(driver).await;
    let admin = &clinic.admin.token;
    // Double red cells make two units; a number is recorded once.
    let pair = donate(
        &clinic,
        "DRC-0001",
        "O-",
        "double_red_cells",
        SignedDuration::ZERO,
    )
    .await;
    assert_eq!(pair.len(), 2);
    assert!(pair.iter().all(|u| u.state == UnitState::Quarantined));
    let again = json!({"group": "O-", "number": "DRC-0001", "kind": "plasma", "volume_ml": 200});
    let response = clinic.post(admin, "/api/v1/blood/donations", &again).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "duplicate_donation");

    // Whole blood: O- units of mixed ages, and A+ that never suits O-.
    let o_neg = stocked(&clinic, "ONEG", "O-", 4).await;
    let a_pos = stocked(&clinic, "APOS", "A+", 1).await;
    let wanted = request(&clinic, 2, "routine").await;
    // No confirmed typing: nothing is offered, nothing can be reserved.
    let detail: RequestDetail = clinic
        .read(
            &clinic.doctor.token,
            &format!("/api/v1/blood/requests/{}", wanted.id),
        )
        .await;
    assert!(detail.typing.is_none() && detail.proposals.is_empty());
    let response = clinic
        .post(&clinic.doctor.token, &on(&wanted, "reserve"), &json!({}))
        .await;
    assert_eq!(error_code(response).await, "no_typing");

    type_patient(&clinic, "O-").await;
    let detail: RequestDetail = clinic
        .read(
            &clinic.doctor.token,
            &format!("/api/v1/blood/requests/{}", wanted.id),
        )
        .await;
    let offered: Vec<_> = detail.proposals.iter().map(|p| p.unit.id).collect();
    // First-expiring first: the oldest collection first; never the A+.
    let by_age: Vec<_> = o_neg.iter().rev().map(|u| u.id).collect();
    assert_eq!(offered, by_age);
    // Named units that do not suit are refused.
    let wrong = json!({"units": [a_pos[0].id]});
    let response = clinic
        .post(&clinic.doctor.token, &on(&wanted, "reserve"), &wrong)
        .await;
    assert_eq!(error_code(response).await, "not_compatible");

    let reserved: RequestDetail = expect(
        clinic
            .post(&clinic.doctor.token, &on(&wanted, "reserve"), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reserved.request.state, RequestState::Reserved);
    assert_eq!(reserved.request.reserved, by_age[..2].to_vec());
    // Red cells leave only after a crossmatch.
    let response = clinic.post(admin, &on(&wanted, "issue"), &json!({})).await;
    assert_eq!(error_code(response).await, "crossmatch_required");
    let crossmatch = json!({"method": "crossmatch", "compatible": true});
    let _: RequestDetail = expect(
        clinic
            .post(admin, &on(&wanted, "crossmatch"), &crossmatch)
            .await,
        StatusCode::OK,
    )
    .await;
    let issued: RequestDetail = expect(
        clinic.post(admin, &on(&wanted, "issue"), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(issued.request.state, RequestState::Issued);
    assert!(issued.units.iter().all(|u| u.state == UnitState::Issued));

    let stock: Stock = clinic.read(admin, "/api/v1/blood/stock").await;
    let line = stock
        .lines
        .iter()
        .find(|l| l.group.code() == "O-" && l.component.as_str() == "whole_blood")
        .unwrap();
    assert_eq!((line.available, line.issued_30d), (2, 2));
    assert_eq!(line.days_of_cover, Some(30.0));

    // A unit returned unused goes back to stock, its issue no longer counted.
    let back = format!("/api/v1/blood/units/{}/return", by_age[0]);
    let returned: Unit = expect(clinic.post(admin, &back, &json!({})).await, StatusCode::OK).await;
    assert_eq!(returned.state, UnitState::Available);
    let stock: Stock = clinic.read(admin, "/api/v1/blood/stock").await;
    let line = stock
        .lines
        .iter()
        .find(|l| l.group.code() == "O-" && l.component.as_str() == "whole_blood")
        .unwrap();
    assert_eq!((line.available, line.issued_30d), (3, 1));
    let detail: UnitDetail = clinic
        .read(admin, &format!("/api/v1/blood/units/{}", by_age[0]))
        .await;
    let states: Vec<_> = detail.history.iter().map(|e| e.to).collect();
    use UnitState::*;
    assert_eq!(
        states,
        [Quarantined, Available, Reserved, Issued, Available]
    );
}

async fn expired_units_leave_the_stock_by_themselves(driver: Driver) {
    let clinic = cared_for(driver).await;
    type_patient(&clinic, "AB+").await;
    // Platelets keep five days: this one has seconds left.
    let shelf = SignedDuration::from_hours(24 * 5);
    let fading = donate(
        &clinic,
        "PLT-0001",
        "A+",
        "platelets",
        shelf - SignedDuration::from_secs(3),
    )
    .await;
    release(&clinic, &fading[0]).await;
    let fresh = donate(&clinic, "PLT-0002", "A+", "platelets", SignedDuration::ZERO).await;
    release(&clinic, &fresh[0]).await;
    let path = format!("/api/v1/blood/units/{}", fading[0].id);
    let mut expired = None;
    for _ in 0..100 {
        let detail: UnitDetail = clinic.read(&clinic.admin.token, &path).await;
        if detail.unit.state == UnitState::Discarded {
            expired = Some(detail.unit);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        expired.expect("expired by the scheduler").discarded,
        Some(DiscardReason::Expired)
    );
    let body = json!({
        "patient": clinic.patient.id, "component": "platelets", "units": 2,
        "urgency": "urgent", "indication": "Platelets 8 x 10^9/L",
    });
    let made: BloodRequest = expect(
        clinic
            .post(&clinic.doctor.token, "/api/v1/blood/requests", &body)
            .await,
        StatusCode::CREATED,
    )
    .await;
    let detail: RequestDetail = clinic
        .read(
            &clinic.doctor.token,
            &format!("/api/v1/blood/requests/{}", made.id),
        )
        .await;
    let offered: Vec<_> = detail.proposals.iter().map(|p| p.unit.id).collect();
    assert_eq!(offered, vec![fresh[0].id]);
    let discarded: Page<Unit> = clinic
        .read(&clinic.admin.token, "/api/v1/blood/units?state=discarded")
        .await;
    assert_eq!(discarded.items.len(), 1);
}

async fn ten_of_a_hundred_racing_reservations_win(driver: Driver) {
    let clinic = cared_for(driver).await;
    type_patient(&clinic, "B+").await;
    let units = stocked(&clinic, "RACE", "B+", 10).await;
    let mut requests = Vec::new();
    for _ in 0..100 {
        requests.push(request(&clinic, 1, "urgent").await);
    }
    let clinic = &clinic;
    let answers: Vec<(StatusCode, Option<RequestDetail>)> = futures::stream::iter(requests.iter())
        .map(|wanted| async move {
            let response = clinic
                .post(&clinic.doctor.token, &on(wanted, "reserve"), &json!({}))
                .await;
            let status = response.status();
            let body: Value = response.json().await.unwrap();
            (status, serde_json::from_value(body).ok())
        })
        .buffer_unordered(100)
        .collect()
        .await;
    let won: Vec<_> = answers.iter().filter_map(|(_, d)| d.as_ref()).collect();
    assert_eq!(
        won.len(),
        10,
        "{:?}",
        answers.iter().map(|(s, _)| *s).collect::<Vec<_>>()
    );
    assert!(answers
        .iter()
        .all(|(s, _)| *s == StatusCode::OK || *s == StatusCode::CONFLICT));
    let mut held: Vec<_> = won
        .iter()
        .flat_map(|d| d.request.reserved.clone())
        .collect();
    held.sort();
    let mut all: Vec<_> = units.iter().map(|u| u.id).collect();
    all.sort();
    assert_eq!(held, all, "every unit held once");
    let reserved: Page<Unit> = clinic
        .read(
            &clinic.admin.token,
            "/api/v1/blood/units?state=reserved&limit=100",
        )
        .await;
    assert_eq!(reserved.items.len(), 10);
}

async fn stock_low_alerts(clinic: &Clinic) -> usize {
    let page: Value = clinic
        .read(&clinic.admin.token, "/api/v1/me/notifications?limit=100")
        .await;
    let items = page["items"].as_array().unwrap();
    items
        .iter()
        .filter(|n| n["event"] == "blood.stock_low")
        .count()
}

/// Waits for the alerts to reach `count`, then for the checks still
/// running to settle, and says how many there are.
async fn alerts_after(clinic: &Clinic, count: usize) -> usize {
    for _ in 0..100 {
        if stock_low_alerts(clinic).await >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    stock_low_alerts(clinic).await
}

async fn the_admins_are_told_once_per_crossing(driver: Driver) {
    let clinic = cared_for(driver).await;
    let admin = &clinic.admin.token;
    type_patient(&clinic, "O-").await;
    // Stocked first: while units are released one by one the stock would be
    // low, and that is a crossing too.
    stocked(&clinic, "LOW", "O-", 4).await;
    let threshold = put(
        &clinic.app,
        admin,
        "/api/v1/blood/thresholds/whole_blood/O-",
        &json!({"units": 3}),
    )
    .await;
    assert_eq!(threshold.status(), StatusCode::NO_CONTENT);
    assert_eq!(alerts_after(&clinic, 0).await, 0);
    let crossmatch = json!({"method": "antibody_screen", "compatible": true});
    let mut issued = Vec::new();
    let issue_one = || async {
        let wanted = request(&clinic, 1, "routine").await;
        let _: RequestDetail = expect(
            clinic
                .post(admin, &on(&wanted, "reserve"), &json!({}))
                .await,
            StatusCode::OK,
        )
        .await;
        let _: RequestDetail = expect(
            clinic
                .post(admin, &on(&wanted, "crossmatch"), &crossmatch)
                .await,
            StatusCode::OK,
        )
        .await;
        let done: RequestDetail = expect(
            clinic.post(admin, &on(&wanted, "issue"), &json!({})).await,
            StatusCode::OK,
        )
        .await;
        done.request.issued[0]
    };
    // 4 → 3: not below. 3 → 2: below, told. 2 → 1: still below, not again.
    issued.push(issue_one().await);
    assert_eq!(alerts_after(&clinic, 0).await, 0);
    issued.push(issue_one().await);
    assert_eq!(alerts_after(&clinic, 1).await, 1);
    issued.push(issue_one().await);
    assert_eq!(alerts_after(&clinic, 1).await, 1);
    // Returns bring it back to 3 (above), then issues take it below again.
    for unit in issued.drain(..2) {
        let path = format!("/api/v1/blood/units/{unit}/return");
        let _: Unit = expect(clinic.post(admin, &path, &json!({})).await, StatusCode::OK).await;
    }
    assert_eq!(alerts_after(&clinic, 1).await, 1);
    issue_one().await;
    assert_eq!(alerts_after(&clinic, 2).await, 2);
}
