//! Admissions: a patient admitted to a bed, moved, discharged. Each change
//! is one transaction over the admission, the beds (each on its version,
//! so a bed never takes two patients) and the patient's admitted marker
//! (written only where none exists, so a patient is never admitted twice).
//! While admitted, the admitting doctor and the ward's doctors may read the
//! patient's record (`patients::access` reads the marker).

use crate::domain::analytics::counters;
use jiff::Timestamp;
use medtrack_shared::wards::admissions::{
    Admission, AdmissionQuery, AdmissionState, Discharge, DischargeInput, NewAdmission, Stay,
    Transfer, MAX_STAYS,
};
use medtrack_shared::wards::{Bed, BedState, Occupant, Ward};
use medtrack_shared::{
    AccountStatus, AdmissionId, BedId, ErrorCode, Page, PageQuery, Role, UserId, WardId,
};

use super::{beds, load_ward};
use crate::domain::accounts::{self, Account};
use crate::domain::patients::{self, Admitted};
use crate::domain::retry::{commit, retrying};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, StoreError, TxOp};

fn refuse(code: ErrorCode, message: &'static str) -> DomainError {
    DomainError::conflict(code, message)
}

/// The admission with this id, and its version.
async fn load(ctx: &Context, id: &AdmissionId) -> Result<(Admission, u64), DomainError> {
    let item = ctx
        .store
        .get(&keys::admission(id))
        .await?
        .ok_or(DomainError::NotFound)?;
    let version = item.version;
    Ok((item.into_record()?, version))
}

fn write_op(admission: &Admission, condition: Condition) -> Result<TxOp, StoreError> {
    let (patient, at, id) = (&admission.patient.id, admission.admitted_at, &admission.id);
    let item = Item::from_record(keys::admission(id), admission)?
        .with_gsi1(keys::admission_order(keys::admissions_of(patient), at, id))
        .with_gsi2(keys::admission_order(
            keys::admissions_in(admission.state),
            at,
            id,
        ));
    Ok(TxOp::Put(item, condition))
}

fn marker_op(
    admission: &Admission,
    ward: WardId,
    condition: Condition,
) -> Result<TxOp, StoreError> {
    let marker = Admitted {
        admission: admission.id,
        doctor: admission.doctor.id,
        ward,
    };
    let item = Item::from_record(keys::admitted(&admission.patient.id), &marker)?;
    Ok(TxOp::Put(item, condition))
}

/// A bed that may take a patient, read for a change: the bed, its version
/// and its ward.
async fn free_bed(ctx: &Context, id: &BedId) -> Result<(Bed, u64, Ward), DomainError> {
    let (bed, version) = match beds::load(ctx, id).await {
        Err(DomainError::NotFound) => return Err(DomainError::field("bed", "is not a bed")),
        other => other?,
    };
    if !bed.state.takes_patients() {
        return Err(refuse(
            ErrorCode::BedUnavailable,
            "The bed is not free for a patient.",
        ));
    }
    let (ward, _) = load_ward(ctx, &bed.ward).await?;
    Ok((bed, version, ward))
}

fn stay(bed: &Bed, ward: &Ward, by: &Account, reason: Option<String>, now: Timestamp) -> Stay {
    Stay {
        ward: ward.id,
        ward_name: ward.name.clone(),
        bed: bed.id,
        bed_name: format!("{} · {}", bed.room, bed.label),
        from: now,
        until: None,
        by: by.party(),
        reason,
    }
}

/// The admitting doctor: the caller, or (an admin admitting) the doctor named.
async fn admitting(
    ctx: &Context,
    caller: &Account,
    input: &NewAdmission,
) -> Result<Account, DomainError> {
    match (caller.role, input.doctor) {
        (Role::Doctor, None) => Ok(caller.clone()),
        (Role::Doctor, Some(named)) if named == caller.id => Ok(caller.clone()),
        (Role::Admin, Some(named)) => accounts::get(&ctx.store, &named)
            .await?
            .filter(|d| d.role == Role::Doctor && d.status == AccountStatus::Active)
            .ok_or_else(|| DomainError::field("doctor", "is not an approved doctor")),
        (Role::Admin, None) => Err(DomainError::field("doctor", "is required")),
        _ => Err(DomainError::Forbidden),
    }
}

/// A doctor admits a patient in their care to a free bed (or an admin, for
/// the admitting doctor they name).
pub async fn admit(
    ctx: &Context,
    caller: &Account,
    input: &NewAdmission,
) -> Result<Admission, DomainError> {
    let now = ctx.now();
    input.check(now.to_zoned_datetime(caller.time_zone.tz().clone()).date())?;
    let doctor = admitting(ctx, caller, input).await?;
    let patient = accounts::get(&ctx.store, &input.patient)
        .await?
        .filter(|p| p.role == Role::Patient)
        .ok_or_else(|| DomainError::field("patient", "is not a patient"))?;
    if caller.role == Role::Doctor {
        patients::access(&ctx.store, caller, &patient.id).await?;
    }
    let admission = retrying(|| async {
        let (mut bed, version, ward) = free_bed(ctx, &input.bed).await?;
        let now = ctx.now();
        let admission = Admission {
            id: AdmissionId::from_uuid(uuid::Uuid::now_v7()),
            patient: patient.party(),
            doctor: doctor.party(),
            reason: input.reason.trim().to_owned(),
            expected_discharge: input.expected_discharge,
            state: AdmissionState::Active,
            stays: vec![stay(&bed, &ward, caller, None, now)],
            discharge: None,
            admitted_at: now,
            updated_at: now,
        };
        let from = bed.state;
        bed.state = BedState::Occupied;
        bed.occupant = Some(Occupant {
            admission: admission.id,
            patient: admission.patient.clone(),
            since: now,
        });
        bed.updated_at = now;
        let mut ops = vec![marker_op(&admission, ward.id, Condition::NotExists)?];
        let condition = Condition::Version(version);
        ops.extend(beds::change_ops(
            &bed,
            from,
            Some(admission.id),
            caller,
            condition,
        )?);
        ops.push(write_op(&admission, Condition::NotExists)?);
        match ctx.commit(ops).await {
            Ok(()) => Ok(Some(admission)),
            Err(StoreError::ConditionFailed { op: Some(0) }) => Err(refuse(
                ErrorCode::AlreadyAdmitted,
                "The patient is already admitted.",
            )),
            // The bed was taken meanwhile: read it again.
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict) => Ok(None),
            Err(other) => Err(other.into()),
        }
    })
    .await?;
    tracing::info!(admission = %admission.id, "patient admitted");
    Ok(admission)
}

/// Who may move or discharge an admission: an admin, its admitting doctor,
/// or a doctor of the ward the patient is in.
async fn may_handle(
    ctx: &Context,
    caller: &Account,
    admission: &Admission,
) -> Result<(), DomainError> {
    let of_ward = |ward: &Ward| ward.doctors.iter().any(|d| d.id == caller.id);
    match caller.role {
        Role::Admin => Ok(()),
        Role::Doctor if admission.doctor.id == caller.id => Ok(()),
        Role::Doctor => match admission.current() {
            Some(stay) if of_ward(&load_ward(ctx, &stay.ward).await?.0) => Ok(()),
            _ => Err(DomainError::Forbidden),
        },
        Role::Patient => Err(DomainError::Forbidden),
    }
}

fn still_active(admission: &Admission) -> Result<(), DomainError> {
    match admission.state {
        AdmissionState::Active => Ok(()),
        AdmissionState::Discharged => Err(refuse(
            ErrorCode::InvalidTransition,
            "The patient has been discharged; the admission cannot change.",
        )),
    }
}

/// The operations that free the bed of the admission's current stay (into
/// housekeeping), if the patient is still in it.
async fn free_ops(
    ctx: &Context,
    caller: &Account,
    admission: &Admission,
    now: Timestamp,
) -> Result<Vec<TxOp>, DomainError> {
    let Some(stay) = admission.current() else {
        return Ok(Vec::new());
    };
    let (mut bed, version) = beds::load(ctx, &stay.bed).await?;
    let holds = bed
        .occupant
        .as_ref()
        .is_some_and(|o| o.admission == admission.id);
    if !holds {
        return Ok(Vec::new());
    }
    let from = bed.state;
    bed.state = BedState::Housekeeping;
    bed.occupant = None;
    bed.updated_at = now;
    let condition = Condition::Version(version);
    Ok(beds::change_ops(
        &bed,
        from,
        Some(admission.id),
        caller,
        condition,
    )?)
}

/// Moves an active admission to another free bed; the bed left goes to
/// housekeeping.
pub async fn transfer(
    ctx: &Context,
    caller: &Account,
    id: &AdmissionId,
    input: &Transfer,
) -> Result<Admission, DomainError> {
    input.check()?;
    retrying(|| async {
        let (mut admission, version) = load(ctx, id).await?;
        may_handle(ctx, caller, &admission).await?;
        still_active(&admission)?;
        if admission.current().is_some_and(|s| s.bed == input.bed) {
            return Err(DomainError::field("bed", "is the bed the patient is in"));
        }
        let (mut bed, bed_version, ward) = free_bed(ctx, &input.bed).await?;
        let now = ctx.now();
        let mut ops = free_ops(ctx, caller, &admission, now).await?;
        if let Some(last) = admission.stays.last_mut() {
            last.until = Some(now);
        }
        let reason = input
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        admission
            .stays
            .push(stay(&bed, &ward, caller, reason.map(str::to_owned), now));
        let excess = admission.stays.len().saturating_sub(MAX_STAYS);
        admission.stays.drain(..excess);
        admission.updated_at = now;
        let from = bed.state;
        bed.state = BedState::Occupied;
        bed.occupant = Some(Occupant {
            admission: admission.id,
            patient: admission.patient.clone(),
            since: now,
        });
        bed.updated_at = now;
        let condition = Condition::Version(bed_version);
        ops.extend(beds::change_ops(
            &bed,
            from,
            Some(admission.id),
            caller,
            condition,
        )?);
        ops.push(write_op(&admission, Condition::Version(version))?);
        ops.push(marker_op(&admission, ward.id, Condition::Exists)?);
        Ok(commit(ctx, ops).await?.then_some(admission))
    })
    .await
}

/// Discharges an active admission with its summary; the bed goes to
/// housekeeping and the patient may be admitted again.
pub async fn discharge(
    ctx: &Context,
    caller: &Account,
    id: &AdmissionId,
    input: &DischargeInput,
) -> Result<Admission, DomainError> {
    input.check()?;
    retrying(|| async {
        let (mut admission, version) = load(ctx, id).await?;
        may_handle(ctx, caller, &admission).await?;
        still_active(&admission)?;
        let now = ctx.now();
        let mut ops = free_ops(ctx, caller, &admission, now).await?;
        if let Some(last) = admission.stays.last_mut() {
            last.until = Some(now);
        }
        admission.state = AdmissionState::Discharged;
        admission.discharge = Some(Discharge {
            summary: input.summary.trim().to_owned(),
            destination: input.destination,
            at: now,
            by: caller.party(),
        });
        admission.updated_at = now;
        ops.push(write_op(&admission, Condition::Version(version))?);
        let marker = keys::admitted(&admission.patient.id);
        ops.push(TxOp::Delete(marker, Condition::Exists));
        if let Some(last) = admission.stays.last() {
            let ward = &last.ward;
            ops.extend(counters::discharge_change(ctx, ward, admission.admitted_at, now).await?);
        }
        Ok(commit(ctx, ops).await?.then_some(admission))
    })
    .await
}

/// An admission, for the patient, the staff who may read their record
/// (in its access log) and admins.
pub async fn get(
    ctx: &Context,
    caller: &Account,
    id: &AdmissionId,
) -> Result<Admission, DomainError> {
    let (admission, _) = load(ctx, id).await?;
    patients::open_record(ctx, caller, &admission.patient.id, "admission").await?;
    Ok(admission)
}

/// A patient's admissions, newest first (their record).
pub async fn of_patient(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    page: &PageQuery,
) -> Result<Page<Admission>, DomainError> {
    let limit = page.checked_limit()?;
    patients::open_record(ctx, caller, patient, "admissions").await?;
    let query = Query::partition(keys::admissions_of(patient))
        .on(Index::Gsi1)
        .backwards();
    paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await
}

/// Admissions in a state, newest first (staff; each patient listed in
/// their access log once a day).
pub async fn list(
    ctx: &Context,
    caller: &Account,
    query: &AdmissionQuery,
) -> Result<Page<Admission>, DomainError> {
    super::staff(caller)?;
    let (state, page) = query.parts();
    let limit = page.checked_limit()?;
    let query = Query::partition(keys::admissions_in(state))
        .on(Index::Gsi2)
        .backwards();
    let found: Page<Admission> =
        paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await?;
    let seen = found.items.iter().map(|a| a.patient.id);
    patients::seen_in_lists(ctx, caller, seen, "admission in a ward list").await?;
    Ok(found)
}
