//! How a medication looks, to its patient and to their doctors; and the
//! read-only list with adherence that a patient's doctors (and admins) see
//! on the record, which puts each read in the patient's access log.

use jiff::civil::{Date, Time};
use jiff::Timestamp;
use leptos::prelude::*;
use medtrack_shared::delivery::EmailStatus;
use medtrack_shared::medication::{Frequency, Medication, Schedule};
use medtrack_shared::practice::Weekday;
use medtrack_shared::UserId;

use crate::components::adherence::AdherenceChart;
use crate::components::list::Items;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The medication's name and strength, e.g. "Amoxicillin 500 mg".
pub fn title(medication: &Medication) -> String {
    format!(
        "{} {}",
        medication.details.name, medication.details.strength
    )
    .trim()
    .to_owned()
}

/// How much one dose is, from the dose and the form as the patient wrote
/// them: "1 tablet" and "tablet" read "1 tablet" (not "1 tablet tablet"),
/// "2" and "tablet" read "2 × tablet", "5 ml" and "liquid" read
/// "5 ml (liquid)".
pub fn amount(dose: &str, form: &str) -> String {
    let (dose, form) = (dose.trim(), form.trim());
    let mentions_form = {
        let (dose, form) = (dose.to_lowercase(), form.to_lowercase());
        // "2 tablets" names the form "tablet" too.
        dose.split_whitespace().any(|word| word.starts_with(&form))
    };
    match (dose.is_empty(), form.is_empty()) {
        (true, _) => form.to_owned(),
        (false, true) => dose.to_owned(),
        _ if mentions_form => dose.to_owned(),
        _ if dose
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',') =>
        {
            format!("{dose} × {form}")
        }
        _ => format!("{dose} ({form})"),
    }
}

/// A time of day on the clock as the browser's locale writes it (`08:00`,
/// `8:00 AM`): the same way every dose time is shown.
pub fn time_of_day(time: Time) -> String {
    let seconds = i64::from(time.hour()) * 3_600 + i64::from(time.minute()) * 60;
    let at = Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH);
    format::clock(at, "UTC")
}

/// The short name of a weekday in the browser's locale (`Mon`).
pub fn weekday_short(day: Weekday) -> String {
    // 1 January 2024 was a Monday; `Weekday::ALL` starts on Monday.
    let offset = Weekday::ALL.iter().position(|d| *d == day).unwrap_or(0);
    let date = jiff::civil::date(2024, 1, 1)
        .checked_add(jiff::Span::new().days(offset as i64))
        .unwrap_or_default();
    format::weekday(date)
}

/// A list in words: "a", "a and b", "a, b and c".
fn joined(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The schedule in one sentence: "Every day at 08:00 and 20:00, from
/// Mon 30 Nov until Fri 4 Dec". `today` leaves out a start already past.
pub fn schedule_text(schedule: &Schedule, today: Date) -> String {
    if schedule.as_needed {
        return "As needed, no reminders".to_owned();
    }
    let days = match &schedule.frequency {
        Frequency::EveryDay => "Every day".to_owned(),
        Frequency::Weekdays { days } => {
            let names: Vec<String> = Weekday::ALL
                .into_iter()
                .filter(|d| days.contains(d))
                .map(weekday_short)
                .collect();
            format!("On {}", joined(&names))
        }
        Frequency::EveryNDays { every } => format!("Every {every} days"),
    };
    let mut times = schedule.times.clone();
    times.sort();
    let times: Vec<String> = times.into_iter().map(time_of_day).collect();
    let mut text = if times.is_empty() {
        days
    } else {
        format!("{days} at {}", joined(&times))
    };
    if schedule.start > today {
        text.push_str(&format!(", from {}", format::day(schedule.start)));
    }
    if let Some(end) = schedule.end {
        text.push_str(&format!(", until {}", format::day(end)));
    }
    text
}

/// One medication; `children` are the patient's actions on it, if any.
#[component]
pub fn MedicationCard(
    medication: Medication,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let zone = use_session().zone();
    let details = &medication.details;
    let when = schedule_text(&details.schedule, format::today(&zone));
    let next = medication
        .next_dose_at
        .map(|at| format!("Next dose: {}", format::when(at, &zone)));
    let stock = details.supply.map(|s| {
        let a_day = u32::try_from(details.schedule.times.len()).unwrap_or(0) * s.per_dose;
        // Days left only where every day takes the same: an estimate otherwise.
        let days_left = matches!(details.schedule.frequency, Frequency::EveryDay)
            .then(|| s.on_hand.checked_div(a_day))
            .flatten();
        let low = days_left.is_some_and(|d| d <= u32::from(s.refill_when_days_left));
        let text = match days_left {
            Some(days) => format!("{} on hand, about {days} days", s.on_hand),
            None => format!("{} on hand", s.on_hand),
        };
        (text, low)
    });
    let caregiver = details.missed.caregiver.as_ref().map(|c| {
        let mut ways = Vec::new();
        if c.phone.is_some() {
            ways.push("by text message");
        }
        if c.email.is_some() {
            ways.push(match medication.caregiver_email_status {
                Some(EmailStatus::Active) => "by email",
                _ => "by email once they confirm the link we sent them",
            });
        }
        format!(
            "Missed doses are told to {} {}.",
            c.name,
            ways.join(" and ")
        )
    });
    let doctor_told = details
        .missed
        .tell_doctor
        .then_some("Missed doses are told to the doctor.");
    let dose = amount(&details.dose, &details.form);
    let instructions = Some(details.instructions.trim().to_owned()).filter(|i| !i.is_empty());
    view! {
        <li class="card medication" data-testid="medication">
            <h3>{title(&medication)} {medication.paused.then(|| view! { " " <span class="badge">"paused"</span> })}</h3>
            {(!dose.is_empty()).then(|| view! { <p class="medication-amount">{dose}</p> })}
            <p class="medication-when">{when}</p>
            {instructions.map(|i| view! { <p class="medication-instructions">{i}</p> })}
            {next.map(|n| view! { <p>{n}</p> })}
            {stock.map(|(text, low)| view! {
                <p>{text} {low.then(|| view! { " " <span class="badge warn">"Refill soon"</span> })}</p>
            })}
            {caregiver.map(|c| view! { <p data-testid="caregiver">{c}</p> })}
            {doctor_told.map(|d| view! { <p>{d}</p> })}
            {children.map(|actions| actions())}
        </li>
    }
}

/// A patient's medications and adherence, read-only.
#[component]
pub fn PatientMedications(patient: UserId) -> impl IntoView {
    let list = Loader::new(move |api| api.medications(patient));
    let adherence = Loader::new(move |api| api.adherence(patient));
    view! {
        <Loaded from=list what="the medications" let:items>
            <Items items testid="patient-medications" empty="No medications on the list." empty_testid="no-medications" let:medication>
                <MedicationCard medication/>
            </Items>
        </Loaded>
        <Loaded from=adherence what="the adherence" let:adherence>
            <AdherenceChart adherence/>
        </Loaded>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dose_names_its_form_once() {
        assert_eq!(amount("1 tablet", "tablet"), "1 tablet");
        assert_eq!(amount("2 Tablets", "tablet"), "2 Tablets");
        assert_eq!(amount("2", "tablet"), "2 × tablet");
        assert_eq!(amount("5 ml", "liquid"), "5 ml (liquid)");
        assert_eq!(amount("", "capsule"), "capsule");
        assert_eq!(amount("1 puff", ""), "1 puff");
        assert_eq!(amount("", ""), "");
    }

    #[test]
    fn lists_read_as_words() {
        let words =
            |items: &[&str]| joined(&items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(words(&[]), "");
        assert_eq!(words(&["a"]), "a");
        assert_eq!(words(&["a", "b"]), "a and b");
        assert_eq!(words(&["a", "b", "c"]), "a, b and c");
    }
}
