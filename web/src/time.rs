//! Times on the reader's clock, through the browser's own time-zone data
//! (`Intl`), so the client carries no time-zone database.

use jiff::civil::Date;
use jiff::Timestamp;
use wasm_bindgen::JsValue;

fn js_date(at: Timestamp) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(at.as_millisecond() as f64))
}

fn options(zone: &str, fields: &[(&str, &str)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    };
    set("timeZone", zone);
    for (key, value) in fields {
        set(key, value);
    }
    options
}

/// `Tue 24 Nov 2026, 09:30 GMT` in `zone`.
pub fn local(at: Timestamp, zone: &str) -> String {
    let fields = [
        ("weekday", "short"),
        ("day", "numeric"),
        ("month", "short"),
        ("year", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("timeZoneName", "short"),
    ];
    String::from(js_date(at).to_locale_string("en-GB", &options(zone, &fields)))
}

/// `09:30` in `zone`.
pub fn clock(at: Timestamp, zone: &str) -> String {
    let fields = [("hour", "2-digit"), ("minute", "2-digit")];
    String::from(js_date(at).to_locale_time_string_with_options("en-GB", &options(zone, &fields)))
}

/// The instant now, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp::from_millisecond(js_sys::Date::now() as i64).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Today's date in `zone`.
pub fn today(zone: &str) -> Date {
    // en-CA writes dates as YYYY-MM-DD.
    let text = String::from(js_date(now()).to_locale_date_string("en-CA", &options(zone, &[])));
    text.parse().unwrap_or_default()
}

/// The browser's IANA time zone, or UTC.
pub fn browser_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|zone| zone.as_string())
        .unwrap_or_else(|| "UTC".to_owned())
}
