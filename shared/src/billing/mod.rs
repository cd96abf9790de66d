//! Billing: invoices made from completed visits, an append-only ledger per
//! invoice whose balance is the sum of its entries, insurance policies and
//! claims, and the admins' overview.
//!
//! Money is an integer count of the currency's minor unit (cents) with an
//! ISO 4217 code beside it; nothing here is floating point, and amounts in
//! different currencies are never added together.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::appointment::Party;
use crate::ids::{AppointmentId, ClaimId, EntryId, InvoiceId};

pub mod claims;
pub mod ledger;
pub mod overview;
mod requests;

pub use claims::{Claim, ClaimAction, ClaimState, ClaimStep, Policy, PolicyRank};
pub use ledger::{EntryKind, LedgerRefusal, Method, PaymentState, Totals};
pub use requests::*;

/// The longest description of a line, a reason or a reference.
pub const MAX_TEXT_CHARS: usize = 200;
/// The most lines on one invoice.
pub const MAX_LINES: usize = 50;
/// The largest amount of one line or entry, in minor units (ten million
/// in the currency: far above any visit, far below overflow).
pub const MAX_AMOUNT: i64 = 1_000_000_000;
/// The most of one line.
pub const MAX_QUANTITY: u32 = 1_000;

/// What a line bills, which decides its tax rate (the clinic's
/// configuration sets a rate per kind; none by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// The visit itself (the doctor's published fee).
    Consultation,
    /// A procedure done at the visit.
    Procedure,
    /// A laboratory or imaging test.
    Test,
    /// A medicine dispensed.
    Medication,
    /// Supplies and materials.
    Supply,
    /// Anything else.
    Other,
}

impl LineKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [Self; 6] = [
        Self::Consultation,
        Self::Procedure,
        Self::Test,
        Self::Medication,
        Self::Supply,
        Self::Other,
    ];

    /// Its name in the configuration and the API.
    pub fn name(self) -> &'static str {
        match self {
            Self::Consultation => "consultation",
            Self::Procedure => "procedure",
            Self::Test => "test",
            Self::Medication => "medication",
            Self::Supply => "supply",
            Self::Other => "other",
        }
    }
}

/// A procedure code as written by the biller: its system (e.g. `CPT`,
/// `ICD-10-PCS`, a national schedule) and the code. No code list is shipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureCode {
    /// The coding system.
    #[cfg_attr(feature = "openapi", schema(example = "CPT", max_length = 40))]
    pub system: String,
    /// The code.
    #[cfg_attr(feature = "openapi", schema(example = "99213", max_length = 40))]
    pub code: String,
}

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Line {
    /// Its number on the invoice, from 1.
    pub number: u32,
    /// What it bills.
    pub kind: LineKind,
    /// In words.
    pub description: String,
    /// The procedure code, if the biller gave one.
    pub code: Option<ProcedureCode>,
    /// How many.
    pub quantity: u32,
    /// The price of one, in minor units.
    pub unit_price: i64,
    /// quantity × unit price.
    pub net: i64,
    /// The tax rate in basis points (1/100 of a percent), from the clinic's
    /// rules when the line was added.
    pub tax_rate_bp: u32,
    /// The tax: net × rate, rounded half away from zero to the minor unit.
    pub tax: i64,
}

impl Line {
    /// Net plus tax.
    pub fn total(&self) -> i64 {
        self.net.saturating_add(self.tax)
    }
}

/// The tax on `net` at `rate_bp` basis points, rounded half away from zero
/// (per line, so a printed invoice adds up line by line).
pub fn tax_on(net: i64, rate_bp: u32) -> i64 {
    let product = i128::from(net) * i128::from(rate_bp);
    let half = if product >= 0 { 5_000 } else { -5_000 };
    i64::try_from((product + half) / 10_000).unwrap_or(i64::MAX)
}

/// An invoice's life: drafts change, issued invoices never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Being prepared: lines may be added or removed; no number yet, and
    /// the patient does not see it.
    Draft,
    /// Numbered, charged to the ledger, shown to the patient; corrected only
    /// by credit notes or further invoices.
    Issued,
    /// Credited in full by a credit note.
    Cancelled,
}

impl InvoiceStatus {
    /// Every status.
    pub const ALL: [Self; 3] = [Self::Draft, Self::Issued, Self::Cancelled];

    /// Its name in the API.
    pub fn name(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Issued => "issued",
            Self::Cancelled => "cancelled",
        }
    }
}

/// A credit note: a correction of an issued invoice, numbered in its own
/// sequence, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditNote {
    /// Its number, e.g. `CN-2027-000004`.
    pub number: String,
    /// How much it credits, in minor units.
    pub amount: i64,
    /// Why.
    pub reason: String,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Its ledger entry.
    pub entry: EntryId,
}

/// An invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invoice {
    /// Its id.
    pub id: InvoiceId,
    /// Its number once issued, e.g. `INV-2027-000123`: gapless per year.
    pub number: Option<String>,
    /// Draft, issued or cancelled.
    pub status: InvoiceStatus,
    /// Who pays.
    pub patient: Party,
    /// Whose practice bills (its currency, its time zone).
    pub doctor: Party,
    /// The visit it bills, if it came from one.
    pub visit: Option<AppointmentId>,
    /// ISO 4217 code; every amount of the invoice is in it.
    pub currency: String,
    /// The lines.
    pub lines: Vec<Line>,
    /// The sum of the lines' net amounts.
    pub net: i64,
    /// The sum of the lines' taxes.
    pub tax: i64,
    /// Net plus tax: what the invoice charges.
    pub total: i64,
    /// When the draft was made.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// When it was issued.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub issued_at: Option<Timestamp>,
    /// The day it is due, in the practice's time zone.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due_on: Option<Date>,
    /// Its credit notes.
    pub credit_notes: Vec<CreditNote>,
    /// The claims made for it.
    pub claims: Vec<ClaimId>,
    /// The ledger's sums (a cache of the entries, always equal to them).
    pub totals: Totals,
    /// Unpaid, partly paid, paid or overpaid, from the ledger; `None` while
    /// a draft or once cancelled with nothing paid.
    pub payment: Option<PaymentState>,
}

/// One entry of an invoice's ledger, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    /// Its id (in time order).
    pub id: EntryId,
    /// The invoice.
    pub invoice: InvoiceId,
    /// What it is.
    #[serde(flatten)]
    pub kind: EntryKind,
    /// How much, in minor units (always positive; the kind gives the sign).
    pub amount: i64,
    /// The invoice's currency.
    pub currency: String,
    /// When it was posted.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Who posted it (the clinic, for automatic entries).
    pub by: String,
}

/// An invoice with its ledger and claims: the invoice's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceDetail {
    /// The invoice.
    pub invoice: Invoice,
    /// Its ledger, oldest first.
    pub entries: Vec<Entry>,
    /// Its claims.
    pub claims: Vec<Claim>,
    /// What the patient still owes once the claims in progress pay what
    /// they ask (never below zero): the balance less what is claimed and
    /// not yet decided or paid.
    pub patient_share: i64,
}
