//! A patient's insurance policies: each as a card with its payer, member
//! id, group, the days it covers and whether it pays first, with "Remove";
//! and the form that adds one.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use medtrack_shared::billing::{NewPolicy, Policy, PolicyRank, MAX_SHORT_CHARS};
use medtrack_shared::UserId;

use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::form::{chosen, option_value, options, Field, Problems, Select};
use crate::components::status::{Loaded, Loader};
use crate::format;

/// The days a policy covers, in words.
fn covered(policy: &Policy) -> String {
    match policy.valid_to {
        Some(to) => format!(
            "{} to {}",
            format::date(policy.valid_from),
            format::date(to)
        ),
        None => format!("From {}", format::date(policy.valid_from)),
    }
}

/// The policies of `patient`, and the form to add one.
#[component]
pub fn Policies(patient: UserId) -> impl IntoView {
    let api = use_api();
    let list = Loader::new(move |api| api.policies(patient));
    let removal = Act::new();
    let remove = move |policy: Policy| {
        let sent = api.remove_policy(patient, policy.id);
        removal.run(sent, move |()| {
            list.update(|all| all.retain(|p| p.id != policy.id));
            removal.done(format!("{} policy removed.", policy.payer));
        });
    };
    let added = Callback::new(move |policy: Policy| list.update(|all| all.push(policy)));
    view! {
        <Loaded from=list what="your insurance policies" let:all>
            {if all.is_empty() {
                view! { <p class="empty" data-testid="policies-empty">"No insurance policy yet. Add yours to claim on your invoices."</p> }.into_any()
            } else {
                view! {
                    <ul class="cards" data-testid="policies">
                        {all.into_iter().map(|policy| {
                            let rank = match policy.rank {
                                PolicyRank::Primary => "Primary",
                                PolicyRank::Secondary => "Secondary",
                            };
                            let payer = policy.payer.clone();
                            let gone = policy.clone();
                            view! {
                                <li class="card policy" data-testid="policy">
                                    <h3>{policy.payer.clone()}</h3>
                                    <p>{format!("Member {}", policy.member_id)}{policy.group.clone().map(|g| format!(" · group {g}"))}</p>
                                    <p>{format!("{rank} · {}", covered(&policy))}</p>
                                    <div class="actions">
                                        <button type="button" class="secondary" disabled=move || removal.pending()
                                            aria-label=format!("Remove the {payer} policy")
                                            on:click=move |_| remove(gone.clone())>"Remove"</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loaded>
        <Outcome act=removal/>
        <PolicyForm patient added/>
    }
}

#[component]
fn PolicyForm(patient: UserId, added: Callback<Policy>) -> impl IntoView {
    let api = use_api();
    let open = RwSignal::new(false);
    let payer = RwSignal::new(String::new());
    let member = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let zone = crate::state::session::use_session().zone();
    let from = RwSignal::new(format::today(&zone).to_string());
    let to = RwSignal::new(String::new());
    let rank = RwSignal::new(option_value(&PolicyRank::Primary));
    let act = Act::new();
    // Told outside the form, which closes once the policy is saved.
    let told = Act::new();
    let problems = Problems::new();
    let payer_error = problems.of("payer", "Insurer");
    let member_error = problems.of("member_id", "Member id");
    let group_error = problems.of("group", "Group");
    let from_error = problems.of("valid_from", "Covered from");
    let to_error = problems.of("valid_to", "Covered until");
    let rank_error = problems.of("rank", "Pays");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Ok(valid_from) = from.get_untracked().parse() else {
            return act
                .fail(problems.show([("valid_from".to_owned(), "is required".to_owned())].into()));
        };
        let until = to.get_untracked();
        let valid_to = match until.trim() {
            "" => None,
            text => match text.parse() {
                Ok(day) => Some(day),
                Err(_) => {
                    return act.fail(
                        problems
                            .show([("valid_to".to_owned(), "must be a date".to_owned())].into()),
                    )
                }
            },
        };
        let plan = group.get_untracked().trim().to_owned();
        let input = NewPolicy {
            payer: payer.get_untracked().trim().to_owned(),
            member_id: member.get_untracked().trim().to_owned(),
            group: (!plan.is_empty()).then_some(plan),
            valid_from,
            valid_to,
            rank: chosen(rank.get_untracked()).unwrap_or(PolicyRank::Primary),
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.add_policy(patient, &input)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |policy: Policy| {
            told.done(format!("{} policy added.", policy.payer));
            added.run(policy);
            for field in [payer, member, group, to] {
                field.set(String::new());
            }
            open.set(false);
        });
    };
    let ranks = options(&[
        (PolicyRank::Primary, "First (primary)"),
        (PolicyRank::Secondary, "After another policy (secondary)"),
    ]);
    view! {
        <div class="actions">
            <button type="button" class="secondary" aria-expanded=move || open.get().to_string()
                aria-controls="policy-form" data-testid="add-policy"
                on:click=move |_| open.update(|o| *o = !*o)>"Add a policy"</button>
        </div>
        <Outcome act=told/>
        <form class="form policy-form" id="policy-form" hidden=move || !open.get() on:submit=submit novalidate data-testid="policy-form">
            <Field label="Insurer" id="policy-payer" value=payer max=MAX_SHORT_CHARS error=payer_error/>
            <Field label="Member id" id="policy-member" value=member max=MAX_SHORT_CHARS error=member_error
                hint="As on your insurance card."/>
            <Field label="Group (optional)" id="policy-group" value=group max=MAX_SHORT_CHARS error=group_error/>
            <div class="field-row">
                <Field label="Covered from" id="policy-from" kind="date" value=from error=from_error/>
                <Field label="Covered until (optional)" id="policy-to" kind="date" value=to error=to_error/>
            </div>
            <Select label="Pays" id="policy-rank" value=rank options=ranks error=rank_error/>
            <Failure act/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Save policy"</button></div>
        </form>
    }
}
