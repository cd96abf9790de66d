//! The reply time a doctor promises: a number of business days, where a
//! business day is a date with working hours in the practice (its weekly
//! hours and exceptions, in its time zone). A practice with no weekly hours
//! is read as Monday to Friday, 09:00 to 17:00 (with its days off and extra
//! hours). A message sent on any day is due by the end of the working hours
//! of the Nth business day after it.

use jiff::civil::{time, Date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use medtrack_shared::practice::{HoursRange, Practice, Weekday, WeeklyHours};

use crate::domain::slots;

/// How far ahead the next working hours are looked for.
const SEARCH_DAYS: usize = 400;

/// The practice as its hours are read: with no weekly hours, office hours
/// on weekdays (its exceptions still apply on top).
fn with_default_hours(practice: &Practice) -> std::borrow::Cow<'_, Practice> {
    if !practice.weekly_hours.is_empty() {
        return std::borrow::Cow::Borrowed(practice);
    }
    let mut office = practice.clone();
    office.weekly_hours = Weekday::ALL
        .into_iter()
        .take(5)
        .map(|weekday| WeeklyHours {
            weekday,
            hours: HoursRange {
                start: time(9, 0, 0, 0),
                end: time(17, 0, 0, 0),
            },
        })
        .collect();
    std::borrow::Cow::Owned(office)
}

/// The working hours of `date`, as instants, in time order.
fn hours_on(practice: &Practice, zone: &TimeZone, date: Date) -> Vec<(Timestamp, Timestamp)> {
    let mut instants: Vec<(Timestamp, Timestamp)> = practice
        .hours_on(date)
        .into_iter()
        .filter_map(|range| slots::instants(zone, date, range))
        .collect();
    instants.sort();
    instants
}

fn dates_from(first: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(first), |d| d.tomorrow().ok()).take(SEARCH_DAYS)
}

/// What the promise means for a message sent at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Promise {
    /// The doctor is in working hours at `now`.
    pub open_now: bool,
    /// When out of hours: when the next working hours begin.
    pub reads_from: Option<Timestamp>,
    /// The end of the reply time.
    pub reply_by: Timestamp,
}

/// The promise of `practice` for a message sent at `now`.
pub fn promise(practice: &Practice, zone: &TimeZone, now: Timestamp) -> Promise {
    let practice = &*with_default_hours(practice);
    let today = now.to_zoned_datetime(zone.clone()).date();
    let open_now = hours_on(practice, zone, today)
        .iter()
        .any(|(start, end)| *start <= now && now < *end);
    let reads_from = if open_now {
        None
    } else {
        dates_from(today)
            .flat_map(|date| hours_on(practice, zone, date))
            .map(|(start, _)| start)
            .find(|start| *start > now)
    };
    let days = usize::from(practice.reply_within_days.max(1));
    let reply_by = today
        .tomorrow()
        .ok()
        .into_iter()
        .flat_map(dates_from)
        .filter_map(|date| hours_on(practice, zone, date).last().map(|(_, end)| *end))
        .nth(days - 1)
        .unwrap_or_else(|| {
            let fallback = SignedDuration::from_hours(24 * i64::from(practice.reply_within_days));
            now.checked_add(fallback).unwrap_or(now)
        });
    Promise {
        open_now,
        reads_from,
        reply_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use medtrack_shared::practice::AvailabilityException;

    fn at(zone: &TimeZone, day: Date, hour: i8, minute: i8) -> Timestamp {
        zone.to_ambiguous_timestamp(day.at(hour, minute, 0, 0))
            .compatible()
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn weekdays(zone: &str) -> Practice {
        let mut practice = Practice::empty(zone);
        practice.weekly_hours = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
        ]
        .into_iter()
        .flat_map(|weekday| {
            [(8, 12), (13, 18)].map(|(start, end)| WeeklyHours {
                weekday,
                hours: HoursRange {
                    start: time(start, 0, 0, 0),
                    end: time(end, 0, 0, 0),
                },
            })
        })
        .collect();
        practice
    }

    #[test]
    fn a_message_on_friday_evening_is_due_on_tuesday_and_read_on_monday() {
        let zone = TimeZone::get("Asia/Tokyo").unwrap_or(TimeZone::UTC);
        let practice = weekdays("Asia/Tokyo");
        // Friday 4 Dec 2026, 19:30 in Tokyo.
        let sent = at(&zone, date(2026, 12, 4), 19, 30);
        let promise = promise(&practice, &zone, sent);
        assert!(!promise.open_now);
        assert_eq!(promise.reads_from, Some(at(&zone, date(2026, 12, 7), 8, 0)));
        assert_eq!(promise.reply_by, at(&zone, date(2026, 12, 8), 18, 0));
    }

    #[test]
    fn in_hours_the_message_is_read_now_and_days_off_do_not_count() {
        let zone = TimeZone::get("America/New_York").unwrap_or(TimeZone::UTC);
        let mut practice = weekdays("America/New_York");
        practice.reply_within_days = 1;
        practice.exceptions.push(AvailabilityException {
            date: date(2026, 12, 1),
            day_off: true,
            extra_hours: Vec::new(),
        });
        let sent = at(&zone, date(2026, 11, 30), 9, 15);
        let promise = promise(&practice, &zone, sent);
        assert!(promise.open_now && promise.reads_from.is_none());
        assert_eq!(promise.reply_by, at(&zone, date(2026, 12, 2), 18, 0));
        let lunch = at(&zone, date(2026, 11, 30), 12, 30);
        assert_eq!(
            super::promise(&practice, &zone, lunch).reads_from,
            Some(at(&zone, date(2026, 11, 30), 13, 0))
        );
    }

    #[test]
    fn without_weekly_hours_office_hours_hold_with_the_exceptions() {
        let zone = TimeZone::UTC;
        let mut practice = Practice::empty("UTC");
        practice.exceptions.push(AvailabilityException {
            date: date(2026, 11, 30),
            day_off: true,
            extra_hours: Vec::new(),
        });
        let sunday = at(&zone, date(2026, 11, 29), 10, 0);
        let promise = promise(&practice, &zone, sunday);
        assert_eq!(promise.reads_from, Some(at(&zone, date(2026, 12, 1), 9, 0)));
        assert_eq!(promise.reply_by, at(&zone, date(2026, 12, 2), 17, 0));
    }

    #[test]
    fn a_practice_without_hours_reads_as_office_hours_on_weekdays() {
        let zone = TimeZone::UTC;
        let practice = Practice::empty("UTC");
        let sunday = at(&zone, date(2026, 11, 29), 10, 0);
        let promise = promise(&practice, &zone, sunday);
        assert!(!promise.open_now);
        assert_eq!(
            promise.reads_from,
            Some(at(&zone, date(2026, 11, 30), 9, 0))
        );
        assert_eq!(promise.reply_by, at(&zone, date(2026, 12, 1), 17, 0));
    }
}
