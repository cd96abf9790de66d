//! The wards' and doses' counters over HTTP on both drivers, on a worked
//! example: a ward of four beds, one closed, two patients in at the
//! midnight census, one discharged the same day; two doses, one taken and
//! one skipped. The clinic's dashboard gives occupancy 2/3, one discharge
//! of one inpatient day and adherence 1/2.

use jiff::civil::time;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use medtrack::domain::analytics::census::WardCensus;
use medtrack::domain::jobs::Runner;
use medtrack_shared::analytics::definitions::{adherence, occupancy};
use medtrack_shared::analytics::{ClinicDashboard, DoseDay};
use medtrack_shared::medication::{Dose, Medication, ZoneRule};
use medtrack_shared::wards::admissions::Admission;
use reqwest::StatusCode;
use serde_json::json;

use crate::auth::patient;
use crate::clinic::{put, register};
use crate::helpers::{on_both_drivers, Driver};
use crate::medications::daily;
use crate::record_problems::{cared_for, expect};
use crate::wards::ward;

on_both_drivers!(wards_and_doses_add_up_on_the_dashboard);

async fn wards_and_doses_add_up_on_the_dashboard(driver: Driver) {
    let clinic = cared_for(driver).await;
    let (admin, doctor) = (&clinic.admin.token, &clinic.doctor.token);
    let (ward, beds) = ward(&clinic, &[], 4).await;
    let closed = json!({"state": "closed"});
    let response = put(
        &clinic.app,
        admin,
        &format!("/api/v1/beds/{}/state", beds[3].id),
        &closed,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let other = register(&clinic.app, patient("second@example.org")).await;
    let body = json!({"patient": clinic.patient.id, "bed": beds[0].id, "reason": "Pneumonia"});
    let first: Admission = expect(
        clinic.post(doctor, "/api/v1/admissions", &body).await,
        StatusCode::CREATED,
    )
    .await;
    let body = json!({"patient": other.id, "bed": beds[1].id, "reason": "Fall", "doctor": clinic.doctor.id});
    let _: Admission = expect(
        clinic.post(admin, "/api/v1/admissions", &body).await,
        StatusCode::CREATED,
    )
    .await;

    // The census of today: 2 of 3 beds in use are occupied.
    let now = Timestamp::now();
    let today = now.to_zoned_datetime(TimeZone::UTC).date();
    let (census, due) = WardCensus::next(ward.id, now);
    assert_eq!(census.day, today);
    assert_eq!(
        due,
        today
            .tomorrow()
            .unwrap()
            .to_zoned_datetime(TimeZone::UTC)
            .unwrap()
            .timestamp()
    );
    let outcome = census.run(&clinic.app.ctx, now).await.unwrap();
    let next = outcome.next.as_ref().map(|n| n.due_at);
    assert!(
        next > Some(due),
        "the next census is the following midnight"
    );
    clinic.app.ctx.commit(outcome.ops).await.unwrap();

    // A same-day discharge: one inpatient day.
    let body = json!({"summary": "Well.", "destination": "home"});
    let path = format!("/api/v1/admissions/{}/discharge", first.id);
    let _: Admission = expect(clinic.post(doctor, &path, &body).await, StatusCode::OK).await;

    // Doses: one taken, one skipped (days by their scheduled time, UTC).
    let pat = &clinic.patient;
    let me = clinic.app.me(&pat.token).await;
    let local_today = now
        .to_zoned_datetime(TimeZone::get(&me.time_zone).unwrap())
        .date();
    let input = daily(
        "Metformin",
        &[time(0, 0, 0, 0), time(12, 0, 0, 0)],
        local_today.yesterday().unwrap(),
        ZoneRule::FollowMe,
    );
    let medication: Medication = expect(
        clinic
            .post(&pat.token, "/api/v1/me/medications", &json!(input))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let doses: Vec<Dose> = clinic
        .read(&pat.token, &format!("/api/v1/patients/{}/doses", pat.id))
        .await;
    let path = format!("/api/v1/medications/{}/doses", medication.id);
    let taken = json!({"action": "taken", "scheduled_at": doses[0].scheduled_at});
    assert_eq!(
        clinic.post(&pat.token, &path, &taken).await.status(),
        StatusCode::OK
    );
    let skipped =
        json!({"action": "skipped", "scheduled_at": doses[1].scheduled_at, "reason": "Nausea"});
    assert_eq!(
        clinic.post(&pat.token, &path, &skipped).await.status(),
        StatusCode::OK
    );

    let from = today.yesterday().unwrap();
    let to = today.tomorrow().unwrap();
    let dashboard: ClinicDashboard = clinic
        .read(
            admin,
            &format!("/api/v1/analytics/clinic?from={from}&to={to}"),
        )
        .await;
    let totals = &dashboard
        .wards
        .iter()
        .find(|w| w.ward == ward.id)
        .unwrap()
        .totals;
    assert_eq!(
        (
            totals.occupied,
            totals.available,
            totals.discharges,
            totals.inpatient_days
        ),
        (2, 3, 1, 1)
    );
    assert_eq!(occupancy(totals), Some(2.0 / 3.0));
    let mut doses = DoseDay {
        day: from,
        taken: 0,
        skipped: 0,
        missed: 0,
    };
    dashboard.doses.iter().for_each(|d| doses.add(d));
    assert_eq!((doses.taken, doses.skipped, doses.missed), (1, 1, 0));
    assert_eq!(adherence(&doses), Some(0.5));
}
