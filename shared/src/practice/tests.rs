//! The practice rules: hours, exceptions, fees and slot searches.

use super::*;
use jiff::civil::{date, time};

fn range(start: Time, end: Time) -> HoursRange {
    HoursRange { start, end }
}

#[test]
fn hours_follow_the_week_and_its_exceptions() {
    let mut practice = Practice::empty("Europe/London");
    practice.weekly_hours = vec![
        WeeklyHours {
            weekday: Weekday::Monday,
            hours: range(time(14, 0, 0, 0), time(17, 0, 0, 0)),
        },
        WeeklyHours {
            weekday: Weekday::Monday,
            hours: range(time(9, 0, 0, 0), time(12, 0, 0, 0)),
        },
    ];
    practice.exceptions = vec![
        AvailabilityException {
            date: date(2026, 11, 30),
            day_off: true,
            extra_hours: vec![],
        },
        AvailabilityException {
            date: date(2026, 12, 1),
            day_off: false,
            extra_hours: vec![range(time(18, 0, 0, 0), time(19, 0, 0, 0))],
        },
    ];
    assert_eq!(practice.check(), Ok(()));
    // 2026-11-23 is a Monday: both ranges, morning first.
    let monday = practice.hours_on(date(2026, 11, 23));
    assert_eq!(monday.len(), 2);
    assert_eq!(monday[0].start, time(9, 0, 0, 0));
    assert!(practice.hours_on(date(2026, 11, 30)).is_empty());
    assert_eq!(practice.hours_on(date(2026, 12, 1)).len(), 1);
    assert!(practice.hours_on(date(2026, 11, 24)).is_empty());
}

#[test]
fn broken_practices_are_refused() {
    let mut practice = Practice::empty("Europe/London");
    practice.slot_minutes = 3;
    practice.currency = "usd".into();
    practice.weekly_hours = vec![
        WeeklyHours {
            weekday: Weekday::Friday,
            hours: range(time(9, 0, 0, 0), time(12, 0, 0, 0)),
        },
        WeeklyHours {
            weekday: Weekday::Friday,
            hours: range(time(11, 0, 0, 0), time(13, 0, 0, 0)),
        },
    ];
    practice.exceptions = vec![AvailabilityException {
        date: date(2026, 12, 4),
        day_off: false,
        extra_hours: vec![],
    }];
    let errors = practice.check().unwrap_err();
    for field in ["slot_minutes", "currency", "weekly_hours", "exceptions"] {
        assert!(errors.get(field).is_some(), "{field}");
    }
}

#[test]
fn slot_searches_are_bounded() {
    let query = |from, to| SlotQuery {
        from,
        to,
        time_zone: None,
    };
    assert!(query(date(2026, 1, 1), date(2026, 1, 31)).check().is_ok());
    assert!(query(date(2026, 1, 1), date(2026, 2, 1)).check().is_err());
    assert!(query(date(2026, 1, 2), date(2026, 1, 1)).check().is_err());
}
