//! The visit workflow. Which status an action leads to, and who may take it,
//! is the shared transition table ([`next_status`]); this module adds who the
//! caller must be (the appointment's own patient or doctor; admins where the
//! table lets them) and when (timing rules), then writes the change on the
//! condition that the appointment is still as read: of two racing changes,
//! one wins and the other is a 409.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::appointment::{
    next_status, ActionKind, ActionRequest, Appointment, Party, TimelineEntry,
    PATIENT_CHANGE_CUTOFF_MINUTES,
};
use medtrack_shared::record::{Author, TimelineEvent, TimelineKind, TimelineSubject};
use medtrack_shared::{AppointmentId, ErrorCode, Role};

use super::booking::{bookable_slot, SLOT_TAKEN};
use super::{hold, load, notices, write_ops};
use crate::domain::accounts::Account;
use crate::domain::notifications::outbox::AppointmentChange;
use crate::domain::record::check;
use crate::domain::{analytics, practice, Context, DomainError, Zone};
use crate::store::{keys, Condition, StoreError, TxOp};

fn conflict(code: ErrorCode, message: &'static str) -> DomainError {
    DomainError::conflict(code, message)
}

/// Takes one step of the workflow; returns the appointment as written.
pub async fn act(
    ctx: &Context,
    caller: &Account,
    id: &AppointmentId,
    request: &ActionRequest,
) -> Result<Appointment, DomainError> {
    request.check()?;
    let now = ctx.now();
    let stored = load(&ctx.store, id).await?;
    let before = stored.appointment;
    let own = match caller.role {
        Role::Patient => before.patient.id == caller.id,
        Role::Doctor => before.doctor.id == caller.id,
        Role::Admin => true,
    };
    if !own {
        return Err(DomainError::Forbidden);
    }
    let action = request.action;
    let to = next_status(before.status, action, caller.role).ok_or(conflict(
        ErrorCode::InvalidTransition,
        "This appointment cannot take that step now.",
    ))?;
    check_timing(&before, action, caller.role, now)?;

    let mut after = before.clone();
    after.status = to;
    let mut note = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    let mut hold_ops = Vec::new();
    let mut new_hold_at = None;
    let mut allergies_read = None;
    match action {
        ActionKind::Reject | ActionKind::Cancel => {
            after.status_reason = note.clone();
            hold_ops.push(TxOp::Delete(
                keys::slot_hold(&before.doctor.id, before.starts_at),
                Condition::Always,
            ));
        }
        ActionKind::Complete => {
            after.consultation = request.consultation.clone();
            if let Some(checked) = allergy_check(ctx, caller, &before, request).await? {
                after.allergy_override = checked.kept;
                allergies_read = Some(checked.unchanged);
            }
        }
        ActionKind::Reschedule => {
            let starts_at = request
                .starts_at
                .ok_or(DomainError::field("starts_at", "is required to reschedule"))?;
            if starts_at == before.starts_at {
                return Err(DomainError::field("starts_at", "is the current time"));
            }
            let doctor = practice::bookable_doctor(&ctx.store, &before.doctor.id)
                .await
                .map_err(|_| {
                    conflict(
                        ErrorCode::DoctorUnavailable,
                        "The doctor is not taking bookings.",
                    )
                })?;
            let slot = bookable_slot(&doctor, starts_at, now)?;
            after.starts_at = slot.starts_at;
            after.ends_at = slot.ends_at;
            note = Some(format!("moved from {}", before.starts_at));
            hold_ops.push(TxOp::Delete(
                keys::slot_hold(&before.doctor.id, before.starts_at),
                Condition::Always,
            ));
            new_hold_at = Some(hold_ops.len());
            hold_ops.push(TxOp::Put(hold(&after)?, Condition::NotExists));
        }
        _ => {}
    }
    after.timeline.push(TimelineEntry {
        at: now,
        by: Party {
            id: caller.id,
            name: caller.name.clone(),
        },
        by_role: caller.role,
        from: Some(before.status),
        to,
        action: Some(action),
        note: note.clone(),
    });

    let mut ops = write_ops(
        Some(&before),
        &after,
        Condition::Version(stored.version),
        now,
    )?;
    let hold_offset = ops.len();
    ops.extend(hold_ops);
    let notice_note = matches!(action, ActionKind::Reject | ActionKind::Cancel)
        .then(|| note.clone())
        .flatten();
    ops.extend(notices(
        &after,
        AppointmentChange::Action(action),
        caller,
        notice_note,
        now,
    )?);
    if action == ActionKind::Complete {
        ops.push(visit_on_timeline(&after, now)?);
        // The invoice is made by a job: a completion that commits is
        // billed, once, however often the job runs.
        let invoice = crate::domain::billing::drafts::InvoiceVisit {
            appointment: after.id,
        };
        ops.push(crate::domain::jobs::schedule(&invoice, now)?);
    }
    let allergies_at = allergies_read.is_some().then_some(ops.len());
    ops.extend(allergies_read);
    ops.extend(analytics::counters::appointment_change(ctx, Some(&before), &after).await?);
    match ctx.commit(ops).await {
        Ok(()) => Ok(after),
        Err(StoreError::ConditionFailed { op: Some(0) }) => Err(conflict(
            ErrorCode::ChangedConcurrently,
            "The appointment changed meanwhile; reload it and try again.",
        )),
        Err(StoreError::ConditionFailed { op: Some(op) })
            if Some(op) == new_hold_at.map(|i| i + hold_offset) =>
        {
            Err(SLOT_TAKEN)
        }
        Err(StoreError::ConditionFailed { op: Some(op) }) if Some(op) == allergies_at => {
            Err(check::changed_meanwhile())
        }
        Err(other) => Err(other.into()),
    }
}

/// The check of a completed visit's prescription against the patient's
/// allergies (none without a prescription): the override to keep with it
/// and the condition to write with it, or the 409 listing the matches.
async fn allergy_check(
    ctx: &Context,
    doctor: &Account,
    visit: &Appointment,
    request: &ActionRequest,
) -> Result<Option<check::Checked>, DomainError> {
    let drugs: Vec<&str> = request
        .consultation
        .iter()
        .flat_map(|c| c.prescription.iter().map(|item| item.drug.as_str()))
        .collect();
    if drugs.is_empty() {
        return Ok(None);
    }
    let reason = request.allergy_override_reason.as_deref();
    check::prescribing(ctx, doctor, &visit.patient.id, &drugs, reason, None)
        .await
        .map(Some)
}

/// The rules of time: a doctor confirms before the start; check-in happens on
/// the day (in the practice's zone); a no-show is recorded after the start; a
/// patient cancels or reschedules only up to the cut-off before the start.
fn check_timing(
    appointment: &Appointment,
    action: ActionKind,
    role: Role,
    now: Timestamp,
) -> Result<(), DomainError> {
    let starts_at = appointment.starts_at;
    match action {
        ActionKind::Confirm if now >= starts_at => Err(conflict(
            ErrorCode::TooLate,
            "The appointment's time has passed; it can no longer be confirmed.",
        )),
        ActionKind::CheckIn => {
            let zone = Zone::stored(&appointment.time_zone)?;
            let day = |t: Timestamp| t.to_zoned_datetime(zone.tz().clone()).date();
            if day(starts_at) == day(now) {
                Ok(())
            } else {
                Err(conflict(
                    ErrorCode::NotOnTheDay,
                    "Patients check in on the day of their appointment.",
                ))
            }
        }
        ActionKind::MarkNoShow if now < starts_at => Err(conflict(
            ErrorCode::NotStarted,
            "A no-show can be recorded only after the appointment's start.",
        )),
        ActionKind::Cancel | ActionKind::Reschedule if role == Role::Patient => {
            let cutoff = SignedDuration::from_mins(PATIENT_CHANGE_CUTOFF_MINUTES);
            if now.checked_add(cutoff).is_ok_and(|limit| limit < starts_at) {
                Ok(())
            } else {
                Err(conflict(
                    ErrorCode::TooLateToChange,
                    "Appointments can be changed online up to 2 hours before they start; please call the clinic.",
                ))
            }
        }
        _ => Ok(()),
    }
}

/// The completed visit's event on the patient's timeline.
fn visit_on_timeline(visit: &Appointment, now: Timestamp) -> Result<TxOp, StoreError> {
    let event = TimelineEvent {
        at: now,
        kind: TimelineKind::Visit,
        subject: TimelineSubject::Appointment(visit.id),
        title: format!("Visit with {}", visit.doctor.name),
        by: Author {
            id: visit.doctor.id,
            name: visit.doctor.name.clone(),
            role: Role::Doctor,
        },
        entered_in_error: false,
    };
    crate::domain::record::timeline::put(&visit.patient.id, &event)
}
