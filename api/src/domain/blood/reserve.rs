//! Reserving units for a request (each unit rewritten on the version read,
//! so two requests never hold one unit) and issuing them, with the checks
//! of `shared::blood::compat` at both steps and the crossmatch before red
//! cells leave the bank.

use jiff::Timestamp;
use medtrack_shared::blood::compat::{self, Exception, Verdict};
use medtrack_shared::blood::requests::{
    BloodRequest, Issue, Proposal, RequestDetail, RequestState, Reserve, TakenException, Typing,
    Urgency,
};
use medtrack_shared::blood::units::{Unit, UnitState};
use medtrack_shared::blood::BloodGroup;
use medtrack_shared::{BloodRequestId, ErrorCode, UnitId};

use super::requests::{self, answer, handler, refuse, write_op, HoldEnds, Stored};
use super::tally::Tally;
use super::{commit, retrying_for, Change};
use crate::domain::accounts::Account;
use crate::domain::jobs::{self, Runner};
use crate::domain::patients::Access;
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Index, Query};

/// The most units offered for one request.
const MAX_PROPOSALS: usize = 20;
/// Tries of a reservation: every request racing for the first-expiring
/// units meets the others there, and each try sees what the last took.
const RESERVE_ATTEMPTS: u32 = 60;

fn rank(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Suitable { preferred: true } => 0,
        Verdict::Suitable { preferred: false } => 1,
        Verdict::WithReason { .. } => 2,
        Verdict::Unsuitable => 3,
    }
}

/// Available, unexpired units that may go to the request's recipient and
/// that no crossmatch refused for it: suitable ones first (preferred before
/// the rest), then those that need a reason; within each, units of the
/// recipient's own group first (universal O RhD-negative cells and AB
/// plasma are kept for those who need them), then first-expiring first;
/// with their versions.
pub async fn proposals(
    ctx: &Context,
    request: &BloodRequest,
    typing: Option<&Typing>,
    now: Timestamp,
) -> Result<Vec<(Proposal, u64)>, DomainError> {
    let emergency = request.urgency == Urgency::Emergency;
    let recipient = typing.map(|t| t.group);
    let mut found = Vec::new();
    for group in BloodGroup::ALL {
        let verdict = compat::verdict(request.component, group, recipient, emergency);
        if !verdict.allowed() {
            continue;
        }
        // Refused units stay first-expiring: read past them.
        let read = (MAX_PROPOSALS + request.refused.len()).min(crate::store::MAX_BATCH);
        let query = Query::partition(keys::stock(request.component, group))
            .on(Index::Gsi2)
            .range(keys::unexpired(now))
            .limit(read);
        for item in ctx.store.query(query).await?.items {
            let version = item.version;
            let unit: Unit = item.into_record()?;
            if !request.refused.contains(&unit.id) {
                found.push((Proposal { unit, verdict }, version));
            }
        }
    }
    let other_group = |unit: &Unit| recipient.is_some_and(|group| group != unit.group);
    found.sort_by_key(|(p, _)| {
        let unit = &p.unit;
        (rank(p.verdict), other_group(unit), unit.expires_at, unit.id)
    });
    found.truncate(MAX_PROPOSALS);
    Ok(found)
}

fn reason_needed() -> DomainError {
    DomainError::field("reason", "is required for an exception")
}

/// Records `exception` for `unit` on the request, with the reason given.
fn take(
    request: &mut BloodRequest,
    caller: &Account,
    unit: UnitId,
    exception: Exception,
    reason: Option<&str>,
    now: Timestamp,
) -> Result<(), DomainError> {
    let taken = |t: &TakenException| t.unit == unit && t.exception == exception;
    if request.exceptions.iter().any(taken) {
        return Ok(());
    }
    let reason = reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or_else(reason_needed)?;
    request.exceptions.push(TakenException {
        unit,
        exception,
        reason: reason.to_owned(),
        by: caller.party(),
        at: now,
    });
    Ok(())
}

fn unavailable() -> DomainError {
    DomainError::conflict(
        ErrorCode::UnitsUnavailable,
        "No suitable units are available for this request.",
    )
}

fn incompatible() -> DomainError {
    DomainError::conflict(
        ErrorCode::NotCompatible,
        "The unit does not suit the patient.",
    )
}

/// The units to reserve: those named (each checked), or the first proposals.
async fn choose(
    ctx: &Context,
    request: &BloodRequest,
    typing: Option<&Typing>,
    input: &Reserve,
    needed: usize,
    now: Timestamp,
) -> Result<Vec<(Proposal, u64)>, DomainError> {
    let Some(named) = &input.units else {
        let with_reason = input.reason.is_some();
        let offered = proposals(ctx, request, typing, now).await?;
        let chosen: Vec<_> = offered
            .into_iter()
            .filter(|(p, _)| matches!(p.verdict, Verdict::Suitable { .. }) || with_reason)
            .take(needed)
            .collect();
        return if chosen.is_empty() {
            Err(unavailable())
        } else {
            Ok(chosen)
        };
    };
    if named.len() > needed {
        return Err(DomainError::field(
            "units",
            "names more units than the request still needs",
        ));
    }
    let emergency = request.urgency == Urgency::Emergency;
    let mut chosen = Vec::new();
    for id in named {
        if chosen
            .iter()
            .any(|(p, _): &(Proposal, u64)| p.unit.id == *id)
        {
            return Err(DomainError::field("units", "names a unit twice"));
        }
        let stored = super::load(&ctx.store, id).await?;
        let unit = stored.unit;
        if unit.state != UnitState::Available || unit.expires_at <= now {
            return Err(unavailable());
        }
        if request.refused.contains(&unit.id) {
            return Err(incompatible());
        }
        let verdict = compat::verdict(
            unit.component,
            unit.group,
            typing.map(|t| t.group),
            emergency,
        );
        if unit.component != request.component || !verdict.allowed() {
            return Err(incompatible());
        }
        chosen.push((Proposal { unit, verdict }, stored.version));
    }
    Ok(chosen)
}

/// Holds units for a live request until its hold ends.
pub async fn reserve(
    ctx: &Context,
    caller: &Account,
    id: &BloodRequestId,
    input: &Reserve,
) -> Result<RequestDetail, DomainError> {
    input.check()?;
    let access = handler(ctx, caller, id).await?;
    let request = retrying_for(RESERVE_ATTEMPTS, || async {
        let Stored {
            mut request,
            version,
        } = requests::load(ctx, id).await?;
        let held = request.reserved.len() + request.issued.len();
        let needed = usize::from(request.units).saturating_sub(held);
        if !request.state.is_live() || needed == 0 {
            return Err(refuse("The request needs no more units."));
        }
        let now = ctx.now();
        let typing = super::typing::load(ctx, &request.patient.id).await?;
        if typing.is_none() && request.urgency != Urgency::Emergency {
            return Err(DomainError::conflict(
                ErrorCode::NoTyping,
                "Record the patient's confirmed blood group first.",
            ));
        }
        let chosen = choose(ctx, &request, typing.as_ref(), input, needed, now).await?;
        // Units added to units still held share their hold.
        let hold_until = request
            .hold_until
            .filter(|until| !request.reserved.is_empty() && *until > now)
            .unwrap_or(now + ctx.blood.hold);
        let mut tally = Tally::new(now);
        for (proposal, unit_version) in chosen {
            let unit = proposal.unit;
            if let Verdict::WithReason { exception } = proposal.verdict {
                take(
                    &mut request,
                    caller,
                    unit.id,
                    exception,
                    input.reason.as_deref(),
                    now,
                )?;
            }
            let mut change = Change::to(UnitState::Reserved, Some(caller));
            change.request = Some(*id);
            change.hold_until = Some(hold_until);
            let condition = Condition::Version(unit_version);
            let before = unit.clone();
            let unit = tally.change(Some(&before), unit, change, condition)?;
            request.reserved.push(unit.id);
        }
        if request.reserved.len() + request.issued.len() >= usize::from(request.units) {
            request.state = RequestState::Reserved;
        }
        request.hold_until = Some(hold_until);
        request.updated_at = now;
        tally.push(write_op(&request, Condition::Version(version))?);
        tally.push(jobs::schedule(&HoldEnds { request: *id }, hold_until)?);
        Ok(commit(ctx, tally.into_ops(ctx).await?)
            .await?
            .then_some(request))
    })
    .await?;
    answer(ctx, caller, access, request).await
}

/// Gives out the units reserved for a request: each must still suit the
/// patient's confirmed typing, and red cells need a compatible crossmatch
/// that covered them after the typing (or, in an emergency, a recorded
/// reason).
pub async fn issue(
    ctx: &Context,
    admin: &Account,
    id: &BloodRequestId,
    input: &Issue,
) -> Result<RequestDetail, DomainError> {
    input.check()?;
    let request = super::retrying(|| async {
        let Stored {
            mut request,
            version,
        } = requests::load(ctx, id).await?;
        if !request.state.is_live() || request.reserved.is_empty() {
            return Err(refuse("No units are reserved for this request."));
        }
        let now = ctx.now();
        let typing = super::typing::load(ctx, &request.patient.id).await?;
        let emergency = request.urgency == Urgency::Emergency;
        let reason = input.reason.as_deref();
        let mut tally = Tally::new(now);
        for unit_id in request.reserved.clone() {
            let stored = super::load(&ctx.store, &unit_id).await?;
            let unit = stored.unit.clone();
            if unit.state != UnitState::Reserved
                || unit.request != Some(*id)
                || unit.expires_at <= now
            {
                return Err(refuse("A reserved unit is no longer held; reserve again."));
            }
            let recipient = typing.as_ref().map(|t| t.group);
            match compat::verdict(unit.component, unit.group, recipient, emergency) {
                Verdict::Unsuitable => return Err(incompatible()),
                Verdict::WithReason { exception } => {
                    take(&mut request, admin, unit.id, exception, reason, now)?;
                }
                Verdict::Suitable { .. } => {}
            }
            let typed_at = typing.as_ref().map(|t| t.recorded_at);
            if unit.component.needs_crossmatch() && !request.crossmatched(&unit.id, typed_at) {
                if !emergency {
                    return Err(DomainError::conflict(
                        ErrorCode::CrossmatchRequired,
                        "Record a compatible crossmatch or antibody screen for the units held.",
                    ));
                }
                let exception = Exception::NoCrossmatch;
                take(&mut request, admin, unit.id, exception, reason, now)?;
            }
            let mut change = Change::to(UnitState::Issued, Some(admin));
            change.request = Some(*id);
            change.note = reason.map(str::to_owned);
            let condition = Condition::Version(stored.version);
            tally.change(Some(&stored.unit), unit, change, condition)?;
        }
        let given = std::mem::take(&mut request.reserved);
        request.issued.extend(given);
        request.state = if request.issued.len() >= usize::from(request.units) {
            RequestState::Issued
        } else {
            RequestState::Open
        };
        request.hold_until = None;
        request.updated_at = now;
        tally.push(write_op(&request, Condition::Version(version))?);
        tally.push(jobs::cancel(&HoldEnds { request: *id }.id()));
        Ok(commit(ctx, tally.into_ops(ctx).await?)
            .await?
            .then_some(request))
    })
    .await?;
    tracing::info!(request = %id, "blood issued");
    answer(ctx, admin, Access::Admin, request).await
}
