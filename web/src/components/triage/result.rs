//! One check's result: the urgency as a coloured banner with its advice
//! (for an emergency, the clinic's number to call; after thoughts of
//! self-harm, the crisis message first), every reason that fired, the
//! suggested times, what the patient told us, and on every result that it
//! is not a diagnosis, with the rules' version and the date.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use medtrack_shared::safety::{CrisisMessage, Safety};
use medtrack_shared::triage::{TriageSession, Urgency, NOT_A_DIAGNOSIS};
use medtrack_shared::TriageId;

use super::booking::SuggestedTimes;
use super::{urgency_class, UrgencyChip};
use crate::api::use_api;
use crate::api::wellbeing::safety;
use crate::components::action::{Act, Failure};
use crate::components::status::{Loaded, Loader};
use crate::components::wellbeing::crisis::{CrisisAlert, Number};
use crate::format;
use crate::state::session::use_session;

/// The crisis message as a check shows it: nobody has been told, since a
/// check is the patient's alone.
fn untold(crisis: CrisisMessage) -> CrisisMessage {
    CrisisMessage {
        message: crisis.before_sending(),
        ..crisis
    }
}

/// The whole result of `session`.
#[component]
pub fn TriageResult(
    /// The check, as read with its suggestions.
    session: TriageSession,
) -> impl IntoView {
    let safety = Loader::new(|_| safety());
    let zone = use_session().zone();
    let outcome = session.outcome.clone();
    let crisis = outcome.crisis;
    let checked = format::when(session.at, &zone);
    // The banner, or the crisis message once the clinic's numbers are in,
    // in focus: once.
    Effect::new(move |focused: Option<bool>| {
        if focused == Some(true) {
            return true;
        }
        let ready = !crisis || safety.data().is_some();
        if ready {
            let id = if crisis {
                "crisis-message"
            } else {
                "triage-urgency"
            };
            request_animation_frame(move || {
                if let Some(shown) = document().get_element_by_id(id) {
                    if let Ok(shown) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(shown)
                    {
                        let _ = shown.focus();
                    }
                }
            });
        }
        ready
    });
    view! {
        {crisis.then(|| view! {
            <Loaded from=safety what="the crisis line" let:s>
                <CrisisAlert message=untold(s.crisis)/>
            </Loaded>
        })}
        <Banner urgency=outcome.urgency safety/>
        <section class="triage-why" aria-labelledby="triage-why-heading" data-testid="triage-why">
            <h2 id="triage-why-heading">"Why"</h2>
            <ul class="triage-reasons">
                {outcome.fired.into_iter().map(|fired| view! {
                    <li data-testid="triage-reason" data-rule=fired.rule>
                        <UrgencyChip urgency=fired.urgency/>
                        <span class="reason-text">{fired.reason}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <SuggestedTimes session=session.clone()/>
        <details class="triage-told">
            <summary>"What you told us"</summary>
            <p class="triage-summary" data-testid="triage-summary">{session.summary.clone()}</p>
        </details>
        <footer class="triage-disclaimer" data-testid="not-a-diagnosis">
            <p>{NOT_A_DIAGNOSIS}</p>
            <p class="hint" data-testid="triage-checked">
                {format!("Checked {checked} · rules version {}", outcome.rules_version)}
            </p>
        </footer>
        <DeleteCheck id=session.id/>
    }
}

/// How soon, in the urgency's colour, with its advice; for an emergency
/// the number to call.
#[component]
pub fn Banner(
    /// How soon.
    urgency: Urgency,
    /// The clinic's numbers.
    safety: Loader<Safety>,
) -> impl IntoView {
    let emergency = urgency == Urgency::Emergency;
    view! {
        <section class=format!("triage-banner {}", urgency_class(urgency)) id="triage-urgency" tabindex="-1"
            aria-labelledby="triage-urgency-heading" data-testid="triage-urgency" data-urgency=urgency.id()>
            <p class="kicker">"How soon to get care"</p>
            <h2 id="triage-urgency-heading">{urgency.label()}</h2>
            <p class="advice">{urgency.advice()}</p>
            {move || emergency.then(|| safety.data().map(|s| view! {
                <p class="triage-call">
                    <span>"Emergency number"</span>
                    <Number number=s.crisis.emergency_number testid="triage-emergency-number"/>
                </p>
            }))}
        </section>
    }
}

/// "Delete this check", confirmed; then back to the list.
#[component]
fn DeleteCheck(id: TriageId) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let act = Act::new();
    let delete = move |_| {
        let navigate = navigate.clone();
        act.run(api.delete_triage(id), move |()| {
            navigate("/triage", Default::default())
        });
    };
    view! {
        <div class="triage-delete">
            <button type="button" class="secondary" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"Delete this check"</button>
            {move || open.get().then(|| view! {
                <div class="confirm" role="group" aria-label="Confirm the deletion" data-testid="confirm-delete">
                    <p>"Delete this check? It cannot be undone."</p>
                    <div class="actions">
                        <button type="button" class="danger" disabled=move || act.pending() on:click=delete.clone()>"Yes, delete it"</button>
                        <button type="button" class="secondary" on:click=move |_| open.set(false)>"Keep it"</button>
                    </div>
                </div>
            })}
            <Failure act/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_tells_no_doctor() {
        let crisis = CrisisMessage::new(Some("988"), Some("112"));
        let shown = untold(crisis);
        assert!(!shown.message.contains("told"));
        assert!(shown.message.contains("988") && shown.message.contains("112"));
    }
}
