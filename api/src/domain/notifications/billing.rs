//! Billing notices to the patient: an invoice issued, a payment received, a
//! claim decided. They never carry amounts, which stay in the app behind
//! sign-in; the link leads to the invoice.

use medtrack_shared::billing::ClaimState;
use medtrack_shared::notification::Category;
use medtrack_shared::InvoiceId;
use serde::{Deserialize, Serialize};

use super::Rendered;

/// A billing event, as its notification tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingNotice {
    /// The invoice.
    pub invoice: InvoiceId,
    /// Its number.
    pub number: String,
    /// The billing doctor's name.
    pub doctor_name: String,
    /// What happened.
    pub change: BillingChange,
}

/// What a billing notice says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum BillingChange {
    /// The invoice was issued.
    Issued,
    /// A payment was recorded on it.
    PaymentReceived,
    /// The payer decided a claim for it.
    ClaimDecided {
        /// Approved, partly approved or denied.
        state: ClaimState,
    },
}

/// The words of a billing notice.
pub fn render(notice: &BillingNotice) -> Rendered {
    let (number, doctor) = (&notice.number, &notice.doctor_name);
    let (name, title, body) = match notice.change {
        BillingChange::Issued => (
            "invoice_issued",
            "A new invoice".to_owned(),
            format!("Invoice {number} for your visit with {doctor} is ready. Open Billing to see it."),
        ),
        BillingChange::PaymentReceived => (
            "payment_received",
            "Payment received".to_owned(),
            format!("A payment on invoice {number} was recorded. Open Billing to see what remains."),
        ),
        BillingChange::ClaimDecided { state } => (
            "claim_decided",
            "Your insurance claim was decided".to_owned(),
            format!(
                "Your insurer's answer on the claim for invoice {number}: {}. Open Billing to see what it means for you.",
                state.label().to_lowercase()
            ),
        ),
    };
    Rendered {
        category: Category::Billing,
        event: format!("billing.{name}"),
        title,
        body,
        link: Some(format!("/billing/invoices/{}", notice.invoice)),
        urgent: false,
    }
}

/// One notice of each kind, for the texts' tests.
#[cfg(test)]
pub(super) fn examples() -> Vec<BillingNotice> {
    let state = ClaimState::PartiallyApproved;
    [
        BillingChange::Issued,
        BillingChange::PaymentReceived,
        BillingChange::ClaimDecided { state },
    ]
    .into_iter()
    .map(|change| BillingNotice {
        invoice: InvoiceId::from_uuid(uuid::Uuid::nil()),
        number: "INV-2027-000001".into(),
        doctor_name: "Dr Ńowak".into(),
        change,
    })
    .collect()
}
