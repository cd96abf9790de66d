//! Billing, for patients, doctors and admins alike: invoices in a table
//! and as a printable document, the ledger, a draft's lines and their
//! form, the admins' entries (payments, refunds, write-offs, credit
//! notes), insurance policies, claims with the steps the reader's role may
//! take, and the overview's charts and CSV files. Amounts are integers of
//! the currency's minor unit, shown with `format::amount` and typed in
//! major units ([`money::parse`]). Its styles are in `style/billing.css`.

mod admin_forms;
mod charts;
mod claim;
mod claim_form;
mod csv;
mod document;
mod ledger;
mod line_form;
pub mod money;
mod new_invoice;
mod policies;
mod table;

use leptos::prelude::*;
use medtrack_shared::billing::{ClaimState, Invoice, InvoiceStatus, LineKind, PaymentState};
use medtrack_shared::{Role, UserId};

pub use admin_forms::AdminActions;
pub use charts::{Bar, Bars, RevenueChart};
pub use claim::ClaimCard;
pub use claim_form::ClaimForm;
pub use csv::{save as save_file, DownloadCsv};
pub use document::InvoiceDocument;
pub use ledger::Ledger;
pub use line_form::LineForm;
pub use new_invoice::NewInvoiceButton;
pub use policies::Policies;
pub use table::{InvoiceTable, Party, StatusChips};

use crate::state::session::use_session;

/// Who is looking at billing, as what they may do depends on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// Their role.
    pub role: Role,
    /// Their id.
    pub id: Option<UserId>,
    /// Their time zone, for dates.
    pub zone: String,
}

impl Viewer {
    /// The signed-in person.
    pub fn now() -> Self {
        let session = use_session();
        let me = session.me();
        Self {
            role: me.as_ref().map_or(Role::Patient, |me| me.role),
            id: me.map(|me| me.id),
            zone: session.zone(),
        }
    }

    /// Whether they run the clinic.
    pub fn admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether they may change a draft (its doctor or an admin; the server
    /// lets only those read a draft at all).
    pub fn edits_drafts(&self) -> bool {
        matches!(self.role, Role::Doctor | Role::Admin)
    }
}

/// The invoice's name: its number, or "Draft" before it is issued.
pub fn title(invoice: &Invoice) -> String {
    invoice.number.clone().unwrap_or_else(|| "Draft".to_owned())
}

/// What a line bills, in words.
pub fn kind_label(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Consultation => "Consultation",
        LineKind::Procedure => "Procedure",
        LineKind::Test => "Test",
        LineKind::Medication => "Medication",
        LineKind::Supply => "Supplies",
        LineKind::Other => "Other",
    }
}

/// A tax rate in basis points as a percentage: `20%`, `7.5%`.
pub fn rate(bp: u32) -> String {
    let (whole, part) = (bp / 100, bp % 100);
    if part == 0 {
        format!("{whole}%")
    } else {
        let part = format!("{part:02}");
        format!("{whole}.{}%", part.trim_end_matches('0'))
    }
}

/// Where an invoice stands for its payer, in words and as a class: its
/// payment state once issued; draft, or cancelled.
fn standing(status: InvoiceStatus, payment: Option<PaymentState>) -> (&'static str, &'static str) {
    match (status, payment) {
        (InvoiceStatus::Draft, _) => ("draft", "Draft"),
        (InvoiceStatus::Cancelled, _) => ("cancelled", "Cancelled"),
        (InvoiceStatus::Issued, Some(PaymentState::Unpaid)) => ("unpaid", "Unpaid"),
        (InvoiceStatus::Issued, Some(PaymentState::PartlyPaid)) => ("partly_paid", "Partly paid"),
        (InvoiceStatus::Issued, Some(PaymentState::Paid) | None) => ("paid", "Paid"),
        (InvoiceStatus::Issued, Some(PaymentState::Overpaid)) => ("overpaid", "Overpaid"),
    }
}

/// The invoice's chip: unpaid, partly paid, paid, overpaid, cancelled (or
/// draft); a cancelled invoice that holds money also says "Overpaid".
#[component]
pub fn PaymentChip(invoice: Invoice) -> impl IntoView {
    let (state, label) = standing(invoice.status, invoice.payment);
    let credit = invoice.status == InvoiceStatus::Cancelled
        && invoice.payment == Some(PaymentState::Overpaid);
    view! {
        <span class=format!("badge pay-{state}") data-testid="payment-state" data-state=state>{label}</span>
        {credit.then(|| view! { " " <span class="badge pay-overpaid">"Overpaid"</span> })}
    }
}

/// A claim's state, coloured by whether it waits, pays, or failed.
#[component]
pub fn ClaimBadge(state: ClaimState) -> impl IntoView {
    let class = match state {
        ClaimState::Draft | ClaimState::Closed => "claim-idle",
        ClaimState::Submitted | ClaimState::InReview => "claim-waiting",
        ClaimState::Approved | ClaimState::PartiallyApproved | ClaimState::Paid => "claim-good",
        ClaimState::Denied => "claim-denied",
    };
    view! {
        <span class=format!("badge {class}") data-testid="claim-state" data-state=state.name()>{state.label()}</span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_percentages() {
        assert_eq!(rate(0), "0%");
        assert_eq!(rate(2_000), "20%");
        assert_eq!(rate(750), "7.5%");
        assert_eq!(rate(1_025), "10.25%");
    }

    #[test]
    fn an_invoice_stands_as_its_payments_say() {
        assert_eq!(standing(InvoiceStatus::Draft, None).0, "draft");
        assert_eq!(
            standing(InvoiceStatus::Cancelled, Some(PaymentState::Overpaid)).0,
            "cancelled"
        );
        assert_eq!(
            standing(InvoiceStatus::Issued, Some(PaymentState::PartlyPaid)).1,
            "Partly paid"
        );
    }
}
