//! Adherence: of the doses due over the last 7 and 30 days, how many were
//! taken. Every logged dose counts (taken, skipped or missed), whatever the
//! schedule was then; a dose of the current schedule not logged yet counts
//! once its grace time is over, if the schedule was running unpaused then,
//! and counts as missed (the missed-dose job may not have logged it yet).

use std::collections::{BTreeMap, HashMap};

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::medication::{
    Adherence, DayCount, Dose, DoseStatus, MedicationAdherence, Rates,
};
use medtrack_shared::{MedicationId, UserId};

use super::{all_of, owner_account, times};
use crate::domain::accounts::Account;
use crate::domain::{patients, Context, DomainError};
use crate::store::{keys, Query, Store};

const DAYS: i64 = 30;

/// The patient's adherence, per medication and overall, with the daily counts
/// of the last 30 days: for the patient, their doctors (logged) and admins.
pub async fn adherence(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
) -> Result<Adherence, DomainError> {
    let (store, now) = (&ctx.store, ctx.now());
    let access = patients::access(store, caller, patient).await?;
    let owner = owner_account(store, caller, access, patient).await?;
    patients::record_read(ctx, caller, access, patient, "adherence").await?;
    tally(store, &owner, DAYS, now).await
}

/// The adherence of `owner` (a patient) with the daily counts of the last
/// `days` days (at least 30): what [`adherence`] shows, and the doses beside
/// the mood chart.
pub async fn tally(
    store: &Store,
    owner: &Account,
    days: i64,
    now: Timestamp,
) -> Result<Adherence, DomainError> {
    let patient = &owner.id;
    let days = days.max(DAYS);
    let zone = owner.time_zone.tz().clone();
    let since = now - SignedDuration::from_hours(24 * days);
    let week_ago = now - SignedDuration::from_hours(24 * 7);
    let month_ago = now - SignedDuration::from_hours(24 * DAYS);
    let mut logged: HashMap<MedicationId, BTreeMap<Timestamp, DoseStatus>> = HashMap::new();
    for dose in crate::domain::paging::all_items(
        store,
        Query::partition(keys::dose_log(patient)).range(keys::doses_between(since, now)),
        10_000,
    )
    .await?
    .into_iter()
    .filter_map(|item| item.into_record::<Dose>().ok())
    {
        if let Some(status) = dose.status {
            logged
                .entry(dose.medication)
                .or_default()
                .insert(dose.scheduled_at, status);
        }
    }

    let today = now.to_zoned_datetime(zone.clone()).date();
    let mut day_counts: BTreeMap<jiff::civil::Date, DayCount> = (0..days)
        .filter_map(|n| today.checked_sub(jiff::Span::new().days(n)).ok())
        .map(|date| (date, DayCount::new(date)))
        .collect();
    let (mut all_7, mut all_30) = ((0, 0), (0, 0));
    let mut medications = Vec::new();
    for medication in all_of(store, patient).await? {
        let schedule = &medication.details.schedule;
        if schedule.as_needed {
            continue;
        }
        let grace = SignedDuration::from_mins(i64::from(medication.details.missed.grace_minutes));
        let mut doses = logged.remove(&medication.id).unwrap_or_default();
        // Doses while paused are neither due nor missed.
        let until = medication.paused_since.unwrap_or(now).min(now - grace);
        let med_zone = times::zone(schedule, &owner.time_zone)?;
        let mut after = since
            .max(medication.created_at)
            .max(medication.active_since.unwrap_or(medication.created_at));
        while let Some(at) = times::next_dose(schedule, &med_zone, after).filter(|at| *at <= until)
        {
            after = at;
            doses.entry(at).or_insert(DoseStatus::Missed);
        }
        let (mut last_7, mut last_30) = ((0, 0), (0, 0));
        for (at, status) in doses {
            let was_taken = u32::from(status == DoseStatus::Taken);
            if at > month_ago {
                last_30 = (last_30.0 + 1, last_30.1 + was_taken);
            }
            if at > week_ago {
                last_7 = (last_7.0 + 1, last_7.1 + was_taken);
            }
            let date = at.to_zoned_datetime(zone.clone()).date();
            if let Some(day) = day_counts.get_mut(&date) {
                day.count(status);
            }
        }
        all_7 = (all_7.0 + last_7.0, all_7.1 + last_7.1);
        all_30 = (all_30.0 + last_30.0, all_30.1 + last_30.1);
        medications.push(MedicationAdherence {
            medication: medication.id,
            name: super::doses::display_name(&medication),
            rates: Rates::of(last_7, last_30),
        });
    }
    Ok(Adherence {
        overall: Rates::of(all_7, all_30),
        medications,
        days: day_counts.into_values().collect(),
    })
}
