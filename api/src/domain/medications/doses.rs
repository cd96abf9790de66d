//! The dose log: what became of each dose (taken, skipped, missed), the
//! patient's own actions on a dose, and a day's doses as a checklist.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use medtrack_shared::medication::{
    Dose, DoseAction, DoseStatus, DosesQuery, Frequency, Medication,
};
use medtrack_shared::{ErrorCode, MedicationId, UserId};

use super::reminders::{self, MissedCheck, Snooze};
use super::{all_of, own, owner_account, times};
use crate::domain::accounts::Account;
use crate::domain::analytics::counters;
use crate::domain::jobs::{self, Runner};
use crate::domain::notifications::outbox::{self, Event, MedicationChange, MedicationNotice};
use crate::domain::{patients, Context, DomainError};
use crate::store::{keys, Condition, Item, Query, Store, StoreError, TxOp};

/// How far ahead a dose may be marked taken or skipped.
const EARLIEST: SignedDuration = SignedDuration::from_hours(12);

/// The log entry of a dose, as an item.
pub fn entry(patient: &UserId, dose: &Dose) -> Result<Item, StoreError> {
    Ok(Item::from_record(
        keys::dose(patient, dose.scheduled_at, &dose.medication),
        dose,
    )?
    .with_gsi1(keys::medication_dose(&dose.medication, dose.scheduled_at)))
}

/// What was logged for a dose, with its version.
pub async fn logged(
    store: &Store,
    patient: &UserId,
    at: Timestamp,
    medication: &MedicationId,
) -> Result<Option<(Dose, u64)>, DomainError> {
    Ok(
        match store.get(&keys::dose(patient, at, medication)).await? {
            Some(item) => {
                let version = item.version;
                Some((item.into_record()?, version))
            }
            None => None,
        },
    )
}

/// A dose of `medication` at `at`, nothing logged yet.
pub fn dose_of(medication: &Medication, at: Timestamp) -> Dose {
    Dose {
        medication: medication.id,
        name: display_name(medication),
        dose: medication.details.dose.clone(),
        scheduled_at: at,
        status: None,
        taken_at: None,
        reason: None,
    }
}

/// "Amoxicillin 500 mg".
pub fn display_name(medication: &Medication) -> String {
    let details = &medication.details;
    if details.strength.trim().is_empty() {
        details.name.clone()
    } else {
        format!("{} {}", details.name, details.strength)
    }
}

/// A notice about `medication`'s dose at `at`.
pub fn notice(medication: &Medication, at: Timestamp, change: MedicationChange) -> Event {
    Event::Medication(MedicationNotice {
        medication: medication.id,
        name: display_name(medication),
        dose: medication.details.dose.clone(),
        dose_at: at,
        patient_name: None,
        change,
    })
}

/// The jobs waiting on one dose (its snooze and its missed check).
fn dose_jobs(medication: &Medication, at: Timestamp) -> [TxOp; 2] {
    let dose = reminders::Dose::of(medication, at);
    [
        jobs::cancel(&Snooze(dose).id()),
        jobs::cancel(&MissedCheck(dose).id()),
    ]
}

/// Doses a day, on average, for the stock count.
fn doses_per_day(medication: &Medication) -> f64 {
    let schedule = &medication.details.schedule;
    let per_dose_day = schedule.times.len() as f64;
    match &schedule.frequency {
        Frequency::EveryDay => per_dose_day,
        Frequency::Weekdays { days } => per_dose_day * days.len() as f64 / 7.0,
        Frequency::EveryNDays { every } => per_dose_day / f64::from(*every),
    }
}

/// Whole days the stock lasts, if it is counted and doses are scheduled.
pub fn days_left(medication: &Medication) -> Option<u32> {
    let supply = medication.details.supply?;
    let per_day = doses_per_day(medication) * f64::from(supply.per_dose);
    (per_day > 0.0).then(|| (f64::from(supply.on_hand) / per_day).floor() as u32)
}

/// The patient marks a dose taken or skipped, or asks to be reminded again.
pub async fn act(
    ctx: &Context,
    caller: &Account,
    id: &MedicationId,
    action: DoseAction,
) -> Result<Dose, DomainError> {
    action.check()?;
    let (store, now) = (&ctx.store, ctx.now());
    let (mut medication, version) = own(store, caller, id).await?;
    let zone = times::zone(&medication.details.schedule, &caller.time_zone)?;
    let latest = now
        .checked_add(EARLIEST)
        .map_err(|e| DomainError::Internal(e.to_string()))?;
    let scheduled = |at: Timestamp| -> Result<Timestamp, DomainError> {
        if at > latest || !times::is_dose(&medication.details.schedule, &zone, at) {
            return Err(DomainError::field(
                "scheduled_at",
                "is not a dose time of this medication within the next 12 hours",
            ));
        }
        Ok(at)
    };
    let (mut dose, log_as) = match &action {
        DoseAction::Taken {
            scheduled_at,
            taken_at,
        } => {
            let taken_at = taken_at.unwrap_or(now);
            if taken_at > now + SignedDuration::from_mins(1) {
                return Err(DomainError::field("taken_at", "must not be in the future"));
            }
            // An extra or as-needed dose is logged at the time it was taken.
            let at = match scheduled_at {
                Some(at) => scheduled(*at)?,
                None => taken_at,
            };
            let mut dose = dose_of(&medication, at);
            dose.taken_at = Some(taken_at);
            (dose, DoseStatus::Taken)
        }
        DoseAction::Skipped {
            scheduled_at,
            reason,
        } => {
            let mut dose = dose_of(&medication, scheduled(*scheduled_at)?);
            dose.reason = Some(reason.trim().to_owned()).filter(|r| !r.is_empty());
            (dose, DoseStatus::Skipped)
        }
        DoseAction::Snooze {
            scheduled_at,
            minutes,
        } => {
            let at = scheduled(*scheduled_at)?;
            let minutes = minutes.unwrap_or(10);
            if logged(store, &caller.id, at, id).await?.is_some() {
                return Err(already_logged());
            }
            let job = Snooze(reminders::Dose::of(&medication, at));
            let due = now + SignedDuration::from_mins(i64::from(minutes));
            ctx.commit(vec![jobs::schedule(&job, due)?]).await?;
            return Ok(dose_of(&medication, at));
        }
    };
    dose.status = Some(log_as);
    let (condition, before) = match logged(store, &caller.id, dose.scheduled_at, id).await? {
        // A late dose marked taken after it counted as missed.
        Some((existing, version)) if existing.status == Some(DoseStatus::Missed) => {
            (Condition::Version(version), Some(existing))
        }
        Some(_) => return Err(already_logged()),
        None => (Condition::NotExists, None),
    };
    let mut ops = vec![TxOp::Put(entry(&caller.id, &dose)?, condition)];
    ops.extend(counters::dose_change(ctx, &caller.id, before.as_ref(), &dose).await?);
    ops.extend(dose_jobs(&medication, dose.scheduled_at));
    if log_as == DoseStatus::Taken && medication.details.supply.is_some() {
        let before = days_left(&medication);
        if let Some(supply) = medication.details.supply.as_mut() {
            supply.on_hand = supply.on_hand.saturating_sub(supply.per_dose);
        }
        let after = days_left(&medication);
        let threshold = medication
            .details
            .supply
            .map(|s| u32::from(s.refill_when_days_left));
        if let (Some(before), Some(after), Some(threshold)) = (before, after, threshold) {
            if before >= threshold && after < threshold {
                let change = MedicationChange::RefillSoon { days_left: after };
                let event = notice(&medication, dose.scheduled_at, change);
                ops.push(outbox::queue(caller.id, event, now)?);
            }
        }
        ops.push(TxOp::Put(
            super::item(&medication)?,
            Condition::Version(version),
        ));
    }
    match ctx.commit(ops).await {
        Ok(()) => Ok(dose),
        Err(StoreError::ConditionFailed { op: Some(0) }) => Err(already_logged()),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::changed(
            "The medication was changed meanwhile; reload and try again.",
        )),
        Err(other) => Err(other.into()),
    }
}

fn already_logged() -> DomainError {
    DomainError::conflict(
        ErrorCode::AlreadyLogged,
        "This dose is already marked taken or skipped.",
    )
}

/// A day of the patient's calendar: every scheduled dose of their active
/// medications, with what became of it, and doses taken as needed.
pub async fn day(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    query: &DosesQuery,
) -> Result<Vec<Dose>, DomainError> {
    let (store, now) = (&ctx.store, ctx.now());
    let access = patients::access(store, caller, patient).await?;
    let owner = owner_account(store, caller, access, patient).await?;
    patients::record_read(ctx, caller, access, patient, "doses").await?;
    let zone = owner.time_zone.tz().clone();
    let date: Date = match query.date {
        Some(date) => date,
        None => now.to_zoned_datetime(zone.clone()).date(),
    };
    let start = date.to_zoned_datetime(zone.clone())?.timestamp();
    let end = date.tomorrow()?.to_zoned_datetime(zone)?.timestamp();
    let page = crate::domain::paging::all_items(
        store,
        Query::partition(keys::dose_log(patient)).range(keys::doses_between(start, end)),
        1000,
    )
    .await?;
    let mut logged: Vec<Dose> = page
        .into_iter()
        .map(Item::into_record)
        .collect::<Result<_, _>>()?;
    let mut doses = Vec::new();
    for medication in all_of(store, patient).await? {
        if medication.paused {
            continue;
        }
        let zone = times::zone(&medication.details.schedule, &owner.time_zone)?;
        let mut after = start - SignedDuration::from_nanos(1);
        while let Some(at) =
            times::next_dose(&medication.details.schedule, &zone, after).filter(|at| *at < end)
        {
            let found = logged
                .iter()
                .position(|d| d.medication == medication.id && d.scheduled_at == at);
            doses.push(match found {
                Some(index) => logged.swap_remove(index),
                None => dose_of(&medication, at),
            });
            after = at;
        }
    }
    // Doses taken as needed, or of medications since removed or paused.
    doses.extend(logged);
    doses.sort_by_key(|d| d.scheduled_at);
    Ok(doses)
}
