//! A completed visit's prescription added to the patient's medications in
//! one step. Each item's free-text frequency and duration become a schedule
//! where they are plain ("twice a day", "every 8 hours", "for 7 days");
//! anything else is added as taken when needed, for the patient to adjust.

use jiff::civil::{time, Date, Time};
use medtrack_shared::appointment::{AppointmentStatus, PrescriptionItem};
use medtrack_shared::medication::{
    Frequency, Medication, MedicationInput, MissedDoses, Schedule, ZoneRule,
};
use medtrack_shared::record::AllergyOverride;
use medtrack_shared::{AppointmentId, ErrorCode, MedicationId};

use super::{item, reminder_op};
use crate::domain::accounts::Account;
use crate::domain::record::{allergies, check};
use crate::domain::{appointments, Context, DomainError};
use crate::store::{keys, Condition, Item, StoreError, TxOp};

/// Dose times for `n` doses a day, spread over waking hours.
fn times_for(n: usize) -> Option<Vec<Time>> {
    Some(match n {
        1 => vec![time(8, 0, 0, 0)],
        2 => vec![time(8, 0, 0, 0), time(20, 0, 0, 0)],
        3 => vec![time(8, 0, 0, 0), time(14, 0, 0, 0), time(20, 0, 0, 0)],
        4 => vec![
            time(8, 0, 0, 0),
            time(12, 0, 0, 0),
            time(16, 0, 0, 0),
            time(20, 0, 0, 0),
        ],
        6 => (0..6).map(|k| time(k * 4, 0, 0, 0)).collect(),
        _ => return None,
    })
}

/// Doses a day from a frequency such as "twice a day", "3 times daily",
/// "every 8 hours"; `None` when it does not say plainly.
pub fn doses_a_day(frequency: &str) -> Option<usize> {
    let text = frequency.to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let number = |word: &str| match word {
        "once" | "one" | "1" => Some(1),
        "twice" | "two" | "2" => Some(2),
        "three" | "thrice" | "3" => Some(3),
        "four" | "4" => Some(4),
        "six" | "6" => Some(6),
        "eight" | "8" => Some(8),
        "twelve" | "12" => Some(12),
        "24" => Some(24),
        _ => None,
    };
    if let Some(at) = words.iter().position(|w| *w == "every") {
        let hours = words.get(at + 1).and_then(|w| number(w))?;
        return (words.get(at + 2).is_some_and(|w| w.starts_with("hour")) && 24 % hours == 0)
            .then_some(24 / hours);
    }
    let daily = words.iter().any(|w| matches!(*w, "day" | "daily" | "days"));
    let count = words.iter().find_map(|w| number(w))?;
    (daily || words.contains(&"times")).then_some(count)
}

/// The last day from a duration such as "7 days" or "2 weeks", from `start`.
pub fn end_date(duration: &str, start: Date) -> Option<Date> {
    let text = duration.to_lowercase();
    let mut words = text.split_whitespace();
    let count: i64 = words.find_map(|w| w.parse().ok())?;
    let unit = text
        .split_whitespace()
        .find(|w| w.starts_with("day") || w.starts_with("week"))?;
    let days = if unit.starts_with("week") {
        count * 7
    } else {
        count
    };
    start
        .checked_add(jiff::Span::new().days(days.checked_sub(1)?))
        .ok()
}

/// The medication a prescription item becomes, starting `start`.
pub fn from_item(item: &PrescriptionItem, start: Date) -> MedicationInput {
    let times = doses_a_day(&item.frequency).and_then(times_for);
    MedicationInput {
        name: item.drug.clone(),
        strength: item.dose.clone(),
        form: String::new(),
        dose: String::new(),
        instructions: [
            item.frequency.as_str(),
            item.duration.as_str(),
            item.instructions.as_str(),
        ]
        .iter()
        .filter(|t| !t.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("; "),
        schedule: Schedule {
            as_needed: times.is_none(),
            times: times.unwrap_or_default(),
            frequency: Frequency::EveryDay,
            start,
            end: end_date(&item.duration, start),
            zone: ZoneRule::FollowMe,
        },
        supply: None,
        missed: MissedDoses::default(),
    }
}

/// Adds every item of the patient's completed visit's prescription to their
/// medications, starting today on their clock. Once per visit.
pub async fn add_all(
    ctx: &Context,
    patient: &Account,
    appointment: &AppointmentId,
) -> Result<Vec<Medication>, DomainError> {
    let now = ctx.now();
    let stored = appointments::load(&ctx.store, appointment).await?;
    let visit = stored.appointment;
    if visit.patient.id != patient.id {
        return Err(DomainError::NotFound);
    }
    let consultation = visit
        .consultation
        .filter(|_| visit.status == AppointmentStatus::Completed)
        .ok_or(DomainError::conflict(
            ErrorCode::NoPrescription,
            "Only a completed visit's prescription can be added.",
        ))?;
    let overrides = allergy_overrides(
        ctx,
        patient,
        &consultation.prescription,
        visit.allergy_override.as_ref(),
    )
    .await?;
    let today = now.to_zoned_datetime(patient.time_zone.tz().clone()).date();
    let mut medications = Vec::new();
    let marker = Item::from_record(
        keys::prescription_added(appointment),
        &serde_json::json!({ "at": now }),
    )?;
    let mut ops = vec![TxOp::Put(marker, Condition::NotExists)];
    for ((n, prescribed), allergy_override) in
        consultation.prescription.iter().enumerate().zip(overrides)
    {
        let details = from_item(prescribed, today);
        details.check()?;
        let medication = Medication {
            id: MedicationId::from_uuid(uuid::Uuid::now_v7()),
            patient: patient.id,
            details,
            paused: false,
            paused_since: None,
            active_since: None,
            next_dose_at: None,
            caregiver_email_status: None,
            allergy_override,
            // Distinct, so the list keeps the prescription's order.
            created_at: now + jiff::SignedDuration::from_micros(i64::try_from(n).unwrap_or(0)),
        };
        ops.push(TxOp::Put(item(&medication)?, Condition::NotExists));
        ops.push(reminder_op(&medication, &patient.time_zone, now)?);
        medications.push(medication);
    }
    match ctx.commit(ops).await {
        Ok(()) => Ok(medications),
        Err(StoreError::ConditionFailed { op: Some(0) }) => Err(DomainError::conflict(
            ErrorCode::AlreadyAdded,
            "This visit's prescription is already on your medications.",
        )),
        Err(other) => Err(other.into()),
    }
}

/// The allergy check of each item against the allergies that stand now:
/// matches the visit's override covers stay overridden (by the doctor, for
/// the doctor's reason); any other match refuses the whole prescription,
/// listing them (the patient then adds that medicine with a reason).
async fn allergy_overrides(
    ctx: &Context,
    patient: &Account,
    prescription: &[PrescriptionItem],
    visit: Option<&AllergyOverride>,
) -> Result<Vec<Option<AllergyOverride>>, DomainError> {
    let standing = allergies::standing(&ctx.store, &patient.id).await?;
    let mut overrides = Vec::new();
    let mut uncovered = Vec::new();
    for item in prescription {
        let found = check::conflicts(&[item.drug.as_str()], &standing);
        let covered = visit.filter(|kept| found.iter().all(|c| kept.covers(c)));
        match covered {
            _ if found.is_empty() => overrides.push(None),
            Some(kept) => overrides.push(Some(AllergyOverride {
                conflicts: found,
                ..kept.clone()
            })),
            None => uncovered.extend(found),
        }
    }
    if uncovered.is_empty() {
        Ok(overrides)
    } else {
        Err(check::refusal(ctx, patient, &patient.id, uncovered).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn plain_frequencies_and_durations_become_a_schedule() {
        assert_eq!(doses_a_day("twice a day"), Some(2));
        assert_eq!(doses_a_day("3 times daily"), Some(3));
        assert_eq!(doses_a_day("Once daily"), Some(1));
        assert_eq!(doses_a_day("every 8 hours"), Some(3));
        assert_eq!(doses_a_day("every 5 hours"), None);
        assert_eq!(doses_a_day("as needed for pain"), None);
        let start = date(2026, 1, 10);
        assert_eq!(end_date("7 days", start), Some(date(2026, 1, 16)));
        assert_eq!(end_date("for 2 weeks", start), Some(date(2026, 1, 23)));
        assert_eq!(end_date("until better", start), None);
    }
}
