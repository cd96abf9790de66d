//! Appointment reminders, a day and an hour before, run by the scheduler.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::appointment::AppointmentStatus;
use medtrack_shared::AppointmentId;

use super::load;
use crate::domain::DomainError;
use crate::notify::{outbox, AppointmentChange, AppointmentNotice, Event};
use crate::schedule::worker::Outcome;

/// How late a reminder may still go out (after an outage, say).
const LATE: SignedDuration = SignedDuration::from_mins(15);

/// Reminds the patient, if the appointment is still on at the same time and
/// the reminder is not too late to make sense.
pub async fn run(
    store: &crate::store::Store,
    id: &AppointmentId,
    starts_at: Timestamp,
    hours_before: u8,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let appointment = match load(store, id).await {
        Ok(stored) => stored.appointment,
        Err(DomainError::NotFound) => return Ok(Outcome::done()),
        Err(other) => return Err(other),
    };
    let due = starts_at - SignedDuration::from_hours(i64::from(hours_before));
    let still_on = matches!(
        appointment.status,
        AppointmentStatus::Pending | AppointmentStatus::Confirmed
    );
    if appointment.starts_at != starts_at || !still_on || now > due + LATE || now >= starts_at {
        return Ok(Outcome::done());
    }
    let notice = AppointmentNotice {
        appointment: appointment.id,
        change: AppointmentChange::Reminder,
        starts_at,
        patient_name: appointment.patient.name.clone(),
        doctor_name: appointment.doctor.name.clone(),
        actor_name: "MedTrack".into(),
        note: None,
    };
    Ok(Outcome {
        ops: vec![outbox::queue(
            appointment.patient.id,
            Event::Appointment(notice),
            now,
        )?],
        next: None,
    })
}
