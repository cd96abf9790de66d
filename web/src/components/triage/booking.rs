//! What a check that needs an appointment offers: the suggested
//! specialization's earliest free times within the urgency's window, each
//! booked after a confirmation whose reason holds the check's summary (the
//! patient may change it); or, when none is free in time, to get care
//! elsewhere.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use medtrack_shared::appointment::{BookingRequest, Priority, MAX_REASON_CHARS};
use medtrack_shared::triage::{SuggestedSlot, TriageSession, Urgency};

use super::priority_for;
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::appointment::{book_and_open, priority_label};
use crate::components::form::{chosen, option_value, Problems, TextArea};
use crate::format;
use crate::state::catalogue::use_catalogue;
use crate::state::session::use_session;

/// The last day of the window that ends at `book_by` (the start of the
/// day after it), on the patient's calendar.
fn last_day(book_by: Timestamp, zone: &str) -> Option<Date> {
    let inside = book_by.checked_sub(SignedDuration::from_secs(1)).ok()?;
    format::day_of(inside, zone)
}

/// "by the end of today", "by the end of Thu 3 Dec".
fn by_the_end_of(day: Option<Date>, zone: &str) -> String {
    match day {
        Some(day) if day == format::today(zone) => "by the end of today".to_owned(),
        Some(day) => format!("by the end of {}", format::day(day)),
        None => "soon".to_owned(),
    }
}

/// The suggested times, or the advice to get care elsewhere; nothing for
/// an urgency that books no appointment.
#[component]
pub fn SuggestedTimes(
    /// The check, as read with its suggestions.
    session: TriageSession,
) -> impl IntoView {
    let urgency = session.outcome.urgency;
    if !urgency.books_appointment() {
        return ().into_any();
    }
    let zone = use_session().zone();
    let within = by_the_end_of(session.book_by.and_then(|b| last_day(b, &zone)), &zone);
    let specialization = session.specialization_name.clone().or_else(|| {
        session
            .outcome
            .specialization
            .as_ref()
            .map(|slug| use_catalogue().name(slug))
    });
    let chosen_slot = RwSignal::new(None::<SuggestedSlot>);
    // Kept while the patient looks at other times.
    let reason = RwSignal::new(session.summary.clone());
    let slots = session.suggestions.clone();
    view! {
        <section class="triage-book" aria-labelledby="triage-book-heading" data-testid="triage-booking">
            <h2 id="triage-book-heading">"Book an appointment"</h2>
            {specialization.map(|name| view! {
                <p>"Suggested: "<strong data-testid="suggested-specialization">{name}</strong></p>
            })}
            {if session.seek_care_elsewhere {
                view! {
                    <div class="notice warning" role="note" data-testid="seek-care-elsewhere">
                        <p><strong>{format!("No doctor here has a free time {within}.")}</strong></p>
                        <p>{format!("Please get care elsewhere {within}: an urgent care centre, a pharmacist, or your usual doctor.")}</p>
                    </div>
                }.into_any()
            } else {
                let zone = zone.clone();
                view! {
                    <p>{format!("Be seen {within}. The earliest free times:")}</p>
                    <ul class="triage-slots" data-testid="suggested-slots">
                        {slots.into_iter().map(|slot| {
                            let mine = slot.clone();
                            let pressed = move || chosen_slot.with(|c| c.as_ref() == Some(&mine)).to_string();
                            let when = format::when(slot.starts_at, &zone);
                            view! {
                                <li>
                                    <button type="button" class="slot-choice" aria-pressed=pressed data-testid="suggested-slot"
                                        data-doctor=slot.doctor_id.to_string()
                                        on:click=move |_| {
                                            chosen_slot.set(Some(slot.clone()));
                                            focus_confirmation();
                                        }>
                                        <span class="time">{when}</span>
                                        <span class="doctor">{slot.doctor_name.clone()}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {move || chosen_slot.get().map(|slot| view! {
                        <Confirm choice=slot urgency reason on_cancel=move || chosen_slot.set(None)/>
                    })}
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// The confirmation in view, its heading in focus.
fn focus_confirmation() {
    request_animation_frame(|| {
        if let Some(heading) = document().get_element_by_id("triage-confirm-heading") {
            heading.scroll_into_view();
            if let Ok(heading) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(heading) {
                let _ = heading.focus();
            }
        }
    });
}

const PRIORITIES: [Priority; 3] = [Priority::Normal, Priority::High, Priority::Critical];

/// Books `choice` with the reason shown (the check's summary to begin
/// with), then opens the appointment.
#[component]
fn Confirm(
    choice: SuggestedSlot,
    urgency: Urgency,
    reason: RwSignal<String>,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let zone = use_session().zone();
    let priority = RwSignal::new(priority_for(urgency));
    let act = Act::new();
    let problems = Problems::new();
    let reason_error = problems.of("reason", "Reason");
    let (doctor, starts_at) = (choice.doctor_id, choice.starts_at);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = BookingRequest {
            doctor_id: doctor,
            starts_at,
            reason: reason.get_untracked(),
            priority: priority.get_untracked(),
        };
        book_and_open(api, act, problems, navigate.clone(), request);
    };
    view! {
        <form class="form triage-confirm card" on:submit=submit aria-labelledby="triage-confirm-heading" data-testid="confirm-booking">
            <h3 id="triage-confirm-heading" tabindex="-1">
                {format!("Book {} with {}", format::when(choice.starts_at, &zone), choice.doctor_name)}
            </h3>
            <TextArea label="Reason for the visit and symptoms" id="triage-reason" rows=8 max=MAX_REASON_CHARS value=reason
                error=reason_error hint="Your symptom check is filled in for the doctor to read. Change or add anything you like."/>
            <div class="field">
                <label for="triage-priority">"How urgent is it?"</label>
                <select id="triage-priority" on:change=move |ev| {
                    if let Some(picked) = chosen(event_target_value(&ev)) {
                        priority.set(picked);
                    }
                }>
                    {PRIORITIES.map(|p| view! {
                        <option value=option_value(&p) selected=move || priority.get() == p>{priority_label(p)}</option>
                    }).collect_view()}
                </select>
            </div>
            <Failure act/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Book this time"</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel()>"Choose another time"</button>
            </div>
        </form>
    }
}
