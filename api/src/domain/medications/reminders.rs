//! What the scheduler does for medications: remind at each dose time, remind
//! again after a snooze, and mark a dose missed when its grace time passes
//! with nothing logged.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::medication::{DoseStatus, Medication};
use medtrack_shared::{JobId, MedicationId, UserId};
use serde::{Deserialize, Serialize};

use super::doses::{self, dose_of, notice};
use super::{load, times};
use crate::domain::analytics::counters;
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::notifications::outbox::{self, Event, MedicationChange};
use crate::domain::{accounts, Context, DomainError};
use crate::store::{Condition, Store, TxOp};

/// A dose of a medication: what every medication job is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dose {
    /// The medication.
    pub medication: MedicationId,
    /// Whose.
    pub patient: UserId,
    /// The dose.
    pub dose_at: Timestamp,
}

impl Dose {
    /// `medication`'s dose at `dose_at`.
    pub fn of(medication: &Medication, dose_at: Timestamp) -> Self {
        Self {
            medication: medication.id,
            patient: medication.patient,
            dose_at,
        }
    }

    fn job_id(&self, kind: &str) -> JobId {
        JobId::compose(kind, &[&self.medication, &self.dose_at.as_millisecond()])
    }
}

/// A medication's next dose reminder: one job per medication, moved on to
/// the following dose each time it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DoseReminder(pub Dose);

impl Runner for DoseReminder {
    fn id(&self) -> JobId {
        JobId::compose("dose", &[&self.0.medication])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        dose_reminder(&ctx.store, &self.0, now).await
    }
}

/// A job about one dose, named by its kind and the dose: the runner is
/// the function of the same job below.
macro_rules! dose_job {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $run:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Dose);

        impl Runner for $name {
            fn id(&self) -> JobId {
                self.0.job_id($kind)
            }

            async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
                $run(ctx, &self.0, now).await
            }
        }
    };
}

dose_job!(
    /// A reminder asked for again.
    Snooze,
    "snooze",
    snooze
);
dose_job!(
    /// Marks the dose missed if nothing was logged for it.
    MissedCheck,
    "missed",
    missed_check
);
dose_job!(
    /// Tells the patient's doctors and caregiver that a dose is still not
    /// taken, if the patient asked for that.
    Escalation,
    "escalate",
    escalate
);

/// The medication, while it is on the list and not paused.
async fn active(store: &Store, id: &MedicationId) -> Result<Option<Medication>, DomainError> {
    Ok(load(store, id).await?.map(|(m, _)| m).filter(|m| !m.paused))
}

fn grace(medication: &Medication) -> SignedDuration {
    SignedDuration::from_mins(i64::from(medication.details.missed.grace_minutes))
}

/// A dose is due: remind, set its missed check, move on to the next dose.
async fn dose_reminder(store: &Store, job: &Dose, now: Timestamp) -> Result<Outcome, DomainError> {
    let (id, patient, dose_at) = (&job.medication, &job.patient, job.dose_at);
    let Some(medication) = active(store, id).await? else {
        return Ok(Outcome::done());
    };
    let Some(account) = accounts::get(store, patient).await? else {
        return Ok(Outcome::done());
    };
    let schedule = &medication.details.schedule;
    let zone = times::zone(schedule, &account.time_zone)?;
    let grace = grace(&medication);
    let mut ops = Vec::new();
    // A dose the schedule no longer has (the patient moved zones since) gets
    // no reminder; the job moves on to the schedule's next dose.
    // A dose logged ahead of its time (taken early, or skipped) needs
    // neither a reminder nor a missed check.
    let logged = doses::logged(store, patient, dose_at, id).await?.is_some();
    if times::is_dose(schedule, &zone, dose_at) && !logged {
        let missed_at = dose_at + grace;
        // After a long outage, a dose past its grace is not reminded: its
        // missed check says what became of it.
        if now < missed_at {
            let event = notice(&medication, dose_at, MedicationChange::DoseDue);
            ops.push(outbox::queue(*patient, event, now)?);
        }
        ops.push(jobs::schedule(&MissedCheck(*job), missed_at)?);
    }
    let from = dose_at.max(now - grace);
    let next = times::next_dose(schedule, &zone, from)
        .map(|at| jobs::scheduled(&DoseReminder(Dose::of(&medication, at)), at))
        .transpose()?;
    Ok(Outcome { ops, next })
}

/// A snoozed reminder, again, unless the dose was logged meanwhile.
async fn snooze(ctx: &Context, job: &Dose, now: Timestamp) -> Result<Outcome, DomainError> {
    let store = &ctx.store;
    let (id, patient, dose_at) = (&job.medication, &job.patient, job.dose_at);
    let Some(medication) = active(store, id).await? else {
        return Ok(Outcome::done());
    };
    if doses::logged(store, patient, dose_at, id).await?.is_some() {
        return Ok(Outcome::done());
    }
    let event = notice(&medication, dose_at, MedicationChange::DoseDue);
    Ok(Outcome {
        ops: vec![outbox::queue(*patient, event, now)?],
        next: None,
    })
}

/// The dose's grace is over: missed, unless something was logged.
async fn missed_check(ctx: &Context, job: &Dose, _now: Timestamp) -> Result<Outcome, DomainError> {
    let store = &ctx.store;
    let (id, patient, dose_at) = (&job.medication, &job.patient, job.dose_at);
    let Some(medication) = active(store, id).await? else {
        return Ok(Outcome::done());
    };
    if doses::logged(store, patient, dose_at, id).await?.is_some() {
        return Ok(Outcome::done());
    }
    let mut missed = dose_of(&medication, dose_at);
    missed.status = Some(DoseStatus::Missed);
    // Not there yet: a "taken" racing this check makes the write fail, and the
    // retry finds the dose logged.
    let mut ops = vec![TxOp::Put(
        doses::entry(patient, &missed)?,
        Condition::NotExists,
    )];
    ops.extend(counters::dose_change(ctx, patient, None, &missed).await?);
    let rules = &medication.details.missed;
    let someone = rules.tell_doctor || rules.caregiver.is_some();
    if let Some(after) = rules.escalate_after_minutes.filter(|_| someone) {
        ops.push(jobs::schedule(
            &Escalation(*job),
            dose_at + SignedDuration::from_mins(i64::from(after)),
        )?);
    }
    Ok(Outcome { ops, next: None })
}

/// The escalation delay is over and the dose is still not taken: the
/// patient's doctors and caregiver are told, as the patient asked.
async fn escalate(ctx: &Context, job: &Dose, now: Timestamp) -> Result<Outcome, DomainError> {
    let store = &ctx.store;
    let (id, patient, dose_at) = (&job.medication, &job.patient, job.dose_at);
    let Some(medication) = active(store, id).await? else {
        return Ok(Outcome::done());
    };
    let logged = doses::logged(store, patient, dose_at, id).await?;
    if logged.is_some_and(|(dose, _)| dose.status != Some(DoseStatus::Missed)) {
        return Ok(Outcome::done());
    }
    let Some(account) = accounts::get(store, patient).await? else {
        return Ok(Outcome::done());
    };
    let rules = &medication.details.missed;
    let mut ops = Vec::new();
    if let Some(caregiver) = &rules.caregiver {
        let change = MedicationChange::CaregiverTold {
            caregiver: caregiver.name.clone(),
            phone: caregiver.phone.clone(),
            email: caregiver.email.clone(),
        };
        let Event::Medication(mut told) = notice(&medication, dose_at, change) else {
            return Ok(Outcome::done());
        };
        told.patient_name = Some(account.name.clone());
        ops.push(outbox::queue(*patient, Event::Medication(told), now)?);
    }
    let doctors = if rules.tell_doctor {
        crate::domain::patients::doctors_of(store, patient).await?
    } else {
        Vec::new()
    };
    for doctor in doctors {
        let Event::Medication(mut notice) =
            notice(&medication, dose_at, MedicationChange::PatientMissed)
        else {
            continue;
        };
        notice.patient_name = Some(account.name.clone());
        ops.push(outbox::queue(doctor, Event::Medication(notice), now)?);
    }
    Ok(Outcome { ops, next: None })
}
