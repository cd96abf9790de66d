//! Doctors' requests for blood: made for a patient in their care, seen by
//! their doctor (while the patient is theirs) and the bank's admins,
//! cancelled; the units held for one go back to stock when its hold ends
//! (`HoldEnds`). Reserving and issuing are in `reserve`, the crossmatch in
//! `crossmatch`.

use jiff::Timestamp;
use medtrack_shared::blood::requests::{
    BloodRequest, NewRequest, RequestDetail, RequestQuery, RequestState,
};
use medtrack_shared::blood::units::{Unit, UnitState};
use medtrack_shared::{BloodRequestId, ErrorCode, JobId, Page, Role, UnitId};
use serde::{Deserialize, Serialize};

use super::tally::Tally;
use super::{commit, retrying, Change};
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

/// Whether `caller` may act on the request, and as whom: an admin, or its
/// doctor while the patient is still theirs (an ended emergency grant ends
/// it too).
pub(super) async fn may_handle(
    ctx: &Context,
    caller: &Account,
    request: &BloodRequest,
) -> Result<Access, DomainError> {
    match caller.role {
        Role::Admin => Ok(Access::Admin),
        Role::Doctor if request.doctor.id == caller.id => {
            patients::access(&ctx.store, caller, &request.patient.id).await
        }
        _ => Err(DomainError::Forbidden),
    }
}

/// The request's page for `caller`, in the patient's access log: every
/// answer shows the patient's blood group.
pub(super) async fn answer(
    ctx: &Context,
    caller: &Account,
    access: Access,
    request: BloodRequest,
) -> Result<RequestDetail, DomainError> {
    patients::record_read(ctx, caller, access, &request.patient.id, "blood request").await?;
    detail(ctx, request).await
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
        patient: patient.party(),
        doctor: doctor.party(),
        component: input.component,
        units: input.units,
        urgency: input.urgency,
        indication: input.indication.trim().to_owned(),
        state: RequestState::Open,
        reserved: Vec::new(),
        issued: Vec::new(),
        hold_until: None,
        crossmatches: Vec::new(),
        exceptions: Vec::new(),
        refused: Vec::new(),
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
    let access = may_handle(ctx, caller, &request).await?;
    answer(ctx, caller, access, request).await
}

/// Who may change the request, checked once before a change's retries.
pub(super) async fn handler(
    ctx: &Context,
    caller: &Account,
    id: &BloodRequestId,
) -> Result<Access, DomainError> {
    let request = load(ctx, id).await?.request;
    may_handle(ctx, caller, &request).await
}

/// A request's page.
async fn detail(ctx: &Context, request: BloodRequest) -> Result<RequestDetail, DomainError> {
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
    let mut page: Page<BloodRequest> =
        paging::page(&ctx.store, query.backwards(), limit, page.cursor.as_deref()).await?;
    if caller.role == Role::Doctor {
        // A doctor lists only the requests of patients still theirs.
        let mut allowed = std::collections::HashMap::new();
        for request in &page.items {
            let patient = request.patient.id;
            if let std::collections::hash_map::Entry::Vacant(entry) = allowed.entry(patient) {
                let theirs = match patients::access(&ctx.store, caller, &patient).await {
                    Ok(_) => true,
                    Err(DomainError::Forbidden) => false,
                    Err(other) => return Err(other),
                };
                entry.insert(theirs);
            }
        }
        page.items
            .retain(|r| allowed.get(&r.patient.id).copied().unwrap_or(false));
    }
    let patients = page.items.iter().map(|r| r.patient.id);
    patients::seen_in_lists(ctx, caller, patients, "blood request in a list").await?;
    Ok(page)
}

/// The changes that put `units` reserved for a request back in stock
/// (those still held for it), by `by` (none: its hold ended).
pub(super) async fn released(
    ctx: &Context,
    request: &BloodRequest,
    units: &[UnitId],
    by: Option<&Account>,
    now: Timestamp,
) -> Result<Tally, DomainError> {
    let mut tally = Tally::new(now);
    for id in units {
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
        tally.change(Some(&before), stored.unit, change, condition)?;
    }
    Ok(tally)
}

/// Withdraws a live request; its reserved units go back to stock.
pub async fn cancel(
    ctx: &Context,
    caller: &Account,
    id: &BloodRequestId,
) -> Result<RequestDetail, DomainError> {
    let access = handler(ctx, caller, id).await?;
    let request = retrying(|| async {
        let Stored {
            mut request,
            version,
        } = load(ctx, id).await?;
        if !request.state.is_live() {
            return Err(refuse("The request is no longer open."));
        }
        let now = ctx.now();
        let mut tally = released(ctx, &request, &request.reserved, Some(caller), now).await?;
        request.state = RequestState::Cancelled;
        request.reserved.clear();
        request.forget_released();
        request.hold_until = None;
        request.updated_at = now;
        tally.push(write_op(&request, Condition::Version(version))?);
        tally.push(jobs::cancel(&HoldEnds { request: *id }.id()));
        Ok(commit(ctx, tally.into_ops(ctx).await?)
            .await?
            .then_some(request))
    })
    .await?;
    answer(ctx, caller, access, request).await
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
    request.forget_released();
    if request.state == RequestState::Reserved {
        request.state = RequestState::Open;
    }
    request.updated_at = now;
    let mut ops = Vec::new();
    if request.reserved.is_empty() {
        // Nothing is held: the next reservation starts a hold of its own.
        request.hold_until = None;
        ops.push(jobs::cancel(&HoldEnds { request: id }.id()));
    }
    ops.push(write_op(&request, Condition::Version(version))?);
    Ok(ops)
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
        let mut tally = released(ctx, &request, &request.reserved, None, now).await?;
        request.reserved.clear();
        request.forget_released();
        request.state = RequestState::Open;
        request.hold_until = None;
        request.updated_at = now;
        tally.push(write_op(&request, Condition::Version(version))?);
        tracing::info!(request = %request.id, "blood hold ended");
        let ops = tally.into_ops(ctx).await?;
        Ok(Outcome { ops, next: None })
    }
}
