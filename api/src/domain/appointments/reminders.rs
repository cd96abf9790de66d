//! Appointment reminders, a day and an hour before, run by the scheduler.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::appointment::AppointmentStatus;
use medtrack_shared::{AppointmentId, JobId};
use serde::{Deserialize, Serialize};

use super::load;
use crate::domain::jobs::{Outcome, Runner};
use crate::domain::notifications::outbox::{self, AppointmentChange, AppointmentNotice, Event};
use crate::domain::{Context, DomainError};

/// How late a reminder may still go out (after an outage, say).
const LATE: SignedDuration = SignedDuration::from_mins(15);

/// Reminds the patient of an appointment `hours_before` its start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentReminder {
    /// The appointment.
    pub appointment: AppointmentId,
    /// Its start when the reminder was set (a moved one has a new reminder).
    pub starts_at: Timestamp,
    /// 24 or 1.
    pub hours_before: u8,
}

impl Runner for AppointmentReminder {
    fn id(&self) -> JobId {
        JobId::compose("appt", &[&self.appointment, &self.hours_before])
    }

    /// Reminds the patient, if the appointment is still on at the same time
    /// and the reminder is not too late to make sense.
    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        remind(ctx, self, now).await
    }
}

async fn remind(
    ctx: &Context,
    job: &AppointmentReminder,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let (starts_at, hours_before) = (job.starts_at, job.hours_before);
    let appointment = match load(&ctx.store, &job.appointment).await {
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
