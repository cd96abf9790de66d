//! What admins post to an issued invoice's ledger: a payment received, a
//! refund, a write-off, a credit note. One form is open at a time; each
//! offers only when the ledger's rules would take it (a refund once
//! something is paid, a write-off while something is owed).

use std::collections::BTreeMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use medtrack_shared::billing::{
    CreditInput, Invoice, InvoiceStatus, Method, MoneyInput, WriteOffInput, MAX_TEXT_CHARS,
};
use medtrack_shared::InvoiceId;

use super::money;
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{chosen, option_value, options, Field, Problems, Select};

/// Which form is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Payment,
    Refund,
    WriteOff,
    Credit,
}

impl Open {
    fn label(self) -> &'static str {
        match self {
            Self::Payment => "Record payment…",
            Self::Refund => "Refund…",
            Self::WriteOff => "Write off…",
            Self::Credit => "Credit note…",
        }
    }
}

/// The buttons and the open form; `on_done` is told what to say once an
/// entry is posted (the page reads the invoice again).
#[component]
pub fn AdminActions(invoice: Invoice, on_done: Callback<String>) -> impl IntoView {
    let open = RwSignal::new(None::<Open>);
    let totals = invoice.totals;
    let issued = invoice.status == InvoiceStatus::Issued;
    let mut offered = Vec::new();
    if issued {
        offered.push(Open::Payment);
    }
    if totals.net_paid() > 0 {
        offered.push(Open::Refund);
    }
    if issued && totals.balance > 0 {
        offered.push(Open::WriteOff);
    }
    if issued && totals.creditable() > 0 {
        offered.push(Open::Credit);
    }
    if offered.is_empty() {
        return ().into_any();
    }
    let (id, currency) = (invoice.id, invoice.currency.clone());
    let done = Callback::new(move |message: String| {
        open.set(None);
        on_done.run(message);
    });
    view! {
        <section class="card admin-actions no-print" aria-labelledby="admin-actions-heading" data-testid="admin-actions">
            <h2 id="admin-actions-heading">"Payments and corrections"</h2>
            <div class="actions">
                {offered.into_iter().map(|which| view! {
                    <button type="button" class="secondary" aria-expanded=move || (open.get() == Some(which)).to_string()
                        on:click=move |_| open.update(|o| *o = (*o != Some(which)).then_some(which))>{which.label()}</button>
                }).collect_view()}
            </div>
            {move || {
                let currency = currency.clone();
                match open.get() {
                    Some(Open::Payment) => view! {
                        <MoneyForm id currency start=totals.balance.max(0) refund=false done/>
                    }.into_any(),
                    Some(Open::Refund) => view! {
                        <MoneyForm id currency start=(-totals.balance).clamp(0, totals.net_paid()) refund=true done/>
                    }.into_any(),
                    Some(Open::WriteOff) => view! { <WriteOffForm id currency start=totals.balance done/> }.into_any(),
                    Some(Open::Credit) => view! { <CreditForm id currency done/> }.into_any(),
                    None => ().into_any(),
                }
            }}
        </section>
    }
    .into_any()
}

/// The methods a person pays or is refunded by (insurers pay on claims).
fn methods() -> Vec<(String, &'static str)> {
    let own: Vec<(Method, &'static str)> = Method::ALL
        .into_iter()
        .filter(|m| *m != Method::Insurance)
        .map(|m| (m, m.label()))
        .collect();
    options(&own)
}

/// An amount field's problem, added to `refused` (0 stands in meanwhile).
fn amount_of(refused: &mut BTreeMap<String, String>, text: &str, currency: &str) -> i64 {
    money::parse(text, currency).unwrap_or_else(|message| {
        refused.insert("amount".to_owned(), message);
        0
    })
}

fn optional(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A payment received, or a refund.
#[component]
fn MoneyForm(
    id: InvoiceId,
    currency: String,
    start: i64,
    refund: bool,
    done: Callback<String>,
) -> impl IntoView {
    let api = use_api();
    let amount = RwSignal::new(money::field_text(start, &currency));
    let method = RwSignal::new(option_value(&Method::Card));
    let reference = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let amount_error = problems.of("amount", "Amount");
    let method_error = problems.of("method", "Method");
    let reference_error = problems.of("reference", "Reference");
    let label = format!("Amount ({currency})");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut refused = BTreeMap::new();
        let input = MoneyInput {
            amount: amount_of(&mut refused, &amount.get_untracked(), &currency),
            method: chosen(method.get_untracked()).unwrap_or(Method::Card),
            reference: optional(reference.get_untracked()),
        };
        if let Err(errors) = input.check() {
            for (field, message) in errors.into_map() {
                refused.entry(field).or_insert(message);
            }
        }
        if !refused.is_empty() {
            return act.fail(problems.show(refused));
        }
        let sent = async move {
            let answer = if refund {
                api.refund(id, &input).await
            } else {
                api.record_payment(id, &input).await
            };
            answer.map_err(|e| problems.refused(e))
        };
        act.run(sent, move |_| {
            done.run(
                if refund {
                    "Refund recorded."
                } else {
                    "Payment recorded."
                }
                .to_owned(),
            );
        });
    };
    let (testid, button) = if refund {
        ("refund-form", "Record refund")
    } else {
        ("payment-form", "Record payment")
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid=testid>
            <Field label id=format!("{testid}-amount") value=amount inputmode="decimal" max=16 error=amount_error/>
            <Select label="Method" id=format!("{testid}-method") value=method options=methods() error=method_error/>
            <Field label="Reference (optional)" id=format!("{testid}-reference") value=reference max=MAX_TEXT_CHARS
                error=reference_error hint="A receipt, terminal or transfer reference."/>
            <Outcome act/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>{button}</button></div>
        </form>
    }
}

/// A write-off of what is owed, with its reason.
#[component]
fn WriteOffForm(
    id: InvoiceId,
    currency: String,
    start: i64,
    done: Callback<String>,
) -> impl IntoView {
    let api = use_api();
    let amount = RwSignal::new(money::field_text(start, &currency));
    let reason = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let amount_error = problems.of("amount", "Amount");
    let reason_error = problems.of("reason", "Reason");
    let label = format!("Amount ({currency})");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut refused = BTreeMap::new();
        let input = WriteOffInput {
            amount: amount_of(&mut refused, &amount.get_untracked(), &currency),
            reason: reason.get_untracked().trim().to_owned(),
        };
        if let Err(errors) = input.check() {
            for (field, message) in errors.into_map() {
                refused.entry(field).or_insert(message);
            }
        }
        if !refused.is_empty() {
            return act.fail(problems.show(refused));
        }
        let sent = async move {
            api.write_off(id, &input)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |_| done.run("Written off.".to_owned()));
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="write-off-form">
            <Field label id="write-off-amount" value=amount inputmode="decimal" max=16 error=amount_error/>
            <Field label="Reason" id="write-off-reason" value=reason max=MAX_TEXT_CHARS error=reason_error/>
            <Outcome act/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Write off"</button></div>
        </form>
    }
}

/// A credit note: its reason, and an amount (none cancels the invoice).
#[component]
fn CreditForm(id: InvoiceId, currency: String, done: Callback<String>) -> impl IntoView {
    let api = use_api();
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let amount_error = problems.of("amount", "Amount");
    let reason_error = problems.of("reason", "Reason");
    let label = format!("Amount ({currency}, optional)");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut refused = BTreeMap::new();
        let text = amount.get_untracked();
        let input = CreditInput {
            amount: (!text.trim().is_empty()).then(|| amount_of(&mut refused, &text, &currency)),
            reason: reason.get_untracked().trim().to_owned(),
        };
        if let Err(errors) = input.check() {
            for (field, message) in errors.into_map() {
                refused.entry(field).or_insert(message);
            }
        }
        if !refused.is_empty() {
            return act.fail(problems.show(refused));
        }
        let full = input.amount.is_none();
        let sent = async move {
            api.credit_note(id, &input)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |_| {
            done.run(
                if full {
                    "Cancelled by a credit note."
                } else {
                    "Credit note issued."
                }
                .to_owned(),
            );
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="credit-form">
            <Field label="Reason" id="credit-reason" value=reason max=MAX_TEXT_CHARS error=reason_error/>
            <Field label id="credit-amount" value=amount inputmode="decimal" max=16 error=amount_error
                hint="Leave empty to cancel the invoice in full."/>
            <Outcome act/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Issue credit note"</button></div>
        </form>
    }
}
