//! Appointments: booking ([`booking`]), the visit workflow ([`workflow`]) and
//! the lists built on them ([`views`]).
//!
//! An appointment is stored as one item plus two copies kept only for listing
//! (see `store::keys`). Every write goes through [`write_ops`], in one
//! transaction with the version check of the appointment, the slot hold and
//! the outbox entries, so a change and everything it implies happen together
//! or not at all.

pub mod booking;
pub mod reminders;
pub mod views;
pub mod workflow;

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::appointment::Appointment;
use medtrack_shared::{AppointmentId, Role, UserId};

use super::accounts::Account;
use super::notifications::outbox::{self, AppointmentChange, AppointmentNotice, Event};
use super::{jobs, patients, Context, DomainError};
use crate::store::{keys, Condition, IndexKey, Item, Key, Store, StoreError, TxOp};
use reminders::AppointmentReminder;

/// An appointment as read, with the version its next write must check.
pub struct Stored {
    /// The appointment.
    pub appointment: Appointment,
    /// The item's version.
    pub version: u64,
}

/// The appointment with this id.
pub async fn load(store: &Store, id: &AppointmentId) -> Result<Stored, DomainError> {
    let item = store
        .get(&keys::appointment(id))
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(Stored {
        appointment: item.record()?,
        version: item.version,
    })
}

/// The appointment, for its patient, anyone with access to the patient's
/// record (their doctors, admins). Reads by others are access-logged.
pub async fn get(
    ctx: &Context,
    caller: &Account,
    id: &AppointmentId,
) -> Result<Appointment, DomainError> {
    let stored = load(&ctx.store, id).await?;
    let patient = stored.appointment.patient.id;
    patients::open_record(ctx, caller, &patient, "appointment").await?;
    Ok(stored.appointment)
}

/// The three items of an appointment: itself (a doctor's lists through its
/// indexes), the patient's copy and the status copy.
fn items(appointment: &Appointment) -> Result<[Item; 3], StoreError> {
    let order = keys::appointment_order(appointment.starts_at, &appointment.id);
    let (patient, doctor, status) = (
        &appointment.patient.id,
        &appointment.doctor.id,
        appointment.status,
    );
    Ok([
        Item::from_record(keys::appointment(&appointment.id), appointment)?
            .with_gsi1(IndexKey::new(
                keys::doctor_appointments(doctor),
                order.clone(),
            ))
            .with_gsi2(IndexKey::new(
                keys::doctor_appointments_in(doctor, status),
                order.clone(),
            )),
        Item::from_record(
            Key::new(keys::patient_appointments(patient), order.clone()),
            appointment,
        )?
        .with_gsi1(IndexKey::new(
            keys::patient_appointments_in(patient, status),
            order.clone(),
        )),
        Item::from_record(
            Key::new(keys::appointments_in(status), order.clone()),
            appointment,
        )?
        .with_gsi1(IndexKey::new(keys::ALL_APPOINTMENTS, order)),
    ])
}

/// The operations that write `after` over `before` (absent for a new
/// appointment): the appointment itself on the condition given, its copies
/// moved when their keys change.
fn write_ops(
    before: Option<&Appointment>,
    after: &Appointment,
    condition: Condition,
    now: Timestamp,
) -> Result<Vec<TxOp>, StoreError> {
    let [main, patient_copy, status_copy] = items(after)?;
    let mut ops = vec![TxOp::Put(main, condition)];
    if let Some(before) = before {
        let [_, old_patient_copy, old_status_copy] = items(before)?;
        for (old, new) in [
            (&old_patient_copy, &patient_copy),
            (&old_status_copy, &status_copy),
        ] {
            if old.key != new.key {
                ops.push(TxOp::Delete(old.key.clone(), Condition::Always));
            }
        }
    }
    ops.push(TxOp::Put(patient_copy, Condition::Always));
    ops.push(TxOp::Put(status_copy, Condition::Always));
    // A new or moved appointment gets its reminders (a moved one's replace
    // the old ones), those still ahead; the reminder itself checks that the
    // appointment is still on at that time.
    if before.is_none_or(|before| before.starts_at != after.starts_at) {
        for hours_before in REMINDER_HOURS {
            let due = after.starts_at - SignedDuration::from_hours(i64::from(hours_before));
            if due <= now {
                continue;
            }
            let job = AppointmentReminder {
                appointment: after.id,
                starts_at: after.starts_at,
                hours_before,
            };
            ops.push(jobs::schedule(&job, due)?);
        }
    }
    Ok(ops)
}

/// When patients are reminded of an appointment: a day and an hour before.
pub const REMINDER_HOURS: [u8; 2] = [24, 1];

/// The hold on the appointment's slot.
fn hold(appointment: &Appointment) -> Result<Item, StoreError> {
    Item::from_record(
        keys::slot_hold(&appointment.doctor.id, appointment.starts_at),
        &SlotHold {
            appointment: appointment.id,
        },
    )
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SlotHold {
    appointment: AppointmentId,
}

/// The care relationship booking creates: what lets the doctor read the
/// patient's record.
fn care(appointment: &Appointment, now: Timestamp) -> Result<Item, StoreError> {
    let (doctor, patient) = (&appointment.doctor.id, &appointment.patient.id);
    Ok(Item::from_record(
        keys::care(doctor, patient),
        &CareRelation {
            doctor: *doctor,
            patient: *patient,
            last_booked_at: now,
        },
    )?
    .with_gsi1(keys::care_of(patient, doctor)))
}

#[derive(serde::Serialize, serde::Deserialize)]
struct CareRelation {
    doctor: UserId,
    patient: UserId,
    last_booked_at: Timestamp,
}

/// Outbox entries telling the patient and the doctor about a change, except
/// whoever made it (a booking also confirms to the patient who made it).
fn notices(
    appointment: &Appointment,
    change: AppointmentChange,
    actor: &Account,
    note: Option<String>,
    now: Timestamp,
) -> Result<Vec<TxOp>, StoreError> {
    let notice = AppointmentNotice {
        appointment: appointment.id,
        change,
        starts_at: appointment.starts_at,
        patient_name: appointment.patient.name.clone(),
        doctor_name: appointment.doctor.name.clone(),
        actor_name: match actor.role {
            Role::Admin => "The clinic".to_owned(),
            _ => actor.name.clone(),
        },
        note,
    };
    [appointment.patient.id, appointment.doctor.id]
        .into_iter()
        .filter(|recipient| *recipient != actor.id || change == AppointmentChange::Booked)
        .map(|recipient| outbox::queue(recipient, Event::Appointment(notice.clone()), now))
        .collect()
}
