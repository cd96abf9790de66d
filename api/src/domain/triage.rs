//! Symptom triage for patients: the shared rules decide, this keeps the
//! result for the patient alone (until they delete it) and finds the
//! suggested specialization's earliest free slots within the urgency's
//! window. Doctors and admins never read a triage: a patient who wants a
//! doctor to see it attaches its summary to a booking's reason.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, ToSpan};
use medtrack_shared::practice::SlotQuery;
use medtrack_shared::triage::{
    summary, Sex, SuggestedSlot, Triage, TriageQuestions, TriageRequest, TriageSession,
};
use medtrack_shared::{Page, PageQuery, Role, Specialization, SpecializationSlug, TriageId};
use serde::{Deserialize, Serialize};

use super::accounts::Account;
use super::record::mood::uuid_at;
use super::{paging, practice, slots, Context, DomainError};
use crate::store::{keys, Condition, Item, Key, Query, StoreError, TxOp};

/// Doctors of a specialization whose slots are looked at: the directory's
/// first page (the most a page holds), in the order they joined.
const DOCTORS_LOOKED_AT: u32 = 100;
/// Slots suggested from one doctor, and in all.
const SLOTS_PER_DOCTOR: usize = 3;
const SLOTS_SUGGESTED: usize = 6;

/// What the patient chose to keep for the next triage.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kept {
    sex: Sex,
}

fn rules() -> Result<&'static Triage, DomainError> {
    // The committed files are checked by the shared crate's tests.
    Triage::load().map_err(|e| DomainError::Internal(e.to_string()))
}

fn session_key(patient: &medtrack_shared::UserId, id: &TriageId) -> Key {
    Key::new(keys::triage(patient), id.to_string())
}

fn patient_only(caller: &Account) -> Result<(), DomainError> {
    match caller.role {
        Role::Patient => Ok(()),
        _ => Err(DomainError::Forbidden),
    }
}

/// The patient's age on their own calendar today: whole years and months.
fn age(caller: &Account, now: Timestamp) -> Result<(u16, u8), DomainError> {
    let born = caller.date_of_birth.ok_or_else(|| {
        DomainError::field("date_of_birth", "add your date of birth to your profile")
    })?;
    let today = now.to_zoned_datetime(caller.time_zone.tz().clone()).date();
    // Whole months, counted by the calendar (a birthday on the 31st
    // falls on the month's last day).
    let months = born.until((jiff::Unit::Month, today))?.get_months();
    let months = u32::try_from(months).unwrap_or(0);
    let years = u16::try_from(months / 12).unwrap_or(u16::MAX);
    Ok((years, u8::try_from(months % 12).unwrap_or(0)))
}

async fn kept_sex(ctx: &Context, caller: &Account) -> Result<Option<Sex>, DomainError> {
    let kept = ctx.store.get(&keys::triage_kept(&caller.id)).await?;
    Ok(kept
        .map(|item| item.into_record::<Kept>())
        .transpose()?
        .map(|k| k.sex))
}

/// What the complaint step offers, with the patient's age and kept sex.
pub async fn questions(ctx: &Context, caller: &Account) -> Result<TriageQuestions, DomainError> {
    patient_only(caller)?;
    let triage = rules()?;
    let (age_years, age_months) = age(caller, ctx.now())?;
    Ok(TriageQuestions {
        vocabulary: triage.vocabulary().clone(),
        age_years,
        age_months,
        sex: kept_sex(ctx, caller).await?,
        rules_version: triage.version().to_owned(),
    })
}

/// Triages the patient's answers and keeps the result (with the kept sex,
/// in the same transaction), with the slots it suggests.
pub async fn assess(
    ctx: &Context,
    caller: &Account,
    request: &TriageRequest,
) -> Result<TriageSession, DomainError> {
    patient_only(caller)?;
    let triage = rules()?;
    let now = ctx.now();
    // A red flag needs no age: it is an emergency whatever the profile holds.
    let (years, months) = match age(caller, now) {
        Ok(age) => age,
        Err(_) if !request.red_flags.is_empty() => (0, 0),
        Err(missing) => return Err(missing),
    };
    let input = request.input(years, months);
    let outcome = triage
        .assess(&input)
        .map_err(|invalid| DomainError::Invalid(invalid.into()))?;
    let specialization_name = match &outcome.specialization {
        Some(slug) => specialization_name(ctx, slug).await?,
        None => None,
    };
    let mut session = TriageSession {
        id: TriageId::from_uuid(uuid_at(now)),
        patient: caller.id,
        at: now,
        summary: summary(&input, &outcome, triage.vocabulary()),
        answers: input,
        outcome,
        specialization_name,
        suggestions: Vec::new(),
        book_by: None,
        seek_care_elsewhere: false,
    };
    let mut ops = vec![TxOp::Put(
        Item::from_record(session_key(&caller.id, &session.id), &session)?,
        Condition::NotExists,
    )];
    // A red flag ends the triage before the sex is asked: keep what was kept.
    match (request.remember_sex, request.sex) {
        (true, Some(sex)) => ops.push(TxOp::Put(
            Item::from_record(keys::triage_kept(&caller.id), &Kept { sex })?,
            Condition::Always,
        )),
        (false, Some(_)) => ops.push(TxOp::Delete(
            keys::triage_kept(&caller.id),
            Condition::Always,
        )),
        (_, None) => {}
    }
    ctx.commit(ops).await?;
    suggest(ctx, caller, &mut session).await?;
    Ok(session)
}

async fn specialization_name(
    ctx: &Context,
    slug: &SpecializationSlug,
) -> Result<Option<String>, DomainError> {
    let entry = ctx.store.get(&keys::specialization(slug)).await?;
    Ok(entry
        .map(|item| item.into_record::<Specialization>())
        .transpose()?
        .map(|s| s.name))
}

/// One page of the patient's triages, newest first (without suggestions).
pub async fn list(
    ctx: &Context,
    caller: &Account,
    page: &PageQuery,
) -> Result<Page<TriageSession>, DomainError> {
    patient_only(caller)?;
    let limit = page.checked_limit()?;
    let query = Query::partition(keys::triage(&caller.id)).backwards();
    paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await
}

/// One of the patient's triages, with the slots free now within its window.
pub async fn get(
    ctx: &Context,
    caller: &Account,
    id: &TriageId,
) -> Result<TriageSession, DomainError> {
    patient_only(caller)?;
    let mut session: TriageSession = ctx
        .store
        .get(&session_key(&caller.id, id))
        .await?
        .ok_or(DomainError::NotFound)?
        .into_record()?;
    suggest(ctx, caller, &mut session).await?;
    Ok(session)
}

/// Deletes one of the patient's triages.
pub async fn delete(ctx: &Context, caller: &Account, id: &TriageId) -> Result<(), DomainError> {
    patient_only(caller)?;
    match ctx
        .commit(vec![TxOp::Delete(
            session_key(&caller.id, id),
            Condition::Exists,
        )])
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::NotFound),
        Err(other) => Err(other.into()),
    }
}

/// The last day of the urgency's window on the patient's calendar: the
/// triage's day plus the window's days.
fn last_day(session: &TriageSession, caller: &Account) -> Option<Date> {
    let days = session.outcome.urgency.within_days()?;
    let day = session
        .at
        .to_zoned_datetime(caller.time_zone.tz().clone())
        .date();
    day.checked_add(i64::from(days).days()).ok()
}

/// Fills in the earliest free slots of the suggested specialization within
/// the urgency's window, from now; or says to seek care elsewhere.
async fn suggest(
    ctx: &Context,
    caller: &Account,
    session: &mut TriageSession,
) -> Result<(), DomainError> {
    let outcome = &session.outcome;
    let (Some(specialization), true) = (
        outcome.specialization.clone(),
        outcome.urgency.books_appointment(),
    ) else {
        return Ok(());
    };
    let Some(last) = last_day(session, caller) else {
        return Ok(());
    };
    let zone = caller.time_zone.tz();
    session.book_by = Some(slots::start_of(zone, last.tomorrow()?)?);
    let now = ctx.now();
    let today = now.to_zoned_datetime(zone.clone()).date();
    let mut found: Vec<SuggestedSlot> = Vec::new();
    if today <= last {
        let query = SlotQuery {
            from: today,
            to: last,
            time_zone: None,
        };
        let doctors = practice::bookable_in(ctx, &specialization, DOCTORS_LOOKED_AT).await?;
        for doctor in doctors {
            let free = practice::free_slots(ctx, &doctor, &query, &caller.time_zone).await?;
            found.extend(
                free.slots
                    .into_iter()
                    .take(SLOTS_PER_DOCTOR)
                    .map(|slot| SuggestedSlot {
                        doctor_id: doctor.id,
                        doctor_name: doctor.name.clone(),
                        starts_at: slot.starts_at,
                        ends_at: slot.ends_at,
                        viewer_local: slot.viewer_local,
                    }),
            );
        }
    }
    // Slots that start within the minute may be gone before they are booked.
    found.retain(|s| s.starts_at > now + SignedDuration::from_mins(1));
    found.sort_by_key(|s| (s.starts_at, s.doctor_name.clone()));
    found.truncate(SLOTS_SUGGESTED);
    session.seek_care_elsewhere = found.is_empty();
    session.suggestions = found;
    Ok(())
}
