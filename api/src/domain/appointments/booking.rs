//! Booking: a patient takes a free slot. The hold on the slot is created on
//! the condition that it does not exist, in the transaction that writes the
//! appointment, so of any number of concurrent requests for one slot exactly
//! one succeeds, on both drivers.

use jiff::Timestamp;
use medtrack_shared::appointment::{
    Appointment, AppointmentStatus, BookingRequest, Party, TimelineEntry,
};
use medtrack_shared::{AppointmentId, ErrorCode, Role};

use super::{care, hold, notices, write_ops};
use crate::domain::accounts::Account;
use crate::domain::notifications::outbox::AppointmentChange;
use crate::domain::{analytics, practice, slots, Context, DomainError};
use crate::store::{keys, Condition, StoreError, TxOp};

/// The 409 for a slot someone else holds.
pub const SLOT_TAKEN: DomainError = DomainError::Conflict {
    code: ErrorCode::SlotTaken,
    message: "This slot has just been taken; choose another one.",
};

/// Books a slot for the calling patient; the appointment waits for the doctor.
pub async fn book(
    ctx: &Context,
    patient: &Account,
    request: &BookingRequest,
) -> Result<Appointment, DomainError> {
    request.check()?;
    let now = ctx.now();
    let doctor = practice::bookable_doctor(&ctx.store, &request.doctor_id)
        .await
        .map_err(|_| DomainError::field("doctor_id", "is not a doctor taking bookings"))?;
    let slot = bookable_slot(&doctor, request.starts_at, now)?;
    let specialization = doctor.specialization.clone().ok_or(DomainError::field(
        "doctor_id",
        "is not a doctor taking bookings",
    ))?;
    let patient_party = Party {
        id: patient.id,
        name: patient.name.clone(),
    };
    let appointment = Appointment {
        id: AppointmentId::from_uuid(uuid::Uuid::now_v7()),
        patient: patient_party.clone(),
        doctor: Party {
            id: doctor.id,
            name: doctor.name.clone(),
        },
        specialization,
        starts_at: slot.starts_at,
        ends_at: slot.ends_at,
        time_zone: practice::of(&doctor).time_zone,
        reason: request.reason.trim().to_owned(),
        priority: request.priority,
        status: AppointmentStatus::Pending,
        status_reason: None,
        consultation: None,
        allergy_override: None,
        timeline: vec![TimelineEntry {
            at: now,
            by: patient_party,
            by_role: Role::Patient,
            from: None,
            to: AppointmentStatus::Pending,
            action: None,
            note: None,
        }],
        created_at: now,
    };
    // A slot already held is refused before any work; the hold's condition
    // below still decides between racing bookings.
    if ctx
        .store
        .get(&keys::slot_hold(&doctor.id, slot.starts_at))
        .await?
        .is_some()
    {
        return Err(SLOT_TAKEN);
    }
    let mut ops = vec![TxOp::Put(hold(&appointment)?, Condition::NotExists)];
    ops.extend(write_ops(None, &appointment, Condition::NotExists, now)?);
    ops.push(TxOp::Put(care(&appointment, now)?, Condition::Always));
    ops.extend(notices(
        &appointment,
        AppointmentChange::Booked,
        patient,
        None,
        now,
    )?);
    ops.extend(analytics::counters::appointment_change(ctx, None, &appointment).await?);
    match ctx.commit(ops).await {
        Ok(()) => Ok(appointment),
        Err(StoreError::ConditionFailed { op: Some(0) }) => Err(SLOT_TAKEN),
        Err(other) => Err(other.into()),
    }
}

/// The doctor's slot starting at `starts_at`, if they offer one then and it is
/// still ahead. Whether someone holds it is for the transaction to find out.
pub(super) fn bookable_slot(
    doctor: &Account,
    starts_at: Timestamp,
    now: Timestamp,
) -> Result<slots::SlotTimes, DomainError> {
    let practice = practice::of(doctor);
    let zone = practice::zone(&practice)?;
    let slot = slots::find(&practice, zone.tz(), starts_at).ok_or(DomainError::field(
        "starts_at",
        "is not one of the doctor's slots",
    ))?;
    if slot.starts_at <= now {
        return Err(DomainError::field("starts_at", "has already begun"));
    }
    Ok(slot)
}
