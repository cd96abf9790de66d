//! The patient's medications: today's doses, adherence, the list with its
//! next doses, and one form that adds a medication or edits the one chosen;
//! and the read-only view a patient's doctors see on the record.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::delivery::EmailStatus;
use medtrack_shared::medication::{
    Caregiver, Frequency, Medication, MedicationInput, MissedDoses, Schedule, Supply, ZoneRule,
};
use medtrack_shared::practice::Weekday;
use medtrack_shared::UserId;

use crate::api;
use crate::components::doses::{AdherenceChart, TodayDoses};
use crate::components::form::{describe, Field};
use crate::components::status::{load_with_token, LoadError, Loading};
use crate::state::session::{require_sign_in, use_session};
use crate::time;

/// The medications page.
#[component]
pub fn MedicationsPage() -> impl IntoView {
    require_sign_in();
    let session = use_session();
    let me = move || session.current.get_untracked().map(|s| s.me);
    let (list, reload) = load_with_token(move |token| async move {
        match me() {
            Some(me) => api::medications::list(&token, &me.id).await,
            None => Ok(Vec::new()),
        }
    });
    let (adherence, reload_adherence) = load_with_token(move |token| async move {
        match me() {
            Some(me) => api::medications::adherence(&token, &me.id).await.map(Some),
            None => Ok(None),
        }
    });
    let editing = RwSignal::new(None::<Medication>);
    let changed = move || {
        reload();
        reload_adherence();
    };
    let saved = move || {
        // Setting it rebuilds the form: only when leaving an edit, so the
        // add form keeps its message.
        if editing.with_untracked(Option::is_some) {
            editing.set(None);
        }
        changed();
    };
    view! {
        <h1>"Medications"</h1>
        <TodayDoses/>
        <h2>"How it is going"</h2>
        {move || match adherence.get() {
            None => view! { <Loading what="your adherence"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload_adherence/> }.into_any(),
            Some(Ok(None)) => ().into_any(),
            Some(Ok(Some(adherence))) => view! { <AdherenceChart adherence/> }.into_any(),
        }}
        <h2>"My medications"</h2>
        {move || match list.get() {
            None => view! { <Loading what="your medications"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
            Some(Ok(items)) if items.is_empty() => view! { <p data-testid="no-medications">"None yet."</p> }.into_any(),
            Some(Ok(items)) => view! {
                <ul class="cards" data-testid="medications">
                    {items.into_iter().map(|m| view! { <MedicationCard medication=m on_change=changed editing=Some(editing)/> }).collect_view()}
                </ul>
            }.into_any(),
        }}
        // One form at a time: adding, or editing the medication chosen.
        {move || {
            let existing = editing.get();
            view! { <MedicationForm existing on_saved=saved on_cancel=move || editing.set(None)/> }
        }}
    }
}

/// A patient's medications and adherence as their doctors (and admins) see
/// them: read-only, and in the patient's access log.
#[component]
pub fn PatientMedications(patient: UserId) -> impl IntoView {
    let (list, reload) =
        load_with_token(move |token| async move { api::medications::list(&token, &patient).await });
    let (adherence, reload_adherence) =
        load_with_token(
            move |token| async move { api::medications::adherence(&token, &patient).await },
        );
    view! {
        {move || match list.get() {
            None => view! { <Loading what="the medications"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
            Some(Ok(items)) if items.is_empty() => view! { <p data-testid="no-medications">"No medications on the list."</p> }.into_any(),
            Some(Ok(items)) => view! {
                <ul class="cards" data-testid="patient-medications">
                    {items.into_iter().map(|m| view! { <MedicationCard medication=m on_change=reload editing=None/> }).collect_view()}
                </ul>
            }.into_any(),
        }}
        {move || match adherence.get() {
            None => view! { <Loading what="the adherence"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload_adherence/> }.into_any(),
            Some(Ok(adherence)) => view! { <AdherenceChart adherence/> }.into_any(),
        }}
    }
}

/// One medication; with `editing` (the patient's own list) it has the
/// patient's actions, without it it is read-only.
#[component]
fn MedicationCard(
    medication: Medication,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
    editing: Option<RwSignal<Option<Medication>>>,
) -> impl IntoView {
    let session = use_session();
    let zone = session.zone();
    let chosen = medication.clone();
    let id = medication.id;
    let paused = medication.paused;
    let details = &medication.details;
    let times: Vec<String> = details
        .schedule
        .times
        .iter()
        .map(|t| t.strftime("%H:%M").to_string())
        .collect();
    let when = if details.schedule.as_needed {
        "As needed".to_owned()
    } else {
        format!("At {}", times.join(", "))
    };
    let next = medication
        .next_dose_at
        .map(|at| format!("Next dose: {}", time::local(at, &zone)));
    let stock = details.supply.map(|s| format!("{} on hand", s.on_hand));
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
    let toggle = move |_| {
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            if api::medications::set_paused(&token, &id, !paused)
                .await
                .is_ok()
            {
                on_change();
            }
        });
    };
    let remove = move |_| {
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            if api::medications::remove(&token, &id).await.is_ok() {
                on_change();
            }
        });
    };
    let title = format!("{} {}", details.name, details.strength)
        .trim()
        .to_owned();
    view! {
        <li class="card" data-testid="medication">
            <h3>{title.clone()} {paused.then(|| view! { " " <span class="badge">"paused"</span> })}</h3>
            <p>{format!("{} {}", details.dose, details.form).trim().to_owned()}</p>
            <p>{when}</p>
            {next.map(|n| view! { <p>{n}</p> })}
            {stock.map(|s| view! { <p>{s}</p> })}
            {caregiver.map(|c| view! { <p data-testid="caregiver">{c}</p> })}
            {doctor_told.map(|d| view! { <p>{d}</p> })}
            {editing.map(|editing| {
                let edit = move |_| editing.set(Some(chosen.clone()));
                view! {
                    <div class="actions">
                        <button class="secondary" on:click=edit aria-label=format!("Edit {title}")>"Edit"</button>
                        <button class="secondary" on:click=toggle aria-label=format!("{} {title}", if paused { "Resume" } else { "Pause" })>
                            {if paused { "Resume" } else { "Pause" }}
                        </button>
                        <button class="secondary" on:click=remove aria-label=format!("Remove {title}")>"Remove"</button>
                    </div>
                }
            })}
        </li>
    }
}

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
fn MedicationForm(
    existing: Option<Medication>,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let zone = session.zone();
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
    let (frequency_kind, every_days, chosen_days) = match &schedule.frequency {
        Frequency::EveryDay => ("every_day", 2, Weekday::ALL.to_vec()),
        Frequency::Weekdays { days } => ("weekdays", 2, days.clone()),
        Frequency::EveryNDays { every } => ("every_n_days", *every, Weekday::ALL.to_vec()),
    };
    let frequency = RwSignal::new(frequency_kind.to_owned());
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
    let message = RwSignal::new(None::<String>);
    let weekday_boxes = days.clone();
    let editing_id = editing.as_ref().map(|(id, _)| *id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fail = |text: &str| message.set(Some(text.to_owned()));
        let Some(parsed_times) = parse_times(&times.get_untracked()) else {
            return fail("Times must look like 08:00, 20:00.");
        };
        let Ok(start_date) = start.get_untracked().parse() else {
            return fail("Start must be a date.");
        };
        let Ok(end_date) = number(&end) else {
            return fail("End must be a date, or empty.");
        };
        let frequency = match frequency.get_untracked().as_str() {
            "weekdays" => Frequency::Weekdays {
                days: days
                    .iter()
                    .filter(|(_, on)| on.get_untracked())
                    .map(|(d, _)| *d)
                    .collect(),
            },
            "every_n_days" => Frequency::EveryNDays {
                every: every.get_untracked().trim().parse().unwrap_or(0),
            },
            _ => Frequency::EveryDay,
        };
        let (Ok(on_hand), Ok(Some(per_dose)), Ok(Some(refill_when_days_left))) =
            (number(&on_hand), number(&per_dose), number(&refill_days))
        else {
            return fail("Tablets on hand, per dose and refill days must be whole numbers.");
        };
        let (Ok(Some(grace_minutes)), Ok(Some(after))) = (number(&grace), number(&escalate_after))
        else {
            return fail("Minutes must be whole numbers.");
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
            message.set(Some(describe(errors)));
            return;
        }
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            let answer = match editing_id {
                Some(id) => api::medications::edit(&token, &id, &input).await,
                None => api::medications::add(&token, &input).await,
            };
            match answer {
                Ok(_) if editing_id.is_some() => on_saved(),
                Ok(_) => {
                    message.set(Some("Added. Reminders start at the next dose.".into()));
                    name.set(String::new());
                    on_saved();
                }
                Err(error) => message.set(Some(error.to_string())),
            }
        });
    };
    let heading = match &editing {
        Some((_, name)) => format!("Edit {name}"),
        None => "Add a medication".to_owned(),
    };
    let is_edit = editing.is_some();
    let frequency_option = move |value: &'static str, label: &'static str| {
        view! { <option value=value selected=frequency.get_untracked() == value>{label}</option> }
    };
    view! {
        <h2 id="medication-form">{heading}</h2>
        {is_edit.then(|| view! { <p class="hint">"Future doses follow the changes; doses already logged stay as they were."</p> })}
        <form class="form" on:submit=submit novalidate data-testid="medication-form">
            <Field label="Name" id="med-name" value=name/>
            <Field label="Strength" id="med-strength" hint="e.g. 500 mg" value=strength/>
            <Field label="Form" id="med-form" hint="e.g. tablet" value=form/>
            <Field label="Dose" id="med-dose" hint="e.g. 1 tablet" value=dose/>
            <Field label="Instructions" id="med-instructions" value=instructions/>
            <label><input type="checkbox" prop:checked=move || as_needed.get() on:change=move |ev| as_needed.set(event_target_checked(&ev))/>" Taken as needed (no reminders)"</label>
            <Field label="Times of day" id="med-times" hint="On your clock, e.g. 08:00, 20:00." value=times/>
            <div class="field">
                <label for="med-frequency">"Which days"</label>
                <select id="med-frequency" on:change=move |ev| frequency.set(event_target_value(&ev))>
                    {frequency_option("every_day", "Every day")}
                    {frequency_option("weekdays", "Chosen weekdays")}
                    {frequency_option("every_n_days", "Every few days")}
                </select>
            </div>
            {move || (frequency.get() == "weekdays").then(|| {
                let boxes = weekday_boxes.clone();
                view! {
                    <fieldset>
                        <legend>"Weekdays"</legend>
                        {boxes.into_iter().map(|(day, on)| view! {
                            <label><input type="checkbox" prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev))/>{format!(" {}", day.name())}</label>
                        }).collect_view()}
                    </fieldset>
                }
            })}
            {move || (frequency.get() == "every_n_days").then(|| view! {
                <Field label="Every how many days" id="med-every" value=every/>
            })}
            <Field label="Start" id="med-start" kind="date" value=start/>
            <Field label="End (optional)" id="med-end" kind="date" value=end/>
            <label><input type="checkbox" prop:checked=move || home_time.get() on:change=move |ev| home_time.set(event_target_checked(&ev))/>
                " Keep these times on my current time zone when I travel (home time)"</label>
            <fieldset>
                <legend>"Stock"</legend>
                <Field label="Tablets on hand (optional)" id="med-on-hand" hint="Counted down as you take doses." value=on_hand/>
                <Field label="Tablets per dose" id="med-per-dose" value=per_dose/>
                <Field label="Refill reminder when this many days are left" id="med-refill-days" value=refill_days/>
            </fieldset>
            <fieldset>
                <legend>"Missed doses"</legend>
                <Field label="Minutes until a dose counts as missed" id="med-grace" value=grace/>
                <label><input type="checkbox" prop:checked=move || tell_doctor.get() on:change=move |ev| tell_doctor.set(event_target_checked(&ev))/>
                    " Tell my doctor when a dose is still not taken"</label>
                <Field label="Caregiver to tell then (optional)" id="med-caregiver-name" hint="Their name." value=caregiver_name/>
                <Field label="Caregiver's phone" id="med-caregiver-phone" kind="tel" hint="International form, e.g. +14155550123. They get a text naming you, not the medicine." value=caregiver_phone/>
                <Field label="Caregiver's email" id="med-caregiver-email" kind="email" hint="We email them a link to confirm first; alerts name you, not the medicine." value=caregiver_email/>
                <Field label="Minutes after the dose time to tell them" id="med-escalate-after" value=escalate_after/>
            </fieldset>
            <p class="status" role="status" data-testid="medication-message">{move || message.get()}</p>
            <div class="actions">
                <button type="submit">{if is_edit { "Save changes" } else { "Add medication" }}</button>
                {is_edit.then(|| view! { <button type="button" class="secondary" on:click=move |_| on_cancel()>"Cancel"</button> })}
            </div>
        </form>
    }
}
