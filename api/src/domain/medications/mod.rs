//! Medications on a patient's list, their dose times ([`times`]), the dose
//! log ([`doses`]) and the reminders the scheduler runs ([`reminders`]).
//!
//! Each medication with dose times owns one reminder job, due at its next
//! dose; every change (add, edit, pause, resume, remove) rewrites or removes
//! that job in the change's transaction, so future doses follow the new
//! schedule while the log of past doses stays as it was.

pub mod adherence;
pub mod doses;
pub mod prescriptions;
pub mod reminders;
pub mod times;

use jiff::Timestamp;
use medtrack_shared::medication::{Medication, MedicationInput, ZoneRule};
use medtrack_shared::{MedicationId, Role, UserId};

use super::accounts::{self, Account};
use super::patients::{self, Access};
use super::DomainError;
use crate::schedule::{jobs, Job};
use crate::store::{keys, Condition, Index, Item, Query, Store, StoreError, TxOp};

/// The stored medication and the version its next write must check.
pub async fn load(
    store: &Store,
    id: &MedicationId,
) -> Result<Option<(Medication, u64)>, DomainError> {
    Ok(match store.get(&keys::medication(id)).await? {
        Some(item) => {
            let version = item.version;
            Some((item.into_record()?, version))
        }
        None => None,
    })
}

fn item(medication: &Medication) -> Result<Item, StoreError> {
    Ok(
        Item::from_record(keys::medication(&medication.id), medication)?.with_gsi1(
            keys::patient_medication(&medication.patient, medication.created_at, &medication.id),
        ),
    )
}

/// The reminder job of `medication` from `now` on: scheduled at its next dose,
/// or removed when it has none (as needed, paused, ended).
pub fn reminder_op(
    medication: &Medication,
    patient_zone: &str,
    now: Timestamp,
) -> Result<TxOp, DomainError> {
    let zone = times::zone(&medication.details.schedule, patient_zone)?;
    let next = (!medication.paused)
        .then(|| times::next_dose(&medication.details.schedule, &zone, now))
        .flatten();
    let job = |dose_at| Job::DoseReminder {
        medication: medication.id,
        patient: medication.patient,
        dose_at,
    };
    Ok(match next {
        Some(dose_at) => jobs::schedule(job(dose_at), dose_at)?,
        None => jobs::cancel(&job(now)),
    })
}

/// The next dose a reminder will be sent for, for showing.
fn with_next_dose(mut medication: Medication, patient_zone: &str, now: Timestamp) -> Medication {
    medication.next_dose_at = if medication.paused {
        None
    } else {
        times::zone(&medication.details.schedule, patient_zone)
            .ok()
            .and_then(|zone| times::next_dose(&medication.details.schedule, &zone, now))
    };
    medication
}

fn check(input: &MedicationInput, patient_zone: &str) -> Result<(), DomainError> {
    input.check()?;
    // Refused rather than kept and ignored: a caregiver is told by text
    // message; email to someone outside MedTrack cannot be sent yet.
    if let Some(caregiver) = &input.missed.caregiver {
        if caregiver.phone.is_none() || caregiver.email.is_some() {
            return Err(DomainError::field(
                "missed.caregiver",
                "a caregiver is told by text message: give their phone number (email is not available yet)",
            ));
        }
    }
    times::zone(&input.schedule, patient_zone)
        .map_err(|_| DomainError::field("schedule.zone.time_zone", "is not a known time zone"))?;
    Ok(())
}

/// Adds a medication to the patient's own list.
pub async fn add(
    store: &Store,
    patient: &Account,
    input: MedicationInput,
    now: Timestamp,
) -> Result<Medication, DomainError> {
    if patient.role != Role::Patient {
        return Err(DomainError::Forbidden);
    }
    check(&input, &patient.time_zone)?;
    let medication = Medication {
        id: MedicationId::from_uuid(uuid::Uuid::now_v7()),
        patient: patient.id,
        details: input,
        paused: false,
        paused_since: None,
        next_dose_at: None,
        created_at: now,
    };
    store
        .transact(vec![
            TxOp::Put(item(&medication)?, Condition::NotExists),
            reminder_op(&medication, &patient.time_zone, now)?,
        ])
        .await?;
    Ok(with_next_dose(medication, &patient.time_zone, now))
}

/// The patient's own medication, for a change, with its version.
async fn own(
    store: &Store,
    caller: &Account,
    id: &MedicationId,
) -> Result<(Medication, u64), DomainError> {
    match load(store, id).await? {
        Some((medication, version)) if medication.patient == caller.id => Ok((medication, version)),
        // Someone else's is as unknown as one that does not exist.
        _ => Err(DomainError::NotFound),
    }
}

/// Writes a changed medication and its reminder job.
async fn save(
    store: &Store,
    caller: &Account,
    medication: Medication,
    version: u64,
    now: Timestamp,
) -> Result<Medication, DomainError> {
    match store
        .transact(vec![
            TxOp::Put(item(&medication)?, Condition::Version(version)),
            reminder_op(&medication, &caller.time_zone, now)?,
        ])
        .await
    {
        Ok(()) => Ok(with_next_dose(medication, &caller.time_zone, now)),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::Conflict {
            code: "changed_concurrently",
            message: "The medication was changed meanwhile; reload and try again.",
        }),
        Err(other) => Err(other.into()),
    }
}

/// Replaces what and when: future doses follow the new schedule; the log of
/// past doses does not change.
pub async fn edit(
    store: &Store,
    caller: &Account,
    id: &MedicationId,
    input: MedicationInput,
    now: Timestamp,
) -> Result<Medication, DomainError> {
    check(&input, &caller.time_zone)?;
    let (mut medication, version) = own(store, caller, id).await?;
    medication.details = input;
    save(store, caller, medication, version, now).await
}

/// Pauses (no reminders, no missed doses) or resumes from the next dose.
pub async fn set_paused(
    store: &Store,
    caller: &Account,
    id: &MedicationId,
    paused: bool,
    now: Timestamp,
) -> Result<Medication, DomainError> {
    let (mut medication, version) = own(store, caller, id).await?;
    if medication.paused != paused {
        medication.paused = paused;
        medication.paused_since = paused.then_some(now);
    }
    save(store, caller, medication, version, now).await
}

/// Removes a medication from the list (its logged doses stay in the log).
pub async fn remove(
    store: &Store,
    caller: &Account,
    id: &MedicationId,
    now: Timestamp,
) -> Result<(), DomainError> {
    let (medication, version) = own(store, caller, id).await?;
    store
        .transact(vec![
            TxOp::Delete(keys::medication(id), Condition::Version(version)),
            jobs::cancel(&Job::DoseReminder {
                medication: medication.id,
                patient: medication.patient,
                dose_at: now,
            }),
        ])
        .await?;
    Ok(())
}

/// Moves the reminders of medications on the patient's own clock after
/// their time zone changed: the next 08:00 dose is 08:00 where they are now.
/// Medications pinned to a zone keep their instants.
pub async fn follow_zone(
    store: &Store,
    patient: &Account,
    now: Timestamp,
) -> Result<(), DomainError> {
    let ops: Vec<TxOp> = all_of(store, &patient.id)
        .await?
        .iter()
        .filter(|m| matches!(m.details.schedule.zone, ZoneRule::FollowMe))
        .map(|m| reminder_op(m, &patient.time_zone, now))
        .collect::<Result<_, _>>()?;
    // Transactions hold at most 100 operations.
    for chunk in ops.chunks(100) {
        store.transact(chunk.to_vec()).await?;
    }
    Ok(())
}

/// The doses of the patient's active medications from `from` up to `to`,
/// in time order (for the calendar feed).
pub async fn doses_between(
    store: &Store,
    patient: &Account,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(MedicationId, Timestamp)>, DomainError> {
    let mut doses = Vec::new();
    for medication in all_of(store, &patient.id).await? {
        if medication.paused {
            continue;
        }
        let schedule = &medication.details.schedule;
        let zone = times::zone(schedule, &patient.time_zone)?;
        let mut after = from;
        while let Some(at) = times::next_dose(schedule, &zone, after).filter(|at| *at < to) {
            doses.push((medication.id, at));
            after = at;
        }
    }
    doses.sort_by_key(|(_, at)| *at);
    Ok(doses)
}

/// Every medication of the patient (a patient has tens, not thousands).
async fn all_of(store: &Store, patient: &UserId) -> Result<Vec<Medication>, DomainError> {
    let query = Query::partition(keys::patient_medications(patient)).on(Index::Gsi1);
    let items = crate::domain::paging::all_items(store, query, 1000).await?;
    Ok(items
        .into_iter()
        .map(Item::into_record)
        .collect::<Result<_, _>>()?)
}

/// The patient's medications with their next doses: for the patient, their
/// doctors and admins; reads by others are in the patient's access log.
pub async fn list(
    store: &Store,
    caller: &Account,
    patient: &UserId,
    now: Timestamp,
) -> Result<Vec<Medication>, DomainError> {
    let access = patients::access(store, caller, patient).await?;
    let owner = owner_account(store, caller, access, patient).await?;
    patients::record_read(store, caller, access, patient, "medications", now).await?;
    Ok(all_of(store, patient)
        .await?
        .into_iter()
        .map(|m| with_next_dose(m, &owner.time_zone, now))
        .collect())
}

/// One medication, for whoever may read its patient's record.
pub async fn get(
    store: &Store,
    caller: &Account,
    id: &MedicationId,
    now: Timestamp,
) -> Result<Medication, DomainError> {
    let (medication, _) = load(store, id).await?.ok_or(DomainError::NotFound)?;
    let access = patients::access(store, caller, &medication.patient)
        .await
        .map_err(|_| DomainError::NotFound)?;
    let owner = owner_account(store, caller, access, &medication.patient).await?;
    patients::record_read(
        store,
        caller,
        access,
        &medication.patient,
        "medications",
        now,
    )
    .await?;
    Ok(with_next_dose(medication, &owner.time_zone, now))
}

/// The patient's account (the caller's own when it is theirs).
async fn owner_account(
    store: &Store,
    caller: &Account,
    access: Access,
    patient: &UserId,
) -> Result<Account, DomainError> {
    if access == Access::Owner {
        return Ok(caller.clone());
    }
    accounts::get(store, patient)
        .await?
        .ok_or(DomainError::NotFound)
}
