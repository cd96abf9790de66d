//! Dose instants from a schedule's local rule, through the time-zone database.
//!
//! A dose time is a local (date, time) pair turned into an instant in the
//! schedule's zone. A time that does not exist that day (the spring-forward
//! gap) moves forward by the gap's length, as RFC 5545 does: 02:30 becomes
//! 03:30. A time that happens twice (the fall-back overlap) is the first of
//! the two: 01:30 summer time. Either way each dose time happens once a day.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use medtrack_shared::medication::{Frequency, Schedule, ZoneRule};
use medtrack_shared::practice::Weekday;

use crate::domain::{DomainError, Zone};

/// The longest search for a dose day: every-N-days rules repeat within 90 days.
const SEARCH_DAYS: usize = 400;

/// The zone a schedule's times are on, for a patient whose zone is `patient_zone`.
pub fn zone(schedule: &Schedule, patient_zone: &Zone) -> Result<TimeZone, DomainError> {
    Ok(match &schedule.zone {
        ZoneRule::FollowMe => patient_zone.tz().clone(),
        ZoneRule::Fixed { time_zone } => Zone::stored(time_zone)?.tz().clone(),
    })
}

/// Whether doses fall on `date`.
pub fn is_dose_day(schedule: &Schedule, date: Date) -> bool {
    if date < schedule.start || schedule.end.is_some_and(|end| date > end) {
        return false;
    }
    match &schedule.frequency {
        Frequency::EveryDay => true,
        Frequency::Weekdays { days } => days.contains(&Weekday::of(date)),
        Frequency::EveryNDays { every } => {
            let days = (date - schedule.start).get_days();
            days % i32::from((*every).max(1)) == 0
        }
    }
}

/// The dose instants of `date`, earliest first.
pub fn doses_on(schedule: &Schedule, zone: &TimeZone, date: Date) -> Vec<Timestamp> {
    if schedule.as_needed || !is_dose_day(schedule, date) {
        return Vec::new();
    }
    let mut instants: Vec<Timestamp> = schedule
        .times
        .iter()
        .filter_map(|time| {
            zone.to_ambiguous_timestamp(date.to_datetime(*time))
                .compatible()
                .ok()
        })
        .collect();
    instants.sort();
    // Two times can meet in a gap (02:30 moved to 03:30, beside 03:30).
    instants.dedup();
    instants
}

/// The first dose strictly after `after`; none for as-needed or ended schedules.
pub fn next_dose(schedule: &Schedule, zone: &TimeZone, after: Timestamp) -> Option<Timestamp> {
    if schedule.as_needed || schedule.times.is_empty() {
        return None;
    }
    // From the day before: a moved time may fall after midnight.
    let mut date = after
        .to_zoned_datetime(zone.clone())
        .date()
        .yesterday()
        .ok()?
        .max(schedule.start);
    for _ in 0..SEARCH_DAYS {
        if schedule.end.is_some_and(|end| date > end) {
            return None;
        }
        if let Some(next) = doses_on(schedule, zone, date)
            .into_iter()
            .find(|at| *at > after)
        {
            return Some(next);
        }
        date = date.tomorrow().ok()?;
    }
    None
}

/// Whether `at` is one of the schedule's doses.
pub fn is_dose(schedule: &Schedule, zone: &TimeZone, at: Timestamp) -> bool {
    at.checked_sub(jiff::SignedDuration::from_nanos(1))
        .ok()
        .and_then(|before| next_dose(schedule, zone, before))
        == Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time, Time};

    fn daily(times: &[Time], start: Date) -> Schedule {
        Schedule {
            as_needed: false,
            times: times.to_vec(),
            frequency: Frequency::EveryDay,
            start,
            end: None,
            zone: ZoneRule::FollowMe,
        }
    }

    fn tz(name: &str) -> TimeZone {
        jiff::tz::db().get(name).unwrap()
    }

    fn all(schedule: &Schedule, zone: &TimeZone, from: &str, to: &str) -> Vec<String> {
        let to: Timestamp = to.parse().unwrap();
        let mut at: Timestamp = from.parse().unwrap();
        let mut out = vec![];
        while let Some(next) = next_dose(schedule, zone, at).filter(|n| *n < to) {
            out.push(next.to_string());
            at = next;
        }
        out
    }

    #[test]
    fn a_dose_in_the_spring_forward_gap_fires_once_an_hour_later() {
        // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT.
        let ny = tz("America/New_York");
        let schedule = daily(&[time(2, 30, 0, 0)], date(2026, 3, 1));
        assert_eq!(
            all(
                &schedule,
                &ny,
                "2026-03-07T00:00:00Z",
                "2026-03-10T00:00:00Z"
            ),
            [
                "2026-03-07T07:30:00Z", // 02:30 EST
                "2026-03-08T07:30:00Z", // the gap: 03:30 EDT
                "2026-03-09T06:30:00Z", // 02:30 EDT
            ]
        );
        // London, 29 March 2026: 01:00 GMT jumps to 02:00 BST.
        let london = tz("Europe/London");
        let schedule = daily(&[time(1, 30, 0, 0)], date(2026, 3, 1));
        assert_eq!(
            all(
                &schedule,
                &london,
                "2026-03-28T00:00:00Z",
                "2026-03-31T00:00:00Z"
            ),
            [
                "2026-03-28T01:30:00Z", // 01:30 GMT
                "2026-03-29T01:30:00Z", // the gap: 02:30 BST
                "2026-03-30T00:30:00Z", // 01:30 BST
            ]
        );
    }

    #[test]
    fn a_dose_in_the_fall_back_overlap_fires_once_at_the_first() {
        // New York, 1 November 2026: 01:00-02:00 happens twice.
        let ny = tz("America/New_York");
        let schedule = daily(&[time(1, 30, 0, 0)], date(2026, 10, 1));
        assert_eq!(
            all(
                &schedule,
                &ny,
                "2026-10-31T00:00:00Z",
                "2026-11-03T00:00:00Z"
            ),
            [
                "2026-10-31T05:30:00Z", // 01:30 EDT
                "2026-11-01T05:30:00Z", // the first 01:30 (EDT), not also 06:30Z
                "2026-11-02T06:30:00Z", // 01:30 EST
            ]
        );
        // London, 25 October 2026: 01:00-02:00 happens twice.
        let london = tz("Europe/London");
        assert_eq!(
            all(
                &schedule,
                &london,
                "2026-10-24T00:00:00Z",
                "2026-10-27T00:00:00Z"
            ),
            [
                "2026-10-24T00:30:00Z", // 01:30 BST
                "2026-10-25T00:30:00Z", // the first 01:30 (BST)
                "2026-10-26T01:30:00Z", // 01:30 GMT
            ]
        );
    }

    #[test]
    fn weekdays_every_n_days_and_the_end_date() {
        let utc = TimeZone::UTC;
        let mut schedule = daily(&[time(8, 0, 0, 0), time(20, 0, 0, 0)], date(2026, 1, 1));
        schedule.frequency = Frequency::EveryNDays { every: 3 };
        schedule.end = Some(date(2026, 1, 7));
        assert_eq!(
            all(
                &schedule,
                &utc,
                "2025-12-31T00:00:00Z",
                "2026-02-01T00:00:00Z"
            ),
            [
                "2026-01-01T08:00:00Z",
                "2026-01-01T20:00:00Z",
                "2026-01-04T08:00:00Z",
                "2026-01-04T20:00:00Z",
                "2026-01-07T08:00:00Z",
                "2026-01-07T20:00:00Z",
            ]
        );
        schedule.frequency = Frequency::Weekdays {
            days: vec![Weekday::Monday],
        };
        schedule.end = None;
        // 5 January 2026 is a Monday.
        assert_eq!(
            next_dose(&schedule, &utc, "2026-01-01T00:00:00Z".parse().unwrap()),
            Some("2026-01-05T08:00:00Z".parse().unwrap())
        );
        assert!(is_dose(
            &schedule,
            &utc,
            "2026-01-05T20:00:00Z".parse().unwrap()
        ));
        assert!(!is_dose(
            &schedule,
            &utc,
            "2026-01-06T20:00:00Z".parse().unwrap()
        ));
        schedule.as_needed = true;
        assert_eq!(next_dose(&schedule, &utc, Timestamp::UNIX_EPOCH), None);
    }
}
