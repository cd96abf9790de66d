//! Units: made in quarantine by a recorded donation, released or discarded
//! by their tests, discarded by hand or by expiry (the `UnitDue` job, which
//! first tells the admins a unit in stock is about to expire), returned to
//! stock after an issue.

use jiff::Timestamp;
use medtrack_shared::blood::donors::NewDonation;
use medtrack_shared::blood::units::{
    Discard, DiscardReason, TestResult, Unit, UnitDetail, UnitEvent, UnitQuery, UnitState,
};
use medtrack_shared::{ErrorCode, JobId, Page, PageQuery, UnitId};
use serde::{Deserialize, Serialize};

use super::tally::Tally;
use super::{commit, load, retrying, Change};
use crate::domain::accounts::{self, Account};
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::notifications::blood::BloodNotice;
use crate::domain::notifications::outbox::{self, Event};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, SkRange, StoreError, TxOp};

/// Records a donation: its number taken, its units made in quarantine, the
/// donor's history updated, each unit's expiry scheduled.
pub async fn record_donation(
    ctx: &Context,
    admin: &Account,
    input: &NewDonation,
) -> Result<Vec<Unit>, DomainError> {
    let now = ctx.now();
    input.check(now)?;
    let collected_at = input.collected_at.unwrap_or(now);
    let (component, count) = input.kind.yields();
    retrying(|| async {
        let donor = match &input.donor {
            Some(id) => Some(super::donors::for_donation(ctx, id, input, collected_at).await?),
            None => None,
        };
        let group = match (&donor, input.group) {
            (Some(donor), _) => donor.group,
            (None, Some(group)) => group,
            (None, None) => return Err(DomainError::field("group", "is required without a donor")),
        };
        let mut tally = Tally::new(now);
        tally.push(TxOp::Put(
            Item::from_record(
                keys::donation(&input.number),
                &serde_json::json!({ "number": input.number }),
            )?,
            Condition::NotExists,
        ));
        let mut units = Vec::new();
        for division in 1..=count {
            let unit = Unit {
                id: UnitId::from_uuid(uuid::Uuid::now_v7()),
                donation_number: input.number.clone(),
                division,
                component,
                group,
                volume_ml: input.volume_ml,
                collected_at,
                expires_at: collected_at + ctx.blood.shelf_life(component),
                state: UnitState::Quarantined,
                discarded: None,
                request: None,
                hold_until: None,
                donor: input.donor,
                updated_at: now,
            };
            let change = Change::to(UnitState::Quarantined, Some(admin));
            let unit = tally.change(None, unit, change, Condition::NotExists)?;
            tally.push(due_job(ctx, &unit, now)?);
            units.push(unit);
        }
        if let Some(donor) = donor {
            tally.push(donor.record_op(input, collected_at, &units)?);
        }
        // The number's claim is the first operation: its failure is a
        // duplicate; any other is a race lost with the donor or the stock.
        match ctx.commit(tally.into_ops(ctx).await?).await {
            Ok(()) => Ok(Some(units)),
            Err(StoreError::ConditionFailed { op: Some(0) }) => Err(DomainError::conflict(
                ErrorCode::DuplicateDonation,
                "This donation number is already recorded.",
            )),
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict) => Ok(None),
            Err(other) => Err(other.into()),
        }
    })
    .await
}

/// The unit's next timed step: the "expiring soon" notice, or its expiry.
fn due_job(ctx: &Context, unit: &Unit, now: Timestamp) -> Result<TxOp, DomainError> {
    let warn_at = unit.expires_at - ctx.blood.soon(unit.component);
    let due = if warn_at > now {
        warn_at
    } else {
        unit.expires_at
    };
    Ok(jobs::schedule(&UnitDue { unit: unit.id }, due)?)
}

fn refuse(message: &'static str) -> DomainError {
    DomainError::conflict(ErrorCode::InvalidTransition, message)
}

/// Records a unit's screening tests: passed releases it to stock, failed
/// discards it.
pub async fn test(
    ctx: &Context,
    admin: &Account,
    id: &UnitId,
    result: &TestResult,
) -> Result<Unit, DomainError> {
    result.check()?;
    retrying(|| async {
        let stored = load(&ctx.store, id).await?;
        let now = ctx.now();
        if stored.unit.state != UnitState::Quarantined {
            return Err(refuse("Only a unit in quarantine waits for its tests."));
        }
        if stored.unit.expires_at <= now {
            return Err(refuse("The unit has expired."));
        }
        let mut change = Change::to(UnitState::Available, Some(admin));
        if !result.passed {
            change = Change::to(UnitState::Discarded, Some(admin));
            change.discarded = Some(DiscardReason::FailedTest);
        }
        change.note.clone_from(&result.note);
        let before = stored.unit.clone();
        let condition = Condition::Version(stored.version);
        let mut tally = Tally::new(now);
        let unit = tally.change(Some(&before), stored.unit, change, condition)?;
        Ok(commit(ctx, tally.into_ops(ctx).await?)
            .await?
            .then_some(unit))
    })
    .await
}

/// Takes a unit out of stock by hand (damaged, or another reason); a unit
/// held for a request leaves the request.
pub async fn discard(
    ctx: &Context,
    admin: &Account,
    id: &UnitId,
    input: &Discard,
) -> Result<Unit, DomainError> {
    input.check()?;
    retrying(|| async {
        let stored = load(&ctx.store, id).await?;
        let now = ctx.now();
        let before = stored.unit.clone();
        if matches!(before.state, UnitState::Issued | UnitState::Discarded) {
            return Err(refuse("An issued or discarded unit cannot be discarded."));
        }
        let mut change = Change::to(UnitState::Discarded, Some(admin));
        change.discarded = Some(input.reason);
        change.note.clone_from(&input.note);
        let mut tally = Tally::new(now);
        for op in super::requests::without_unit(ctx, &before, now).await? {
            tally.push(op);
        }
        let condition = Condition::Version(stored.version);
        let unit = tally.change(Some(&before), stored.unit, change, condition)?;
        tally.push(jobs::cancel(&UnitDue { unit: unit.id }.id()));
        Ok(commit(ctx, tally.into_ops(ctx).await?)
            .await?
            .then_some(unit))
    })
    .await
}

/// Puts an issued unit back in stock (returned unused, in date): its issue
/// no longer counts towards the days of cover.
pub async fn give_back(ctx: &Context, admin: &Account, id: &UnitId) -> Result<Unit, DomainError> {
    retrying(|| async {
        let stored = load(&ctx.store, id).await?;
        let now = ctx.now();
        let before = stored.unit.clone();
        if before.state != UnitState::Issued {
            return Err(refuse("Only an issued unit can be returned."));
        }
        if before.expires_at <= now {
            return Err(refuse("The unit has expired."));
        }
        let mut change = Change::to(UnitState::Available, Some(admin));
        change.request = before.request;
        let condition = Condition::Version(stored.version);
        let mut tally = Tally::new(now);
        let unit = tally.change(Some(&before), stored.unit, change, condition)?;
        // Its expiry job ended while it was out: in stock again, it
        // expires again.
        tally.push(due_job(ctx, &unit, now)?);
        Ok(commit(ctx, tally.into_ops(ctx).await?)
            .await?
            .then_some(unit))
    })
    .await
}

/// One page of the units in a state, first-expiring first.
pub async fn list(ctx: &Context, query: &UnitQuery) -> Result<Page<Unit>, DomainError> {
    let (state, page) = query.parts();
    let limit = page.checked_limit()?;
    let query = Query::partition(keys::units_in(state)).on(Index::Gsi1);
    paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await
}

/// The most changes a unit's page shows.
const MAX_HISTORY: usize = 200;

/// A unit and its changes.
pub async fn detail(ctx: &Context, id: &UnitId) -> Result<UnitDetail, DomainError> {
    let unit = load(&ctx.store, id).await?.unit;
    let query = Query::partition(keys::unit_history(id)).on(Index::Gsi1);
    let history = paging::all_items(&ctx.store, query, MAX_HISTORY)
        .await?
        .into_iter()
        .map(Item::into_record)
        .collect::<Result<Vec<UnitEvent>, _>>()?;
    Ok(UnitDetail { unit, history })
}

/// One page of every unit's changes, newest first: the bank's history.
pub async fn history(ctx: &Context, page: &PageQuery) -> Result<Page<UnitEvent>, DomainError> {
    let limit = page.checked_limit()?;
    let query = Query::partition(keys::BLOOD_LOG)
        .range(SkRange::All)
        .backwards();
    paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await
}

/// A unit's timed step: at the start of its "expiring soon" window, the
/// admins are told if it is in stock or reserved; at its expiry it is
/// discarded if it was not issued.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitDue {
    /// The unit.
    pub unit: UnitId,
}

impl Runner for UnitDue {
    fn id(&self) -> JobId {
        JobId::compose("unit_due", &[&self.unit])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let stored = match load(&ctx.store, &self.unit).await {
            Err(DomainError::NotFound) => return Ok(Outcome::done()),
            other => other?,
        };
        let unit = stored.unit.clone();
        if matches!(unit.state, UnitState::Issued | UnitState::Discarded) {
            return Ok(Outcome::done());
        }
        if now < unit.expires_at {
            let mut ops = Vec::new();
            if matches!(unit.state, UnitState::Available | UnitState::Reserved) {
                let notice = BloodNotice::ExpiringSoon {
                    unit: unit.id,
                    number: unit.donation_number.clone(),
                    component: unit.component,
                    group: unit.group,
                    expires_at: unit.expires_at,
                };
                for admin in accounts::active_admins(&ctx.store).await? {
                    ops.push(outbox::queue(admin, Event::Blood(notice.clone()), now)?);
                }
            }
            let next = jobs::scheduled(self, unit.expires_at)?;
            return Ok(Outcome {
                ops,
                next: Some(next),
            });
        }
        let mut change = Change::to(UnitState::Discarded, None);
        change.discarded = Some(DiscardReason::Expired);
        let mut tally = Tally::new(now);
        for op in super::requests::without_unit(ctx, &unit, now).await? {
            tally.push(op);
        }
        let condition = Condition::Version(stored.version);
        let unit = tally.change(Some(&stored.unit), unit, change, condition)?;
        tracing::info!(unit = %unit.id, "unit expired");
        let ops = tally.into_ops(ctx).await?;
        Ok(Outcome { ops, next: None })
    }
}
