//! Pieces every mapping uses: FHIR's date and time forms, references,
//! codes, money, and what a search filters on.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Unit};
use medtrack_shared::record::Author;
use medtrack_shared::Role;
use serde_json::{json, Value};

/// A resource with what the search parameters look at.
#[derive(Debug, Clone)]
pub struct Mapped {
    pub resource: Value,
    /// When the record last changed (`meta.lastUpdated`, `_since`), where
    /// the record keeps it; a record that does not is always given to a
    /// `_since` search, as it may have changed.
    pub updated: Option<Timestamp>,
    /// The care it describes (`start` and `end` of `$everything`); none for
    /// resources that are not care (the patient, practitioners, coverage).
    pub care: Option<(Timestamp, Timestamp)>,
}

impl Mapped {
    /// `resource` with its `meta.lastUpdated` set from `updated`, if known.
    pub fn new(
        mut resource: Value,
        updated: impl Into<Option<Timestamp>>,
        care: Option<(Timestamp, Timestamp)>,
    ) -> Self {
        let updated = updated.into();
        if let Some(at) = updated {
            put(&mut resource, "meta", json!({ "lastUpdated": instant(at) }));
        }
        Self {
            resource,
            updated,
            care,
        }
    }
}

/// FHIR's `instant` (and `dateTime`): UTC, to the millisecond.
pub fn instant(at: Timestamp) -> String {
    at.round(Unit::Millisecond).unwrap_or(at).to_string()
}

/// FHIR's `date`.
pub fn date(day: Date) -> String {
    day.to_string()
}

/// A day as a span of time in UTC, for `start` and `end`.
pub fn day_span(day: Date) -> (Timestamp, Timestamp) {
    let start = day
        .to_zoned_datetime(TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH);
    (
        start,
        start + jiff::SignedDuration::from_hours(24) - jiff::SignedDuration::from_nanos(1),
    )
}

/// A moment as a span.
pub fn at(moment: Timestamp) -> Option<(Timestamp, Timestamp)> {
    Some((moment, moment))
}

pub fn reference(kind: &str, id: impl std::fmt::Display, display: &str) -> Value {
    let mut value = json!({ "reference": format!("{kind}/{id}") });
    if !display.is_empty() {
        put(&mut value, "display", json!(display));
    }
    value
}

/// Who recorded something: a practitioner or the patient; an admin is not
/// a resource of the export, so only their name is given.
pub fn author(author: &Author) -> Value {
    match author.role {
        Role::Doctor => reference("Practitioner", author.id, &author.name),
        Role::Patient => reference("Patient", author.id, &author.name),
        Role::Admin => json!({ "display": author.name }),
    }
}

/// An identifier for a UUID, as FHIR spells one.
pub fn uuid_identifier(id: impl std::fmt::Display) -> Value {
    json!({ "system": "urn:ietf:rfc:3986", "value": format!("urn:uuid:{id}") })
}

/// A concept from HL7's own terminology.
pub fn hl7(system: &str, code: &str) -> Value {
    json!({ "coding": [{
        "system": format!("http://terminology.hl7.org/CodeSystem/{system}"),
        "code": code
    }] })
}

/// A concept in words only.
pub fn text(words: &str) -> Value {
    json!({ "text": words })
}

/// A code recorded with a system in words ("ICD-10", "SNOMED CT"): the
/// systems FHIR names get their URI; another keeps the code in the text.
pub fn coded(words: &str, system: &str, code: &str) -> Value {
    let uri = match system
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '_'], "-")
        .as_str()
    {
        "icd-10" | "icd10" => Some("http://hl7.org/fhir/sid/icd-10"),
        "icd-10-cm" | "icd10cm" => Some("http://hl7.org/fhir/sid/icd-10-cm"),
        "snomed" | "snomed-ct" | "sct" => Some("http://snomed.info/sct"),
        "loinc" => Some("http://loinc.org"),
        "rxnorm" => Some("http://www.nlm.nih.gov/research/umls/rxnorm"),
        "cpt" => Some("http://www.ama-assn.org/go/cpt"),
        other if other.starts_with("http") || other.starts_with("urn:") => None,
        _ => return json!({ "text": format!("{words} ({system} {code})") }),
    };
    let system = uri.map_or_else(|| system.trim().to_owned(), str::to_owned);
    json!({ "coding": [{ "system": system, "code": code }], "text": words })
}

/// An amount in the currency's minor unit as FHIR's Money.
pub fn money(minor: i64, currency: &str) -> Value {
    let digits = medtrack_shared::billing::overview::minor_digits(currency);
    let value = decimal(minor, digits);
    json!({ "value": value, "currency": currency })
}

/// `minor / 10^digits` as a JSON number, exactly (no float rounding).
fn decimal(minor: i64, digits: u32) -> Value {
    if digits == 0 {
        return json!(minor);
    }
    let scale = 10i64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let (whole, part) = (
        minor.unsigned_abs() / scale as u64,
        minor.unsigned_abs() % scale as u64,
    );
    let text = format!("{sign}{whole}.{part:0width$}", width = digits as usize);
    serde_json::from_str(&text).unwrap_or(json!(minor))
}

/// A note in FHIR's Annotation, when there are words.
pub fn notes(words: &str) -> Option<Value> {
    (!words.trim().is_empty()).then(|| json!([{ "text": words }]))
}

/// Sets `field` when there is a value: FHIR allows no nulls or empty strings.
pub fn set(resource: &mut Value, field: &str, value: Option<Value>) {
    if let Some(value) = value {
        put(resource, field, value);
    }
}

/// Sets `field` of an object (resources are always objects).
pub fn put(resource: &mut Value, field: &str, value: Value) {
    if let Some(object) = resource.as_object_mut() {
        object.insert(field.to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_exact_in_the_currency_unit() {
        assert_eq!(money(12345, "EUR")["value"].to_string(), "123.45");
        assert_eq!(money(-5, "USD")["value"].to_string(), "-0.05");
        assert_eq!(money(500, "JPY")["value"].to_string(), "500");
    }

    #[test]
    fn codes_get_their_system_uri() {
        let c = coded("Asthma", "ICD-10", "J45.909");
        assert_eq!(c["coding"][0]["system"], "http://hl7.org/fhir/sid/icd-10");
        let c = coded("Asthma", "Local list", "A1");
        assert_eq!(c, json!({ "text": "Asthma (Local list A1)" }));
    }
}
