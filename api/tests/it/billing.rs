//! Billing over HTTP on both drivers: a completed visit invoiced exactly
//! once (however often its job runs, on two replicas), the ledger's sums
//! always those of its entries, numbers gapless under 200 concurrent
//! issues, and a claim from submission to payment.

use std::time::Duration;

use futures::StreamExt;
use medtrack_shared::billing::overview::Overview;
use medtrack_shared::billing::{
    Claim, ClaimState, Invoice, InvoiceDetail, InvoiceStatus, PaymentState, Policy, Totals,
};
use medtrack_shared::{AppointmentId, Page};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::clinic::{error_code, register_patient, Clinic};
use crate::helpers::{on_both_drivers, replica, Driver};
use crate::record_problems::{cared_for, expect};

on_both_drivers!(
    a_visit_is_invoiced_once_and_settled_through_its_ledger,
    numbers_stay_gapless_under_concurrent_issues,
    a_draft_left_alone_is_issued_by_the_clinic,
    a_claim_goes_from_submission_to_payment,
);

/// Completes the clinic's booked visit: its id.
pub(crate) async fn complete_visit(clinic: &Clinic) -> String {
    let consultation = json!({"diagnosis": "Sprain", "notes": "Rest."});
    complete_visit_with(clinic, consultation).await
}

/// Completes the clinic's booked visit with `consultation`: its id.
pub(crate) async fn complete_visit_with(clinic: &Clinic, consultation: Value) -> String {
    let page: Value = clinic
        .read(
            &clinic.patient.token,
            &format!("/api/v1/patients/{}/appointments", clinic.patient.id),
        )
        .await;
    let id = page["items"][0]["id"].as_str().unwrap().to_owned();
    for action in ["confirm", "check_in", "start_consultation"] {
        let response = clinic
            .act(&clinic.doctor.token, &id, json!({"action": action}))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{action}");
    }
    let complete = json!({"action": "complete", "consultation": consultation});
    let response = clinic.act(&clinic.doctor.token, &id, complete).await;
    assert_eq!(response.status(), StatusCode::OK);
    id
}

/// The doctor's invoices, once at least `count` exist (the job runs apart).
pub(crate) async fn doctors_invoices(clinic: &Clinic, count: usize) -> Vec<Invoice> {
    for _ in 0..100 {
        let page: Page<Invoice> = clinic
            .read(
                &clinic.doctor.token,
                "/api/v1/doctors/me/invoices?limit=100",
            )
            .await;
        if page.items.len() >= count {
            return page.items;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("fewer than {count} invoices");
}

pub(crate) async fn detail(clinic: &Clinic, token: &str, id: &str) -> InvoiceDetail {
    clinic
        .read(token, &format!("/api/v1/billing/invoices/{id}"))
        .await
}

/// The invoice's sums, checked against its entries.
fn checked(detail: &InvoiceDetail) -> Totals {
    let sums = Totals::of(detail.entries.iter().map(|e| (&e.kind, e.amount))).unwrap();
    assert_eq!(sums, detail.invoice.totals, "the cache is the entries' sum");
    sums
}

async fn post_ok(clinic: &Clinic, token: &str, path: &str, body: Value) -> Invoice {
    expect(clinic.post(token, path, &body).await, StatusCode::OK).await
}

async fn a_visit_is_invoiced_once_and_settled_through_its_ledger(driver: Driver) {
    let clinic = cared_for(driver).await;
    let visit = complete_visit(&clinic).await;

    // Repeated completion events, on this replica and another, racing the
    // server's own scheduler: one invoice.
    let other = replica(&clinic.app, driver).await;
    let job = medtrack::domain::billing::drafts::InvoiceVisit {
        appointment: visit.parse::<AppointmentId>().unwrap(),
    };
    use medtrack::domain::jobs::Runner;
    for _ in 0..3 {
        let now = jiff::Timestamp::now();
        let (a, b) = tokio::join!(job.run(&clinic.app.ctx, now), job.run(&other.ctx, now));
        for outcome in [a.unwrap(), b.unwrap()] {
            let _ = clinic.app.ctx.commit(outcome.ops).await;
        }
    }
    let drafts = doctors_invoices(&clinic, 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let drafts_after = doctors_invoices(&clinic, 1).await;
    assert_eq!(drafts_after.len(), 1, "exactly one invoice per visit");
    let draft = &drafts[0];
    assert_eq!(draft.status, InvoiceStatus::Draft);
    assert_eq!((draft.total, draft.currency.as_str()), (5000, "EUR"));
    assert_eq!(draft.visit.map(|v| v.to_string()), Some(visit));
    let id = draft.id.to_string();
    let path = |what: &str| format!("/api/v1/billing/invoices/{id}/{what}");
    let (patient, doctor, admin) = (
        &clinic.patient.token,
        &clinic.doctor.token,
        &clinic.admin.token,
    );

    // A draft is the clinic's: the patient sees nothing yet.
    let hidden = clinic
        .app
        .get_as(&format!("/api/v1/billing/invoices/{id}"), patient)
        .await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    let mine: Page<Invoice> = clinic.read(patient, "/api/v1/me/invoices").await;
    assert!(mine.items.is_empty());

    let line = json!({"kind": "procedure", "description": "Strapping", "quantity": 2,
                      "unit_price": 1250, "code": {"system": "CPT", "code": "29540"}});
    let with_line = post_ok(&clinic, doctor, &path("lines"), line).await;
    assert_eq!(with_line.total, 7500);
    // A draft its doctor works on waits for them: its issue job is gone.
    use medtrack::domain::billing::drafts::IssueDraft;
    let job = medtrack::store::keys::job(&IssueDraft { invoice: draft.id }.id());
    assert!(clinic.app.store.get(&job).await.unwrap().is_none());
    let issued = post_ok(&clinic, doctor, &path("issue"), json!({})).await;
    let number = issued.number.clone().unwrap();
    assert!(
        number.ends_with("-000001") && number.starts_with("INV-"),
        "{number}"
    );
    assert_eq!(issued.payment, Some(PaymentState::Unpaid));
    let again = clinic.post(doctor, &path("issue"), &json!({})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let edit = clinic
        .post(
            doctor,
            &path("lines"),
            &json!({"kind": "other", "description": "x", "unit_price": 1}),
        )
        .await;
    assert_eq!(error_code(edit).await, "invalid_transition");

    // The patient sees it; an admin records money through the ledger.
    let mine: Page<Invoice> = clinic.read(patient, "/api/v1/me/invoices").await;
    assert_eq!(mine.items.len(), 1);
    let pay = |amount: i64| json!({"amount": amount, "method": "card", "reference": "POS 1"});
    let part = post_ok(&clinic, admin, &path("payments"), pay(3000)).await;
    assert_eq!(
        (part.payment, part.totals.balance),
        (Some(PaymentState::PartlyPaid), 4500)
    );
    for (what, body) in [
        ("refunds", pay(3001)),
        ("write-offs", json!({"amount": 4501, "reason": "hardship"})),
        (
            "credit-notes",
            json!({"amount": 7501, "reason": "wrong fee"}),
        ),
    ] {
        let refused = clinic.post(admin, &path(what), &body).await;
        assert_eq!(refused.status(), StatusCode::CONFLICT, "{what}");
        assert_eq!(error_code(refused).await, "ledger_refused", "{what}");
    }
    let doctor_pays = clinic.post(doctor, &path("payments"), &pay(10)).await;
    assert_eq!(doctor_pays.status(), StatusCode::FORBIDDEN);
    let over = post_ok(&clinic, admin, &path("payments"), pay(5000)).await;
    assert_eq!(
        (over.payment, over.totals.balance),
        (Some(PaymentState::Overpaid), -500)
    );
    let settled = post_ok(&clinic, admin, &path("refunds"), pay(500)).await;
    assert_eq!(
        (settled.payment, settled.totals.balance),
        (Some(PaymentState::Paid), 0)
    );
    let seen = detail(&clinic, patient, &id).await;
    assert_eq!(seen.entries.len(), 4);
    assert_eq!(checked(&seen).net_paid(), 7500);

    // The overview: billed and collected this month, nothing outstanding.
    let overview: Overview = clinic.read(admin, "/api/v1/admin/billing").await;
    let month = overview
        .revenue
        .iter()
        .rev()
        .find(|r| r.billed != 0)
        .unwrap();
    assert_eq!(
        (month.billed, month.collected, month.currency.as_str()),
        (7500, 7500, "EUR")
    );
    assert!(overview.ageing.iter().all(|a| a.total() == 0));
    assert_eq!(overview.doctors.len(), 1);
    let csv = clinic
        .app
        .get_as("/api/v1/admin/billing/export?panel=revenue", admin)
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.text().await.unwrap().contains("75.00,75.00,0.00"));

    // Cancelling by a credit note leaves the payments standing: a credit.
    let cancelled = post_ok(
        &clinic,
        admin,
        &path("credit-notes"),
        json!({"reason": "Billed in error"}),
    )
    .await;
    assert_eq!(cancelled.status, InvoiceStatus::Cancelled);
    assert_eq!(cancelled.totals.balance, -7500);
    assert!(cancelled.credit_notes[0].number.starts_with("CN-"));
    let refunded = post_ok(&clinic, admin, &path("refunds"), pay(7500)).await;
    assert_eq!(refunded.totals.balance, 0);
    checked(&detail(&clinic, admin, &id).await);
}

async fn numbers_stay_gapless_under_concurrent_issues(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let other = replica(&clinic.app, driver).await;
    let admin = clinic.admin.token.clone();
    const COUNT: usize = 200;
    let make = |n: usize| {
        let (clinic, admin) = (&clinic, admin.clone());
        async move {
            let body = json!({"patient": clinic.patient.id, "doctor": clinic.doctor.id});
            let draft: Invoice = expect(
                clinic.post(&admin, "/api/v1/billing/invoices", &body).await,
                StatusCode::CREATED,
            )
            .await;
            let line =
                json!({"kind": "test", "description": format!("Test {n}"), "unit_price": 100});
            let path = format!("/api/v1/billing/invoices/{}/lines", draft.id);
            let _: Invoice = expect(clinic.post(&admin, &path, &line).await, StatusCode::OK).await;
            draft.id
        }
    };
    let drafts: Vec<_> = futures::stream::iter(0..COUNT)
        .map(make)
        .buffer_unordered(16)
        .collect()
        .await;
    // Every issue at once, half through each replica.
    let issues = drafts.iter().enumerate().map(|(n, id)| {
        let app = if n % 2 == 0 { &clinic.app } else { &other };
        let path = format!("/api/v1/billing/invoices/{id}/issue");
        let admin = admin.clone();
        async move {
            let response = app.json_as(Method::POST, &path, &admin, &json!({})).await;
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<Invoice>().await.unwrap().number.unwrap()
        }
    });
    let mut numbers: Vec<String> = futures::future::join_all(issues).await;
    numbers.sort();
    let year = &numbers[0][4..8];
    let expected: Vec<String> = (1..=COUNT).map(|n| format!("INV-{year}-{n:06}")).collect();
    assert_eq!(numbers, expected, "gapless and unique");
}

async fn step(clinic: &Clinic, token: &str, claim: &Claim, body: Value) -> reqwest::Response {
    let path = format!("/api/v1/billing/claims/{}/steps", claim.id);
    clinic.post(token, &path, &body).await
}

async fn take(clinic: &Clinic, token: &str, claim: &Claim, body: Value) -> Claim {
    expect(step(clinic, token, claim, body).await, StatusCode::OK).await
}

async fn a_claim_goes_from_submission_to_payment(driver: Driver) {
    let clinic = cared_for(driver).await;
    complete_visit(&clinic).await;
    let id = doctors_invoices(&clinic, 1).await[0].id.to_string();
    let (patient, admin) = (&clinic.patient.token, &clinic.admin.token);
    post_ok(
        &clinic,
        &clinic.doctor.token,
        &format!("/api/v1/billing/invoices/{id}/issue"),
        json!({}),
    )
    .await;

    let policies = format!("/api/v1/patients/{}/policies", clinic.patient.id);
    let policy = json!({"payer": "Acme Health", "member_id": "AH-1", "valid_from": "2000-01-01", "rank": "primary"});
    let policy: Policy = expect(
        clinic.post(patient, &policies, &policy).await,
        StatusCode::CREATED,
    )
    .await;
    let overlapping = json!({"payer": "Other", "member_id": "O-1", "valid_from": "2010-01-01", "rank": "primary"});
    let refused = clinic.post(patient, &policies, &overlapping).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let claim = json!({"invoice": id, "policy": policy.id, "amount": 4000});
    let claim: Claim = expect(
        clinic.post(patient, "/api/v1/billing/claims", &claim).await,
        StatusCode::CREATED,
    )
    .await;
    let too_much = json!({"invoice": id, "policy": policy.id, "amount": 1001});
    let refused = clinic
        .post(patient, "/api/v1/billing/claims", &too_much)
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        take(&clinic, patient, &claim, json!({"action": "submit"}))
            .await
            .state,
        ClaimState::Submitted
    );
    let not_yours = step(&clinic, patient, &claim, json!({"action": "approve"})).await;
    assert_eq!(error_code(not_yours).await, "invalid_transition");
    take(&clinic, admin, &claim, json!({"action": "start_review"})).await;
    let denied = take(
        &clinic,
        admin,
        &claim,
        json!({"action": "deny", "note": "Not covered"}),
    )
    .await;
    assert_eq!(denied.patient_share(), Some(4000));
    let greedy = json!({"action": "submit", "amount": 7501});
    let refused = step(&clinic, patient, &claim, greedy).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let resubmitted = take(
        &clinic,
        patient,
        &claim,
        json!({"action": "submit", "amount": 3500}),
    )
    .await;
    assert_eq!((resubmitted.submissions, resubmitted.claimed), (2, 3500));
    take(&clinic, admin, &claim, json!({"action": "start_review"})).await;
    let part = take(
        &clinic,
        admin,
        &claim,
        json!({"action": "approve_part", "amount": 3000}),
    )
    .await;
    assert_eq!(part.patient_share(), Some(500));
    let overpaid = step(
        &clinic,
        admin,
        &claim,
        json!({"action": "record_payment", "amount": 3001}),
    )
    .await;
    assert_eq!(overpaid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Paid in two parts: the claim is paid when all that was approved is.
    let first = json!({"action": "record_payment", "amount": 1000});
    let first = take(&clinic, admin, &claim, first).await;
    assert_eq!(
        (first.state, first.paid),
        (ClaimState::PartiallyApproved, 1000)
    );
    let paid = take(
        &clinic,
        admin,
        &claim,
        json!({"action": "record_payment", "note": "EOB 77"}),
    )
    .await;
    assert_eq!((paid.state, paid.paid), (ClaimState::Paid, 3000));
    assert_eq!(paid.steps.last().and_then(|s| s.amount), Some(2000));

    let seen = detail(&clinic, patient, &id).await;
    assert_eq!(seen.invoice.totals.balance, 2000);
    assert_eq!(seen.patient_share, 2000);
    assert_eq!(checked(&seen).paid, 3000);
    let pay = json!({"amount": 2000, "method": "cash"});
    let done = post_ok(
        &clinic,
        admin,
        &format!("/api/v1/billing/invoices/{id}/payments"),
        pay,
    )
    .await;
    assert_eq!(done.payment, Some(PaymentState::Paid));

    let overview: Overview = clinic.read(admin, "/api/v1/admin/billing").await;
    let count = |state| {
        overview
            .claims
            .iter()
            .find(|c| c.state == state)
            .unwrap()
            .count
    };
    assert_eq!((count(ClaimState::Paid), count(ClaimState::Draft)), (1, 0));
    let mine: Page<Claim> = clinic.read(patient, "/api/v1/me/claims").await;
    assert_eq!(mine.items.len(), 1);
    // Another patient sees none of it.
    let stranger = register_patient(&clinic.app, "stranger@example.org").await;
    let theirs = clinic
        .app
        .get_as(
            &format!("/api/v1/billing/claims/{}", claim.id),
            &stranger.token,
        )
        .await;
    assert_eq!(theirs.status(), StatusCode::FORBIDDEN);
}

async fn a_draft_left_alone_is_issued_by_the_clinic(driver: Driver) {
    use medtrack::domain::billing::drafts::IssueDraft;
    use medtrack::domain::jobs::Runner;
    let clinic = cared_for(driver).await;
    complete_visit(&clinic).await;
    let draft = doctors_invoices(&clinic, 1).await.remove(0);
    let job = IssueDraft { invoice: draft.id };
    let stored = |clinic: &Clinic| {
        let key = medtrack::store::keys::job(&job.id());
        let store = clinic.app.store.clone();
        async move { store.get(&key).await.unwrap().is_some() }
    };
    assert!(
        stored(&clinic).await,
        "the draft waits a day for its doctor"
    );
    // Its day is over: the clinic issues it as it is.
    job.run(&clinic.app.ctx, jiff::Timestamp::now())
        .await
        .unwrap();
    let issued = detail(&clinic, &clinic.patient.token, &draft.id.to_string()).await;
    assert_eq!(issued.invoice.status, InvoiceStatus::Issued);
    assert_eq!(issued.entries[0].by, "The clinic");
    // Running again (a retry) changes nothing.
    job.run(&clinic.app.ctx, jiff::Timestamp::now())
        .await
        .unwrap();
    assert_eq!(
        detail(&clinic, &clinic.patient.token, &draft.id.to_string())
            .await
            .entries
            .len(),
        1
    );
}
