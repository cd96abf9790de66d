//! Billing: insurance policies as Coverage, issued invoices as Invoice,
//! claims as Claim. Amounts are kept in the currency's minor unit and
//! written as FHIR's decimal Money.

use medtrack_shared::billing::claims::{Claim, ClaimState, Policy, PolicyRank};
use medtrack_shared::billing::{Invoice, InvoiceStatus};
use medtrack_shared::UserId;
use serde_json::{json, Value};

use super::common::{at, coded, date, hl7, instant, money, put, reference, set, text, Mapped};
use super::ids::{Composite, Kind};

pub fn coverage_id(patient: &UserId, policy: &Policy) -> String {
    Composite::new(Kind::Policy, patient.as_uuid(), policy.id.as_uuid()).id()
}

/// A policy (policies keep no time of their last change). Its status is
/// the record's (active); the period says when it covers.
pub fn coverage(patient: &UserId, policy: &Policy) -> Mapped {
    let mut period = json!({ "start": date(policy.valid_from) });
    set(&mut period, "end", policy.valid_to.map(|d| json!(date(d))));
    let mut resource = json!({
        "resourceType": "Coverage",
        "id": coverage_id(patient, policy),
        "status": "active",
        "subscriberId": policy.member_id,
        "beneficiary": reference("Patient", patient, ""),
        "period": period,
        "payor": [{ "display": policy.payer }],
        "order": match policy.rank { PolicyRank::Primary => 1, PolicyRank::Secondary => 2 },
    });
    if let Some(group) = &policy.group {
        put(
            &mut resource,
            "class",
            json!([{ "type": hl7("coverage-class", "group"), "value": group }]),
        );
    }
    Mapped::new(resource, None, None)
}

/// An issued or cancelled invoice (drafts are not the patient's yet).
pub fn invoice(i: &Invoice) -> Option<Mapped> {
    let issued = i.issued_at?;
    let status = match i.status {
        InvoiceStatus::Draft => return None,
        InvoiceStatus::Cancelled => "cancelled",
        InvoiceStatus::Issued if i.totals.balance <= 0 && i.totals.charged > 0 => "balanced",
        InvoiceStatus::Issued => "issued",
    };
    let lines: Vec<Value> = i
        .lines
        .iter()
        .map(|line| {
            let charge = match &line.code {
                Some(code) => coded(&line.description, &code.system, &code.code),
                None => text(&line.description),
            };
            json!({
                "sequence": line.number.max(1),
                "chargeItemCodeableConcept": charge,
                "priceComponent": [
                    { "type": "base", "factor": line.quantity, "amount": money(line.net, &i.currency) },
                    { "type": "tax", "amount": money(line.tax, &i.currency) },
                ],
            })
        })
        .collect();
    let mut resource = json!({
        "resourceType": "Invoice",
        "id": i.id.to_string(),
        "status": status,
        "subject": reference("Patient", i.patient.id, &i.patient.name),
        "date": instant(issued),
        "participant": [{ "actor": reference("Practitioner", i.doctor.id, &i.doctor.name) }],
        "lineItem": lines,
        "totalNet": money(i.net, &i.currency),
        "totalGross": money(i.total, &i.currency),
    });
    set(
        &mut resource,
        "identifier",
        i.number
            .as_ref()
            .map(|n| json!([{ "use": "official", "value": n }])),
    );
    let mut words = Vec::new();
    if let Some(due) = i.due_on {
        words.push(format!("Due on {due}."));
    }
    words.push(format!(
        "Paid {}, balance {} (in {} minor units).",
        i.totals.paid, i.totals.balance, i.currency
    ));
    put(&mut resource, "note", json!([{ "text": words.join(" ") }]));
    Some(Mapped::new(resource, issued, at(issued)))
}

/// A claim to an insurer; `provider` is the invoice's doctor, when known.
pub fn claim(c: &Claim, provider: Option<Value>) -> Mapped {
    let status = match c.state {
        ClaimState::Draft => "draft",
        ClaimState::Closed if c.paid == 0 => "cancelled",
        _ => "active",
    };
    let mut resource = json!({
        "resourceType": "Claim",
        "id": c.id.to_string(),
        "status": status,
        "type": hl7("claim-type", "professional"),
        "use": "claim",
        "patient": reference("Patient", c.patient.id, &c.patient.name),
        "created": instant(c.created_at),
        "provider": provider.unwrap_or_else(|| json!({ "display": "The clinic" })),
        "priority": hl7("processpriority", "normal"),
        "insurance": [{
            "sequence": 1,
            "focal": true,
            "coverage": reference("Coverage", coverage_id(&c.patient.id, &c.policy), &c.policy.payer),
        }],
        "total": money(c.claimed, &c.currency),
    });
    put(
        &mut resource,
        "identifier",
        json!([{ "type": text("Invoice number"), "value": c.invoice_number }]),
    );
    Mapped::new(resource, c.updated_at, at(c.created_at))
}
