//! What a crossmatch covers, on both drivers: only the bank records it,
//! only for the units held; an incompatible one sends them back to stock
//! for good for that patient; a new typing asks for a new one; and units of
//! the patient's own group are offered before universal ones.

use jiff::SignedDuration;
use medtrack_shared::blood::requests::{BloodRequest, RequestDetail, RequestState};
use medtrack_shared::blood::units::UnitState;
use reqwest::StatusCode;
use serde_json::json;

use crate::blood::{donate, on, release, type_patient};
use crate::clinic::error_code;
use crate::helpers::{on_both_drivers, Driver};
use crate::record_problems::{cared_for, expect};

on_both_drivers!(
    a_crossmatch_covers_only_the_units_it_tested,
    a_result_for_some_units_leaves_the_others,
);

async fn a_crossmatch_covers_only_the_units_it_tested(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (admin, doctor) = (&clinic.admin.token, &clinic.doctor.token);
    let body = json!({
        "patient": clinic.patient.id, "component": "red_cells", "units": 1,
        "urgency": "routine", "indication": "Haemoglobin 70 g/L, symptomatic",
    });
    let response = clinic.post(doctor, "/api/v1/blood/requests", &body).await;
    let wanted: BloodRequest = expect(response, StatusCode::CREATED).await;
    // Nothing is reserved for a patient whose group is not confirmed.
    let response = clinic
        .post(doctor, &on(&wanted, "reserve"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "no_typing");
    type_patient(&clinic, "A+").await;
    // The O− unit expires first, yet the patient's own group comes first.
    let week = SignedDuration::from_hours(24 * 7);
    let kind = "double_red_cells";
    let universal = donate(&clinic, "UNI-0001", "O-", kind, week).await;
    let own = donate(&clinic, "OWN-0001", "A+", kind, SignedDuration::ZERO).await;
    for unit in universal.iter().chain(&own) {
        release(&clinic, unit).await;
    }
    let path = format!("/api/v1/blood/requests/{}", wanted.id);
    let detail: RequestDetail = clinic.read(doctor, &path).await;
    let groups: Vec<_> = detail
        .proposals
        .iter()
        .map(|p| p.unit.group.code())
        .collect();
    assert_eq!(groups, ["A+", "A+", "O-", "O-"]);
    let (first, second) = (detail.proposals[0].unit.id, detail.proposals[1].unit.id);

    // Only the bank crossmatches, and only units held.
    let compatible = json!({"method": "crossmatch", "compatible": true});
    let response = clinic
        .post(admin, &on(&wanted, "crossmatch"), &compatible)
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let response = clinic
        .post(doctor, &on(&wanted, "reserve"), &json!({}))
        .await;
    let held: RequestDetail = expect(response, StatusCode::OK).await;
    assert_eq!(held.request.reserved, vec![first]);
    let response = clinic
        .post(doctor, &on(&wanted, "crossmatch"), &compatible)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // An incompatible unit goes back to stock and is not offered again.
    let incompatible = json!({"method": "crossmatch", "compatible": false});
    let response = clinic
        .post(admin, &on(&wanted, "crossmatch"), &incompatible)
        .await;
    let refused: RequestDetail = expect(response, StatusCode::OK).await;
    assert_eq!(refused.request.state, RequestState::Open);
    assert!(refused.request.reserved.is_empty());
    assert_eq!(refused.request.refused, vec![first]);
    let offered: Vec<_> = refused.proposals.iter().map(|p| p.unit.id).collect();
    assert_eq!(offered.len(), 3);
    assert!(!offered.contains(&first));
    let unit = format!("/api/v1/blood/units/{first}");
    let back: serde_json::Value = clinic.read(admin, &unit).await;
    assert_eq!(back["unit"]["state"], "available");
    let named = json!({"units": [first]});
    let response = clinic.post(doctor, &on(&wanted, "reserve"), &named).await;
    assert_eq!(error_code(response).await, "not_compatible");

    // The next unit needs its own crossmatch: the first covered another.
    let response = clinic
        .post(doctor, &on(&wanted, "reserve"), &json!({}))
        .await;
    let held: RequestDetail = expect(response, StatusCode::OK).await;
    assert_eq!(held.request.reserved, vec![second]);
    let response = clinic.post(admin, &on(&wanted, "issue"), &json!({})).await;
    assert_eq!(error_code(response).await, "crossmatch_required");
    let response = clinic
        .post(admin, &on(&wanted, "crossmatch"), &compatible)
        .await;
    let _: RequestDetail = expect(response, StatusCode::OK).await;
    // A typing recorded after the crossmatch asks for a new one.
    type_patient(&clinic, "A+").await;
    let response = clinic.post(admin, &on(&wanted, "issue"), &json!({})).await;
    assert_eq!(error_code(response).await, "crossmatch_required");
    let response = clinic
        .post(admin, &on(&wanted, "crossmatch"), &compatible)
        .await;
    let _: RequestDetail = expect(response, StatusCode::OK).await;
    let response = clinic.post(admin, &on(&wanted, "issue"), &json!({})).await;
    let issued: RequestDetail = expect(response, StatusCode::OK).await;
    assert_eq!(issued.request.state, RequestState::Issued);
    assert_eq!(issued.units[0].state, UnitState::Issued);
}

async fn a_result_for_some_units_leaves_the_others(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (admin, doctor) = (&clinic.admin.token, &clinic.doctor.token);
    type_patient(&clinic, "B+").await;
    let body = json!({
        "patient": clinic.patient.id, "component": "red_cells", "units": 2,
        "urgency": "urgent", "indication": "Haemoglobin 65 g/L before surgery",
    });
    let response = clinic.post(doctor, "/api/v1/blood/requests", &body).await;
    let wanted: BloodRequest = expect(response, StatusCode::CREATED).await;
    let mut stock = Vec::new();
    for number in ["PRT-0001", "PRT-0002"] {
        let kind = "double_red_cells";
        for unit in donate(&clinic, number, "B+", kind, SignedDuration::ZERO).await {
            release(&clinic, &unit).await;
            stock.push(unit.id);
        }
    }
    let response = clinic
        .post(doctor, &on(&wanted, "reserve"), &json!({}))
        .await;
    let held: RequestDetail = expect(response, StatusCode::OK).await;
    let [kept, refused] = [held.request.reserved[0], held.request.reserved[1]];
    // A unit not held cannot be named.
    let stranger = *stock
        .iter()
        .find(|u| !held.request.reserved.contains(u))
        .unwrap();
    let result = |units: &[medtrack_shared::UnitId], compatible: bool| json!({"method": "crossmatch", "compatible": compatible, "units": units});
    let response = clinic
        .post(
            admin,
            &on(&wanted, "crossmatch"),
            &result(&[stranger], true),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = clinic
        .post(admin, &on(&wanted, "crossmatch"), &result(&[kept], true))
        .await;
    let _: RequestDetail = expect(response, StatusCode::OK).await;
    let response = clinic
        .post(
            admin,
            &on(&wanted, "crossmatch"),
            &result(&[refused], false),
        )
        .await;
    let after: RequestDetail = expect(response, StatusCode::OK).await;
    assert_eq!(after.request.reserved, vec![kept]);
    assert_eq!(after.request.refused, vec![refused]);
    assert_eq!(after.request.state, RequestState::Open);
    assert!(after.request.crossmatched(&kept, None));

    // Another unit is held in its place, and needs its own result.
    let response = clinic
        .post(doctor, &on(&wanted, "reserve"), &json!({}))
        .await;
    let held: RequestDetail = expect(response, StatusCode::OK).await;
    let third = held.request.reserved[1];
    assert!(third != refused && third != kept);
    let response = clinic.post(admin, &on(&wanted, "issue"), &json!({})).await;
    assert_eq!(error_code(response).await, "crossmatch_required");
    let response = clinic
        .post(admin, &on(&wanted, "crossmatch"), &result(&[third], true))
        .await;
    let _: RequestDetail = expect(response, StatusCode::OK).await;
    let response = clinic.post(admin, &on(&wanted, "issue"), &json!({})).await;
    let issued: RequestDetail = expect(response, StatusCode::OK).await;
    assert_eq!(issued.request.issued, vec![kept, third]);
}
