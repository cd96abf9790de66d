//! Invoices as a table (cards on a phone): number, date, who, total,
//! balance and where each stands, each linking to its page.

use leptos::prelude::*;
use medtrack_shared::billing::{Invoice, InvoiceStatus};

use super::{title, PaymentChip};
use crate::format;
use crate::state::session::use_session;

/// Whom the table names beside each invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The billing doctor (the patient's own list).
    Doctor,
    /// The patient (a doctor's list).
    Patient,
    /// Both (the admins' list).
    Both,
}

/// The page of an invoice.
pub fn invoice_href(invoice: &Invoice) -> String {
    format!("/billing/invoices/{}", invoice.id)
}

/// `items` as a table; `empty` when there are none.
#[component]
pub fn InvoiceTable(
    items: Vec<Invoice>,
    /// Whom to name.
    party: Party,
    /// What to say when there is none.
    empty: &'static str,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="empty" data-testid="invoices-empty">{empty}</p> }.into_any();
    }
    let zone = use_session().zone();
    let doctor = matches!(party, Party::Doctor | Party::Both);
    let patient = matches!(party, Party::Patient | Party::Both);
    view! {
        <table class="table invoices" data-testid="invoices">
            <thead>
                <tr>
                    <th scope="col">"Invoice"</th>
                    <th scope="col">"Date"</th>
                    {patient.then(|| view! { <th scope="col">"Patient"</th> })}
                    {doctor.then(|| view! { <th scope="col">"Doctor"</th> })}
                    <th scope="col" class="num">"Total"</th>
                    <th scope="col" class="num">"Balance"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|invoice| {
                    // A draft's date is when it was made; an invoice's, its issue.
                    let date = format::date_at(invoice.issued_at.unwrap_or(invoice.created_at), &zone);
                    let currency = invoice.currency.clone();
                    view! {
                        <tr data-testid="invoice-row">
                            <th scope="row" data-label="Invoice"><a href=invoice_href(&invoice)>{title(&invoice)}</a></th>
                            <td data-label="Date">{date}</td>
                            {patient.then(|| view! { <td data-label="Patient">{invoice.patient.name.clone()}</td> })}
                            {doctor.then(|| view! { <td data-label="Doctor">{invoice.doctor.name.clone()}</td> })}
                            <td data-label="Total" class="num" data-testid="invoice-total">{format::amount(invoice.total, &currency)}</td>
                            <td data-label="Balance" class="num" data-testid="invoice-balance">{format::amount(invoice.totals.balance, &currency)}</td>
                            <td data-label="Status"><PaymentChip invoice=invoice.clone()/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// A status filter's chips: each status, and all when `all` (a doctor's
/// own invoices are few; the clinic's are listed a status at a time).
#[component]
pub fn StatusChips(
    chosen: RwSignal<Option<InvoiceStatus>>,
    #[prop(default = false)] all: bool,
) -> impl IntoView {
    let mut choices = vec![
        (Some(InvoiceStatus::Draft), "Drafts"),
        (Some(InvoiceStatus::Issued), "Issued"),
        (Some(InvoiceStatus::Cancelled), "Cancelled"),
    ];
    if all {
        choices.push((None, "All"));
    }
    view! {
        <div class="chips" role="group" aria-label="Show" data-testid="status-filter">
            {choices.into_iter().map(|(status, label)| view! {
                <button type="button" class="chip" aria-pressed=move || (chosen.get() == status).to_string()
                    on:click=move |_| chosen.set(status)>{label}</button>
            }).collect_view()}
        </div>
    }
}
