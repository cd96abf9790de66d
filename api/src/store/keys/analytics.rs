//! The keys of the analytics' day counters: one partition per series, the
//! day first in the sort key, so a dashboard reads a range of days with one
//! query per series.
//!
//! | record                       | pk                    | sk              |
//! |------------------------------|-----------------------|-----------------|
//! | clinic's appointments of a day | `APPT_DAYS`         | `<day>#<shard>` |
//! | a doctor's appointments of a day | `APPT_DAYS#<doctor>` | `<day>`      |
//! | doses of a day               | `DOSE_DAYS`           | `<day>#<shard>` |
//! | a ward's census and discharges | `WARD_DAYS#<ward>`  | `<day>`         |
//!
//! The clinic-wide series are split into [`COUNTER_SHARDS`](super::COUNTER_SHARDS)
//! items a day, so busy days' changes do not all wait on one item.

use jiff::civil::Date;
use medtrack_shared::{UserId, WardId};

use super::Key;

/// The partition of the clinic's appointment days.
pub const APPOINTMENT_DAYS: &str = "APPT_DAYS";
/// The partition of the clinic's dose days.
pub const DOSE_DAYS: &str = "DOSE_DAYS";

/// One shard of the clinic's appointments of `day`.
pub fn appointment_day(day: Date, shard: u8) -> Key {
    Key::new(APPOINTMENT_DAYS, format!("{day}#{shard}"))
}

/// The partition of a doctor's appointment days.
pub fn doctor_days(doctor: &UserId) -> String {
    format!("{APPOINTMENT_DAYS}#{doctor}")
}

/// A doctor's appointments of `day`.
pub fn doctor_day(doctor: &UserId, day: Date) -> Key {
    Key::new(doctor_days(doctor), day.to_string())
}

/// One shard of the doses of `day`.
pub fn dose_day(day: Date, shard: u8) -> Key {
    Key::new(DOSE_DAYS, format!("{day}#{shard}"))
}

/// The partition of a ward's days.
pub fn ward_days(ward: &WardId) -> String {
    format!("WARD_DAYS#{ward}")
}

/// A ward's census and discharges of `day`.
pub fn ward_day(ward: &WardId, day: Date) -> Key {
    Key::new(ward_days(ward), day.to_string())
}

/// The sort keys of the days `from` to `to`, both included, of any series.
pub fn days_between(from: Date, to: Date) -> (String, String) {
    (from.to_string(), format!("{to}#~"))
}
