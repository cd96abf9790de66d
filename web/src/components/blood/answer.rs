//! The bank's calls to a donor and their answer: a day and time they will
//! come (within the next 60 days), or "not this time"; an answer may be
//! changed.

use jiff::civil::{Date, DateTime, Time};
use jiff::ToSpan;
use leptos::prelude::*;
use medtrack_shared::blood::donors::{Answer, Invitation};

use super::calls::answer_words;
use super::explain;
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::form::{Field, Problems};
use crate::format;
use crate::state::session::use_session;

/// The calls to the donor, newest first.
#[component]
pub fn DonorCalls(calls: Vec<Invitation>, on_done: Callback<String>) -> impl IntoView {
    if calls.is_empty() {
        return view! { <p class="empty" data-testid="no-calls">"No calls yet. When your group is needed and you may give, the clinic asks you here and by your chosen channels."</p> }.into_any();
    }
    view! {
        <ul class="cards donor-calls" data-testid="donor-calls">
            {calls.into_iter().map(|invitation| view! { <CallToDonor invitation on_done/> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The instant of `day` at `time` in `zone`, from the fields' text.
fn come_at(day: &str, time: &str, zone: &str) -> Option<jiff::Timestamp> {
    let day: Date = day.trim().parse().ok()?;
    let time: Time = time.trim().parse().ok()?;
    format::instant(DateTime::from_parts(day, time), zone)
}

/// One call and its answer.
#[component]
fn CallToDonor(invitation: Invitation, on_done: Callback<String>) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let today = format::today(&zone);
    let last = today.checked_add(59.days()).unwrap_or(today);
    let answered = invitation.answer.is_some();
    let editing = RwSignal::new(!answered);
    let willing = RwSignal::new(invitation.answer.map(|a| a.willing));
    let start = invitation
        .answer
        .and_then(|a| a.come_at)
        .and_then(|at| format::day_of(at, &zone).zip(format::time_of_day(at, &zone)));
    let day = RwSignal::new(
        start
            .map(|(d, _)| d)
            .or_else(|| today.tomorrow().ok())
            .unwrap_or(today)
            .to_string(),
    );
    let time = RwSignal::new(
        start
            .map(|(_, t)| t.strftime("%H:%M").to_string())
            .unwrap_or_else(|| "09:00".to_owned()),
    );
    let act = Act::new();
    let problems = Problems::new();
    let when_error = problems.of("come_at", "The time");
    let id = invitation.call;
    let asked = format::when(invitation.asked_at, &zone);
    let form_zone = StoredValue::new(zone.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Some(will) = willing.get_untracked() else {
            return act.fail("Say whether you can come.");
        };
        let at = if will {
            match form_zone.with_value(|z| come_at(&day.get_untracked(), &time.get_untracked(), z))
            {
                Some(at) => Some(at),
                None => return act.fail("Give the day and time you will come, e.g. 09:30."),
            }
        } else {
            None
        };
        let answer = Answer {
            willing: will,
            come_at: at,
        };
        if let Err(errors) = answer.check(format::now()) {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.answer_call(id, &answer).await.map_err(|e| {
                if e.fields().is_empty() {
                    explain(&e)
                } else {
                    problems.refused(e)
                }
            })
        };
        act.run(sent, move |_| {
            on_done.run(if will {
                "Thank you: the clinic expects you.".to_owned()
            } else {
                "Thank you for answering.".to_owned()
            });
        });
    };
    view! {
        <li class="card donor-call" data-testid="donor-call" data-call=id.to_string()>
            <h3>{format!("Asked to give {}", invitation.kind.label().to_lowercase())}</h3>
            <p>{format!("The clinic asked you {asked}.")}</p>
            <p class="donor-answer" data-testid="donor-answer">{answer_words(&invitation, &zone)}</p>
            <Show when=move || !editing.get()>
                <button type="button" class="link" on:click=move |_| editing.set(true)>"Change my answer"</button>
            </Show>
            <Show when=move || editing.get()>
                <form class="form compact" on:submit=submit novalidate data-testid="answer-form">
                    <fieldset class="choice">
                        <legend>"Can you come?"</legend>
                        <label class="check"><input type="radio" name=format!("answer-{id}") prop:checked=move || willing.get() == Some(true)
                            on:change=move |_| willing.set(Some(true))/>"Yes, I can come"</label>
                        <label class="check"><input type="radio" name=format!("answer-{id}") prop:checked=move || willing.get() == Some(false)
                            on:change=move |_| willing.set(Some(false))/>"Not this time"</label>
                    </fieldset>
                    <Show when=move || willing.get() == Some(true)>
                        <div class="field-row">
                            <Field label="Day" id=format!("come-day-{id}") kind="date" value=day max_date=last.to_string() error=when_error/>
                            <Field label="Time" id=format!("come-time-{id}") kind="time" value=time/>
                        </div>
                    </Show>
                    <Failure act/>
                    <div class="actions"><button type="submit" disabled=move || act.pending()>"Send answer"</button></div>
                </form>
            </Show>
        </li>
    }
}
