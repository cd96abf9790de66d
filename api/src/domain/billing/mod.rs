//! Billing: an invoice for every completed visit (`drafts`), numbered
//! when issued (`issue`), an append-only ledger of charges, payments,
//! refunds, write-offs and credit notes (`ledger`), insurance policies and
//! claims (`policies`, `claims`), counters kept in the same transactions
//! (`counters`) and what admins see (`overview`).
//!
//! An invoice is one item and a copy for its doctor's list, rewritten
//! together on the version read with every change; its ledger's sums are
//! kept on it as a cache of its entries, checked by the shared ledger rules.

pub mod claims;
pub mod counters;
pub mod drafts;
pub mod issue;
pub mod ledger;
pub mod overview;
pub mod policies;

use std::sync::Arc;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use medtrack_shared::billing::{Claim, Entry, Invoice, InvoiceDetail, InvoiceStatus, LineKind};
use medtrack_shared::{InvoiceId, Role};
use serde::{Deserialize, Serialize};

use super::accounts::Account;
use super::patients::{self, Access};
use super::{paging, Context, DomainError, Zone};
use crate::store::{keys, Condition, Item, Query, SkRange, Store, StoreError, TxOp};

/// The clinic's billing rules.
#[derive(Debug, Clone)]
pub struct Billing {
    /// Tax per line kind, in basis points (none by default).
    pub tax_bp: Vec<(LineKind, u32)>,
    /// The invoices' number prefix, e.g. `INV` for `INV-2027-000123`.
    pub invoice_prefix: String,
    /// The credit notes' number prefix.
    pub credit_prefix: String,
    /// Days from issue to due.
    pub payment_days: u16,
    /// How long a visit's draft waits for its doctor before it is issued as
    /// it is; never when `None`.
    pub issue_drafts_after: Option<SignedDuration>,
    /// One number at a time per replica: racing replicas still meet at the
    /// sequence's version, but a replica's own requests queue here instead of
    /// retrying against each other.
    pub numbering: Arc<tokio::sync::Mutex<()>>,
}

impl Default for Billing {
    fn default() -> Self {
        Self {
            tax_bp: Vec::new(),
            invoice_prefix: "INV".into(),
            credit_prefix: "CN".into(),
            payment_days: 30,
            issue_drafts_after: Some(SignedDuration::from_hours(24)),
            numbering: Arc::default(),
        }
    }
}

impl Billing {
    /// The tax rate of a line kind, in basis points.
    pub fn tax_rate(&self, kind: LineKind) -> u32 {
        self.tax_bp
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, rate)| *rate)
    }
}

/// An invoice as stored: with its practice's time zone, which dates it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InvoiceRecord {
    /// The invoice.
    #[serde(flatten)]
    pub invoice: Invoice,
    /// The billing practice's time zone.
    pub zone: Zone,
}

impl InvoiceRecord {
    /// The day `at` is in the practice's zone.
    pub fn day(&self, at: Timestamp) -> Date {
        at.to_zoned_datetime(self.zone.tz().clone()).date()
    }

    /// The month (`YYYY-MM`) `at` is in, in the practice's zone.
    pub fn month(&self, at: Timestamp) -> String {
        let day = self.day(at);
        format!("{:04}-{:02}", day.year(), day.month())
    }
}

/// An invoice as read, with the version its next write must check.
pub struct Stored {
    /// The invoice.
    pub record: InvoiceRecord,
    /// The item's version.
    pub version: u64,
}

/// The invoice with this id.
pub async fn load(store: &Store, id: &InvoiceId) -> Result<Stored, DomainError> {
    let item = store
        .get(&keys::invoice(id))
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(Stored {
        version: item.version,
        record: item.into_record()?,
    })
}

/// An open invoice in the ageing index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OpenInvoice {
    /// The invoice.
    pub invoice: InvoiceId,
    /// Its currency.
    pub currency: String,
    /// What is owed.
    pub balance: i64,
    /// When it is due.
    pub due_on: Date,
}

fn open_entry(invoice: &Invoice) -> Option<(Date, OpenInvoice)> {
    let due_on = invoice.due_on?;
    (invoice.status == InvoiceStatus::Issued && invoice.totals.balance > 0).then(|| {
        let open = OpenInvoice {
            invoice: invoice.id,
            currency: invoice.currency.clone(),
            balance: invoice.totals.balance,
            due_on,
        };
        (due_on, open)
    })
}

/// The operations that write `after` over `before` (absent for a new
/// invoice): the invoice on `condition`, its doctor's copy, and its entry
/// in the open invoices while something is owed.
pub fn write_ops(
    before: Option<&InvoiceRecord>,
    after: &InvoiceRecord,
    condition: Condition,
) -> Result<Vec<TxOp>, StoreError> {
    let invoice = &after.invoice;
    let (id, created, status) = (&invoice.id, invoice.created_at, invoice.status);
    let mut main = Item::from_record(keys::invoice(id), after)?
        .with_gsi2(keys::invoice_in(status, id, created));
    if status != InvoiceStatus::Draft {
        main = main.with_gsi1(keys::invoice_of_patient(&invoice.patient.id, id, created));
    }
    let doctor = &invoice.doctor.id;
    let copy = Item::from_record(keys::doctor_invoice(doctor, id, created), invoice)?
        .with_gsi1(keys::doctor_invoice_in(doctor, status, id, created));
    let mut ops = vec![
        TxOp::Put(main, condition),
        TxOp::Put(copy, Condition::Always),
    ];
    match open_entry(invoice) {
        Some((due, open)) => ops.push(TxOp::Put(
            Item::from_record(keys::open_invoice(due, id), &open)?,
            Condition::Always,
        )),
        None => {
            if let Some((due, _)) = before.and_then(|b| open_entry(&b.invoice)) {
                ops.push(TxOp::Delete(keys::open_invoice(due, id), Condition::Always));
            }
        }
    }
    Ok(ops)
}

/// Whether `caller` may change the invoice: its doctor, or an admin.
pub(crate) fn may_edit(caller: &Account, invoice: &Invoice) -> bool {
    match caller.role {
        Role::Admin => true,
        Role::Doctor => invoice.doctor.id == caller.id,
        Role::Patient => false,
    }
}

/// Whether `caller` may see the invoice (a patient their own once issued;
/// its doctor; admins), and the read recorded in the patient's access log.
pub(crate) async fn open(
    ctx: &Context,
    caller: &Account,
    invoice: &Invoice,
) -> Result<(), DomainError> {
    let access = match caller.role {
        Role::Patient if invoice.patient.id != caller.id => return Err(DomainError::Forbidden),
        Role::Patient if invoice.status == InvoiceStatus::Draft => {
            return Err(DomainError::NotFound)
        }
        Role::Patient => Access::Owner,
        Role::Doctor if invoice.doctor.id != caller.id => return Err(DomainError::Forbidden),
        Role::Doctor => Access::CareTeam,
        Role::Admin => Access::Admin,
    };
    patients::record_read(ctx, caller, access, &invoice.patient.id, "invoice").await
}

/// The most ledger entries an invoice's page lists.
const MAX_ENTRIES: usize = 1_000;

/// An invoice with its ledger and claims, for whoever may see it.
pub async fn get(
    ctx: &Context,
    caller: &Account,
    id: &InvoiceId,
) -> Result<InvoiceDetail, DomainError> {
    let invoice = load(&ctx.store, id).await?.record.invoice;
    open(ctx, caller, &invoice).await?;
    let query = Query::partition(keys::ledger(id)).range(SkRange::All);
    let entries = paging::all_items(&ctx.store, query, MAX_ENTRIES)
        .await?
        .into_iter()
        .map(Item::into_record)
        .collect::<Result<Vec<Entry>, _>>()?;
    // Insurance is the patient's and the clinic's business: a doctor sees
    // the invoice, not the policies claimed on.
    let shown = if caller.role == Role::Doctor {
        &[][..]
    } else {
        &invoice.claims[..]
    };
    let claim_keys: Vec<_> = shown.iter().map(keys::claim).collect();
    let claims: Vec<Claim> = ctx
        .store
        .batch_get(&claim_keys)
        .await?
        .into_iter()
        .flatten()
        .map(|item| item.into_record())
        .collect::<Result<_, _>>()?;
    let pending: i64 = claims.iter().map(Claim::outstanding).sum();
    let patient_share = (invoice.totals.balance - pending).max(0);
    Ok(InvoiceDetail {
        invoice,
        entries,
        claims,
        patient_share,
    })
}

/// One page of `query`, newest first: every billing list.
pub(crate) async fn newest_first<T: serde::de::DeserializeOwned>(
    ctx: &Context,
    query: Query,
    page: &medtrack_shared::PageQuery,
) -> Result<medtrack_shared::Page<T>, DomainError> {
    let limit = page.checked_limit()?;
    paging::page(&ctx.store, query.backwards(), limit, page.cursor.as_deref()).await
}

pub(crate) use crate::domain::retry::{retrying, retrying_for};
/// Tries for a number: every replica issuing races for the one sequence.
pub(crate) const NUMBERING_ATTEMPTS: u32 = 60;

/// Whether a commit lost a race: a condition on a version or a first write.
pub(crate) fn lost(result: Result<(), StoreError>) -> Result<bool, DomainError> {
    match result {
        Ok(()) => Ok(false),
        Err(StoreError::ConditionFailed { .. }) => Ok(true),
        Err(other) => Err(other.into()),
    }
}
