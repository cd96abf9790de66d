//! What the scheduler does for medications: remind at each dose time, remind
//! again after a snooze, and mark a dose missed when its grace time passes
//! with nothing logged.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::medication::{DoseStatus, Medication};
use medtrack_shared::{MedicationId, UserId};

use super::doses::{self, dose_of, notice};
use super::{load, times};
use crate::domain::{accounts, DomainError};
use crate::notify::{outbox, Event, MedicationChange};
use crate::schedule::jobs::{self, JobRecord};
use crate::schedule::worker::Outcome;
use crate::schedule::Job;
use crate::store::{keys, Condition, Index, Query, Store, TxOp};

/// The medication, while it is on the list and not paused.
async fn active(store: &Store, id: &MedicationId) -> Result<Option<Medication>, DomainError> {
    Ok(load(store, id).await?.map(|(m, _)| m).filter(|m| !m.paused))
}

fn grace(medication: &Medication) -> SignedDuration {
    SignedDuration::from_mins(i64::from(medication.details.missed.grace_minutes))
}

/// A dose is due: remind, set its missed check, move on to the next dose.
pub async fn dose_reminder(
    store: &Store,
    id: &MedicationId,
    patient: &UserId,
    dose_at: Timestamp,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
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
        let check = Job::MissedCheck {
            medication: *id,
            patient: *patient,
            dose_at,
        };
        ops.push(jobs::schedule(check, missed_at)?);
    }
    let from = dose_at.max(now - grace);
    let next = times::next_dose(schedule, &zone, from).map(|at| JobRecord {
        job: Job::DoseReminder {
            medication: *id,
            patient: *patient,
            dose_at: at,
        },
        due_at: at,
        lease_until: None,
        attempts: 0,
        last_error: None,
    });
    Ok(Outcome { ops, next })
}

/// A snoozed reminder, again, unless the dose was logged meanwhile.
pub async fn snooze(
    store: &Store,
    id: &MedicationId,
    patient: &UserId,
    dose_at: Timestamp,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
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
pub async fn missed_check(
    store: &Store,
    id: &MedicationId,
    patient: &UserId,
    dose_at: Timestamp,
) -> Result<Outcome, DomainError> {
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
    let rules = &medication.details.missed;
    let someone = rules.tell_doctor || rules.caregiver.is_some();
    if let Some(after) = rules.escalate_after_minutes.filter(|_| someone) {
        let job = Job::Escalation {
            medication: *id,
            patient: *patient,
            dose_at,
        };
        ops.push(jobs::schedule(
            job,
            dose_at + SignedDuration::from_mins(i64::from(after)),
        )?);
    }
    Ok(Outcome { ops, next: None })
}

/// The escalation delay is over and the dose is still not taken: the
/// patient's doctors and caregiver are told, as the patient asked.
pub async fn escalate(
    store: &Store,
    id: &MedicationId,
    patient: &UserId,
    dose_at: Timestamp,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
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
        crate::domain::paging::all_items(
            store,
            Query::partition(keys::doctors_of(patient)).on(Index::Gsi1),
            100,
        )
        .await?
    } else {
        Vec::new()
    };
    for relation in doctors {
        let Some(doctor) = relation
            .attrs
            .get("doctor")
            .and_then(|v| serde_json::from_value::<UserId>(v.clone()).ok())
        else {
            continue;
        };
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
