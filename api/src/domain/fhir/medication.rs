//! Medications: each schedule the patient keeps is a MedicationRequest
//! (intent `plan`: the patient's plan of taking, whoever wrote it first),
//! and the dose log is MedicationAdministration, one per dose taken,
//! skipped or missed. MedicationAdministration rather than
//! MedicationStatement because each entry is one event at one time against
//! one schedule (taken, or not done with its reason), which is what it
//! records; a statement is a summary of what someone is taking.

use jiff::civil::Date;
use jiff::Timestamp;
use medtrack_shared::medication::{Dose, DoseStatus, Frequency, Medication};
use medtrack_shared::practice::Weekday;
use medtrack_shared::UserId;
use serde_json::{json, Value};

use super::common::{at, date, day_span, instant, notes, put, reference, set, text, Mapped};
use super::ids::{Composite, Kind};

fn day_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "mon",
        Weekday::Tuesday => "tue",
        Weekday::Wednesday => "wed",
        Weekday::Thursday => "thu",
        Weekday::Friday => "fri",
        Weekday::Saturday => "sat",
        Weekday::Sunday => "sun",
    }
}

fn timing(m: &Medication) -> Value {
    let schedule = &m.details.schedule;
    let mut bounds = json!({ "start": date(schedule.start) });
    set(&mut bounds, "end", schedule.end.map(|d| json!(date(d))));
    let mut repeat = json!({ "boundsPeriod": bounds });
    if !schedule.as_needed {
        let times: Vec<String> = schedule
            .times
            .iter()
            .map(|t| format!("{:02}:{:02}:00", t.hour(), t.minute()))
            .collect();
        if !times.is_empty() {
            put(&mut repeat, "timeOfDay", json!(times));
        }
        match &schedule.frequency {
            Frequency::EveryDay => {
                put(&mut repeat, "frequency", json!(1));
                put(&mut repeat, "period", json!(1));
                put(&mut repeat, "periodUnit", json!("d"));
            }
            Frequency::Weekdays { days } => {
                put(
                    &mut repeat,
                    "dayOfWeek",
                    json!(days.iter().map(|d| day_code(*d)).collect::<Vec<_>>()),
                );
            }
            Frequency::EveryNDays { every } => {
                put(&mut repeat, "frequency", json!(1));
                put(&mut repeat, "period", json!(every));
                put(&mut repeat, "periodUnit", json!("d"));
            }
        }
    }
    json!({ "repeat": repeat })
}

/// A medication schedule; `today` decides whether a schedule with an end
/// date is over.
pub fn request(m: &Medication, today: Date) -> Mapped {
    let d = &m.details;
    let status = match (m.paused, d.schedule.end) {
        (_, Some(end)) if end < today => "completed",
        (true, _) => "on-hold",
        _ => "active",
    };
    let name = [d.name.as_str(), d.strength.as_str(), d.form.as_str()]
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut dosage = json!({
        "sequence": 1,
        "timing": timing(m),
        "asNeededBoolean": d.schedule.as_needed,
    });
    set(
        &mut dosage,
        "text",
        (!d.dose.trim().is_empty()).then(|| json!(d.dose)),
    );
    set(
        &mut dosage,
        "patientInstruction",
        (!d.instructions.trim().is_empty()).then(|| json!(d.instructions)),
    );
    let resource = json!({
        "resourceType": "MedicationRequest",
        "id": m.id.to_string(),
        "status": status,
        "intent": "plan",
        "medicationCodeableConcept": text(&name),
        "subject": reference("Patient", m.patient, ""),
        "authoredOn": instant(m.created_at),
        "dosageInstruction": [dosage],
    });
    let start = day_span(d.schedule.start).0;
    let end = d.schedule.end.map_or(Timestamp::MAX, |end| day_span(end).1);
    // A schedule keeps no time of its last edit.
    Mapped::new(resource, None, Some((start, end.max(start))))
}

/// A dose something became of; a dose still due is not an event yet.
pub fn administration(patient: &UserId, dose: &Dose) -> Option<Mapped> {
    let status = dose.status?;
    let id = Composite::numbered(
        Kind::Dose,
        dose.medication.as_uuid(),
        u128::try_from(dose.scheduled_at.as_millisecond()).ok()?,
    );
    let when = dose.taken_at.unwrap_or(dose.scheduled_at);
    let mut resource = json!({
        "resourceType": "MedicationAdministration",
        "id": id.id(),
        "status": if status == DoseStatus::Taken { "completed" } else { "not-done" },
        "medicationCodeableConcept": text(&dose.name),
        "subject": reference("Patient", patient, ""),
        "effectiveDateTime": instant(when),
        "request": reference("MedicationRequest", dose.medication, ""),
    });
    let reason = match status {
        DoseStatus::Taken => None,
        DoseStatus::Skipped => Some(match &dose.reason {
            Some(reason) if !reason.trim().is_empty() => format!("Skipped: {reason}"),
            _ => "Skipped".to_owned(),
        }),
        DoseStatus::Missed => Some("Missed: not taken within the grace time".to_owned()),
    };
    set(
        &mut resource,
        "statusReason",
        reason.map(|r| json!([text(&r)])),
    );
    // A dosage needs a dose or rate (mad-1); the dose is free text, so it
    // goes in a note.
    set(&mut resource, "note", notes(&dose.dose));
    // A dose keeps no time of when it was logged.
    Some(Mapped::new(resource, None, at(when)))
}
