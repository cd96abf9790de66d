//! The authorization matrix of FHIR, on both drivers: the record's rules
//! (the patient, their doctors, admins) for every read, search and export;
//! practitioners for anyone signed in; the CapabilityStatement for anyone.
//! Reads by others are in the patient's access log.

use medtrack_shared::account::AccessLogEntry;
use medtrack_shared::{Page, Role};
use serde_json::json;

use crate::access::{entry, get, run, world, F, NF, OK, U};
use crate::fhir_support::fhir_get;
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(fhir_answers_only_whom_the_record_allows);

async fn fhir_answers_only_whom_the_record_allows(driver: Driver) {
    let world = world(driver).await;
    let a = world.callers[1].id.clone().unwrap();
    let doctor = world.callers[5].id.clone().unwrap();
    let pending = world.callers[3].id.clone().unwrap();
    let problem = json!({"name": "Asthma"});
    entry(&world, 5, "problems", problem).await;
    let a_token = world.callers[1].token.clone().unwrap();
    let search = format!("/api/fhir/r4/Condition?patient={a}");
    let (_, bundle) = fhir_get(&world.app, &a_token, &search).await;
    let condition = bundle["entry"][0]["resource"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Callers in order: anonymous, A, B, pending doctor, doctor without care, doctor of A, admin.
    let record = [U, OK, F, F, F, OK, OK];
    let matrix = vec![
        get("/api/fhir/r4/metadata", [OK; 7]),
        get(&format!("/api/fhir/r4/Patient/{a}"), record),
        get(&format!("/api/fhir/r4/Patient/{a}/$everything"), record),
        get(
            &format!("/api/fhir/r4/Patient/{a}/$everything?_type=Condition&_count=1"),
            record,
        ),
        get(&search, record),
        // The mood diary and PHQ-9 are not the admins'; insurance not the doctors'.
        get(
            &format!("/api/fhir/r4/Observation?patient=Patient/{a}"),
            [U, OK, F, F, F, OK, F],
        ),
        get(
            &format!("/api/fhir/r4/Coverage?patient={a}"),
            [U, OK, F, F, F, F, OK],
        ),
        get(
            &format!("/api/fhir/r4/Claim?patient={a}"),
            [U, OK, F, F, F, F, OK],
        ),
        get(&format!("/api/fhir/r4/Condition/{condition}"), record),
        get(
            &format!("/api/fhir/r4/Practitioner/{doctor}"),
            [U, OK, OK, F, OK, OK, OK],
        ),
        get(
            &format!("/api/fhir/r4/PractitionerRole/{doctor}"),
            [U, OK, OK, F, OK, OK, OK],
        ),
        // A doctor not approved is not in the directory; admins see them.
        get(
            &format!("/api/fhir/r4/Practitioner/{pending}"),
            [U, NF, NF, F, NF, NF, OK],
        ),
        // Practitioners are read, not searched.
        get(
            &format!("/api/fhir/r4/Practitioner?patient={a}"),
            [U, NF, NF, F, NF, NF, NF],
        ),
    ];
    run(&world, matrix).await;

    // The doctor's and the admin's reads are in A's log; A's own are not.
    let log: Page<AccessLogEntry> = world
        .app
        .get_as("/api/v1/me/access-log?limit=100", &a_token)
        .await
        .json()
        .await
        .unwrap();
    let fhir: Vec<(Role, &str)> = log
        .items
        .iter()
        .filter(|e| e.what.contains("FHIR"))
        .map(|e| (e.actor_role, e.what.as_str()))
        .collect();
    for (role, what) in [
        (Role::Doctor, "whole record (FHIR export)"),
        (Role::Admin, "whole record (FHIR export)"),
        (Role::Doctor, "Condition (FHIR search)"),
        (Role::Admin, "Condition (FHIR read)"),
        (Role::Doctor, "Patient (FHIR read)"),
    ] {
        assert!(fhir.contains(&(role, what)), "{role:?} {what} in {fhir:?}");
    }
    assert!(fhir.iter().all(|(role, _)| *role != Role::Patient));
}
