//! The keys of billing.
//!
//! | record          | pk                  | sk                 | GSI1                                            |
//! |-----------------|---------------------|--------------------|-------------------------------------------------|
//! | invoice         | `INVOICE#<id>`      | `INVOICE`          | `INVOICES_OF#<patient>` / `<created>#<id>` (issued, cancelled); GSI2 `INVOICES_IN#<status>` / `<created>#<id>` |
//! | doctor's invoice| `INVOICES_BY#<doctor>` | `<created>#<id>` | `INVOICES_BY#<doctor>#<status>` / `<created>#<id>` |
//! | visit's invoice | `INVOICE_OF#<appointment>` | `INVOICE`   | -                                               |
//! | number taken    | `INVOICE_NUMBER#<number>` | `NUMBER`     | -                                               |
//! | number sequence | `SEQUENCE#<prefix>#<year>` | `SEQUENCE`  | -                                               |
//! | ledger entry    | `LEDGER#<invoice>`  | `<entry id>`       | -                                               |
//! | open invoice    | `OPEN_INVOICES`     | `<due date>#<id>`  | -                                               |
//! | revenue         | `REVENUE`           | `<month>#<currency>#<shard>` | -                                     |
//! | doctor revenue  | `REVENUE_BY_DOCTOR` | `<month>#<doctor>#<currency>` | -                                    |
//! | claim counts    | `CLAIM_COUNTS`      | `COUNTS#<shard>`   | -                                               |
//! | policy          | `POLICIES#<patient>`| `<policy id>`      | -                                               |
//! | claim           | `CLAIM#<id>`        | `CLAIM`            | `CLAIMS_OF#<patient>` / `<created>#<id>`; GSI2 `CLAIMS_IN#<state>` / `<created>#<id>` |
//!
//! An invoice is one item (lines, credit notes, the ledger's sums) and a
//! doctor's copy; its ledger entries are a partition of their own, each
//! written in the transaction that rewrites the invoice on the version
//! read, so the sums on the invoice are always those of its entries. An
//! invoice made for a visit is guarded by an item named by the visit, and a
//! number by an item named by the number; a sequence item per prefix and
//! year holds the next number and is rewritten on its version by the
//! transaction that takes it, so numbers are gapless. The open invoices
//! (issued, something owed) are one partition by due date: the ageing costs
//! what is open, not what was ever billed. Revenue and claim counts are
//! counters added to in the transactions that change them, each spread
//! over eight shards (by the invoice's or claim's id) so that unrelated
//! changes rarely meet on one item.

use jiff::civil::Date;
use jiff::Timestamp;
use medtrack_shared::billing::{ClaimState, InvoiceStatus};
use medtrack_shared::{AppointmentId, ClaimId, EntryId, InvoiceId, PolicyId, UserId};

use super::{sortable_time as millis, IndexKey, Key};

/// An invoice.
pub fn invoice(id: &InvoiceId) -> Key {
    Key::new(format!("INVOICE#{id}"), "INVOICE")
}

/// An invoice's place in a list ordered by when it was made.
fn by_created(pk: String, id: &InvoiceId, created: Timestamp) -> IndexKey {
    IndexKey::new(pk, format!("{}#{id}", millis(created)))
}

/// The GSI1 partition of a patient's invoices (issued or cancelled).
pub fn invoices_of(patient: &UserId) -> String {
    format!("INVOICES_OF#{patient}")
}

/// An invoice's place in its patient's list.
pub fn invoice_of_patient(patient: &UserId, id: &InvoiceId, created: Timestamp) -> IndexKey {
    by_created(invoices_of(patient), id, created)
}

/// The GSI2 partition of the invoices in a status.
pub fn invoices_in(status: InvoiceStatus) -> String {
    format!("INVOICES_IN#{}", status.name())
}

/// An invoice's place in its status's list.
pub fn invoice_in(status: InvoiceStatus, id: &InvoiceId, created: Timestamp) -> IndexKey {
    by_created(invoices_in(status), id, created)
}

/// The partition of a doctor's copies of their invoices.
pub fn invoices_by(doctor: &UserId) -> String {
    format!("INVOICES_BY#{doctor}")
}

/// A doctor's copy of an invoice.
pub fn doctor_invoice(doctor: &UserId, id: &InvoiceId, created: Timestamp) -> Key {
    Key::new(invoices_by(doctor), format!("{}#{id}", millis(created)))
}

/// The GSI1 partition of a doctor's invoices in a status.
pub fn invoices_by_in(doctor: &UserId, status: InvoiceStatus) -> String {
    format!("INVOICES_BY#{doctor}#{}", status.name())
}

/// A doctor's copy's place in their list by status.
pub fn doctor_invoice_in(
    doctor: &UserId,
    status: InvoiceStatus,
    id: &InvoiceId,
    created: Timestamp,
) -> IndexKey {
    by_created(invoices_by_in(doctor, status), id, created)
}

/// The invoice made for a visit (written once: what makes it one).
pub fn invoice_of_visit(visit: &AppointmentId) -> Key {
    Key::new(format!("INVOICE_OF#{visit}"), "INVOICE")
}

/// An invoice or credit note number, taken (what makes it unique).
pub fn invoice_number(number: &str) -> Key {
    Key::new(format!("INVOICE_NUMBER#{number}"), "NUMBER")
}

/// The next number of a sequence (`INV`, `CN`) in a year.
pub fn sequence(prefix: &str, year: i16) -> Key {
    Key::new(format!("SEQUENCE#{prefix}#{year}"), "SEQUENCE")
}

/// The partition of an invoice's ledger, in time order.
pub fn ledger(invoice: &InvoiceId) -> String {
    format!("LEDGER#{invoice}")
}

/// One ledger entry.
pub fn ledger_entry(invoice: &InvoiceId, id: &EntryId) -> Key {
    Key::new(ledger(invoice), id.to_string())
}

/// The partition of the open invoices (issued, something owed), by due date.
pub const OPEN_INVOICES: &str = "OPEN_INVOICES";

/// An open invoice's entry in the ageing index.
pub fn open_invoice(due: Date, id: &InvoiceId) -> Key {
    Key::new(OPEN_INVOICES, format!("{due}#{id}"))
}

/// The partition of the revenue counters by month and currency.
pub const REVENUE: &str = "REVENUE";

/// How many items a clinic-wide counter is spread over, so that changes to
/// different invoices or claims rarely write the same item (DynamoDB
/// refuses concurrent transactions on one item); readers add them up.
pub const COUNTER_SHARDS: u8 = 8;

/// The shard of a counter a change to `id` adds to.
pub fn shard(id: &uuid::Uuid) -> u8 {
    id.as_bytes().iter().fold(0_u8, |acc, b| acc ^ b) % COUNTER_SHARDS
}

/// A month's revenue in a currency (`month` is `YYYY-MM`), one shard.
pub fn revenue(month: &str, currency: &str, shard: u8) -> Key {
    Key::new(REVENUE, format!("{month}#{currency}#{shard}"))
}

/// The partition of the revenue counters by month, doctor and currency.
pub const REVENUE_BY_DOCTOR: &str = "REVENUE_BY_DOCTOR";

/// A doctor's revenue in a month and currency.
pub fn doctor_revenue(month: &str, doctor: &UserId, currency: &str) -> Key {
    Key::new(REVENUE_BY_DOCTOR, format!("{month}#{doctor}#{currency}"))
}

/// The partition of the claims counted by state.
pub const CLAIM_COUNTS: &str = "CLAIM_COUNTS";

/// One shard of the claims counted by state.
pub fn claim_counts(shard: u8) -> Key {
    Key::new(CLAIM_COUNTS, format!("COUNTS#{shard}"))
}

/// A patient's policy.
pub fn policy(patient: &UserId, id: &PolicyId) -> Key {
    Key::new(policies(patient), id.to_string())
}

/// The partition of a patient's policies.
pub fn policies(patient: &UserId) -> String {
    format!("POLICIES#{patient}")
}

/// A claim.
pub fn claim(id: &ClaimId) -> Key {
    Key::new(format!("CLAIM#{id}"), "CLAIM")
}

/// The GSI1 partition of a patient's claims.
pub fn claims_of(patient: &UserId) -> String {
    format!("CLAIMS_OF#{patient}")
}

/// The GSI2 partition of the claims in a state.
pub fn claims_in(state: ClaimState) -> String {
    format!("CLAIMS_IN#{}", state.name())
}

/// A claim's place in a list ordered by when it was made.
pub fn claim_order(pk: String, id: &ClaimId, created: Timestamp) -> IndexKey {
    IndexKey::new(pk, format!("{}#{id}", millis(created)))
}
