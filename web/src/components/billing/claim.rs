//! A claim as a card: the policy it is made on, where it stands, what was
//! claimed, approved and paid, its history, and the steps the reader may
//! take, which are those the claim table ([`next_state`]) allows their
//! role from its state: a patient submits and withdraws their own; admins
//! record what the payer does.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use medtrack_shared::billing::claims::next_state;
use medtrack_shared::billing::{
    Claim, ClaimAction, ClaimState, ClaimStep, ClaimStepInput, MAX_TEXT_CHARS,
};
use medtrack_shared::Role;

use super::{money, ClaimBadge, Viewer};
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::form::{option_value, Field, Problems};
use crate::format;

/// What a step asks before it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Asks {
    /// The amount's label, whether it is needed, and its starting value.
    amount: Option<(&'static str, bool, i64)>,
    /// The note's label and whether it is needed.
    note: Option<(&'static str, bool)>,
    /// Whether the button only opens a form (to confirm, or to fill in).
    form: bool,
}

/// What `action` asks before it is sent on `claim`.
fn asks(action: ClaimAction, claim: &Claim) -> Asks {
    let nothing = Asks {
        amount: None,
        note: None,
        form: false,
    };
    let reference = Some(("Payer's reference (optional)", false));
    match action {
        ClaimAction::Submit if claim.state == ClaimState::Denied => Asks {
            amount: Some(("Amount to claim", false, claim.claimed)),
            form: true,
            ..nothing
        },
        ClaimAction::Submit | ClaimAction::StartReview | ClaimAction::Approve => nothing,
        ClaimAction::ApprovePart => Asks {
            amount: Some(("Approved amount", true, 0)),
            note: reference,
            form: true,
        },
        ClaimAction::Deny => Asks {
            note: Some(("Reason for the denial", true)),
            form: true,
            ..nothing
        },
        ClaimAction::RecordPayment => Asks {
            amount: Some((
                "Amount paid",
                true,
                claim.approved.unwrap_or(claim.claimed) - claim.paid,
            )),
            note: reference,
            form: true,
        },
        ClaimAction::Close => Asks {
            form: true,
            ..nothing
        },
    }
}

/// The button's words.
fn label(action: ClaimAction, claim: &Claim, role: Role) -> String {
    let patient = role == Role::Patient;
    match action {
        ClaimAction::Submit if claim.state == ClaimState::Denied => "Submit again…".to_owned(),
        ClaimAction::Submit if patient => format!("Submit to {}", claim.policy.payer),
        ClaimAction::Submit => "Submit".to_owned(),
        ClaimAction::StartReview => "Start review".to_owned(),
        ClaimAction::Approve => "Approve".to_owned(),
        ClaimAction::ApprovePart => "Approve part…".to_owned(),
        ClaimAction::Deny => "Deny…".to_owned(),
        ClaimAction::RecordPayment => "Record payment…".to_owned(),
        ClaimAction::Close if patient => "Withdraw…".to_owned(),
        ClaimAction::Close => "Close…".to_owned(),
    }
}

/// What to say once a step is taken.
fn told(action: ClaimAction, role: Role) -> &'static str {
    match action {
        ClaimAction::Submit => "Claim submitted.",
        ClaimAction::StartReview => "Review started.",
        ClaimAction::Approve => "Claim approved.",
        ClaimAction::ApprovePart => "Part of the claim approved.",
        ClaimAction::Deny => "Claim denied.",
        ClaimAction::RecordPayment => "The payer's payment is recorded.",
        ClaimAction::Close if role == Role::Patient => "Claim withdrawn.",
        ClaimAction::Close => "Claim closed.",
    }
}

/// The steps `role` may take on a claim in `state`, in the table's order.
pub fn allowed(state: ClaimState, role: Role) -> Vec<ClaimAction> {
    ClaimAction::ALL
        .into_iter()
        .filter(|action| next_state(state, *action, role).is_some())
        .collect()
}

/// One step of the history in words.
fn step_words(step: &ClaimStep, currency: &str) -> String {
    let what = match step.action {
        None => "Made".to_owned(),
        Some(_) => step.to.label().to_owned(),
    };
    let by = match step.by_role {
        Role::Patient => "the patient",
        Role::Doctor => "the doctor",
        Role::Admin => "the clinic",
    };
    let amount = step
        .amount
        .map(|a| format!(" · {}", format::amount(a, currency)))
        .unwrap_or_default();
    let note = step
        .note
        .as_ref()
        .map(|n| format!(" · {n}"))
        .unwrap_or_default();
    format!("{what}, by {by}{amount}{note}")
}

/// The card; `on_change` is given the claim after a step, with what to say.
#[component]
pub fn ClaimCard(
    claim: Claim,
    viewer: Viewer,
    /// Whether to link to the invoice (in lists).
    #[prop(default = false)]
    link_invoice: bool,
    on_change: Callback<(Claim, String)>,
) -> impl IntoView {
    let currency = claim.currency.clone();
    let money = |minor: i64| format::amount(minor, &currency);
    let zone = viewer.zone.clone();
    let policy = &claim.policy;
    let rank = match policy.rank {
        medtrack_shared::billing::PolicyRank::Primary => "primary",
        medtrack_shared::billing::PolicyRank::Secondary => "secondary",
    };
    let actions = allowed(claim.state, viewer.role);
    view! {
        <li class="card claim" data-testid="claim" id=format!("claim-{}", claim.id)>
            <div class="claim-head">
                <h3>{policy.payer.clone()}</h3>
                <ClaimBadge state=claim.state/>
            </div>
            <p>{format!("Member {} · {rank} policy", policy.member_id)}
                {policy.group.clone().map(|g| format!(" · group {g}"))}</p>
            <dl class="figures claim-figures">
                {link_invoice.then(|| view! {
                    <div><dt>"Invoice"</dt><dd><a href=format!("/billing/invoices/{}", claim.invoice)>{claim.invoice_number.clone()}</a></dd></div>
                })}
                {(viewer.role != Role::Patient).then(|| view! {
                    <div><dt>"Patient"</dt><dd>{claim.patient.name.clone()}</dd></div>
                })}
                <div><dt>"Claimed"</dt><dd data-testid="claimed">{money(claim.claimed)}</dd></div>
                {claim.approved.map(|a| view! { <div><dt>"Approved"</dt><dd data-testid="approved">{money(a)}</dd></div> })}
                {(claim.paid > 0).then(|| view! { <div><dt>"Paid"</dt><dd data-testid="claim-paid">{money(claim.paid)}</dd></div> })}
            </dl>
            {claim.denial_reason.clone().map(|reason| view! {
                <p class="reason" data-testid="denial-reason">{format!("Denied: {reason}")}</p>
            })}
            <details class="claim-history">
                <summary>{format!("History ({} steps)", claim.steps.len())}</summary>
                <ol>
                    {claim.steps.iter().map(|step| view! {
                        <li><span class="hint">{format::when(step.at, &zone)}</span>" "{step_words(step, &claim.currency)}</li>
                    }).collect_view()}
                </ol>
            </details>
            {(!actions.is_empty()).then(|| view! { <Steps claim=claim.clone() role=viewer.role actions on_change/> })}
        </li>
    }
}

/// The step buttons and the open step's form.
#[component]
fn Steps(
    claim: Claim,
    role: Role,
    actions: Vec<ClaimAction>,
    on_change: Callback<(Claim, String)>,
) -> impl IntoView {
    let api = use_api();
    let id = claim.id;
    let act = Act::new();
    let problems = Problems::new();
    let open = RwSignal::new(None::<ClaimAction>);
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let amount_error = problems.of("amount", "Amount");
    let note_error = problems.of("note", "Note");
    let stored = StoredValue::new(claim.clone());
    let send = move |action: ClaimAction| {
        problems.clear();
        let asked = stored.with_value(|c| asks(action, c));
        let mut refused = std::collections::BTreeMap::new();
        let text = amount.get_untracked();
        let amount = match asked.amount {
            Some((_, required, _)) if required || !text.trim().is_empty() => {
                match stored.with_value(|c| money::parse(&text, &c.currency)) {
                    Ok(minor) => Some(minor),
                    Err(message) => {
                        refused.insert("amount".to_owned(), message);
                        None
                    }
                }
            }
            _ => None,
        };
        let written = note.get_untracked().trim().to_owned();
        let step = ClaimStepInput {
            action,
            amount,
            note: (asked.note.is_some() && !written.is_empty()).then_some(written),
        };
        if let Err(errors) = step.check() {
            for (field, message) in errors.into_map() {
                refused.entry(field).or_insert(message);
            }
        }
        if !refused.is_empty() {
            return act.fail(problems.show(refused));
        }
        let sent = async move {
            api.claim_step(id, &step)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |claim| {
            open.set(None);
            on_change.run((claim, told(action, role).to_owned()));
        });
    };
    let buttons = actions
        .into_iter()
        .map(|action| {
            let (asked, words) = stored.with_value(|c| (asks(action, c), label(action, c, role)));
            let click = move |_| {
                if asked.form {
                    problems.clear();
                    amount.set(
                        asked
                            .amount
                            .map(|(_, _, start)| money::field_text(start, &stored.with_value(|c| c.currency.clone())))
                            .unwrap_or_default(),
                    );
                    note.set(String::new());
                    open.update(|o| *o = (*o != Some(action)).then_some(action));
                } else {
                    open.set(None);
                    send(action);
                }
            };
            let class = if action == ClaimAction::Close { "secondary" } else { "" };
            view! {
                <button type="button" class=class disabled=move || act.pending() data-action=option_value(&action)
                    aria-expanded=asked.form.then_some(move || (open.get() == Some(action)).to_string())
                    on:click=click>{words}</button>
            }
        })
        .collect_view();
    let form = move || {
        let action = open.get()?;
        let (asked, confirm) = stored.with_value(|c| (asks(action, c), label(action, c, role)));
        let confirm = confirm.trim_end_matches('…').to_owned();
        let submit = move |ev: SubmitEvent| {
            ev.prevent_default();
            send(action);
        };
        let currency = stored.with_value(|c| c.currency.clone());
        Some(view! {
            <form class="form claim-step" on:submit=submit novalidate data-testid="claim-step-form">
                {(action == ClaimAction::Close).then(|| view! {
                    <p>{if role == Role::Patient {
                        "Withdraw this claim? The amount becomes yours to pay again."
                    } else {
                        "Close this claim? No further payment will be recorded on it."
                    }}</p>
                })}
                {asked.amount.map(|(words, _, _)| view! {
                    <Field label=format!("{words} ({currency})") id=format!("claim-{id}-amount") value=amount
                        inputmode="decimal" max=16 error=amount_error/>
                })}
                {asked.note.map(|(words, _)| view! {
                    <Field label=words id=format!("claim-{id}-note") value=note max=MAX_TEXT_CHARS error=note_error/>
                })}
                <div class="actions">
                    <button type="submit" disabled=move || act.pending()>{confirm}</button>
                    <button type="button" class="secondary" on:click=move |_| open.set(None)>"Cancel"</button>
                </div>
            </form>
        })
    };
    view! {
        <div class="actions claim-actions no-print" data-testid="claim-actions">{buttons}</div>
        {form}
        <Failure act/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_sees_the_steps_the_table_allows() {
        assert_eq!(
            allowed(ClaimState::Draft, Role::Patient),
            vec![ClaimAction::Submit, ClaimAction::Close]
        );
        assert_eq!(
            allowed(ClaimState::InReview, Role::Patient),
            Vec::<ClaimAction>::new()
        );
        assert_eq!(
            allowed(ClaimState::InReview, Role::Admin),
            vec![
                ClaimAction::Approve,
                ClaimAction::ApprovePart,
                ClaimAction::Deny,
                ClaimAction::Close
            ]
        );
        assert_eq!(
            allowed(ClaimState::Approved, Role::Admin),
            vec![ClaimAction::RecordPayment, ClaimAction::Close]
        );
        assert!(allowed(ClaimState::Submitted, Role::Doctor).is_empty());
        assert!(allowed(ClaimState::Paid, Role::Admin).is_empty());
    }
}
