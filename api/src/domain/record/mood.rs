//! The mood log and its chart. The patient writes, changes and deletes
//! their own entries; they and their doctors read (the doctors' reads in the
//! access log). Admins do not read it: it is a diary, not clinic business.
//!
//! An entry's id is a UUIDv7 made from the time the mood was felt, so a
//! period of the log is one range query on the patient's partition, and the
//! chart costs what the period holds, not the whole log.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, ToSpan};
use medtrack_shared::medication::DayCount;
use medtrack_shared::record::{
    normal_tag, one_decimal, MoodChange, MoodChart, MoodDay, MoodEntry, MoodInput, Phq9Result,
    ScorePoint, TagAverage, MOOD_BACKDATE_DAYS,
};
use medtrack_shared::{MoodEntryId, Page, PageQuery, UserId};

use crate::domain::accounts::{self, Account};
use crate::domain::medications::adherence;
use crate::domain::patients::{self, Access};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Item, Key, Query, StoreError, TxOp};

/// The most entries one chart reads: about a hundred a day for a year.
const MAX_CHART_ENTRIES: usize = 40_000;

/// Whether `caller` may read `patient`'s mood and questionnaires, and why:
/// the patient and doctors with a care relationship (or emergency access).
pub(super) async fn wellbeing_reader(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
) -> Result<(Access, Account), DomainError> {
    let access = patients::access(&ctx.store, caller, patient).await?;
    match access {
        Access::Admin => Err(DomainError::Forbidden),
        Access::Owner => Ok((access, caller.clone())),
        Access::CareTeam | Access::Emergency => {
            let owner = accounts::get(&ctx.store, patient)
                .await?
                .ok_or(DomainError::NotFound)?;
            Ok((access, owner))
        }
    }
}

/// The check before a patient's own write.
pub(super) async fn owner(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
) -> Result<(), DomainError> {
    match patients::access(&ctx.store, caller, patient).await? {
        Access::Owner => Ok(()),
        _ => Err(DomainError::Forbidden),
    }
}

/// A UUIDv7 made at `at`.
pub(crate) fn uuid_at(at: Timestamp) -> uuid::Uuid {
    let seconds = u64::try_from(at.as_second()).unwrap_or(0);
    let nanos = u32::try_from(at.subsec_nanosecond()).unwrap_or(0);
    uuid::Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, seconds, nanos))
}

fn key(patient: &UserId, id: &MoodEntryId) -> Key {
    Key::new(keys::mood_log(patient), id.to_string())
}

/// Tags in normal form, each once, in the order given.
fn tidy_tags(tags: &[String]) -> Vec<String> {
    let mut tidy: Vec<String> = Vec::new();
    for tag in tags.iter().map(|t| normal_tag(t)) {
        if !tag.is_empty() && !tidy.contains(&tag) {
            tidy.push(tag);
        }
    }
    tidy
}

/// Logs how the patient feels (the patient only).
pub async fn add(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    input: &MoodInput,
) -> Result<MoodEntry, DomainError> {
    input.check()?;
    owner(ctx, caller, patient).await?;
    let now = ctx.now();
    let at = input.at.unwrap_or(now);
    if at > now + SignedDuration::from_mins(1) {
        return Err(DomainError::field("at", "must not be in the future"));
    }
    if at < now - SignedDuration::from_hours(24 * MOOD_BACKDATE_DAYS) {
        return Err(DomainError::field("at", "may be at most 7 days ago"));
    }
    let entry = MoodEntry {
        id: MoodEntryId::from_uuid(uuid_at(at)),
        patient: *patient,
        score: input.score,
        tags: tidy_tags(&input.tags),
        note: input.note.trim().to_owned(),
        at,
        day: at.to_zoned_datetime(caller.time_zone.tz().clone()).date(),
        updated_at: now,
    };
    let item = Item::from_record(key(patient, &entry.id), &entry)?;
    ctx.commit(vec![TxOp::Put(item, Condition::NotExists)])
        .await?;
    Ok(entry)
}

/// Changes an entry's score, tags or note (the patient only).
pub async fn change(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &MoodEntryId,
    change: &MoodChange,
) -> Result<MoodEntry, DomainError> {
    change.check()?;
    owner(ctx, caller, patient).await?;
    let stored = ctx
        .store
        .get(&key(patient, id))
        .await?
        .ok_or(DomainError::NotFound)?;
    let version = stored.version;
    let mut entry: MoodEntry = stored.into_record()?;
    entry.score = change.score.unwrap_or(entry.score);
    if let Some(tags) = &change.tags {
        entry.tags = tidy_tags(tags);
    }
    if let Some(note) = &change.note {
        entry.note = note.trim().to_owned();
    }
    entry.updated_at = ctx.now();
    let item = Item::from_record(key(patient, id), &entry)?;
    match ctx
        .commit(vec![TxOp::Put(item, Condition::Version(version))])
        .await
    {
        Ok(()) => Ok(entry),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::changed(
            "The entry was changed meanwhile; reload it and try again.",
        )),
        Err(other) => Err(other.into()),
    }
}

/// Deletes an entry (the patient only): a diary is the patient's own.
pub async fn delete(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &MoodEntryId,
) -> Result<(), DomainError> {
    owner(ctx, caller, patient).await?;
    match ctx
        .commit(vec![TxOp::Delete(key(patient, id), Condition::Exists)])
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::NotFound),
        Err(other) => Err(other.into()),
    }
}

/// One page of the log, newest first.
pub async fn list(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    page: &PageQuery,
) -> Result<Page<MoodEntry>, DomainError> {
    let limit = page.checked_limit()?;
    let (access, _) = wellbeing_reader(ctx, caller, patient).await?;
    patients::record_read(ctx, caller, access, patient, "mood log").await?;
    let log = Query::partition(keys::mood_log(patient)).backwards();
    paging::page(&ctx.store, log, limit, page.cursor.as_deref()).await
}

/// The chart of the last `days` days up to today on the patient's clock.
pub async fn chart(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    days: u16,
) -> Result<MoodChart, DomainError> {
    let (access, owner) = wellbeing_reader(ctx, caller, patient).await?;
    patients::record_read(ctx, caller, access, patient, "mood chart").await?;
    let now = ctx.now();
    let zone = owner.time_zone.tz().clone();
    let today = now.to_zoned_datetime(zone.clone()).date();
    let first = today
        .checked_sub(i64::from(days.saturating_sub(1)).days())
        .map_err(|_| DomainError::field("days", "reaches before the supported dates"))?;
    // The trend of the first day looks six days further back; a day's
    // margin more catches entries logged on another clock.
    let since = first
        .checked_sub(7.days())
        .ok()
        .and_then(|d| {
            zone.to_ambiguous_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
                .compatible()
                .ok()
        })
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let log = Query::partition(keys::mood_log(patient)).range(keys::ids_between(since, now));
    let entries: Vec<MoodEntry> = paging::all_items(&ctx.store, log, MAX_CHART_ENTRIES)
        .await?
        .into_iter()
        .filter_map(|item| item.into_record().ok())
        .collect();
    let doses = adherence::tally(&ctx.store, &owner, i64::from(days), now).await?;
    let results =
        Query::partition(keys::phq9_results(patient)).range(keys::ids_between(since, now));
    let phq9 = paging::all_items(&ctx.store, results, 1_000)
        .await?
        .into_iter()
        .filter_map(|item| item.into_record::<Phq9Result>().ok())
        .map(|r| ScorePoint {
            id: r.id,
            at: r.answered_at,
            date: r.answered_at.to_zoned_datetime(zone.clone()).date(),
            score: r.score,
            severity: r.severity,
        })
        .filter(|p| p.date >= first)
        .collect();
    Ok(MoodChart {
        time_zone: owner.time_zone.name().to_owned(),
        days: mood_days(&entries, first, today, &doses.days),
        tags: tag_averages(entries.iter().filter(|e| e.day >= first && e.day <= today)),
        phq9,
    })
}

/// Each day from `first` to `last` with its average, trend and doses.
fn mood_days(entries: &[MoodEntry], first: Date, last: Date, doses: &[DayCount]) -> Vec<MoodDay> {
    let mut by_day: BTreeMap<Date, (u32, u32)> = BTreeMap::new();
    for entry in entries {
        let (count, sum) = by_day.entry(entry.day).or_default();
        *count += 1;
        *sum += u32::from(entry.score);
    }
    let mean = |(count, sum): (u32, u32)| {
        (count > 0).then(|| one_decimal(f64::from(sum) / f64::from(count)))
    };
    let mut days = Vec::new();
    let mut date = first;
    while date <= last {
        let day = by_day.get(&date).copied().unwrap_or_default();
        let week_start = date.checked_sub(6.days()).unwrap_or(date);
        let week = by_day
            .range(week_start..=date)
            .fold((0, 0), |(c, s), (_, (count, sum))| (c + count, s + sum));
        days.push(MoodDay {
            date,
            entries: day.0,
            average: mean(day),
            trend: mean(week),
            doses: doses
                .iter()
                .find(|d| d.date == date)
                .copied()
                .unwrap_or(DayCount::new(date)),
        });
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    days
}

/// The average score per tag, the most used first.
fn tag_averages<'a>(entries: impl Iterator<Item = &'a MoodEntry>) -> Vec<TagAverage> {
    let mut by_tag: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for entry in entries {
        for tag in &entry.tags {
            let (count, sum) = by_tag.entry(tag).or_default();
            *count += 1;
            *sum += u32::from(entry.score);
        }
    }
    let mut tags: Vec<TagAverage> = by_tag
        .into_iter()
        .map(|(tag, (count, sum))| TagAverage {
            tag: tag.to_owned(),
            entries: count,
            average: one_decimal(f64::from(sum) / f64::from(count)),
        })
        .collect();
    tags.sort_by(|a, b| b.entries.cmp(&a.entries).then_with(|| a.tag.cmp(&b.tag)));
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(day: Date, score: u8, tags: &[&str]) -> MoodEntry {
        MoodEntry {
            id: MoodEntryId::from_uuid(uuid::Uuid::nil()),
            patient: medtrack_shared::UserId::from_uuid(uuid::Uuid::nil()),
            score,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            note: String::new(),
            at: Timestamp::UNIX_EPOCH,
            day,
            updated_at: Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn days_average_their_entries_and_trend_over_seven_days() {
        let d = |n: i8| jiff::civil::date(2026, 11, n);
        let entries = [
            entry(d(1), 2, &[]),
            entry(d(1), 4, &[]),
            entry(d(7), 9, &[]),
            entry(d(8), 5, &[]),
        ];
        let days = mood_days(&entries, d(1), d(9), &[]);
        assert_eq!(days.len(), 9);
        assert_eq!(
            (days[0].entries, days[0].average, days[0].trend),
            (2, Some(3.0), Some(3.0))
        );
        assert_eq!((days[1].average, days[1].trend), (None, Some(3.0)));
        // The 7th: the 1st to the 7th, (2 + 4 + 9) / 3.
        assert_eq!(days[6].trend, Some(5.0));
        // The 8th no longer reaches the 1st: (9 + 5) / 2.
        assert_eq!(days[7].trend, Some(7.0));
        assert_eq!(days[8].average, None);
    }

    #[test]
    fn tags_are_averaged_and_the_most_used_come_first() {
        let day = jiff::civil::date(2026, 11, 1);
        let entries = [
            entry(day, 3, &["tired", "sad"]),
            entry(day, 6, &["tired"]),
            entry(day, 8, &["calm"]),
        ];
        let tags = tag_averages(entries.iter());
        let view: Vec<_> = tags
            .iter()
            .map(|t| (t.tag.as_str(), t.entries, t.average))
            .collect();
        assert_eq!(view, [("tired", 2, 4.5), ("calm", 1, 8.0), ("sad", 1, 3.0)]);
    }

    #[test]
    fn tags_are_kept_once_in_normal_form() {
        let tags = ["  Very  Tired ", "very tired", "", "Calm"].map(str::to_owned);
        assert_eq!(tidy_tags(&tags), ["very tired", "calm"]);
    }
}
