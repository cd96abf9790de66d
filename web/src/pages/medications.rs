//! The patient's medications: today's doses, adherence, the list with its
//! next doses, and a form to add one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::medication::{
    Caregiver, Frequency, Medication, MedicationInput, MissedDoses, Schedule, Supply, ZoneRule,
};
use medtrack_shared::practice::Weekday;

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
    let changed = move || {
        reload();
        reload_adherence();
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
                    {items.into_iter().map(|m| view! { <MedicationCard medication=m on_change=changed/> }).collect_view()}
                </ul>
            }.into_any(),
        }}
        <AddMedication on_added=changed/>
    }
}

#[component]
fn MedicationCard(
    medication: Medication,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let zone = session
        .current
        .get_untracked()
        .map(|s| s.me.time_zone)
        .unwrap_or_else(|| "UTC".into());
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
            <div class="actions">
                <button class="secondary" on:click=toggle aria-label=format!("{} {title}", if paused { "Resume" } else { "Pause" })>
                    {if paused { "Resume" } else { "Pause" }}
                </button>
                <button class="secondary" on:click=remove aria-label=format!("Remove {title}")>"Remove"</button>
            </div>
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

#[component]
fn AddMedication(on_added: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let session = use_session();
    let zone = session
        .current
        .get_untracked()
        .map(|s| s.me.time_zone)
        .unwrap_or_else(|| "UTC".into());
    let today = time::today(&zone).to_string();
    let name = RwSignal::new(String::new());
    let strength = RwSignal::new(String::new());
    let form = RwSignal::new(String::new());
    let dose = RwSignal::new(String::new());
    let instructions = RwSignal::new(String::new());
    let times = RwSignal::new("08:00, 20:00".to_owned());
    let as_needed = RwSignal::new(false);
    let frequency = RwSignal::new("every_day".to_owned());
    let every = RwSignal::new("2".to_owned());
    let days: Vec<(Weekday, RwSignal<bool>)> = Weekday::ALL
        .iter()
        .map(|d| (*d, RwSignal::new(true)))
        .collect();
    let start = RwSignal::new(today);
    let end = RwSignal::new(String::new());
    let home_time = RwSignal::new(false);
    let on_hand = RwSignal::new(String::new());
    let tell_doctor = RwSignal::new(false);
    let caregiver_name = RwSignal::new(String::new());
    let caregiver_phone = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let weekday_boxes = days.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(parsed_times) = parse_times(&times.get_untracked()) else {
            message.set(Some("Times must look like 08:00, 20:00.".into()));
            return;
        };
        let Ok(start_date) = start.get_untracked().parse() else {
            message.set(Some("Start must be a date.".into()));
            return;
        };
        let end_text = end.get_untracked();
        let end_date = if end_text.trim().is_empty() {
            None
        } else {
            match end_text.parse() {
                Ok(date) => Some(date),
                Err(_) => {
                    message.set(Some("End must be a date, or empty.".into()));
                    return;
                }
            }
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
        let supply = on_hand
            .get_untracked()
            .trim()
            .parse()
            .ok()
            .map(|on_hand| Supply {
                on_hand,
                per_dose: 1,
                refill_when_days_left: 5,
            });
        let zone_rule = if home_time.get_untracked() {
            ZoneRule::Fixed {
                time_zone: zone.clone(),
            }
        } else {
            ZoneRule::FollowMe
        };
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
            supply,
            missed: {
                let phone = caregiver_phone.get_untracked().trim().to_owned();
                let caregiver = (!phone.is_empty()).then(|| Caregiver {
                    name: caregiver_name.get_untracked().trim().to_owned(),
                    email: None,
                    phone: Some(phone),
                });
                let tell = tell_doctor.get_untracked();
                MissedDoses {
                    escalate_after_minutes: (tell || caregiver.is_some()).then_some(120),
                    tell_doctor: tell,
                    caregiver,
                    ..MissedDoses::default()
                }
            },
        };
        if let Err(errors) = input.check() {
            message.set(Some(describe(errors)));
            return;
        }
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            match api::medications::add(&token, &input).await {
                Ok(_) => {
                    message.set(Some("Added. Reminders start at the next dose.".into()));
                    name.set(String::new());
                    on_added();
                }
                Err(error) => message.set(Some(error.to_string())),
            }
        });
    };
    view! {
        <h2>"Add a medication"</h2>
        <form class="form" on:submit=submit novalidate>
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
                    <option value="every_day">"Every day"</option>
                    <option value="weekdays">"Chosen weekdays"</option>
                    <option value="every_n_days">"Every few days"</option>
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
            <Field label="Tablets on hand (optional)" id="med-on-hand" hint="Counted down as you take doses; we remind you 5 days before they run out." value=on_hand/>
            <label><input type="checkbox" prop:checked=move || tell_doctor.get() on:change=move |ev| tell_doctor.set(event_target_checked(&ev))/>
                " Tell my doctor when a dose is still not taken two hours after its time"</label>
            <Field label="Caregiver to text then (optional)" id="med-caregiver-name" hint="Their name." value=caregiver_name/>
            <Field label="Caregiver's phone" id="med-caregiver-phone" kind="tel" hint="International form, e.g. +14155550123. They get a text naming you, not the medicine." value=caregiver_phone/>
            <p class="status" role="status" data-testid="medication-message">{move || message.get()}</p>
            <button type="submit">"Add medication"</button>
        </form>
    }
}
