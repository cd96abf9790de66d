//! A doctor asks their patient to answer a PHQ-9 (once, or every 2 or 4
//! weeks), sees their standing request and what became of it, and stops it.

use leptos::prelude::*;
use medtrack_shared::record::{Phq9Repeat, Phq9Request, Phq9RequestInput};
use medtrack_shared::{ErrorCode, UserId};

use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

const REPEATS: [Phq9Repeat; 3] = [
    Phq9Repeat::Once,
    Phq9Repeat::Every2Weeks,
    Phq9Repeat::Every4Weeks,
];

/// The requests as the doctor reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Asked {
    /// Theirs, if any, and other doctors'.
    Requests {
        mine: Option<Phq9Request>,
        others: Vec<Phq9Request>,
    },
    /// Only the patient's own doctors may ask (an emergency access does not).
    NotYours,
}

/// Where a request stands, in words.
fn standing(request: &Phq9Request, zone: &str) -> String {
    let asked = format!(
        "asked on {} ({})",
        format::date_at(request.asked_at, zone),
        request.repeat.label().to_lowercase()
    );
    let answer = if request.pending() {
        "not answered yet".to_owned()
    } else {
        request.answered_at.map_or_else(String::new, |at| {
            format!("answered {}", format::when(at, zone))
        })
    };
    let next = request
        .next_at
        .map(|at| format!("; asked again on {}", format::date_at(at, zone)))
        .unwrap_or_default();
    format!("{asked}; {answer}{next}")
}

/// The signed-in doctor's request for a PHQ-9 of `patient`.
#[component]
pub fn AskPhq9(patient: UserId) -> impl IntoView {
    let me = use_session().me().map(|me| me.id);
    let requests = Loader::new(move |api| async move {
        match api.phq9_requests(patient).await {
            Ok(all) => {
                let (mine, others): (Vec<_>, Vec<_>) =
                    all.into_iter().partition(|r| Some(r.doctor.id) == me);
                Ok(Asked::Requests {
                    mine: mine.into_iter().next(),
                    others,
                })
            }
            Err(e) if e.code() == Some(ErrorCode::Forbidden) => Ok(Asked::NotYours),
            Err(e) => Err(e),
        }
    });
    view! {
        <div class="card phq9-ask" data-testid="phq9-request">
            <h3>"Ask for a PHQ-9"</h3>
            <Loaded from=requests what="the requests" let:asked>
                {match asked {
                    Asked::NotYours => view! {
                        <p>"Only the patient's own doctors can ask them to answer a PHQ-9."</p>
                    }.into_any(),
                    Asked::Requests { mine, others } => view! {
                        <AskForm patient mine others requests/>
                    }.into_any(),
                }}
            </Loaded>
        </div>
    }
}

#[component]
fn AskForm(
    patient: UserId,
    mine: Option<Phq9Request>,
    others: Vec<Phq9Request>,
    requests: Loader<Asked>,
) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let repeat = RwSignal::new(mine.as_ref().map_or(Phq9Repeat::Once, |r| r.repeat));
    let act = Act::new();
    let asking = mine.is_some();
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = Phq9RequestInput {
            repeat: repeat.get_untracked(),
        };
        act.run(api.ask_phq9(patient, input), move |_| {
            act.done("The patient has been asked.");
            requests.reload();
        });
    };
    let stop = move |_| {
        act.run(api.stop_phq9_request(patient), move |()| {
            act.done("Request stopped.");
            requests.reload();
        });
    };
    let current = match &mine {
        Some(request) => format!("You {}.", standing(request, &zone)),
        None => "You have not asked this patient to answer a PHQ-9.".to_owned(),
    };
    let others = others
        .into_iter()
        .map(|r| format!("{} {}.", r.doctor.name, standing(&r, &zone)))
        .collect::<Vec<_>>();
    view! {
        <p data-testid="phq9-my-request">{current}</p>
        {(!others.is_empty()).then(|| view! {
            <ul class="plain-list">{others.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}</ul>
        })}
        <form class="form" on:submit=ask novalidate>
            <fieldset class="choice">
                <legend>"How often"</legend>
                {REPEATS.map(|choice| view! {
                    <label class="check">
                        <input type="radio" name=format!("phq9-repeat-{patient}")
                            prop:checked=move || repeat.get() == choice
                            on:change=move |_| repeat.set(choice)/>
                        {choice.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            <Outcome act/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>
                    {if asking { "Change the request" } else { "Ask the patient" }}
                </button>
                {asking.then(|| view! {
                    <button type="button" class="secondary" disabled=move || act.pending() on:click=stop>"Stop asking"</button>
                })}
            </div>
        </form>
    }
}
