//! The doctor's practice: bio, fee, time zone, slot length, weekly hours
//! and exceptions (days off, extra hours), as patients see them.

use leptos::prelude::*;
use medtrack_shared::practice::{
    AvailabilityException, HoursRange, Practice, Weekday, WeeklyHours, CURRENCY_CHARS,
    MAX_BIO_CHARS, MAX_FEE_MINOR_UNITS, MAX_REPLY_DAYS, MAX_SLOT_MINUTES, MIN_SLOT_MINUTES,
};
use medtrack_shared::{rules, FieldErrors, ValidationError};

use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{digits, Field, Problems, TextArea};
use crate::components::status::{Loaded, Loader};
use crate::format;

/// The practice editor: bio, fee, time zone, slot length, weekly hours and exceptions.
#[component]
pub fn PracticePage() -> impl IntoView {
    let practice = Loader::new(|api| api.practice());
    view! {
        <h1>"My practice"</h1>
        <Loaded from=practice what="your practice" let:practice>
            <PracticeForm practice/>
        </Loaded>
    }
}

/// The characters of the largest fee, written with its cents (`1000000.00`).
fn fee_chars() -> usize {
    digits(u64::from(MAX_FEE_MINOR_UNITS / 100)) + 3
}

/// One row of the weekly-hours editor: key, day, from, to.
type HoursRow = (usize, Weekday, String, String);

fn parse_time(text: &str) -> Option<jiff::civil::Time> {
    text.parse().ok()
}

#[component]
fn PracticeForm(practice: Practice) -> impl IntoView {
    let api = use_api();
    let bio = RwSignal::new(practice.bio.clone());
    let fee = RwSignal::new(
        practice
            .fee_minor_units
            .map(|u| format!("{}.{:02}", u / 100, u % 100))
            .unwrap_or_default(),
    );
    let currency = RwSignal::new(practice.currency.clone());
    let zone = RwSignal::new(practice.time_zone.clone());
    let slot = RwSignal::new(practice.slot_minutes.to_string());
    let reply_days = RwSignal::new(practice.reply_within_days.to_string());
    let hours = RwSignal::new(
        practice
            .weekly_hours
            .iter()
            .enumerate()
            .map(|(i, w)| {
                (
                    i,
                    w.weekday,
                    w.hours.start.strftime("%H:%M").to_string(),
                    w.hours.end.strftime("%H:%M").to_string(),
                )
            })
            .collect::<Vec<_>>(),
    );
    let exceptions = RwSignal::new(practice.exceptions.clone());
    let next_key = RwSignal::new(practice.weekly_hours.len());
    let act = Act::new();
    let problems = Problems::new();
    let bio_error = problems.of("bio", "About you");
    let fee_error = problems.of("fee_minor_units", "Consultation fee");
    let currency_error = problems.of("currency", "Currency");
    let zone_error = problems.of("time_zone", "Time zone");
    let slot_error = problems.of("slot_minutes", "Slot length");
    let reply_error = problems.of("reply_within_days", "Reply time");
    let hours_error = problems.of("weekly_hours", "Weekly hours");
    let exceptions_error = problems.of("exceptions", "Days off and extra hours");
    let exception_date = RwSignal::new(String::new());
    let add_hours = move |_| {
        let key = next_key.get_untracked();
        next_key.set(key + 1);
        hours.update(|h| h.push((key, Weekday::Monday, "09:00".into(), "17:00".into())));
    };
    let extra_from = RwSignal::new("18:00".to_owned());
    let extra_to = RwSignal::new("20:00".to_owned());
    // A day off replaces whatever the date had; extra hours add to the
    // date's extra hours (not to a day off).
    let add_exception = move |day_off: bool| {
        let Ok(date) = exception_date.get_untracked().parse() else {
            act.fail("Choose a date first.");
            return;
        };
        let extra = match (
            day_off,
            parse_time(&extra_from.get_untracked()),
            parse_time(&extra_to.get_untracked()),
        ) {
            (true, _, _) => None,
            (false, Some(start), Some(end)) => Some(HoursRange { start, end }),
            _ => {
                act.fail("Extra hours must be times such as 18:00.");
                return;
            }
        };
        exceptions.update(|list| {
            let mut extra_hours: Vec<HoursRange> = list
                .iter()
                .find(|x: &&AvailabilityException| x.date == date && !x.day_off)
                .map(|x| x.extra_hours.clone())
                .unwrap_or_default();
            extra_hours.extend(extra);
            list.retain(|x| x.date != date);
            list.push(AvailabilityException {
                date,
                day_off,
                extra_hours,
            });
            list.sort_by_key(|x| x.date);
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let refuse = |field: &str, message: &str| {
            let mut errors = FieldErrors::default();
            errors.add(field, ValidationError::new(message));
            act.fail(problems.found(errors));
        };
        let fee_text = fee.get_untracked();
        let fee_minor_units = if fee_text.trim().is_empty() {
            None
        } else {
            match fee_text.trim().parse::<f64>() {
                Ok(value) if value >= 0.0 => Some((value * 100.0).round() as u32),
                _ => return refuse("fee_minor_units", "must be a number such as 50.00"),
            }
        };
        let mut weekly_hours = Vec::new();
        for (_, weekday, start, end) in hours.get_untracked() {
            match (parse_time(&start), parse_time(&end)) {
                (Some(start), Some(end)) => weekly_hours.push(WeeklyHours {
                    weekday,
                    hours: HoursRange { start, end },
                }),
                _ => return refuse("weekly_hours", "must be times such as 09:00"),
            }
        }
        let practice = Practice {
            bio: bio.get_untracked(),
            fee_minor_units,
            currency: currency.get_untracked().trim().to_uppercase(),
            time_zone: zone.get_untracked().trim().to_owned(),
            slot_minutes: slot.get_untracked().trim().parse().unwrap_or(0),
            weekly_hours,
            exceptions: exceptions.get_untracked(),
            // Not a number fails the check below, as a number out of range does.
            reply_within_days: reply_days.get_untracked().trim().parse().unwrap_or(0),
        };
        if let Err(errors) = practice.check() {
            return act.fail(problems.found(errors));
        }
        let saved = async move {
            api.save_practice(practice)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(saved, move |_| {
            act.done("Saved. Patients now see these hours.")
        });
    };
    view! {
        <form class="form" on:submit=save>
            <TextArea label="About you, for patients" id="bio" max=MAX_BIO_CHARS value=bio error=bio_error/>
            <Field label="Consultation fee" id="fee" inputmode="decimal" max=fee_chars() value=fee error=fee_error/>
            <Field label="Currency (ISO code)" id="currency" max=CURRENCY_CHARS value=currency error=currency_error/>
            <Field label="Time zone of your hours" id="practice-zone" max=rules::MAX_TIME_ZONE_CHARS value=zone error=zone_error/>
            <div class="field">
                <label for="slot-minutes">"Slot length (minutes)"</label>
                <input id="slot-minutes" type="number" min=MIN_SLOT_MINUTES max=MAX_SLOT_MINUTES aria-describedby="slot-minutes-error"
                    prop:value=move || slot.get() on:input=move |ev| slot.set(event_target_value(&ev))/>
                <p class="field-error" id="slot-minutes-error" role="alert">{move || slot_error.get()}</p>
            </div>
            <div class="field">
                <label for="reply-days">"Reply to patients' messages within (business days)"</label>
                <small class="hint" id="reply-days-hint">"Patients are told this, and the time it gives, before they write to you."</small>
                <input id="reply-days" type="number" min=1 max=MAX_REPLY_DAYS inputmode="numeric" aria-describedby="reply-days-hint reply-days-error"
                    aria-invalid=move || if reply_error.get().is_some() { "true" } else { "false" }
                    prop:value=move || reply_days.get() on:input=move |ev| reply_days.set(event_target_value(&ev))/>
                <p class="field-error" id="reply-days-error" role="alert">{move || reply_error.get()}</p>
            </div>
            <fieldset class="group">
                <legend>"Weekly hours"</legend>
                <p class="hint">"One line per day and range; a day with a break has two lines."</p>
                <For each=move || hours.get() key=|row| row.0 let:row>
                    {
                        let key = row.0;
                        let set = move |f: &dyn Fn(&mut HoursRow)| hours.update(|h| {
                            if let Some(r) = h.iter_mut().find(|r| r.0 == key) { f(r) }
                        });
                        view! {
                            <div class="hours-row week-row" data-testid="hours-row">
                                <label for=format!("day-{key}")>"Day"</label>
                                <select id=format!("day-{key}") on:change=move |ev| {
                                    let value = event_target_value(&ev);
                                    let day = Weekday::ALL.into_iter().find(|d| d.name() == value).unwrap_or(Weekday::Monday);
                                    set(&|r| r.1 = day);
                                }>
                                    {Weekday::ALL.into_iter().map(|d| view! { <option value=d.name() selected=d == row.1>{d.name()}</option> }).collect_view()}
                                </select>
                                <label for=format!("from-{key}")>"From"</label>
                                <input id=format!("from-{key}") type="time" value=row.2.clone() on:input=move |ev| { let v = event_target_value(&ev); set(&|r| r.2 = v.clone()); }/>
                                <label for=format!("to-{key}")>"To"</label>
                                <input id=format!("to-{key}") type="time" value=row.3.clone() on:input=move |ev| { let v = event_target_value(&ev); set(&|r| r.3 = v.clone()); }/>
                                <button type="button" class="secondary" on:click=move |_| hours.update(|h| h.retain(|r| r.0 != key))>"Remove"</button>
                            </div>
                        }
                    }
                </For>
                <p class="field-error" role="alert">{move || hours_error.get()}</p>
                <button type="button" class="secondary" on:click=add_hours>"Add hours"</button>
            </fieldset>
            <fieldset class="group">
                <legend>"Days off and extra hours"</legend>
                <ul class="exceptions" data-testid="exceptions">
                    {move || exceptions.get().into_iter().map(|e| {
                        let date = e.date;
                        let day = format::day(date);
                        let label = if e.day_off {
                            format!("{day}: day off")
                        } else {
                            let hours: Vec<String> = e.extra_hours.iter()
                                .map(|h| format!("{}–{}", h.start.strftime("%H:%M"), h.end.strftime("%H:%M")))
                                .collect();
                            format!("{day}: extra hours {}", hours.join(", "))
                        };
                        view! { <li data-date=date.to_string()>{label}" "<button type="button" class="link" on:click=move |_| exceptions.update(|x| x.retain(|y| y.date != date))>"Remove"</button></li> }
                    }).collect_view()}
                </ul>
                <div class="hours-row">
                    <label for="exception-date">"Date"</label>
                    <input id="exception-date" type="date" on:input=move |ev| exception_date.set(event_target_value(&ev))/>
                    <button type="button" class="secondary" on:click=move |_| add_exception(true)>"Add a day off"</button>
                </div>
                <div class="hours-row">
                    <label for="extra-from">"Extra from"</label>
                    <input id="extra-from" type="time" prop:value=move || extra_from.get() on:input=move |ev| extra_from.set(event_target_value(&ev))/>
                    <label for="extra-to">"to"</label>
                    <input id="extra-to" type="time" prop:value=move || extra_to.get() on:input=move |ev| extra_to.set(event_target_value(&ev))/>
                    <button type="button" class="secondary" on:click=move |_| add_exception(false)>"Add extra hours"</button>
                </div>
                <p class="field-error" role="alert">{move || exceptions_error.get()}</p>
            </fieldset>
            <Outcome act/>
            <button type="submit" disabled=move || act.pending()>"Save practice"</button>
        </form>
    }
}
