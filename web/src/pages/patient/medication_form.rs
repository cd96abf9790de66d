//! The form that adds a medication to the patient's list, or edits the one
//! chosen: what it is, when it is taken, stock, and who hears of missed doses.

use leptos::prelude::*;
use medtrack_shared::medication::{
    Caregiver, Frequency, Medication, MedicationInput, MissedDoses, Schedule, Supply, ZoneRule,
    MAX_EVERY_DAYS, MAX_GRACE_MINUTES, MAX_INSTRUCTIONS, MAX_ON_HAND, MAX_PER_DOSE,
    MAX_REFILL_DAYS, MAX_SHORT_TEXT, MAX_TIMES_PER_DAY,
};
use medtrack_shared::practice::Weekday;
use medtrack_shared::{rules, FieldErrors, ValidationError};

use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{chosen, digits, option_value, Field, Problems};
use crate::state::session::use_session;
use crate::time;

/// Which days a medication is taken, as the form offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum Repeat {
    EveryDay,
    Weekdays,
    EveryNDays,
}

impl Repeat {
    const ALL: [Repeat; 3] = [Repeat::EveryDay, Repeat::Weekdays, Repeat::EveryNDays];

    fn label(self) -> &'static str {
        match self {
            Repeat::EveryDay => "Every day",
            Repeat::Weekdays => "Chosen weekdays",
            Repeat::EveryNDays => "Every few days",
        }
    }
}

/// The longest list of dose times: each `HH:MM:SS` and its separator.
const MAX_TIMES_TEXT: usize = MAX_TIMES_PER_DAY * "00:00:00, ".len();

/// Dose times from "08:00, 20:00".
fn parse_times(text: &str) -> Option<Vec<jiff::civil::Time>> {
    text.split([',', ' '])
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.trim().parse().ok())
        .collect()
}

/// A number field's value, or `None` when it is empty.
fn number<T: std::str::FromStr>(text: &RwSignal<String>) -> Result<Option<T>, ()> {
    let text = text.get_untracked();
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(drop)
}

/// Adds a medication, or edits `existing`; the fields start from it.
#[component]
pub fn MedicationForm(
    existing: Option<Medication>,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let editing = existing.as_ref().map(|m| (m.id, m.details.name.clone()));
    let start_from = existing
        .map(|m| m.details)
        .unwrap_or_else(|| MedicationInput {
            name: String::new(),
            strength: String::new(),
            form: String::new(),
            dose: String::new(),
            instructions: String::new(),
            schedule: Schedule {
                as_needed: false,
                times: vec![
                    jiff::civil::time(8, 0, 0, 0),
                    jiff::civil::time(20, 0, 0, 0),
                ],
                frequency: Frequency::EveryDay,
                start: time::today(&zone),
                end: None,
                zone: ZoneRule::FollowMe,
            },
            supply: None,
            missed: MissedDoses::default(),
        });
    let text = |value: &str| RwSignal::new(value.to_owned());
    let name = text(&start_from.name);
    let strength = text(&start_from.strength);
    let form = text(&start_from.form);
    let dose = text(&start_from.dose);
    let instructions = text(&start_from.instructions);
    let schedule = &start_from.schedule;
    let times = text(
        &schedule
            .times
            .iter()
            // Seconds only where a time has them: they are part of the time.
            .map(|t| {
                t.strftime(if t.second() == 0 { "%H:%M" } else { "%H:%M:%S" })
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join(", "),
    );
    let as_needed = RwSignal::new(schedule.as_needed);
    let (repeat, every_days, chosen_days) = match &schedule.frequency {
        Frequency::EveryDay => (Repeat::EveryDay, 2, Weekday::ALL.to_vec()),
        Frequency::Weekdays { days } => (Repeat::Weekdays, 2, days.clone()),
        Frequency::EveryNDays { every } => (Repeat::EveryNDays, *every, Weekday::ALL.to_vec()),
    };
    let frequency = RwSignal::new(repeat);
    let every = RwSignal::new(every_days.to_string());
    let days: Vec<(Weekday, RwSignal<bool>)> = Weekday::ALL
        .iter()
        .map(|d| (*d, RwSignal::new(chosen_days.contains(d))))
        .collect();
    let start = RwSignal::new(schedule.start.to_string());
    let end = RwSignal::new(schedule.end.map(|d| d.to_string()).unwrap_or_default());
    // A fixed zone stays the one chosen then, not the patient's zone now.
    let fixed_zone = match &schedule.zone {
        ZoneRule::Fixed { time_zone } => Some(time_zone.clone()),
        ZoneRule::FollowMe => None,
    };
    let home_time = RwSignal::new(fixed_zone.is_some());
    let supply = start_from.supply;
    let on_hand = text(&supply.map(|s| s.on_hand.to_string()).unwrap_or_default());
    let per_dose = text(&supply.map_or(1, |s| s.per_dose).to_string());
    let refill_days = text(&supply.map_or(5, |s| s.refill_when_days_left).to_string());
    let missed = &start_from.missed;
    let grace = text(&missed.grace_minutes.to_string());
    let escalate_after = text(&missed.escalate_after_minutes.unwrap_or(120).to_string());
    let tell_doctor = RwSignal::new(missed.tell_doctor);
    let caregiver = missed.caregiver.clone();
    let caregiver_name = text(
        &caregiver
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    );
    let caregiver_phone = text(
        &caregiver
            .as_ref()
            .and_then(|c| c.phone.clone())
            .unwrap_or_default(),
    );
    let caregiver_email = text(&caregiver.and_then(|c| c.email).unwrap_or_default());
    let act = Act::new();
    let problems = Problems::new();
    let at = |field: &'static str, label: &'static str| problems.of(field, label);
    let name_error = at("name", "Name");
    let strength_error = at("strength", "Strength");
    let form_error = at("form", "Form");
    let dose_error = at("dose", "Dose");
    let instructions_error = at("instructions", "Instructions");
    let times_error = at("schedule.times", "Times of day");
    let days_error = at("schedule.frequency.days", "Weekdays");
    let every_error = at("schedule.frequency.every", "Every how many days");
    let start_error = at("schedule.start", "Start");
    let end_error = at("schedule.end", "End");
    let zone_error = at("schedule.zone", "Home time zone");
    let on_hand_error = at("supply.on_hand", "Tablets on hand");
    let per_dose_error = at("supply.per_dose", "Tablets per dose");
    let refill_error = at("supply.refill_when_days_left", "Refill reminder days");
    let grace_error = at("missed.grace_minutes", "Minutes until missed");
    let caregiver_error = at("missed.caregiver", "Caregiver");
    let caregiver_name_error = at("missed.caregiver.name", "Caregiver's name");
    let caregiver_phone_error = at("missed.caregiver.phone", "Caregiver's phone");
    let caregiver_email_error = at("missed.caregiver.email", "Caregiver's email");
    let escalate_error = at(
        "missed.escalate_after_minutes",
        "Minutes after the dose time",
    );
    let weekday_boxes = days.clone();
    let editing_id = editing.as_ref().map(|(id, _)| *id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        // What does not parse is told under its field, all at once.
        let mut errors = FieldErrors::default();
        let mut bad = |field: &str, message: &str| errors.add(field, ValidationError::new(message));
        let parsed_times = parse_times(&times.get_untracked());
        if parsed_times.is_none() {
            bad("schedule.times", "must look like 08:00, 20:00");
        }
        let start_date = start.get_untracked().parse::<jiff::civil::Date>().ok();
        if start_date.is_none() {
            bad("schedule.start", "must be a date");
        }
        let end_date = number(&end);
        if end_date.is_err() {
            bad("schedule.end", "must be a date, or empty");
        }
        let on_hand_count = number(&on_hand);
        if on_hand_count.is_err() {
            bad("supply.on_hand", "must be a whole number, or empty");
        }
        let per_dose = number::<u32>(&per_dose).ok().flatten();
        let refill_when_days_left = number::<u16>(&refill_days).ok().flatten();
        let grace_minutes = number::<u16>(&grace).ok().flatten();
        let after = number::<u16>(&escalate_after).ok().flatten();
        for (field, found) in [
            ("supply.per_dose", per_dose.is_some()),
            (
                "supply.refill_when_days_left",
                refill_when_days_left.is_some(),
            ),
            ("missed.grace_minutes", grace_minutes.is_some()),
            ("missed.escalate_after_minutes", after.is_some()),
        ] {
            if !found {
                bad(field, "must be a whole number");
            }
        }
        let (
            Some(parsed_times),
            Some(start_date),
            Ok(end_date),
            Ok(on_hand),
            Some(per_dose),
            Some(refill_when_days_left),
            Some(grace_minutes),
            Some(after),
        ) = (
            parsed_times,
            start_date,
            end_date,
            on_hand_count,
            per_dose,
            refill_when_days_left,
            grace_minutes,
            after,
        )
        else {
            return act.fail(problems.found(errors));
        };
        let frequency = match frequency.get_untracked() {
            Repeat::Weekdays => Frequency::Weekdays {
                days: days
                    .iter()
                    .filter(|(_, on)| on.get_untracked())
                    .map(|(d, _)| *d)
                    .collect(),
            },
            Repeat::EveryNDays => Frequency::EveryNDays {
                every: every.get_untracked().trim().parse().unwrap_or(0),
            },
            Repeat::EveryDay => Frequency::EveryDay,
        };
        let zone_rule = if home_time.get_untracked() {
            ZoneRule::Fixed {
                time_zone: fixed_zone.clone().unwrap_or_else(|| zone.clone()),
            }
        } else {
            ZoneRule::FollowMe
        };
        let optional = |value: RwSignal<String>| {
            Some(value.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
        };
        let (phone, email) = (optional(caregiver_phone), optional(caregiver_email));
        let caregiver = (phone.is_some() || email.is_some()).then(|| Caregiver {
            name: caregiver_name.get_untracked().trim().to_owned(),
            email,
            phone,
        });
        let tell = tell_doctor.get_untracked();
        let input = MedicationInput {
            name: name.get_untracked(),
            strength: strength.get_untracked(),
            form: form.get_untracked(),
            dose: dose.get_untracked(),
            instructions: instructions.get_untracked(),
            schedule: Schedule {
                as_needed: as_needed.get_untracked(),
                times: if as_needed.get_untracked() {
                    Vec::new()
                } else {
                    parsed_times
                },
                frequency,
                start: start_date,
                end: end_date,
                zone: zone_rule,
            },
            supply: on_hand.map(|on_hand| Supply {
                on_hand,
                per_dose,
                refill_when_days_left,
            }),
            missed: MissedDoses {
                grace_minutes,
                escalate_after_minutes: (tell || caregiver.is_some()).then_some(after),
                tell_doctor: tell,
                caregiver,
            },
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let saved = move |_| {
            if editing_id.is_none() {
                act.done("Added. Reminders start at the next dose.");
                name.set(String::new());
            }
            on_saved();
        };
        let sent = async move {
            match editing_id {
                Some(id) => api.edit_medication(id, input).await,
                None => api.add_medication(input).await,
            }
            .map_err(|e| problems.refused(e))
        };
        act.run(sent, saved);
    };
    let heading = match &editing {
        Some((_, name)) => format!("Edit {name}"),
        None => "Add a medication".to_owned(),
    };
    let is_edit = editing.is_some();
    let start_with = frequency.get_untracked();
    view! {
        <h2 id="medication-form">{heading}</h2>
        {is_edit.then(|| view! { <p class="hint">"Future doses follow the changes; doses already logged stay as they were."</p> })}
        <form class="form" on:submit=submit novalidate data-testid="medication-form">
            <Field label="Name" id="med-name" max=MAX_SHORT_TEXT value=name error=name_error/>
            <Field label="Strength" id="med-strength" hint="e.g. 500 mg" max=MAX_SHORT_TEXT value=strength error=strength_error/>
            <Field label="Form" id="med-form" hint="e.g. tablet" max=MAX_SHORT_TEXT value=form error=form_error/>
            <Field label="Dose" id="med-dose" hint="e.g. 1 tablet" max=MAX_SHORT_TEXT value=dose error=dose_error/>
            <Field label="Instructions" id="med-instructions" max=MAX_INSTRUCTIONS value=instructions error=instructions_error/>
            <label><input type="checkbox" prop:checked=move || as_needed.get() on:change=move |ev| as_needed.set(event_target_checked(&ev))/>" Taken as needed (no reminders)"</label>
            <Field label="Times of day" id="med-times" hint="On your clock, e.g. 08:00, 20:00." max=MAX_TIMES_TEXT value=times error=times_error/>
            <div class="field">
                <label for="med-frequency">"Which days"</label>
                <select id="med-frequency" on:change=move |ev| {
                    if let Some(repeat) = chosen(event_target_value(&ev)) {
                        frequency.set(repeat);
                    }
                }>
                    {Repeat::ALL.map(|repeat| view! { <option value=option_value(&repeat) selected=repeat == start_with>{repeat.label()}</option> }).collect_view()}
                </select>
            </div>
            {move || (frequency.get() == Repeat::Weekdays).then(|| {
                let boxes = weekday_boxes.clone();
                view! {
                    <fieldset>
                        <legend>"Weekdays"</legend>
                        {boxes.into_iter().map(|(day, on)| view! {
                            <label><input type="checkbox" prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev))/>{format!(" {}", day.name())}</label>
                        }).collect_view()}
                        <p class="field-error" role="alert">{move || days_error.get()}</p>
                    </fieldset>
                }
            })}
            {move || (frequency.get() == Repeat::EveryNDays).then(|| view! {
                <Field label="Every how many days" id="med-every" max=digits(u64::from(MAX_EVERY_DAYS)) value=every error=every_error/>
            })}
            <Field label="Start" id="med-start" kind="date" value=start error=start_error/>
            <Field label="End (optional)" id="med-end" kind="date" value=end error=end_error/>
            <label><input type="checkbox" prop:checked=move || home_time.get() on:change=move |ev| home_time.set(event_target_checked(&ev))/>
                " Keep these times on my current time zone when I travel (home time)"</label>
            <p class="field-error" role="alert">{move || zone_error.get()}</p>
            <fieldset>
                <legend>"Stock"</legend>
                <Field label="Tablets on hand (optional)" id="med-on-hand" hint="Counted down as you take doses." max=digits(u64::from(MAX_ON_HAND)) value=on_hand error=on_hand_error/>
                <Field label="Tablets per dose" id="med-per-dose" max=digits(u64::from(MAX_PER_DOSE)) value=per_dose error=per_dose_error/>
                <Field label="Refill reminder when this many days are left" id="med-refill-days" max=digits(u64::from(MAX_REFILL_DAYS)) value=refill_days error=refill_error/>
            </fieldset>
            <fieldset>
                <legend>"Missed doses"</legend>
                <Field label="Minutes until a dose counts as missed" id="med-grace" max=digits(u64::from(MAX_GRACE_MINUTES)) value=grace error=grace_error/>
                <label><input type="checkbox" prop:checked=move || tell_doctor.get() on:change=move |ev| tell_doctor.set(event_target_checked(&ev))/>
                    " Tell my doctor when a dose is still not taken"</label>
                <Field label="Caregiver to tell then (optional)" id="med-caregiver-name" hint="Their name." max=rules::MAX_NAME_CHARS value=caregiver_name error=caregiver_name_error/>
                <Field label="Caregiver's phone" id="med-caregiver-phone" kind="tel" hint="International form, e.g. +14155550123. They get a text naming you, not the medicine." max=rules::MAX_PHONE_CHARS value=caregiver_phone error=caregiver_phone_error/>
                <Field label="Caregiver's email" id="med-caregiver-email" kind="email" hint="We email them a link to confirm first; alerts name you, not the medicine." max=rules::MAX_EMAIL_CHARS value=caregiver_email error=caregiver_email_error/>
                <p class="field-error" role="alert">{move || caregiver_error.get()}</p>
                <Field label="Minutes after the dose time to tell them" id="med-escalate-after" max=digits(u64::from(MAX_GRACE_MINUTES)) value=escalate_after error=escalate_error/>
            </fieldset>
            <Outcome act testid="medication-message"/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>{if is_edit { "Save changes" } else { "Add medication" }}</button>
                {is_edit.then(|| view! { <button type="button" class="secondary" on:click=move |_| on_cancel()>"Cancel"</button> })}
            </div>
        </form>
    }
}
