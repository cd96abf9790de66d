//! What may be done to a live request beside reserving: record a
//! crossmatch or antibody screen of the units held (admins; red cells and
//! whole blood need one before they go out), issue the reserved units (admins; with a reason in
//! an emergency, which may go out before the crossmatch), and cancel it.

use leptos::prelude::*;
use medtrack_shared::blood::requests::{
    BloodRequest, CrossmatchInput, CrossmatchMethod, Issue, RequestDetail, Urgency,
};
use medtrack_shared::blood::units::Unit;
use medtrack_shared::blood::MAX_NOTE_CHARS;
use medtrack_shared::UnitId;

use super::request_view::method_label;
use super::units::unit_label;
use super::{explain, refused, units};
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::form::{chosen, option_value, options, Problems, Select, TextArea};

/// The answer of an action: the request as it stands, and what to say.
pub type Done = Callback<(RequestDetail, String)>;

/// Records a crossmatch or antibody screen of the units held (those ticked;
/// all of them at first).
#[component]
pub fn CrossmatchForm(request: BloodRequest, held: Vec<Unit>, on_done: Done) -> impl IntoView {
    let api = use_api();
    let method = RwSignal::new(option_value(&CrossmatchMethod::Crossmatch));
    let compatible = RwSignal::new(None::<bool>);
    let all: Vec<UnitId> = held.iter().map(|u| u.id).collect();
    let ticked = RwSignal::new(all.clone());
    let act = Act::new();
    let id = request.id;
    let methods = options(
        &[
            CrossmatchMethod::Crossmatch,
            CrossmatchMethod::AntibodyScreen,
        ]
        .map(|m| (m, method_label(m))),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(compatible) = compatible.get_untracked() else {
            return act.fail("Say whether the result was compatible.");
        };
        let tested = ticked.get_untracked();
        if tested.is_empty() {
            return act.fail("Tick the units tested.");
        }
        let input = CrossmatchInput {
            method: chosen(method.get_untracked()).unwrap_or(CrossmatchMethod::Crossmatch),
            compatible,
            units: (tested.len() < all.len()).then_some(tested),
        };
        let sent = async move {
            api.record_crossmatch(id, &input)
                .await
                .map_err(|e| explain(&e))
        };
        act.run(sent, move |detail| {
            let said = if compatible {
                "Compatible result recorded."
            } else {
                "Incompatible result recorded: the units tested went back to stock and are not offered for this patient again."
            };
            on_done.run((detail, said.to_owned()));
        });
    };
    let choices = held
        .into_iter()
        .map(|unit| {
            let unit_id = unit.id;
            let toggle = move |_| {
                ticked.update(|list| match list.iter().position(|u| *u == unit_id) {
                    Some(at) => {
                        list.remove(at);
                    }
                    None => list.push(unit_id),
                })
            };
            view! {
                <label class="check"><input type="checkbox" on:change=toggle
                    prop:checked=move || ticked.with(|list| list.contains(&unit_id))/>{unit_label(&unit)}</label>
            }
        })
        .collect_view();
    view! {
        <form class="form compact" on:submit=submit novalidate data-testid="crossmatch-form">
            <Select label="Test" id="crossmatch-method" value=method options=methods/>
            <fieldset class="choice">
                <legend>"Units tested"</legend>
                {choices}
            </fieldset>
            <fieldset class="choice">
                <legend>"Result"</legend>
                <label class="check"><input type="radio" name="crossmatch-result" on:change=move |_| compatible.set(Some(true))
                    prop:checked=move || compatible.get() == Some(true)/>"Compatible (screen negative)"</label>
                <label class="check"><input type="radio" name="crossmatch-result" on:change=move |_| compatible.set(Some(false))
                    prop:checked=move || compatible.get() == Some(false)/>"Incompatible"</label>
            </fieldset>
            <Failure act/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Record result"</button></div>
        </form>
    }
}

/// Issues the reserved units (admins). `typed_at`: when the patient's
/// group was confirmed (a crossmatch before it no longer counts).
#[component]
pub fn IssueForm(
    request: BloodRequest,
    typed_at: Option<jiff::Timestamp>,
    on_done: Done,
) -> impl IntoView {
    let api = use_api();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let reason_error = problems.of("reason", "The reason");
    let emergency = request.urgency == Urgency::Emergency;
    let unmatched = request.component.needs_crossmatch()
        && (request.reserved.iter()).any(|unit| !request.crossmatched(unit, typed_at));
    let count = request.reserved.len();
    let id = request.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let text = reason.get_untracked().trim().to_owned();
        let input = Issue {
            reason: (emergency && !text.is_empty()).then_some(text),
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.issue_units(id, &input)
                .await
                .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |detail: RequestDetail| {
            let said = format!("{} issued.", units(detail.request.issued.len() as u64));
            on_done.run((detail, said));
        });
    };
    let warning = match (unmatched, emergency) {
        (true, false) => Some("Red cells and whole blood go out only after a compatible crossmatch or antibody screen of the units held: record it first."),
        (true, true) => Some("The units held have no compatible crossmatch: in this emergency they may go out before it, with the reason."),
        _ => None,
    };
    view! {
        {warning.map(|text| view! { <p class="notice warning" data-testid="issue-warning">{text}</p> })}
        <div class="actions">
            <button type="button" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)
                data-testid="issue-open">{format!("Issue {}…", units(count as u64))}</button>
        </div>
        <Show when=move || open.get()>
            <form class="form confirm-box" on:submit=submit novalidate data-testid="issue-form">
                <p>{format!("Give out the {} reserved for this request. They leave the stock.", units(count as u64))}</p>
                {emergency.then(|| view! {
                    <TextArea label="Reason (emergency)" id="issue-reason" value=reason max=MAX_NOTE_CHARS error=reason_error
                        hint="Needed when the units go out before a crossmatch, or need another exception."/>
                })}
                <Failure act/>
                <div class="actions">
                    <button type="submit" disabled=move || act.pending()>"Issue now"</button>
                    <button type="button" class="secondary" on:click=move |_| open.set(false)>"Not yet"</button>
                </div>
            </form>
        </Show>
    }
}

/// Cancels the request, after a second click.
#[component]
pub fn CancelRequest(request: BloodRequest, on_done: Done) -> impl IntoView {
    let api = use_api();
    let sure = RwSignal::new(false);
    let act = Act::new();
    let id = request.id;
    let held = request.reserved.len();
    let cancel = move |_| {
        let sent = async move { api.cancel_blood_request(id).await.map_err(|e| explain(&e)) };
        act.run(sent, move |detail| {
            on_done.run((detail, "The request is cancelled.".to_owned()));
        });
    };
    let words = if held > 0 {
        format!(
            "Cancel the request? Its {} go back to stock.",
            units(held as u64)
        )
    } else {
        "Cancel the request?".to_owned()
    };
    view! {
        <Show when=move || sure.get() fallback=move || view! {
            <div class="actions"><button type="button" class="secondary" on:click=move |_| sure.set(true) data-testid="cancel-request">"Cancel request…"</button></div>
        }>
            <div class="confirm-box" data-testid="cancel-confirm">
                <p>{words.clone()}</p>
                <div class="actions">
                    <button type="button" class="danger" disabled=move || act.pending() on:click=cancel>"Yes, cancel it"</button>
                    <button type="button" class="secondary" on:click=move |_| sure.set(false)>"Keep it"</button>
                </div>
            </div>
        </Show>
        <Failure act/>
    }
}
