//! Slots from working hours. Hours are wall-clock times in the practice's
//! zone; each range is turned into two instants by the time-zone database and
//! cut into slots of real (elapsed) time. So on a daylight-saving change a
//! range that spans the jump has an hour less or more, and no slot starts at a
//! wall-clock time that does not exist or is counted twice.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use medtrack_shared::practice::{HoursRange, Practice};

/// One slot: start and end instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotTimes {
    /// Start.
    pub starts_at: Timestamp,
    /// End.
    pub ends_at: Timestamp,
}

/// The slots of `date` (in the practice's zone `zone`), in time order.
pub fn on_date(practice: &Practice, zone: &TimeZone, date: Date) -> Vec<SlotTimes> {
    let length = SignedDuration::from_mins(i64::from(practice.slot_minutes));
    let mut slots: Vec<SlotTimes> = practice
        .hours_on(date)
        .into_iter()
        .filter_map(|range| instants(zone, date, range))
        .flat_map(|(start, end)| {
            std::iter::successors(Some(start), move |t| t.checked_add(length).ok()).map_while(
                move |t| {
                    let slot_end = t.checked_add(length).ok()?;
                    (slot_end <= end).then_some(SlotTimes {
                        starts_at: t,
                        ends_at: slot_end,
                    })
                },
            )
        })
        .collect();
    slots.sort_by_key(|s| s.starts_at);
    slots.dedup_by_key(|s| s.starts_at);
    slots
}

/// A range's first and last instants. A wall-clock time skipped by a
/// spring-forward gap is pushed forward by the gap's length (02:30 becomes
/// 03:30, as RFC 5545 reads it); one repeated by a
/// fall-back resolves to its first occurrence at the start of a range and to
/// its second at the end, so the range covers every hour actually worked.
pub fn instants(zone: &TimeZone, date: Date, range: HoursRange) -> Option<(Timestamp, Timestamp)> {
    let start = zone
        .to_ambiguous_timestamp(date.to_datetime(range.start))
        .compatible()
        .ok()?;
    let end = zone
        .to_ambiguous_timestamp(date.to_datetime(range.end))
        .later()
        .ok()?;
    (start < end).then_some((start, end))
}

/// The slot starting at `starts_at`, if the practice offers one then.
pub fn find(practice: &Practice, zone: &TimeZone, starts_at: Timestamp) -> Option<SlotTimes> {
    let date = starts_at.to_zoned_datetime(zone.clone()).date();
    // A range belongs to one local date; a slot may start on the previous
    // date's range only if it runs past midnight, which ranges cannot.
    on_date(practice, zone, date)
        .into_iter()
        .find(|slot| slot.starts_at == starts_at)
}

/// The first instant of `date` in `zone` (midnight, or the end of a gap that
/// swallows it).
pub fn start_of(zone: &TimeZone, date: Date) -> Result<Timestamp, jiff::Error> {
    Ok(date.to_zoned_datetime(zone.clone())?.timestamp())
}

/// Every date in the practice's zone that overlaps the instants from `from` to `to`.
pub fn dates_between(zone: &TimeZone, from: Timestamp, to: Timestamp) -> Vec<Date> {
    let first = from.to_zoned_datetime(zone.clone()).date();
    let last = to.to_zoned_datetime(zone.clone()).date();
    std::iter::successors(Some(first), |d| d.tomorrow().ok())
        .take_while(|d| *d <= last)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};
    use medtrack_shared::practice::{Weekday, WeeklyHours};

    fn practice(zone: &str, start: (i8, i8), end: (i8, i8), minutes: u16) -> Practice {
        let mut practice = Practice::empty(zone);
        practice.slot_minutes = minutes;
        practice.weekly_hours = Weekday::ALL
            .iter()
            .map(|weekday| WeeklyHours {
                weekday: *weekday,
                hours: HoursRange {
                    start: time(start.0, start.1, 0, 0),
                    end: time(end.0, end.1, 0, 0),
                },
            })
            .collect();
        practice
    }

    fn utc(slots: &[SlotTimes]) -> Vec<String> {
        slots.iter().map(|s| s.starts_at.to_string()).collect()
    }

    #[test]
    fn ordinary_days_have_wall_clock_slots() {
        let zone = jiff::tz::db().get("America/New_York").unwrap();
        let p = practice("America/New_York", (9, 0), (10, 0), 20);
        let slots = on_date(&p, &zone, date(2026, 3, 9));
        assert_eq!(
            utc(&slots),
            [
                "2026-03-09T13:00:00Z",
                "2026-03-09T13:20:00Z",
                "2026-03-09T13:40:00Z"
            ]
        );
        // In winter the same wall-clock hour is an hour later in UTC.
        let slots = on_date(&p, &zone, date(2026, 3, 6));
        assert_eq!(slots[0].starts_at.to_string(), "2026-03-06T14:00:00Z");
    }

    #[test]
    fn spring_forward_skips_the_missing_hour() {
        // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT.
        let zone = jiff::tz::db().get("America/New_York").unwrap();
        let p = practice("America/New_York", (1, 0), (4, 0), 30);
        let slots = on_date(&p, &zone, date(2026, 3, 8));
        assert_eq!(
            utc(&slots),
            [
                "2026-03-08T06:00:00Z", // 01:00 EST
                "2026-03-08T06:30:00Z", // 01:30 EST
                "2026-03-08T07:00:00Z", // 03:00 EDT
                "2026-03-08T07:30:00Z", // 03:30 EDT
            ]
        );
        // A range starting inside the gap is pushed forward by the gap's
        // length, as RFC 5545 reads such times: 02:30 becomes 03:30 EDT.
        let p = practice("America/New_York", (2, 30), (4, 0), 30);
        let slots = on_date(&p, &zone, date(2026, 3, 8));
        assert_eq!(utc(&slots), ["2026-03-08T07:30:00Z"]);
    }

    #[test]
    fn fall_back_works_the_repeated_hour_twice() {
        // London, 2026-10-25: 02:00 BST falls back to 01:00 GMT.
        let zone = jiff::tz::db().get("Europe/London").unwrap();
        let p = practice("Europe/London", (0, 0), (3, 0), 60);
        let slots = on_date(&p, &zone, date(2026, 10, 25));
        assert_eq!(
            utc(&slots),
            [
                "2026-10-24T23:00:00Z", // 00:00 BST
                "2026-10-25T00:00:00Z", // 01:00 BST
                "2026-10-25T01:00:00Z", // 01:00 GMT
                "2026-10-25T02:00:00Z", // 02:00 GMT
            ]
        );
        assert!(find(&p, &zone, slots[2].starts_at).is_some());
        assert!(find(&p, &zone, "2026-10-25T01:30:00Z".parse().unwrap()).is_none());
    }

    #[test]
    fn dates_cover_the_window() {
        let zone = jiff::tz::db().get("Asia/Tokyo").unwrap();
        let dates = dates_between(
            &zone,
            "2026-01-01T00:00:00Z".parse().unwrap(),
            "2026-01-01T23:59:59Z".parse().unwrap(),
        );
        assert_eq!(dates, [date(2026, 1, 1), date(2026, 1, 2)]);
    }
}
