//! Numbers: issuing a draft (its number, its charge, its due date, the
//! patient told) and credit notes (their own numbers). A number is taken by
//! the transaction that uses it, rewriting its sequence's next number on the
//! version read and writing a guard named by the number, so numbers are
//! unique and gapless per prefix and year on both drivers; a replica takes
//! one number at a time (`Billing::numbering`), racing replicas retry.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::billing::{CreditInput, CreditNote, EntryKind, Invoice, InvoiceStatus};
use medtrack_shared::{ErrorCode, InvoiceId};
use serde::{Deserialize, Serialize};

use super::ledger::{author, entry_ops, notice, refused};
use super::{load, lost, may_edit, retrying_for, write_ops, InvoiceRecord, NUMBERING_ATTEMPTS};
use crate::domain::accounts::Account;
use crate::domain::notifications::billing::BillingChange;
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Item, TxOp};

#[derive(Serialize, Deserialize)]
struct Sequence {
    next: u32,
}

#[derive(Serialize, Deserialize)]
struct NumberTaken {
    invoice: InvoiceId,
}

/// The next number of `prefix` in the year `at` is in (the practice's
/// zone), and the writes that take it for `invoice`.
async fn take_number(
    ctx: &Context,
    prefix: &str,
    record: &InvoiceRecord,
    at: Timestamp,
) -> Result<(String, [TxOp; 2]), DomainError> {
    let year = record.day(at).year();
    let key = keys::sequence(prefix, year);
    let (next, condition) = match ctx.store.get(&key).await? {
        Some(item) => (
            item.record::<Sequence>()?.next,
            Condition::Version(item.version),
        ),
        None => (1, Condition::NotExists),
    };
    let number = format!("{prefix}-{year:04}-{next:06}");
    let sequence = Item::from_record(key, &Sequence { next: next + 1 })?;
    let taken = Item::from_record(
        keys::invoice_number(&number),
        &NumberTaken {
            invoice: record.invoice.id,
        },
    )?;
    Ok((
        number,
        [
            TxOp::Put(sequence, condition),
            TxOp::Put(taken, Condition::NotExists),
        ],
    ))
}

/// The most credit notes one invoice takes (each is kept on it).
const MAX_CREDIT_NOTES: usize = 20;

fn not_draft() -> DomainError {
    DomainError::conflict(ErrorCode::InvalidTransition, "Only a draft can be issued.")
}

/// Issues a draft: its doctor or an admin.
pub async fn issue(
    ctx: &Context,
    caller: &Account,
    id: &InvoiceId,
) -> Result<Invoice, DomainError> {
    issue_as(ctx, id, &author(caller), |invoice| {
        if !may_edit(caller, invoice) {
            return Err(DomainError::Forbidden);
        }
        if invoice.status != InvoiceStatus::Draft {
            return Err(not_draft());
        }
        if invoice.total <= 0 {
            return Err(DomainError::conflict(
                ErrorCode::InvalidTransition,
                "An invoice needs a line with a price before it is issued.",
            ));
        }
        Ok(())
    })
    .await
}

/// Issues a visit's draft as the clinic, if it is still a draft with
/// something to charge (the draft job); otherwise leaves it to people.
pub(crate) async fn issue_draft_as_clinic(
    ctx: &Context,
    id: &InvoiceId,
) -> Result<(), DomainError> {
    let result = issue_as(ctx, id, "The clinic", |invoice| {
        if invoice.status != InvoiceStatus::Draft || invoice.total <= 0 {
            return Err(not_draft());
        }
        Ok(())
    })
    .await;
    match result {
        Ok(_) | Err(DomainError::NotFound) => Ok(()),
        Err(DomainError::Conflict {
            code: ErrorCode::InvalidTransition,
            ..
        }) => Ok(()),
        Err(other) => Err(other),
    }
}

async fn issue_as(
    ctx: &Context,
    id: &InvoiceId,
    by: &str,
    allowed: impl Fn(&Invoice) -> Result<(), DomainError>,
) -> Result<Invoice, DomainError> {
    let _one_at_a_time = ctx.billing.numbering.lock().await;
    retrying_for(NUMBERING_ATTEMPTS, || async {
        let now = ctx.now();
        let stored = load(&ctx.store, id).await?;
        let before = stored.record;
        allowed(&before.invoice)?;
        let mut after = before.clone();
        let (number, take) = take_number(ctx, &ctx.billing.invoice_prefix, &after, now).await?;
        let due = after_days(after.day(now), i64::from(ctx.billing.payment_days))?;
        let invoice = &mut after.invoice;
        invoice.number = Some(number);
        invoice.status = InvoiceStatus::Issued;
        invoice.issued_at = Some(now);
        invoice.due_on = Some(due);
        let total = after.invoice.total;
        let charge = entry_ops(ctx, &mut after, EntryKind::Charge, total, by, now).await?;
        let mut ops = write_ops(Some(&before), &after, Condition::Version(stored.version))?;
        ops.extend(take);
        ops.extend(charge);
        ops.push(notice(&after.invoice, BillingChange::Issued, now)?);
        Ok((!lost(ctx.commit(ops).await)?).then_some(after.invoice))
    })
    .await
}

fn after_days(day: jiff::civil::Date, days: i64) -> Result<jiff::civil::Date, DomainError> {
    day.checked_add(SignedDuration::from_hours(days * 24))
        .map_err(|_| DomainError::Internal("a due date out of range".into()))
}

/// A credit note on an issued invoice (admins): the amount given, or all
/// that may still be credited, which cancels the invoice.
pub async fn credit(
    ctx: &Context,
    caller: &Account,
    id: &InvoiceId,
    input: &CreditInput,
) -> Result<Invoice, DomainError> {
    input.check()?;
    if caller.role != medtrack_shared::Role::Admin {
        return Err(DomainError::Forbidden);
    }
    let _one_at_a_time = ctx.billing.numbering.lock().await;
    retrying_for(NUMBERING_ATTEMPTS, || async {
        let now = ctx.now();
        let stored = load(&ctx.store, id).await?;
        let before = stored.record;
        if before.invoice.status != InvoiceStatus::Issued {
            return Err(DomainError::conflict(
                ErrorCode::InvalidTransition,
                "Only an issued invoice takes a credit note.",
            ));
        }
        if before.invoice.credit_notes.len() >= MAX_CREDIT_NOTES {
            return Err(DomainError::conflict(
                ErrorCode::LimitReached,
                "An invoice takes at most 20 credit notes; cancel it and make a further one.",
            ));
        }
        let creditable = before.invoice.totals.creditable();
        let amount = input.amount.unwrap_or(creditable);
        if amount <= 0 || amount > creditable {
            return Err(refused(
                medtrack_shared::billing::LedgerRefusal::CreditTooLarge,
            ));
        }
        let mut after = before.clone();
        let (number, take) = take_number(ctx, &ctx.billing.credit_prefix, &after, now).await?;
        let reason = input.reason.trim().to_owned();
        let kind = EntryKind::Credit {
            credit_note: number.clone(),
            reason: reason.clone(),
        };
        let entry = entry_ops(ctx, &mut after, kind, amount, &author(caller), now).await?;
        let invoice = &mut after.invoice;
        if invoice.totals.creditable() == 0 {
            invoice.status = InvoiceStatus::Cancelled;
        }
        invoice.credit_notes.push(CreditNote {
            number,
            amount,
            reason,
            at: now,
            entry: entry_id(&entry)?,
        });
        let mut ops = write_ops(Some(&before), &after, Condition::Version(stored.version))?;
        ops.extend(take);
        ops.extend(entry);
        Ok((!lost(ctx.commit(ops).await)?).then_some(after.invoice))
    })
    .await
}

/// The id of the entry `entry_ops` wrote first.
fn entry_id(ops: &[TxOp]) -> Result<medtrack_shared::EntryId, DomainError> {
    ops.first()
        .and_then(|op| op.key().sk.parse().ok())
        .ok_or(DomainError::Internal("a ledger entry without an id".into()))
}
