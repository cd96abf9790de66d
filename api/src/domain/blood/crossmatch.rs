//! The bank's crossmatch or antibody screen of units held for a request:
//! a result covers the units tested (until a new typing); an incompatible
//! one sends them back to stock and keeps them from being offered for this
//! request again.

use medtrack_shared::blood::requests::{Crossmatch, CrossmatchInput, RequestDetail, RequestState};
use medtrack_shared::{BloodRequestId, Role, UnitId};

use super::requests::{answer, load, refuse, released, write_op, HoldEnds, Stored};
use super::tally::Tally;
use super::{commit, retrying};
use crate::domain::accounts::Account;
use crate::domain::jobs::{self, Runner};
use crate::domain::patients::Access;
use crate::domain::{Context, DomainError};
use crate::store::Condition;

/// The most units remembered as refused for one request (with the units a
/// proposal reads, one page of a query).
const MAX_REFUSED: usize = 80;
/// The most results a request keeps.
const MAX_RESULTS: usize = 20;

/// An admin records the result for units held for a live request (all of
/// them unless named).
pub async fn record(
    ctx: &Context,
    admin: &Account,
    id: &BloodRequestId,
    input: &CrossmatchInput,
) -> Result<RequestDetail, DomainError> {
    if admin.role != Role::Admin {
        return Err(DomainError::Forbidden);
    }
    input.check()?;
    let request = retrying(|| async {
        let Stored {
            mut request,
            version,
        } = load(ctx, id).await?;
        if !request.state.is_live() {
            return Err(refuse("The request is no longer open."));
        }
        if request.reserved.is_empty() {
            return Err(refuse("Reserve units before recording a crossmatch."));
        }
        let tested: Vec<UnitId> = input.units.clone().unwrap_or(request.reserved.clone());
        if tested.iter().any(|unit| !request.reserved.contains(unit)) {
            return Err(DomainError::field(
                "units",
                "names a unit not held for the request",
            ));
        }
        let now = ctx.now();
        let mut tally = Tally::new(now);
        request.crossmatches.push(Crossmatch {
            method: input.method,
            compatible: input.compatible,
            units: tested.clone(),
            by: admin.party(),
            at: now,
        });
        let excess = request.crossmatches.len().saturating_sub(MAX_RESULTS);
        request.crossmatches.drain(..excess);
        if !input.compatible {
            tally = released(ctx, &request, &tested, Some(admin), now).await?;
            request.reserved.retain(|unit| !tested.contains(unit));
            request.refused.extend(tested);
            let excess = request.refused.len().saturating_sub(MAX_REFUSED);
            request.refused.drain(..excess);
            request.forget_released();
            request.state = RequestState::Open;
            if request.reserved.is_empty() {
                request.hold_until = None;
                tally.push(jobs::cancel(&HoldEnds { request: *id }.id()));
            }
        }
        request.updated_at = now;
        tally.push(write_op(&request, Condition::Version(version))?);
        Ok(commit(ctx, tally.into_ops(ctx).await?)
            .await?
            .then_some(request))
    })
    .await?;
    answer(ctx, admin, Access::Admin, request).await
}
