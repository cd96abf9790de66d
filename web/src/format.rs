//! Every date, time, duration and amount the client shows, in one human
//! format: the browser's locale for words and order, the person's time zone
//! for the clock ("Mon 30 Nov, 17:30"). Through the browser's own `Intl`, so
//! the client carries no time-zone database or locale tables.

use jiff::civil::Date;
use jiff::Timestamp;
use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

fn options(fields: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

/// `at` through an `Intl.DateTimeFormat` of the browser's locale.
fn date_time(at: Timestamp, fields: &[(&str, &str)]) -> String {
    let format = Intl::DateTimeFormat::new(&Array::new(), &options(fields));
    let date = js_sys::Date::new(&JsValue::from_f64(at.as_millisecond() as f64));
    call(&format.format(), &date)
}

fn call(function: &Function, argument: &JsValue) -> String {
    function
        .call1(&JsValue::NULL, argument)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// The year of `at` in `zone`, to leave it out when it is this year's.
fn year(at: Timestamp, zone: &str) -> String {
    date_time(at, &[("timeZone", zone), ("year", "numeric")])
}

/// `Mon 30 Nov, 17:30` in `zone`; the year too when it is not this year.
pub fn when(at: Timestamp, zone: &str) -> String {
    let mut fields = vec![
        ("timeZone", zone),
        ("weekday", "short"),
        ("day", "numeric"),
        ("month", "short"),
        ("hour", "numeric"),
        ("minute", "2-digit"),
    ];
    if year(at, zone) != year(now(), zone) {
        fields.push(("year", "numeric"));
    }
    date_time(at, &fields)
}

/// `17:30` in `zone`.
pub fn clock(at: Timestamp, zone: &str) -> String {
    date_time(
        at,
        &[
            ("timeZone", zone),
            ("hour", "numeric"),
            ("minute", "2-digit"),
        ],
    )
}

/// A calendar day as `Mon 30 Nov` (with the year when it is not this year).
pub fn day(date: Date) -> String {
    let mut fields = vec![
        ("timeZone", "UTC"),
        ("weekday", "short"),
        ("day", "numeric"),
        ("month", "short"),
    ];
    if date.year() != today("UTC").year() {
        fields.push(("year", "numeric"));
    }
    date_time(noon(date), &fields)
}

/// A calendar day as `30 Nov 1980`: birthdays and other dates with a year.
pub fn date(date: Date) -> String {
    date_time(
        noon(date),
        &[
            ("timeZone", "UTC"),
            ("day", "numeric"),
            ("month", "short"),
            ("year", "numeric"),
        ],
    )
}

/// The day of `at` in `zone` as `30 Nov 2026`: when something was stated,
/// the hour aside.
pub fn date_at(at: Timestamp, zone: &str) -> String {
    date_time(
        at,
        &[
            ("timeZone", zone),
            ("day", "numeric"),
            ("month", "short"),
            ("year", "numeric"),
        ],
    )
}

/// A calendar month as `Mar 2027`, from its `YYYY-MM` (as it is given
/// when it is not one).
pub fn month(text: &str) -> String {
    match month_start(text) {
        Some(first) => date_time(
            noon(first),
            &[("timeZone", "UTC"), ("month", "short"), ("year", "numeric")],
        ),
        None => text.to_owned(),
    }
}

/// A calendar month's short name, `Mar`, from its `YYYY-MM`.
pub fn month_name(text: &str) -> String {
    match month_start(text) {
        Some(first) => date_time(noon(first), &[("timeZone", "UTC"), ("month", "short")]),
        None => text.to_owned(),
    }
}

/// The first day of the month `YYYY-MM`.
fn month_start(text: &str) -> Option<Date> {
    format!("{text}-01").parse().ok()
}

/// The weekday of a calendar day, short (`Mon`).
pub fn weekday(date: Date) -> String {
    date_time(noon(date), &[("timeZone", "UTC"), ("weekday", "short")])
}

/// Noon UTC on `date`: the same calendar day in every zone's formatting.
fn noon(date: Date) -> Timestamp {
    let days = jiff::civil::date(1970, 1, 1)
        .until(date)
        .map_or(0, |span| span.get_days());
    Timestamp::from_second(i64::from(days) * 86_400 + 43_200).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// `in 2 hours`, `5 minutes ago`, `tomorrow`: how far `at` is from now.
pub fn relative(at: Timestamp) -> String {
    let (value, unit) = relative_unit(at.as_second() - now().as_second());
    let format = Intl::RelativeTimeFormat::new(&Array::new(), &options(&[("numeric", "auto")]));
    String::from(format.format(value as f64, unit))
}

/// The unit that reads best for a distance of `seconds` (negative: past).
fn relative_unit(seconds: i64) -> (i64, &'static str) {
    const UNITS: [(i64, &str); 5] = [
        (60, "second"),
        (3_600, "minute"),
        (86_400, "hour"),
        (604_800, "day"),
        (i64::MAX, "week"),
    ];
    let size = [1, 60, 3_600, 86_400, 604_800];
    let abs = seconds.unsigned_abs();
    for ((limit, unit), size) in UNITS.iter().zip(size) {
        if abs < limit.unsigned_abs() {
            // Rounded to the nearest whole unit, keeping the sign.
            let value = (seconds + seconds.signum() * size / 2) / size;
            return (value, unit);
        }
    }
    (seconds / 604_800, "week")
}

/// A length of time: `45 min`, `1 h 30 min`, `2 h`.
pub fn duration(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// An amount in minor units (cents) of an ISO 4217 currency, in the
/// browser's locale: `€12.50`, `12,50 €`. Exact: the amount goes to `Intl`
/// as a decimal string, never through floating point.
pub fn money(minor: i64, currency: &str) -> String {
    let format = Intl::NumberFormat::new(
        &Array::new(),
        &options(&[("style", "currency"), ("currency", currency)]),
    );
    let digits = Reflect::get(&format.resolved_options(), &"maximumFractionDigits".into())
        .ok()
        .and_then(|d| d.as_f64())
        .map_or(2, |d| d as u32);
    call(
        &format.format(),
        &JsValue::from_str(&decimal(minor, digits)),
    )
}

/// A billed amount in minor units as its currency's code and the exact
/// decimal: `EUR 60.00`, `JPY 1500`. Invoices, ledgers and the admins'
/// overview read the same in every locale, as their CSV files do.
pub fn amount(minor: i64, currency: &str) -> String {
    format!(
        "{currency} {}",
        medtrack_shared::billing::overview::decimal(minor, currency)
    )
}

/// A file's size in the browser's locale: `840 bytes`, `12 kB`, `2.4 MB`
/// (units of 1024, as the server names its upload limit).
pub fn size(bytes: u64) -> String {
    let (value, unit) = size_unit(bytes);
    let (digits, display) = match unit {
        // "840 byte" is the short form of some locales.
        "byte" => ("0", "long"),
        _ if value < 10.0 => ("1", "short"),
        _ => ("0", "short"),
    };
    let format = Intl::NumberFormat::new(
        &Array::new(),
        &options(&[
            ("style", "unit"),
            ("unit", unit),
            ("unitDisplay", display),
            ("maximumFractionDigits", digits),
        ]),
    );
    call(&format.format(), &JsValue::from_f64(value))
}

/// The unit that reads best for `bytes`, and the size in it.
fn size_unit(bytes: u64) -> (f64, &'static str) {
    const LARGER: [&str; 3] = ["kilobyte", "megabyte", "gigabyte"];
    let mut shown = (bytes as f64, "byte");
    for unit in LARGER {
        if shown.0 < 1024.0 {
            break;
        }
        shown = (shown.0 / 1024.0, unit);
    }
    shown
}

/// `minor` units as a decimal with `digits` places: 1250, 2 → `12.50`.
fn decimal(minor: i64, digits: u32) -> String {
    let scale = 10_u64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if digits == 0 {
        return format!("{sign}{abs}");
    }
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = digits as usize
    )
}

/// The wall-clock time of `at` in `zone`, read back through `Intl`.
fn wall_clock(at: Timestamp, zone: &str) -> Option<jiff::civil::DateTime> {
    let fields = [
        ("timeZone", zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("second", "2-digit"),
    ];
    let format = Intl::DateTimeFormat::new(&Array::of1(&"en-CA".into()), &options(&fields));
    let date = js_sys::Date::new(&JsValue::from_f64(at.as_millisecond() as f64));
    // en-CA writes `2026-11-30, 17:30:00`.
    call(&format.format(), &date)
        .replacen(", ", "T", 1)
        .parse()
        .ok()
}

/// The instant `date` begins in `zone` (its midnight, or the first moment
/// after a gap), for filters by the person's own days.
pub fn midnight(date: Date, zone: &str) -> Option<Timestamp> {
    instant(date.to_datetime(jiff::civil::Time::midnight()), zone)
}

/// The instant the wall-clock time `wanted` is in `zone` (the first moment
/// after a gap when the clock skips it).
pub fn instant(wanted: jiff::civil::DateTime, zone: &str) -> Option<Timestamp> {
    let as_utc = |dt: jiff::civil::DateTime| {
        let days = i64::from(
            jiff::civil::date(1970, 1, 1)
                .until(dt.date())
                .ok()?
                .get_days(),
        );
        let seconds =
            i64::from(dt.hour()) * 3_600 + i64::from(dt.minute()) * 60 + i64::from(dt.second());
        Timestamp::from_second(days * 86_400 + seconds).ok()
    };
    let guess = as_utc(wanted)?;
    // Twice: the offset at the first guess may differ from the offset at
    // the wanted time itself when a transition lies between them.
    let mut at = guess;
    for _ in 0..2 {
        let offset = as_utc(wall_clock(at, zone)?)?.as_second() - at.as_second();
        at = Timestamp::from_second(guess.as_second() - offset).ok()?;
    }
    Some(at)
}

/// The calendar day of `at` in `zone`.
pub fn day_of(at: Timestamp, zone: &str) -> Option<Date> {
    wall_clock(at, zone).map(|dt| dt.date())
}

/// The time of day of `at` in `zone`, e.g. for a time field's value.
pub fn time_of_day(at: Timestamp, zone: &str) -> Option<jiff::civil::Time> {
    wall_clock(at, zone).map(|dt| dt.time())
}

/// The instant now, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp::from_millisecond(js_sys::Date::now() as i64).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Today's date in `zone`.
pub fn today(zone: &str) -> Date {
    let fields = [
        ("timeZone", zone),
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
    ];
    let format = Intl::DateTimeFormat::new(&Array::of1(&"en-CA".into()), &options(&fields));
    // en-CA writes dates as YYYY-MM-DD.
    let date = js_sys::Date::new(&JsValue::from_f64(now().as_millisecond() as f64));
    call(&format.format(), &date).parse().unwrap_or_default()
}

/// The browser's IANA time zone, or UTC.
pub fn browser_zone() -> String {
    let options = Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|zone| zone.as_string())
        .unwrap_or_else(|| "UTC".to_owned())
}

/// A catalogue slug as words, for when the catalogue's own name is not at
/// hand: `family-medicine` → `Family medicine`.
pub fn slug_words(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_units_round_to_the_nearest() {
        assert_eq!(relative_unit(30), (30, "second"));
        assert_eq!(relative_unit(-90), (-2, "minute"));
        assert_eq!(relative_unit(2 * 3_600 + 600), (2, "hour"));
        assert_eq!(relative_unit(86_400 + 3_600), (1, "day"));
        assert_eq!(relative_unit(-20 * 86_400), (-3, "week"));
    }

    #[test]
    fn durations_read_as_hours_and_minutes() {
        assert_eq!(duration(45), "45 min");
        assert_eq!(duration(120), "2 h");
        assert_eq!(duration(90), "1 h 30 min");
    }

    #[test]
    fn minor_units_become_exact_decimals() {
        assert_eq!(decimal(1250, 2), "12.50");
        assert_eq!(decimal(-5, 2), "-0.05");
        assert_eq!(decimal(1500, 0), "1500");
        assert_eq!(decimal(1234, 3), "1.234");
    }

    #[test]
    fn months_are_read_from_their_names() {
        assert_eq!(month_start("2027-03"), Some(jiff::civil::date(2027, 3, 1)));
        assert_eq!(month_start("March"), None);
    }

    #[test]
    fn billed_amounts_name_their_currency() {
        assert_eq!(amount(6000, "EUR"), "EUR 60.00");
        assert_eq!(amount(-5, "USD"), "USD -0.05");
        assert_eq!(amount(1500, "JPY"), "JPY 1500");
    }

    #[test]
    fn sizes_take_the_unit_that_reads_best() {
        assert_eq!(size_unit(840), (840.0, "byte"));
        assert_eq!(size_unit(1536), (1.5, "kilobyte"));
        assert_eq!(size_unit(25 * 1024 * 1024), (25.0, "megabyte"));
        assert_eq!(size_unit(3 * 1024 * 1024 * 1024), (3.0, "gigabyte"));
    }

    #[test]
    fn slugs_read_as_words() {
        assert_eq!(slug_words("family-medicine"), "Family medicine");
        assert_eq!(slug_words(""), "");
    }
}
