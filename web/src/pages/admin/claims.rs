//! Every insurance claim, by state: those waiting for the payer first
//! (submitted), each with the steps an admin records for the payer.

use leptos::prelude::*;
use medtrack_shared::billing::{Claim, ClaimState};

use super::billing::BillingNav;
use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::billing::{ClaimCard, Viewer};
use crate::components::form::chosen;
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};

/// The admins' list of claims.
#[component]
pub fn AdminClaimsPage() -> impl IntoView {
    let api = use_api();
    let viewer = Viewer::now();
    let state = RwSignal::new(Some(ClaimState::Submitted));
    let claims = Loader::new(move |api| api.all_claims(state.get(), None));
    let more = Act::new();
    let told = Act::new();
    let show_more = move |cursor: String| {
        more.run(
            api.all_claims(state.get_untracked(), Some(cursor)),
            move |page| claims.append(page),
        );
    };
    // A claim that took a step stays in view, in its new state.
    let changed = Callback::new(move |(claim, message): (Claim, String)| {
        claims.update(|page| {
            if let Some(shown) = page.items.iter_mut().find(|c| c.id == claim.id) {
                *shown = claim;
            }
        });
        told.done(message);
    });
    view! {
        <h1>"Claims"</h1>
        <BillingNav current="claims"/>
        <div class="filters">
            <div class="field">
                <label for="claim-state">"State"</label>
                <select id="claim-state" on:change=move |ev| state.set(chosen(event_target_value(&ev)))>
                    {ClaimState::ALL.map(|s| view! {
                        <option value=s.name() selected=move || state.get() == Some(s)>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
        <Outcome act=told/>
        <Loaded from=claims what="the claims" let:page>
            {if page.items.is_empty() {
                view! { <p class="empty" data-testid="claims-empty">"No claims in this state."</p> }.into_any()
            } else {
                let viewer = viewer.clone();
                view! {
                    <ul class="cards claims" data-testid="claims">
                        {page.items.into_iter().map(|claim| view! {
                            <ClaimCard claim viewer=viewer.clone() link_invoice=true on_change=changed/>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}
