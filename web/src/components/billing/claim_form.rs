//! "Claim on insurance": the patient chooses one of their policies that
//! covers the day the invoice was issued, and how much to ask (what they
//! still owe, less what other claims ask, unless they change it). The
//! claim is made as a draft, which they then submit.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use medtrack_shared::billing::{Claim, Invoice, NewClaim, Policy, PolicyRank};
use medtrack_shared::{PolicyId, UserId};

use super::money;
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{Field, Problems};
use crate::components::status::{Loaded, Loader};
use crate::format;

/// A policy as a choice: `Acme Health · AH-3392-11 (primary)`.
fn policy_label(policy: &Policy) -> String {
    let rank = match policy.rank {
        PolicyRank::Primary => "primary",
        PolicyRank::Secondary => "secondary",
    };
    format!("{} · {} ({rank})", policy.payer, policy.member_id)
}

/// The form, for `patient`'s invoice; `share` is what they still owe less
/// what claims in progress ask.
#[component]
pub fn ClaimForm(
    invoice: Invoice,
    patient: UserId,
    share: i64,
    zone: String,
    on_made: Callback<(Claim, String)>,
) -> impl IntoView {
    let policies = Loader::new(move |api| api.policies(patient));
    // The day of issue on the patient's clock (the server checks it on the
    // practice's, which differs only around midnight).
    let issued = invoice.issued_at.and_then(|at| format::day_of(at, &zone));
    view! {
        <section class="card claim-new no-print" aria-labelledby="claim-new-heading" data-testid="claim-form">
            <h3 id="claim-new-heading">"Claim on insurance"</h3>
            <Loaded from=policies what="your insurance policies" let:list>
                {
                    let covering: Vec<Policy> = list
                        .into_iter()
                        .filter(|p| issued.is_none_or(|day| p.covers(day)))
                        .collect();
                    if covering.is_empty() {
                        view! {
                            <p data-testid="no-policy">
                                "None of your insurance policies covers the day this invoice was issued. "
                                <a href="/billing#policies-heading">"Add your policy"</a>
                                " on the Billing page, then come back to claim."
                            </p>
                        }.into_any()
                    } else {
                        view! { <Chosen invoice=invoice.clone() covering share on_made/> }.into_any()
                    }
                }
            </Loaded>
        </section>
    }
}

#[component]
fn Chosen(
    invoice: Invoice,
    covering: Vec<Policy>,
    share: i64,
    on_made: Callback<(Claim, String)>,
) -> impl IntoView {
    let api = use_api();
    let id = invoice.id;
    let currency = invoice.currency.clone();
    let first = covering
        .first()
        .map(|p| p.id.to_string())
        .unwrap_or_default();
    let policy = RwSignal::new(first);
    let amount = RwSignal::new(money::field_text(share, &currency));
    let act = Act::new();
    let problems = Problems::new();
    let policy_error = problems.of("policy", "Policy");
    let amount_error = problems.of("amount", "Amount");
    let label = format!("Amount to claim ({currency})");
    let choices: Vec<(String, String)> = covering
        .iter()
        .map(|p| (p.id.to_string(), policy_label(p)))
        .collect();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Ok(chosen) = policy.get_untracked().parse::<PolicyId>() else {
            return act
                .fail(problems.show([("policy".to_owned(), "is required".to_owned())].into()));
        };
        let amount = match money::parse(&amount.get_untracked(), &currency) {
            Ok(minor) => minor,
            Err(message) => {
                return act.fail(problems.show([("amount".to_owned(), message)].into()))
            }
        };
        let input = NewClaim {
            invoice: id,
            policy: chosen,
            amount: Some(amount),
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.make_claim(&input)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |claim: Claim| {
            let told = format!(
                "Claim prepared: submit it to {} when ready.",
                claim.policy.payer
            );
            on_made.run((claim, told));
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <PolicySelect value=policy choices error=policy_error/>
            <Field label id="claim-amount" value=amount inputmode="decimal" max=16 error=amount_error
                hint="What you still owe on this invoice, unless you change it."/>
            <Outcome act/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Prepare claim"</button></div>
        </form>
    }
}

/// The choice of policy (built labels, so not the generic `Select`).
#[component]
fn PolicySelect(
    value: RwSignal<String>,
    choices: Vec<(String, String)>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="claim-policy">"Policy"</label>
            <select id="claim-policy" name="claim-policy" on:change=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().to_string() aria-describedby="claim-policy-error">
                {choices.into_iter().map(|(id, label)| {
                    let chosen = id.clone();
                    view! { <option value=id selected=move || value.get() == chosen>{label}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id="claim-policy-error" role="alert">{move || error.get()}</p>
        </div>
    }
}
