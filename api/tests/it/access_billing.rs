//! The authorization matrix of billing, on both drivers: a patient sees
//! their own issued invoices and claims (never a draft, never another's);
//! an invoice's doctor prepares and issues it; money and the payer's steps
//! are the admins'; policies are the patient's and the admins'.

use medtrack_shared::billing::{Claim, Invoice, Policy};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::access::{get, row, run, world, World, C, CREATED, F, NF, OK, SECRET, U};
use crate::helpers::{on_both_drivers, Driver};

on_both_drivers!(billing_answers_only_who_may_see_it);

const INVALID: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
const GONE: StatusCode = StatusCode::NO_CONTENT;

async fn as_caller<T: serde::de::DeserializeOwned>(
    world: &World,
    n: usize,
    path: &str,
    body: Value,
    status: StatusCode,
) -> T {
    let token = world.callers[n].token.as_ref().unwrap();
    let answer = world.app.json_as(Method::POST, path, token, &body).await;
    assert_eq!(answer.status(), status, "{path}");
    answer.json().await.unwrap()
}

async fn billing_answers_only_who_may_see_it(driver: Driver) {
    let world = world(driver).await;
    let a = world.callers[1].id.clone().unwrap();
    let b = world.callers[2].id.clone().unwrap();
    // The doctor of A bills A: one invoice issued, one left a draft.
    let new = json!({"patient": a});
    let line = json!({"kind": "procedure", "description": SECRET, "unit_price": 9000});
    let mut made = Vec::new();
    for _ in 0..2 {
        let invoice: Invoice =
            as_caller(&world, 5, "/api/v1/billing/invoices", new.clone(), CREATED).await;
        let lines = format!("/api/v1/billing/invoices/{}/lines", invoice.id);
        let _: Invoice = as_caller(&world, 5, &lines, line.clone(), OK).await;
        made.push(format!("/api/v1/billing/invoices/{}", invoice.id));
    }
    let (issued, draft) = (&made[0], &made[1]);
    let _: Invoice = as_caller(&world, 5, &format!("{issued}/issue"), json!({}), OK).await;
    let policies = format!("/api/v1/patients/{a}/policies");
    let cover = json!({"payer": SECRET, "member_id": "M-1", "valid_from": "2000-01-01", "rank": "secondary"});
    let policy: Policy = as_caller(&world, 1, &policies, cover, CREATED).await;
    let invoice_id = issued.rsplit('/').next().unwrap().to_owned();
    let claim = json!({"invoice": invoice_id, "policy": policy.id, "amount": 100});
    let claim: Claim = as_caller(&world, 1, "/api/v1/billing/claims", claim, CREATED).await;
    let claim_path = format!("/api/v1/billing/claims/{}", claim.id);

    let money = Some(json!({"amount": 1, "method": "cash"}));
    let primary = Some(
        json!({"payer": "Acme", "member_id": "M-2", "valid_from": "2001-01-01", "rank": "primary"}),
    );
    let small_claim = Some(json!({"invoice": invoice_id, "policy": policy.id, "amount": 1}));
    // Callers in order: anonymous, A, B, pending doctor, doctor without care, doctor of A, admin.
    let matrix = vec![
        // A draft is the clinic's; the issued invoice is A's too.
        get(draft, [U, NF, F, F, F, OK, OK]),
        get(issued, [U, OK, F, F, F, OK, OK]),
        row(
            Method::POST,
            &format!("{draft}/lines"),
            Some(json!({"kind": "test", "description": SECRET, "unit_price": 100})),
            [U, F, F, F, F, OK, OK],
        ),
        row(
            Method::DELETE,
            &format!("{draft}/lines/1"),
            None,
            [U, F, F, F, F, OK, NF],
        ),
        row(
            Method::POST,
            &format!("{draft}/issue"),
            None,
            [U, F, F, F, F, OK, C],
        ),
        row(
            Method::POST,
            "/api/v1/billing/invoices",
            Some(json!({"patient": a})),
            [U, F, F, F, F, CREATED, INVALID],
        ),
        row(
            Method::POST,
            "/api/v1/billing/invoices",
            Some(json!({"patient": b})),
            [U, F, F, F, F, F, INVALID],
        ),
        // Money is the admins'.
        row(
            Method::POST,
            &format!("{issued}/payments"),
            money.clone(),
            [U, F, F, F, F, F, OK],
        ),
        row(
            Method::POST,
            &format!("{issued}/refunds"),
            money,
            [U, F, F, F, F, F, OK],
        ),
        row(
            Method::POST,
            &format!("{issued}/write-offs"),
            Some(json!({"amount": 1, "reason": SECRET})),
            [U, F, F, F, F, F, OK],
        ),
        row(
            Method::POST,
            &format!("{issued}/credit-notes"),
            Some(json!({"amount": 1, "reason": SECRET})),
            [U, F, F, F, F, F, OK],
        ),
        get("/api/v1/me/invoices", [U, OK, OK, F, F, F, F]),
        get("/api/v1/doctors/me/invoices", [U, F, F, F, OK, OK, F]),
        get(
            "/api/v1/admin/invoices?status=draft",
            [U, F, F, F, F, F, OK],
        ),
        // Policies: the patient's and the admins'.
        get(&policies, [U, OK, F, F, F, F, OK]),
        get(
            &format!("/api/v1/patients/{b}/policies"),
            [U, F, OK, F, F, F, OK],
        ),
        row(
            Method::POST,
            &policies,
            primary,
            [U, CREATED, F, F, F, F, INVALID],
        ),
        // Claims: the patient's and the admins'; the payer's steps, admins'.
        row(
            Method::POST,
            "/api/v1/billing/claims",
            small_claim,
            [U, CREATED, F, F, F, F, CREATED],
        ),
        get(&claim_path, [U, OK, F, F, F, F, OK]),
        row(
            Method::POST,
            &format!("{claim_path}/steps"),
            Some(json!({"action": "submit"})),
            [U, OK, F, F, F, F, C],
        ),
        row(
            Method::POST,
            &format!("{claim_path}/steps"),
            Some(json!({"action": "start_review"})),
            [U, C, F, F, F, F, OK],
        ),
        get("/api/v1/me/claims", [U, OK, OK, F, F, F, F]),
        get(
            "/api/v1/admin/claims?state=in_review",
            [U, F, F, F, F, F, OK],
        ),
        get("/api/v1/admin/billing", [U, F, F, F, F, F, OK]),
        get(
            "/api/v1/admin/billing/export?panel=doctors",
            [U, F, F, F, F, F, OK],
        ),
        row(
            Method::DELETE,
            &format!("{policies}/{}", policy.id),
            None,
            [U, GONE, F, F, F, F, NF],
        ),
    ];
    run(&world, matrix).await;
}
