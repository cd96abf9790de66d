//! The authorization matrix of the dashboards, on both drivers: the clinic's
//! is for admins; a doctor's is for that doctor and admins; patients see none.

use crate::access::{get, run, world, F, OK, U};
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(dashboards_answer_only_who_may_read_them);

async fn dashboards_answer_only_who_may_read_them(driver: Driver) {
    let world = world(driver).await;
    let doctor = world.callers[5].id.clone().unwrap();
    let other_doctor = world.callers[4].id.clone().unwrap();
    let range = "from=2031-01-01&to=2031-12-31";
    // Callers in order: anonymous, A, B, pending doctor, doctor without care, doctor of A, admin.
    let matrix = vec![
        get(
            &format!("/api/v1/analytics/clinic?{range}"),
            [U, F, F, F, F, F, OK],
        ),
        get(
            &format!("/api/v1/analytics/doctors/{doctor}?{range}"),
            [U, F, F, F, F, OK, OK],
        ),
        get(
            &format!("/api/v1/analytics/doctors/{other_doctor}?{range}"),
            [U, F, F, F, OK, F, OK],
        ),
    ];
    run(&world, matrix).await;

    // A range out of order or over 366 days is a 422 naming `to`; a
    // malformed date is a 400; an unknown doctor is a 404.
    let admin = world.callers[6].token.as_ref().unwrap();
    for query in [
        "from=2031-02-01&to=2031-01-01",
        "from=2031-01-01&to=2032-01-03",
    ] {
        let answer = world
            .app
            .get_as(&format!("/api/v1/analytics/clinic?{query}"), admin)
            .await;
        assert_eq!(
            answer.status(),
            reqwest::StatusCode::UNPROCESSABLE_ENTITY,
            "{query}"
        );
        let body: serde_json::Value = answer.json().await.unwrap();
        assert!(body["error"]["fields"]["to"].is_string(), "{body}");
    }
    let answer = world
        .app
        .get_as(
            "/api/v1/analytics/clinic?from=2031-13-01&to=2031-12-01",
            admin,
        )
        .await;
    assert_eq!(answer.status(), reqwest::StatusCode::BAD_REQUEST);
    let nobody = uuid::Uuid::now_v7();
    let answer = world
        .app
        .get_as(
            &format!("/api/v1/analytics/doctors/{nobody}?{range}"),
            admin,
        )
        .await;
    assert_eq!(answer.status(), reqwest::StatusCode::NOT_FOUND);
}
