//! Authorization on both drivers: every operation × every kind of caller ×
//! owner or other person, and the access log that reads by others leave.

use medtrack::store::{keys, Condition, Item};
use medtrack_shared::account::AccessLogEntry;
use medtrack_shared::{Page, Role};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::auth::{patient, sign_in, PASSWORD};
use crate::clinic::register;
use crate::helpers::{on_both_drivers, spawn_app, Driver, TestApp};

on_both_drivers!(
    nothing_answers_where_it_must_not,
    reads_by_others_are_in_the_access_log
);

pub(crate) struct Caller {
    pub(crate) name: &'static str,
    pub(crate) token: Option<String>,
    pub(crate) id: Option<String>,
}

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) callers: Vec<Caller>,
}

fn doctor(email: &str) -> Value {
    json!({
        "role": "doctor", "name": format!("Doctor {email}"), "email": email, "password": PASSWORD,
        "time_zone": "Europe/London", "specialization": "cardiology", "licence_number": "GMC-1",
    })
}

/// An admin (with two-factor on), patients A and B, a pending doctor, an
/// approved doctor without and one with a care relationship with A.
pub(crate) async fn world(driver: Driver) -> World {
    world_on(spawn_app(driver).await).await
}

/// The same world on a server the caller started.
pub(crate) async fn world_on(app: TestApp) -> World {
    let admin = crate::helpers::admin(&app).await.access_token;
    let a = register(&app, patient("a@example.org")).await;
    let b = register(&app, patient("b@example.org")).await;
    let pending = register(&app, doctor("pending@example.org")).await;
    let mut callers = vec![
        Caller {
            name: "anonymous",
            token: None,
            id: None,
        },
        Caller {
            name: "patient A",
            token: Some(sign_in(&app, "a@example.org").await.access_token),
            id: Some(a.id.to_string()),
        },
        Caller {
            name: "patient B",
            token: Some(sign_in(&app, "b@example.org").await.access_token),
            id: Some(b.id.to_string()),
        },
        Caller {
            name: "pending doctor",
            token: Some(sign_in(&app, "pending@example.org").await.access_token),
            id: Some(pending.id.to_string()),
        },
    ];
    for (name, email, cares_for_a) in [
        ("doctor without care", "d1@example.org", false),
        ("doctor of A", "d2@example.org", true),
    ] {
        let me = register(&app, doctor(email)).await;
        let decided = app
            .json_as(
                Method::POST,
                &format!("/api/v1/admin/users/{}/decision", me.id),
                &admin,
                &json!({"decision": "approve"}),
            )
            .await;
        assert_eq!(decided.status(), StatusCode::OK);
        if cares_for_a {
            // What booking an appointment will write.
            let relation = json!({"doctor": me.id, "patient": a.id});
            let care = Item::from_record(keys::care(&me.id, &a.id), &relation)
                .unwrap()
                .with_gsi1(keys::care_of(&a.id, &me.id));
            app.store.put(care, Condition::NotExists).await.unwrap();
        }
        callers.push(Caller {
            name,
            token: Some(sign_in(&app, email).await.access_token),
            id: Some(me.id.to_string()),
        });
    }
    callers.push(Caller {
        name: "admin",
        token: Some(admin),
        id: None,
    });
    World { app, callers }
}

/// What the clinical record's entries are named in this world: no refusal
/// may carry it.
pub(crate) const SECRET: &str = "Marmalade";

pub(crate) async fn call(
    world: &World,
    caller: &Caller,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> StatusCode {
    let mut request = world.app.client.request(method, world.app.url(path));
    if let Some(token) = &caller.token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status();
    let text = answer.text().await.unwrap();
    assert!(
        status.is_success() || !text.contains(SECRET),
        "{} {path}: a refusal carries record data",
        caller.name
    );
    status
}

/// An entry on A's record, made by `caller` (A or their doctor): its id.
pub(crate) async fn entry(world: &World, caller: usize, what: &str, body: Value) -> String {
    let a = world.callers[1].id.clone().unwrap();
    let token = world.callers[caller].token.as_ref().unwrap();
    let path = format!("/api/v1/patients/{a}/{what}");
    let made = world.app.json_as(Method::POST, &path, token, &body).await;
    assert_eq!(made.status(), CREATED, "{path}");
    let made: Value = made.json().await.unwrap();
    made["id"].as_str().unwrap().to_owned()
}

/// An operation and what each caller gets from it.
pub(crate) struct Row {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) body: Option<Value>,
    pub(crate) expected: [StatusCode; 7],
}

pub(crate) fn get(path: &str, expected: [StatusCode; 7]) -> Row {
    row(Method::GET, path, None, expected)
}

pub(crate) fn row(
    method: Method,
    path: &str,
    body: Option<Value>,
    expected: [StatusCode; 7],
) -> Row {
    Row {
        method,
        path: path.to_owned(),
        body,
        expected,
    }
}

pub(crate) const U: StatusCode = StatusCode::UNAUTHORIZED;
pub(crate) const F: StatusCode = StatusCode::FORBIDDEN;
pub(crate) const OK: StatusCode = StatusCode::OK;
pub(crate) const C: StatusCode = StatusCode::CONFLICT;
pub(crate) const CREATED: StatusCode = StatusCode::CREATED;
pub(crate) const NF: StatusCode = StatusCode::NOT_FOUND;

async fn nothing_answers_where_it_must_not(driver: Driver) {
    let world = world(driver).await;
    let a = world.callers[1].id.clone().unwrap();
    let b = world.callers[2].id.clone().unwrap();
    // A's own entries (patient-reported) and their doctor's (confirmed).
    let problem = json!({"name": format!("{SECRET} fever")});
    let (own_problem, doctors_problem) = (
        entry(&world, 1, "problems", problem.clone()).await,
        entry(&world, 5, "problems", problem.clone()).await,
    );
    let allergy =
        |substance: &str| json!({"substance": format!("{SECRET} {substance}"), "category": "food"});
    let (own_allergy, doctors_allergy) = (
        entry(&world, 1, "allergies", allergy("jam")).await,
        entry(&world, 5, "allergies", allergy("toast")).await,
    );
    // Recorded resolved, so that each caller's entry stands apart from the others'.
    let past = json!({"substance": SECRET, "category": "other", "clinical_status": "resolved"});
    let unchanged = Some(json!({"clinical_status": "active"}));
    let mut record = Vec::new();
    for (what, own, doctors, new) in [
        ("problems", &own_problem, &doctors_problem, problem),
        ("allergies", &own_allergy, &doctors_allergy, past),
    ] {
        let (on_a, on_b) = (
            format!("/api/v1/patients/{a}/{what}"),
            format!("/api/v1/patients/{b}/{what}"),
        );
        record.extend([
            get(&on_a, [U, OK, F, F, F, OK, OK]),
            get(&on_b, [U, F, OK, F, F, F, OK]),
            get(&format!("{on_a}?status=active"), [U, OK, F, F, F, OK, OK]),
            get(&format!("{on_a}/{own}/history"), [U, OK, F, F, F, OK, OK]),
            get(
                &format!("{on_a}/{doctors}/history"),
                [U, OK, F, F, F, OK, OK],
            ),
            // A's entry through B's record: nobody finds it there.
            get(&format!("{on_b}/{own}/history"), [U, F, NF, F, F, F, NF]),
            row(
                Method::POST,
                &on_a,
                Some(new.clone()),
                [U, CREATED, F, F, F, CREATED, F],
            ),
            row(
                Method::POST,
                &on_b,
                Some(new.clone()),
                [U, F, CREATED, F, F, F, F],
            ),
            // A changes their own patient-reported entry, not their doctor's.
            row(
                Method::PATCH,
                &format!("{on_a}/{own}"),
                unchanged.clone(),
                [U, OK, F, F, F, OK, F],
            ),
            row(
                Method::PATCH,
                &format!("{on_a}/{doctors}"),
                unchanged.clone(),
                [U, F, F, F, F, OK, F],
            ),
            row(
                Method::PATCH,
                &format!("{on_b}/{own}"),
                unchanged.clone(),
                [U, F, NF, F, F, F, F],
            ),
        ]);
    }
    // A doctor of A states "no known allergies": refused, as A has some.
    record.push(row(
        Method::PUT,
        &format!("/api/v1/patients/{a}/allergies/assessment"),
        None,
        [U, F, F, F, F, C, F],
    ));
    record.push(row(
        Method::PUT,
        &format!("/api/v1/patients/{b}/allergies/assessment"),
        None,
        [U, F, F, F, F, F, F],
    ));
    // Callers in order: anonymous, A, B, pending doctor, doctor without care, doctor of A, admin.
    let mut matrix = record;
    matrix.extend(vec![
        get("/api/v1/me", [U, OK, OK, OK, OK, OK, OK]),
        get(&format!("/api/v1/patients/{a}"), [U, OK, F, F, F, OK, OK]),
        get(&format!("/api/v1/patients/{b}"), [U, F, OK, F, F, F, OK]),
        get("/api/v1/me/access-log", [U, OK, OK, F, F, F, F]),
        get(
            "/api/v1/admin/users?role=doctor&status=pending",
            [U, F, F, F, F, F, OK],
        ),
        get(
            &format!("/api/v1/admin/access-log?patient={a}"),
            [U, F, F, F, F, F, OK],
        ),
        get(
            &format!("/api/v1/patients/{a}/medications"),
            [U, OK, F, F, F, OK, OK],
        ),
        get(
            &format!("/api/v1/patients/{a}/adherence"),
            [U, OK, F, F, F, OK, OK],
        ),
        get("/api/v1/admin/stopped-jobs", [U, F, F, F, F, F, OK]),
        row(
            Method::POST,
            "/api/v1/admin/stopped-jobs/dose:none/retry",
            None,
            [U, F, F, F, F, F, StatusCode::NOT_FOUND],
        ),
        // Authorized for admins only, and then refused for the state: never a 200.
        row(
            Method::POST,
            &format!("/api/v1/admin/users/{b}/decision"),
            Some(json!({"decision": "reactivate"})),
            [U, F, F, F, F, F, C],
        ),
        // Every address here is confirmed already.
        row(
            Method::POST,
            "/api/v1/me/email-confirmation",
            None,
            [U, C, C, C, C, C, C],
        ),
        // Approved doctors only; last, as it opens B's record to them.
        row(
            Method::POST,
            &format!("/api/v1/patients/{b}/emergency-access"),
            Some(json!({"reason": "Unconscious in the emergency room"})),
            [U, F, F, F, CREATED, CREATED, F],
        ),
    ]);
    run(&world, matrix).await;
}

/// Calls each row's operation as every caller, in order, and checks the answers.
pub(crate) async fn run(world: &World, matrix: Vec<Row>) {
    for Row {
        method,
        path,
        body,
        expected,
    } in matrix
    {
        for (caller, want) in world.callers.iter().zip(expected) {
            let got = call(world, caller, method.clone(), &path, body.clone()).await;
            assert_eq!(got, want, "{} {method} {path}", caller.name);
        }
    }
}

async fn reads_by_others_are_in_the_access_log(driver: Driver) {
    let world = world(driver).await;
    let a = world.callers[1].id.clone().unwrap();
    let started = jiff::Timestamp::now();
    for who in [1, 2, 4, 5, 6] {
        // A (own, not logged), B and the doctor without care (refused, not logged),
        // the doctor of A and the admin (logged).
        call(
            &world,
            &world.callers[who],
            Method::GET,
            &format!("/api/v1/patients/{a}"),
            None,
        )
        .await;
    }
    let patient_a = &world.callers[1];
    let token = patient_a.token.as_ref().unwrap();
    let answer = world.app.get_as("/api/v1/me/access-log", token).await;
    let log: Page<AccessLogEntry> = answer.json().await.unwrap();
    let readers: Vec<(Role, String)> = log
        .items
        .iter()
        .map(|e| (e.actor_role, e.what.clone()))
        .collect();
    assert_eq!(
        readers,
        [
            (Role::Admin, "profile".to_owned()),
            (Role::Doctor, "profile".to_owned())
        ],
        "newest first"
    );
    assert!(log
        .items
        .iter()
        .all(|e| e.patient_id.to_string() == a && e.at >= started));
    assert_eq!(
        log.items[1].actor_id.to_string(),
        world.callers[5].id.clone().unwrap()
    );

    let admin = world.callers[6].token.as_ref().unwrap();
    let get = |query: String| {
        let request = world
            .app
            .client
            .get(world.app.url(&format!("/api/v1/admin/access-log?{query}")))
            .bearer_auth(admin)
            .send();
        async move { request.await.unwrap() }
    };
    let doctor = world.callers[5].id.clone().unwrap();
    let by_doctor: Page<AccessLogEntry> =
        get(format!("actor={doctor}")).await.json().await.unwrap();
    assert_eq!(by_doctor.items.len(), 1);
    let later = (jiff::Timestamp::now() + jiff::SignedDuration::from_secs(60)).to_string();
    let none: Page<AccessLogEntry> = get(format!("patient={a}&from={later}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(none.items.is_empty());
    let all: Page<AccessLogEntry> = get(format!(
        "patient={a}&from={started}&to={}",
        jiff::Timestamp::now()
    ))
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(all.items.len(), 2);
    let paged: Page<AccessLogEntry> = get(format!("patient={a}&limit=1"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paged.items.len(), 1);
    assert!(paged.next_cursor.is_some());
    assert_eq!(
        get(format!("patient={a}&actor={doctor}")).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        get(String::new()).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}
