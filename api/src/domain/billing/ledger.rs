//! The ledger: every charge, payment, refund, write-off and credit is an
//! entry, posted in the transaction that rewrites its invoice's sums on the
//! version read, so the sums are always those of the entries. Admins record
//! money here; a payment provider would call [`record_payment`] the same
//! way once it confirms a payment.

use jiff::Timestamp;
use medtrack_shared::billing::{
    Entry, EntryKind, Invoice, InvoiceStatus, LedgerRefusal, MoneyInput, WriteOffInput,
};
use medtrack_shared::{EntryId, ErrorCode, InvoiceId, Role};

use super::{counters, load, lost, retrying, write_ops, InvoiceRecord};
use crate::domain::accounts::Account;
use crate::domain::notifications::billing::{BillingChange, BillingNotice};
use crate::domain::notifications::outbox::{self, Event};
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Item, TxOp};

/// The 409 of an entry the ledger's rules refuse.
pub(crate) fn refused(refusal: LedgerRefusal) -> DomainError {
    DomainError::conflict(ErrorCode::LedgerRefused, refusal.message())
}

/// Posts an entry to `record` (its sums and payment state), and the writes
/// that go with it: the entry, and the revenue counters.
pub(crate) async fn entry_ops(
    ctx: &Context,
    record: &mut InvoiceRecord,
    kind: EntryKind,
    amount: i64,
    by: &str,
    now: Timestamp,
) -> Result<Vec<TxOp>, DomainError> {
    let invoice = &mut record.invoice;
    let totals = invoice.totals.apply(&kind, amount).map_err(refused)?;
    invoice.totals = totals;
    invoice.payment = totals.payment_state();
    let entry = Entry {
        id: EntryId::from_uuid(uuid::Uuid::now_v7()),
        invoice: invoice.id,
        kind,
        amount,
        currency: invoice.currency.clone(),
        at: now,
        by: by.to_owned(),
    };
    let key = keys::ledger_entry(&invoice.id, &entry.id);
    let mut ops = vec![TxOp::Put(
        Item::from_record(key, &entry)?,
        Condition::NotExists,
    )];
    ops.extend(counters::revenue(ctx, record, &entry.kind, amount, now).await?);
    Ok(ops)
}

/// The patient's notice of a change to their invoice.
pub(crate) fn notice(
    invoice: &Invoice,
    change: BillingChange,
    now: Timestamp,
) -> Result<TxOp, DomainError> {
    let event = Event::Billing(BillingNotice {
        invoice: invoice.id,
        number: invoice.number.clone().unwrap_or_default(),
        doctor_name: invoice.doctor.name.clone(),
        change,
    });
    Ok(outbox::queue(invoice.patient.id, event, now)?)
}

/// Who appears as an entry's author.
pub(crate) fn author(caller: &Account) -> String {
    match caller.role {
        Role::Admin => format!("{} (clinic)", caller.name),
        _ => caller.name.clone(),
    }
}

/// Posts one entry by an admin to an invoice in one of `statuses`.
async fn post(
    ctx: &Context,
    caller: &Account,
    id: &InvoiceId,
    kind: EntryKind,
    amount: i64,
    statuses: &[InvoiceStatus],
    change: Option<BillingChange>,
) -> Result<Invoice, DomainError> {
    if caller.role != Role::Admin {
        return Err(DomainError::Forbidden);
    }
    retrying(|| async {
        let now = ctx.now();
        let stored = load(&ctx.store, id).await?;
        let before = stored.record;
        if !statuses.contains(&before.invoice.status) {
            return Err(DomainError::conflict(
                ErrorCode::InvalidTransition,
                "The invoice cannot take this entry in its status.",
            ));
        }
        let mut after = before.clone();
        let entry = entry_ops(ctx, &mut after, kind.clone(), amount, &author(caller), now).await?;
        let mut ops = write_ops(Some(&before), &after, Condition::Version(stored.version))?;
        ops.extend(entry);
        if let Some(change) = change {
            ops.push(notice(&after.invoice, change, now)?);
        }
        Ok((!lost(ctx.commit(ops).await)?).then_some(after.invoice))
    })
    .await
}

/// Money received from the patient (admins; insurers' money comes through
/// their claims). More than is owed stays as the patient's credit.
pub async fn record_payment(
    ctx: &Context,
    caller: &Account,
    id: &InvoiceId,
    input: &MoneyInput,
) -> Result<Invoice, DomainError> {
    input.check()?;
    let kind = EntryKind::Payment {
        method: input.method,
        reference: clean(&input.reference),
        claim: None,
    };
    let change = Some(BillingChange::PaymentReceived);
    post(
        ctx,
        caller,
        id,
        kind,
        input.amount,
        &[InvoiceStatus::Issued],
        change,
    )
    .await
}

/// Money given back, up to what was received (admins).
pub async fn refund(
    ctx: &Context,
    caller: &Account,
    id: &InvoiceId,
    input: &MoneyInput,
) -> Result<Invoice, DomainError> {
    input.check()?;
    let kind = EntryKind::Refund {
        method: input.method,
        reference: clean(&input.reference),
    };
    let statuses = [InvoiceStatus::Issued, InvoiceStatus::Cancelled];
    post(ctx, caller, id, kind, input.amount, &statuses, None).await
}

/// What the clinic gives up collecting, up to what is owed (admins).
pub async fn write_off(
    ctx: &Context,
    caller: &Account,
    id: &InvoiceId,
    input: &WriteOffInput,
) -> Result<Invoice, DomainError> {
    input.check()?;
    let kind = EntryKind::WriteOff {
        reason: input.reason.trim().to_owned(),
    };
    post(
        ctx,
        caller,
        id,
        kind,
        input.amount,
        &[InvoiceStatus::Issued],
        None,
    )
    .await
}

/// An optional text, trimmed, `None` when blank.
pub(crate) fn clean(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}
