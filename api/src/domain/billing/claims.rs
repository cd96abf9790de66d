//! Insurance claims: made from an issued invoice for one of the patient's
//! policies, moved through the shared state table (`next_state`), and paid
//! into the invoice's ledger in the transaction that records the payment.

use jiff::Timestamp;
use medtrack_shared::billing::{
    claims::next_state, Claim, ClaimAction, ClaimState, ClaimStep, ClaimStepInput, EntryKind,
    InvoiceStatus, Method, NewClaim,
};
use medtrack_shared::{ClaimId, ErrorCode, Page, PageQuery, Role};

use super::ledger::{author, clean, entry_ops, notice};
use super::{counters, load, lost, open, retrying, write_ops, InvoiceRecord};
use crate::domain::accounts::Account;
use crate::domain::notifications::billing::BillingChange;
use crate::domain::patients::{self, Access};
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, StoreError, TxOp};

/// The most claims one invoice may have.
const MAX_CLAIMS: usize = 10;

fn item(claim: &Claim) -> Result<Item, StoreError> {
    Ok(Item::from_record(keys::claim(&claim.id), claim)?
        .with_gsi1(keys::claim_order(
            keys::claims_of(&claim.patient.id),
            &claim.id,
            claim.created_at,
        ))
        .with_gsi2(keys::claim_order(
            keys::claims_in(claim.state),
            &claim.id,
            claim.created_at,
        )))
}

/// What the invoice's claims ask or may still ask of their payers (a
/// draft's too: it is about to), leaving out `except`.
async fn pending(
    ctx: &Context,
    record: &InvoiceRecord,
    except: Option<ClaimId>,
) -> Result<i64, DomainError> {
    let claim_keys: Vec<_> = (record.invoice.claims.iter())
        .filter(|c| Some(**c) != except)
        .map(keys::claim)
        .collect();
    let mut sum = 0;
    for found in ctx
        .store
        .batch_get(&claim_keys)
        .await?
        .into_iter()
        .flatten()
    {
        let claim: Claim = found.into_record()?;
        sum += match claim.state {
            ClaimState::Draft => claim.claimed,
            _ => claim.outstanding(),
        };
    }
    Ok(sum)
}

fn too_much() -> DomainError {
    DomainError::field(
        "amount",
        "is more than the invoice's balance less what other claims ask",
    )
}

/// A claim (a draft) for an issued invoice: its patient, or an admin.
pub async fn create(
    ctx: &Context,
    caller: &Account,
    input: &NewClaim,
) -> Result<Claim, DomainError> {
    input.check()?;
    retrying(|| async {
        let now = ctx.now();
        let stored = load(&ctx.store, &input.invoice).await?;
        let before = stored.record;
        let invoice = &before.invoice;
        if caller.role == Role::Doctor {
            return Err(DomainError::Forbidden);
        }
        open(ctx, caller, invoice).await?;
        if invoice.status != InvoiceStatus::Issued {
            return Err(DomainError::conflict(
                ErrorCode::InvalidTransition,
                "Only an issued invoice can be claimed.",
            ));
        }
        if invoice.claims.len() >= MAX_CLAIMS {
            return Err(DomainError::conflict(
                ErrorCode::LimitReached,
                "An invoice takes at most 10 claims.",
            ));
        }
        let policy = super::policies::get(ctx, &invoice.patient.id, &input.policy)
            .await?
            .ok_or(DomainError::field(
                "policy",
                "is not one of the patient's policies",
            ))?;
        let issued_on = before.day(invoice.issued_at.unwrap_or(invoice.created_at));
        if !policy.covers(issued_on) {
            return Err(DomainError::field(
                "policy",
                "does not cover the day the invoice was issued",
            ));
        }
        let room = invoice.totals.balance - pending(ctx, &before, None).await?;
        let amount = input.amount.unwrap_or(room);
        if amount <= 0 || amount > room {
            return Err(too_much());
        }
        let claim = Claim {
            id: ClaimId::from_uuid(uuid::Uuid::now_v7()),
            invoice: invoice.id,
            invoice_number: invoice.number.clone().unwrap_or_default(),
            patient: invoice.patient.clone(),
            policy,
            state: ClaimState::Draft,
            currency: invoice.currency.clone(),
            claimed: amount,
            approved: None,
            paid: 0,
            denial_reason: None,
            submissions: 0,
            steps: vec![step(
                now,
                None,
                ClaimState::Draft,
                caller.role,
                Some(amount),
                None,
            )],
            created_at: now,
            updated_at: now,
        };
        let mut after = before.clone();
        after.invoice.claims.push(claim.id);
        let mut ops = write_ops(Some(&before), &after, Condition::Version(stored.version))?;
        ops.push(TxOp::Put(item(&claim)?, Condition::NotExists));
        ops.extend(counters::claim_moved(ctx, &claim.id, None, ClaimState::Draft).await?);
        Ok((!lost(ctx.commit(ops).await)?).then_some(claim))
    })
    .await
}

fn step(
    at: Timestamp,
    action: Option<ClaimAction>,
    to: ClaimState,
    by_role: Role,
    amount: Option<i64>,
    note: Option<String>,
) -> ClaimStep {
    ClaimStep {
        at,
        action,
        to,
        by_role,
        amount,
        note,
    }
}

async fn load_claim(ctx: &Context, id: &ClaimId) -> Result<(Claim, u64), DomainError> {
    let found = ctx
        .store
        .get(&keys::claim(id))
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok((found.record()?, found.version))
}

/// Whether `caller` may see the claim: its patient, or an admin (logged).
async fn may_see(ctx: &Context, caller: &Account, claim: &Claim) -> Result<(), DomainError> {
    match caller.role {
        Role::Patient if claim.patient.id == caller.id => Ok(()),
        Role::Admin => {
            patients::record_read(ctx, caller, Access::Admin, &claim.patient.id, "claim").await
        }
        _ => Err(DomainError::Forbidden),
    }
}

/// One claim.
pub async fn get(ctx: &Context, caller: &Account, id: &ClaimId) -> Result<Claim, DomainError> {
    let (claim, _) = load_claim(ctx, id).await?;
    may_see(ctx, caller, &claim).await?;
    Ok(claim)
}

/// Takes a step of a claim, as the state table allows the caller's role.
pub async fn take_step(
    ctx: &Context,
    caller: &Account,
    id: &ClaimId,
    input: &ClaimStepInput,
) -> Result<Claim, DomainError> {
    input.check()?;
    retrying(|| async {
        let now = ctx.now();
        let (before, version) = load_claim(ctx, id).await?;
        may_see(ctx, caller, &before).await?;
        let to =
            next_state(before.state, input.action, caller.role).ok_or(DomainError::conflict(
                ErrorCode::InvalidTransition,
                "The claim cannot take that step now.",
            ))?;
        let mut claim = before.clone();
        let note = clean(&input.note);
        let mut amount = input.amount;
        let mut ops = Vec::new();
        match input.action {
            ClaimAction::Submit => {
                if let Some(asked) = amount {
                    claim.claimed = asked;
                }
                claim.submissions += 1;
                claim.denial_reason = None;
            }
            ClaimAction::Approve => {
                claim.approved = Some(claim.claimed);
                amount = Some(claim.claimed);
            }
            ClaimAction::ApprovePart => {
                let part = amount.unwrap_or(0);
                if part >= claim.claimed {
                    return Err(DomainError::field(
                        "amount",
                        "must be less than claimed; approve all instead",
                    ));
                }
                claim.approved = Some(part);
            }
            ClaimAction::Deny => claim.denial_reason = note.clone(),
            ClaimAction::RecordPayment => {
                let due = claim.approved.unwrap_or(0) - claim.paid;
                let paid = amount.unwrap_or(due);
                if paid <= 0 || paid > due {
                    return Err(DomainError::field(
                        "amount",
                        "is more than the payer approved",
                    ));
                }
                amount = Some(paid);
                claim.paid += paid;
                ops.extend(pay_invoice(ctx, caller, &claim, paid, note.clone(), now).await?);
            }
            ClaimAction::StartReview | ClaimAction::Close => {}
        }
        if input.action == ClaimAction::Submit {
            ops.push(check_submission(ctx, &claim).await?);
        }
        // An insurer may pay in parts: the claim is paid when all is.
        let to = match input.action {
            ClaimAction::RecordPayment if claim.paid < claim.approved.unwrap_or(0) => before.state,
            _ => to,
        };
        claim.state = to;
        claim.updated_at = now;
        claim
            .steps
            .push(step(now, Some(input.action), to, caller.role, amount, note));
        if matches!(
            input.action,
            ClaimAction::Approve | ClaimAction::ApprovePart | ClaimAction::Deny
        ) {
            let invoice = load(&ctx.store, &claim.invoice).await?.record.invoice;
            ops.push(notice(
                &invoice,
                BillingChange::ClaimDecided { state: to },
                now,
            )?);
        }
        let mut all = vec![TxOp::Put(item(&claim)?, Condition::Version(version))];
        all.extend(counters::claim_moved(ctx, &claim.id, Some(before.state), to).await?);
        all.extend(ops);
        Ok((!lost(ctx.commit(all).await)?).then_some(claim))
    })
    .await
}

/// A submitted claim may ask at most the balance less what other claims
/// ask: checked on the invoice as read, which must not change meanwhile.
async fn check_submission(ctx: &Context, claim: &Claim) -> Result<TxOp, DomainError> {
    let stored = load(&ctx.store, &claim.invoice).await?;
    let record = stored.record;
    let others = pending(ctx, &record, Some(claim.id)).await?;
    if claim.claimed > record.invoice.totals.balance - others {
        return Err(too_much());
    }
    Ok(TxOp::Check(
        keys::invoice(&claim.invoice),
        Condition::Version(stored.version),
    ))
}

/// The insurer's payment, posted to the invoice's ledger.
async fn pay_invoice(
    ctx: &Context,
    caller: &Account,
    claim: &Claim,
    amount: i64,
    reference: Option<String>,
    now: Timestamp,
) -> Result<Vec<TxOp>, DomainError> {
    let stored = load(&ctx.store, &claim.invoice).await?;
    let before = stored.record;
    if before.invoice.status != InvoiceStatus::Issued {
        return Err(DomainError::conflict(
            ErrorCode::InvalidTransition,
            "The invoice was cancelled; its claim can only be closed.",
        ));
    }
    let mut after = before.clone();
    let kind = EntryKind::Payment {
        method: Method::Insurance,
        reference,
        claim: Some(claim.id),
    };
    let entry = entry_ops(ctx, &mut after, kind, amount, &author(caller), now).await?;
    let mut ops = write_ops(Some(&before), &after, Condition::Version(stored.version))?;
    ops.extend(entry);
    ops.push(notice(&after.invoice, BillingChange::PaymentReceived, now)?);
    Ok(ops)
}

/// The calling patient's claims, newest first.
pub async fn mine(
    ctx: &Context,
    caller: &Account,
    page: &PageQuery,
) -> Result<Page<Claim>, DomainError> {
    if caller.role != Role::Patient {
        return Err(DomainError::Forbidden);
    }
    let query = Query::partition(keys::claims_of(&caller.id)).on(Index::Gsi1);
    super::newest_first(ctx, query, page).await
}

/// The claims in a state, newest first (admins).
pub async fn in_state(
    ctx: &Context,
    state: ClaimState,
    page: &PageQuery,
) -> Result<Page<Claim>, DomainError> {
    let query = Query::partition(keys::claims_in(state)).on(Index::Gsi2);
    super::newest_first(ctx, query, page).await
}
