//! A small clinic for the appointment tests: an admin, an approved doctor
//! with published hours, and patients, over HTTP on either driver.

use medtrack_shared::{ErrorBody, Me};
use reqwest::Method;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::auth::{patient, sign_in, PASSWORD};
use crate::helpers::{admin, spawn_app, Driver, TestApp};

pub struct Person {
    pub id: String,
    pub token: String,
}

pub struct Clinic {
    pub app: TestApp,
    pub admin: Person,
    pub doctor: Person,
    pub patient: Person,
}

/// The fixed-offset zone where it is about noon now, so that the next
/// slots are later today and a visit can run start to end.
pub fn zone_at_noon() -> String {
    let hour = i32::from(
        jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .hour(),
    );
    match 12 - hour {
        0 => "Etc/GMT".to_owned(),
        // POSIX-style names: Etc/GMT-5 is five hours ahead of UTC.
        offset if offset > 0 => format!("Etc/GMT-{offset}"),
        offset => format!("Etc/GMT+{}", -offset),
    }
}

/// Hours every day from 00:00 to 23:45 in `zone`, slots of 15 minutes.
pub fn all_day_practice(zone: &str) -> Value {
    let weekly: Vec<Value> = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .iter()
    .map(|day| json!({"weekday": day, "start": "00:00", "end": "23:45"}))
    .collect();
    json!({
        "bio": "General practice.", "fee_minor_units": 5000, "currency": "EUR",
        "time_zone": zone, "slot_minutes": 15, "weekly_hours": weekly, "exceptions": [],
    })
}

impl Clinic {
    pub async fn open(driver: Driver) -> Self {
        Self::open_with(driver, &zone_at_noon()).await
    }

    pub async fn open_with(driver: Driver, practice_zone: &str) -> Self {
        Self::open_on(spawn_app(driver).await, practice_zone).await
    }

    /// The clinic on a server the caller started.
    pub async fn open_on(app: TestApp, practice_zone: &str) -> Self {
        let admin_token = admin(&app).await.access_token;
        let admin_id = app.me(&admin_token).await.id.to_string();
        let admin = Person {
            id: admin_id,
            token: admin_token,
        };
        let doctor = approved_doctor(&app, &admin, "house@example.org").await;
        let response = put(
            &app,
            &doctor.token,
            "/api/v1/doctors/me/practice",
            &all_day_practice(practice_zone),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK, "practice published");
        let patient = register_patient(&app, "pat@example.org").await;
        Self {
            app,
            admin,
            doctor,
            patient,
        }
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> reqwest::Response {
        self.app.json_as(Method::POST, path, token, body).await
    }

    /// GET that must answer 200, read as `T`.
    pub async fn read<T: DeserializeOwned>(&self, token: &str, path: &str) -> T {
        let response = self.app.get_as(path, token).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.unwrap()
    }

    /// The doctor's free slots from today over two days, in UTC, leaving out
    /// those that start within ten minutes (a slow test could see them begin):
    /// the slots to book.
    pub async fn free_slots(&self) -> Vec<jiff::Timestamp> {
        let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_mins(10);
        let mut slots = self.offered_slots().await;
        slots.retain(|start| *start >= soon);
        slots
    }

    /// Every slot the API offers from today over two days, in UTC.
    pub async fn offered_slots(&self) -> Vec<jiff::Timestamp> {
        let today = jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date();
        let to = today.tomorrow().unwrap();
        let list: medtrack_shared::practice::SlotList = self
            .read(
                &self.patient.token,
                &format!(
                    "/api/v1/doctors/{}/slots?from={today}&to={to}&time_zone=UTC",
                    self.doctor.id
                ),
            )
            .await;
        list.slots.into_iter().map(|s| s.starts_at).collect()
    }

    /// Books `starts_at` as `patient`; the response as it came.
    pub async fn book_as(&self, patient: &Person, starts_at: jiff::Timestamp) -> reqwest::Response {
        self.post(
            &patient.token,
            "/api/v1/appointments",
            &json!({"doctor_id": self.doctor.id, "starts_at": starts_at, "reason": "Cough for a week", "priority": "normal"}),
        )
        .await
    }

    pub async fn act(&self, token: &str, appointment: &str, body: Value) -> reqwest::Response {
        self.post(
            token,
            &format!("/api/v1/appointments/{appointment}/actions"),
            &body,
        )
        .await
    }
}

pub async fn put(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    app.json_as(Method::PUT, path, token, body).await
}

/// Registers an account, which must succeed, and confirms its address by
/// the link mailed to it.
pub async fn register(app: &TestApp, body: Value) -> Me {
    let me = register_unconfirmed(app, body).await;
    crate::recovery::confirm_address(app, &me.email).await;
    me
}

/// Registers an account, which must succeed, leaving its address unconfirmed.
pub async fn register_unconfirmed(app: &TestApp, body: Value) -> Me {
    let response = app.post_json("/api/v1/auth/register", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

pub async fn register_patient(app: &TestApp, email: &str) -> Person {
    let me = register(app, patient(email)).await;
    Person {
        id: me.id.to_string(),
        token: sign_in(app, email).await.access_token,
    }
}

pub fn doctor(email: &str) -> Value {
    json!({
        "role": "doctor", "name": "Gregory House", "email": email, "password": PASSWORD,
        "time_zone": "America/New_York", "specialization": "family-medicine", "licence_number": "NJ-0042",
    })
}

/// Registers a doctor and has the admin approve them.
pub async fn approved_doctor(app: &TestApp, admin: &Person, email: &str) -> Person {
    let me = register(app, doctor(email)).await;
    let decided = app
        .json_as(
            Method::POST,
            &format!("/api/v1/admin/users/{}/decision", me.id),
            &admin.token,
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(decided.status(), StatusCode::OK);
    Person {
        id: me.id.to_string(),
        token: sign_in(app, email).await.access_token,
    }
}

pub async fn error_code(response: reqwest::Response) -> String {
    response
        .json::<ErrorBody>()
        .await
        .unwrap()
        .error
        .code
        .to_string()
}
