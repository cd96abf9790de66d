//! Doctors' requests for blood: made for a patient in their care, seen by
//! their doctor and the bank's admins, crossmatched, cancelled; the units
//! held for one go back to stock when its hold ends (`HoldEnds`). Reserving
//! and issuing are in `reserve`.

use jiff::Timestamp;
use medtrack_shared::blood::requests::{
    BloodRequest, Crossmatch, CrossmatchInput, NewRequest, RequestDetail, RequestQuery,
    RequestState,
};
use medtrack_shared::blood::units::{Unit, UnitState};
use medtrack_shared::{BloodRequestId, ErrorCode, JobId, Page, Role};
use serde::{Deserialize, Serialize};

use super::{change_ops, commit, party, retrying, stock, Change};
use crate::domain::accounts::{self, Account};
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::patients::{self, Access};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, StoreError, TxOp};

/// A request as read, with the version its next write must check.
pub struct Stored {
    /// The request.
    pub request: BloodRequest,
    /// The item's version.
    pub version: u64,
}

/// The request with this id.
pub async fn load(ctx: &Context, id: &BloodRequestId) -> Result<Stored, DomainError> {
    let item = ctx
        .store
        .get(&keys::blood_request(id))
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(Stored {
        version: item.version,
        request: item.into_record()?,
    })
}

/// The operation that writes `request` on `condition`, in its lists.
pub fn write_op(request: &BloodRequest, condition: Condition) -> Result<TxOp, StoreError> {
    let (id, created) = (&request.id, request.created_at);
    let by_doctor = keys::blood_requests_by(&request.doctor.id);
    let in_state = keys::blood_requests_in(request.state);
    let item = Item::from_record(keys::blood_request(id), request)?
        .with_gsi1(keys::request_order(by_doctor, id, created))
        .with_gsi2(keys::request_order(in_state, id, created));
    Ok(TxOp::Put(item, condition))
}

pub(super) fn refuse(message: &'static str) -> DomainError {
    DomainError::conflict(ErrorCode::InvalidTransition, message)
}

/// Whether `caller` may act on the request: its doctor, or an admin.
pub(super) fn may_handle(caller: &Account, request: &BloodRequest) -> Result<(), DomainError> {
    match caller.role {
        Role::Admin => Ok(()),
        Role::Doctor if request.doctor.id == caller.id => Ok(()),
        _ => Err(DomainError::Forbidden),
    }
}

/// A doctor asks for blood for a patient in their care.
pub async fn create(
    ctx: &Context,
    doctor: &Account,
    input: &NewRequest,
) -> Result<BloodRequest, DomainError> {
    input.check()?;
    if doctor.role != Role::Doctor {
        return Err(DomainError::Forbidden);
    }
    let patient = accounts::get(&ctx.store, &input.patient)
        .await?
        .filter(|p| p.role == Role::Patient)
        .ok_or(DomainError::NotFound)?;
    patients::access(&ctx.store, doctor, &patient.id).await?;
    let now = ctx.now();
    let request = BloodRequest {
        id: BloodRequestId::from_uuid(uuid::Uuid::now_v7()),
        patient: party(&patient),
        doctor: party(doctor),
        component: input.component,
        units: input.units,
        urgency: input.urgency,
        indication: input.indication.trim().to_owned(),
        state: RequestState::Open,
        reserved: Vec::new(),
        issued: Vec::new(),
        hold_until: None,
        crossmatch: None,
        exceptions: Vec::new(),
        created_at: now,
        updated_at: now,
    };
    ctx.commit(vec![write_op(&request, Condition::NotExists)?])
        .await?;
    tracing::info!(request = %request.id, "blood requested");
    Ok(request)
}

/// A request with the recipient's typing, its units and what could be
/// reserved for it; the read is in the patient's access log.
pub async fn get(
    ctx: &Context,
    caller: &Account,
    id: &BloodRequestId,
) -> Result<RequestDetail, DomainError> {
    let request = load(ctx, id).await?.request;
    may_handle(caller, &request)?;
    let access = match caller.role {
        Role::Admin => Access::Admin,
        _ => Access::CareTeam,
    };
    patients::record_read(ctx, caller, access, &request.patient.id, "blood request").await?;
    detail(ctx, request).await
}

/// A request's page, without a log entry (for the answer to a change).
pub(super) async fn detail(
    ctx: &Context,
    request: BloodRequest,
) -> Result<RequestDetail, DomainError> {
    let typing = super::typing::load(ctx, &request.patient.id).await?;
    let ids: Vec<_> = request
        .reserved
        .iter()
        .chain(&request.issued)
        .copied()
        .collect();
    let mut units = Vec::new();
    for chunk in ids.chunks(crate::store::MAX_BATCH) {
        let keys: Vec<_> = chunk.iter().map(keys::unit).collect();
        for item in ctx.store.batch_get(&keys).await?.into_iter().flatten() {
            units.push(item.into_record::<Unit>()?);
        }
    }
    let proposals = if request.state == RequestState::Open {
        let found = super::reserve::proposals(ctx, &request, typing.as_ref(), ctx.now()).await?;
        found.into_iter().map(|(proposal, _)| proposal).collect()
    } else {
        Vec::new()
    };
    Ok(RequestDetail {
        request,
        typing,
        units,
        proposals,
    })
}

/// One page of requests, newest first: a doctor's own, or (admins) those
/// in a state (`open` when none is named).
pub async fn list(
    ctx: &Context,
    caller: &Account,
    query: &RequestQuery,
) -> Result<Page<BloodRequest>, DomainError> {
    let (state, page) = query.parts();
    let limit = page.checked_limit()?;
    let query = match caller.role {
        Role::Admin => {
            let state = state.unwrap_or(RequestState::Open);
            Query::partition(keys::blood_requests_in(state)).on(Index::Gsi2)
        }
        Role::Doctor => Query::partition(keys::blood_requests_by(&caller.id)).on(Index::Gsi1),
        Role::Patient => return Err(DomainError::Forbidden),
    };
    paging::page(&ctx.store, query.backwards(), limit, page.cursor.as_deref()).await
}

/// Records a crossmatch or antibody screen for a live request.
pub async fn crossmatch(
    ctx: &Context,
    caller: &Account,
    id: &BloodRequestId,
    input: CrossmatchInput,
) -> Result<RequestDetail, DomainError> {
    let request = retrying(|| async {
        let Stored {
            mut request,
            version,
        } = load(ctx, id).await?;
        may_handle(caller, &request)?;
        if !request.state.is_live() {
            return Err(refuse("The request is no longer open."));
        }
        let now = ctx.now();
        request.crossmatch = Some(Crossmatch {
            method: input.method,
            compatible: input.compatible,
            by: party(caller),
            at: now,
        });
        request.updated_at = now;
        let ops = vec![write_op(&request, Condition::Version(version))?];
        Ok(commit(ctx, ops).await?.then_some(request))
    })
    .await?;
    detail(ctx, request).await
}

/// The operations that put a request's reserved units back in stock (those
/// still held for it), by `by` (none: its hold ended).
pub(super) async fn release_ops(
    ctx: &Context,
    request: &BloodRequest,
    by: Option<&Account>,
    now: Timestamp,
) -> Result<Vec<TxOp>, DomainError> {
    let mut ops = Vec::new();
    let mut lines = Vec::new();
    for id in &request.reserved {
        let stored = super::load(&ctx.store, id).await?;
        let held =
            stored.unit.state == UnitState::Reserved && stored.unit.request == Some(request.id);
        if !held || stored.unit.expires_at <= now {
            continue;
        }
        let before = stored.unit.clone();
        let mut change = Change::to(UnitState::Available, by);
        change.request = Some(request.id);
        let condition = Condition::Version(stored.version);
        let (unit, unit_ops) = change_ops(Some(&before), stored.unit, change, condition, now)?;
        ops.extend(unit_ops);
        if !lines.contains(&(unit.component, unit.group)) {
            lines.push((unit.component, unit.group));
        }
    }
    for (component, group) in lines {
        ops.push(stock::check_op(component, group, now)?);
    }
    Ok(ops)
}

/// Withdraws a live request; its reserved units go back to stock.
pub async fn cancel(
    ctx: &Context,
    caller: &Account,
    id: &BloodRequestId,
) -> Result<RequestDetail, DomainError> {
    let request = retrying(|| async {
        let Stored {
            mut request,
            version,
        } = load(ctx, id).await?;
        may_handle(caller, &request)?;
        if !request.state.is_live() {
            return Err(refuse("The request is no longer open."));
        }
        let now = ctx.now();
        let mut ops = release_ops(ctx, &request, Some(caller), now).await?;
        request.state = RequestState::Cancelled;
        request.reserved.clear();
        request.hold_until = None;
        request.updated_at = now;
        ops.push(write_op(&request, Condition::Version(version))?);
        ops.push(jobs::cancel(&HoldEnds { request: *id }.id()));
        Ok(commit(ctx, ops).await?.then_some(request))
    })
    .await?;
    detail(ctx, request).await
}

/// The operations that take `unit` out of the request it is held for (it
/// is being discarded or has expired); none when it is not held.
pub(super) async fn without_unit(
    ctx: &Context,
    unit: &Unit,
    now: Timestamp,
) -> Result<Vec<TxOp>, DomainError> {
    let Some(id) = unit.request.filter(|_| unit.state == UnitState::Reserved) else {
        return Ok(Vec::new());
    };
    let Stored {
        mut request,
        version,
    } = load(ctx, &id).await?;
    if !request.reserved.contains(&unit.id) {
        return Ok(Vec::new());
    }
    request.reserved.retain(|held| *held != unit.id);
    if request.state == RequestState::Reserved {
        request.state = RequestState::Open;
    }
    request.updated_at = now;
    Ok(vec![write_op(&request, Condition::Version(version))?])
}

/// The end of a request's hold: the units still reserved for it go back to
/// stock and the request is open again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HoldEnds {
    /// The request.
    pub request: BloodRequestId,
}

impl Runner for HoldEnds {
    fn id(&self) -> JobId {
        JobId::compose("blood_hold", &[&self.request])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let Stored {
            mut request,
            version,
        } = load(ctx, &self.request).await?;
        let ended = request.hold_until.is_some_and(|until| until <= now);
        if !request.state.is_live() || !ended {
            return Ok(Outcome::done());
        }
        let mut ops = release_ops(ctx, &request, None, now).await?;
        request.reserved.clear();
        request.state = RequestState::Open;
        request.hold_until = None;
        request.updated_at = now;
        ops.push(write_op(&request, Condition::Version(version))?);
        tracing::info!(request = %request.id, "blood hold ended");
        Ok(Outcome { ops, next: None })
    }
}
