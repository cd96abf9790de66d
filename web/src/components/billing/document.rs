//! The invoice as a document, on screen and on paper: who bills and who
//! pays, its number and dates, the lines with their codes, net, tax and
//! total, its credit notes, the payments received and the balance. The
//! print stylesheet shows only this.

use leptos::prelude::*;
use medtrack_shared::billing::{Entry, EntryKind, Invoice, InvoiceStatus, Line};

use super::{kind_label, rate, title, PaymentChip, Viewer};
use crate::format;

/// The document; `remove` (a draft's, for its editors) adds a button to
/// each line that hands its number over.
#[component]
pub fn InvoiceDocument(
    invoice: Invoice,
    entries: Vec<Entry>,
    viewer: Viewer,
    #[prop(optional_no_strip)] remove: Option<Callback<u32>>,
    /// Whether a removal is under way (its buttons wait).
    #[prop(optional, into)]
    removing: Signal<bool>,
) -> impl IntoView {
    let zone = viewer.zone.clone();
    let currency = invoice.currency.clone();
    let money = move |minor: i64| format::amount(minor, &currency);
    let heading = match invoice.status {
        InvoiceStatus::Draft => "Draft invoice".to_owned(),
        _ => format!("Invoice {}", title(&invoice)),
    };
    let issued = invoice.issued_at.map(|at| format::date_at(at, &zone));
    let due = invoice.due_on.map(format::date);
    let made = format::date_at(invoice.created_at, &zone);
    let visit = invoice.visit;
    let totals = invoice.totals;
    let payments: Vec<Entry> = entries
        .into_iter()
        .filter(|e| matches!(e.kind, EntryKind::Payment { .. } | EntryKind::Refund { .. }))
        .collect();
    let lines = invoice.lines.clone();
    let drafted = invoice.status == InvoiceStatus::Draft;
    view! {
        <article class="invoice-doc" data-testid="invoice" aria-labelledby="invoice-heading">
            <header class="invoice-head">
                <div class="issuer">
                    <p class="clinic">"MedTrack"</p>
                    <p>{format!("Practice of {}", invoice.doctor.name)}</p>
                </div>
                <div class="invoice-id">
                    <h1 id="invoice-heading" data-testid="invoice-number">{heading}</h1>
                    <p class="invoice-chip"><PaymentChip invoice=invoice.clone()/></p>
                </div>
            </header>
            <dl class="facts invoice-facts">
                <dt>"Billed to"</dt><dd data-testid="invoice-patient">{invoice.patient.name.clone()}</dd>
                <dt>"Doctor"</dt><dd data-testid="invoice-doctor">{invoice.doctor.name.clone()}</dd>
                {match issued {
                    Some(issued) => view! { <dt>"Issued"</dt><dd>{issued}</dd> }.into_any(),
                    None => view! { <dt>"Drafted"</dt><dd>{made}</dd> }.into_any(),
                }}
                {due.map(|due| view! { <dt>"Due"</dt><dd data-testid="invoice-due">{due}</dd> })}
                {visit.map(|visit| view! {
                    <dt>"For"</dt><dd><a href=format!("/appointments/{visit}")>"The visit"</a></dd>
                })}
            </dl>
            {drafted.then(|| view! {
                <p class="notice no-print" data-testid="draft-notice">
                    {if viewer.edits_drafts() {
                        "Not yet issued: the patient does not see it. Add what the visit needs, then issue it. A visit's draft left as it is is issued by itself a day after the visit; once changed, it waits for you."
                    } else {
                        "Not yet issued."
                    }}
                </p>
            })}
            <Lines lines currency=invoice.currency.clone() remove removing/>
            <dl class="invoice-totals" data-testid="invoice-totals">
                <dt>"Net"</dt><dd>{money(invoice.net)}</dd>
                <dt>"Tax"</dt><dd>{money(invoice.tax)}</dd>
                <dt class="total">"Total"</dt><dd class="total" data-testid="total">{money(invoice.total)}</dd>
                {(totals.credited > 0).then(|| view! { <dt>"Credited"</dt><dd>{money(totals.credited)}</dd> })}
                {(totals.paid > 0).then(|| view! { <dt>"Paid"</dt><dd data-testid="paid">{money(totals.paid)}</dd> })}
                {(totals.refunded > 0).then(|| view! { <dt>"Refunded"</dt><dd>{money(totals.refunded)}</dd> })}
                {(totals.written_off > 0).then(|| view! { <dt>"Written off"</dt><dd>{money(totals.written_off)}</dd> })}
                {(!drafted).then(|| view! {
                    <dt class="balance">"Balance"</dt><dd class="balance" data-testid="balance">{money(totals.balance)}</dd>
                })}
            </dl>
            {(!invoice.credit_notes.is_empty()).then(|| view! {
                <section class="invoice-part" aria-labelledby="credit-notes-heading">
                    <h2 id="credit-notes-heading">"Credit notes"</h2>
                    <ul class="invoice-list" data-testid="credit-notes">
                        {invoice.credit_notes.iter().map(|note| view! {
                            <li>
                                <span>{format!("{} · {} · {}", note.number, format::date_at(note.at, &zone), note.reason)}</span>
                                <span class="num">{money(note.amount)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(!payments.is_empty()).then(|| view! {
                <section class="invoice-part" aria-labelledby="payments-heading">
                    <h2 id="payments-heading">"Payments received"</h2>
                    <ul class="invoice-list" data-testid="payments">
                        {payments.iter().map(|entry| view! {
                            <li>
                                <span>{format!("{} · {}", format::date_at(entry.at, &zone), payment_words(&entry.kind))}</span>
                                // Received reads positive; a refund takes away.
                                <span class="num">{money(-signed(entry))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}

/// A payment or refund in words: how, and its reference.
fn payment_words(kind: &EntryKind) -> String {
    match kind {
        EntryKind::Payment {
            method, reference, ..
        } => with_reference(method.label(), reference.as_deref()),
        EntryKind::Refund { method, reference } => with_reference(
            &format!("Refund, {}", method.label().to_lowercase()),
            reference.as_deref(),
        ),
        _ => String::new(),
    }
}

fn with_reference(what: &str, reference: Option<&str>) -> String {
    match reference {
        Some(reference) => format!("{what} (ref. {reference})"),
        None => what.to_owned(),
    }
}

/// What an entry does to the balance: charges and refunds add, the rest
/// takes away.
pub(super) fn signed(entry: &Entry) -> i64 {
    match entry.kind {
        EntryKind::Charge | EntryKind::Refund { .. } => entry.amount,
        _ => -entry.amount,
    }
}

/// The lines, with a remove button each when `remove` is given.
#[component]
fn Lines(
    lines: Vec<Line>,
    currency: String,
    remove: Option<Callback<u32>>,
    removing: Signal<bool>,
) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="empty" data-testid="no-lines">"No lines yet."</p> }.into_any();
    }
    let money = move |minor: i64| format::amount(minor, &currency);
    view! {
        <table class="table invoice-lines" data-testid="lines">
            <thead>
                <tr>
                    <th scope="col">"#"</th>
                    <th scope="col">"Description"</th>
                    <th scope="col">"Code"</th>
                    <th scope="col" class="num">"Qty"</th>
                    <th scope="col" class="num">"Unit price"</th>
                    <th scope="col" class="num">"Net"</th>
                    <th scope="col" class="num">"Tax"</th>
                    <th scope="col" class="num">"Total"</th>
                    {remove.is_some().then(|| view! { <th scope="col" class="no-print"><span class="visually-hidden">"Remove"</span></th> })}
                </tr>
            </thead>
            <tbody>
                {lines.into_iter().map(|line| {
                    let number = line.number;
                    let code = line.code.as_ref().map(|c| format!("{} {}", c.system, c.code)).unwrap_or_else(|| "—".to_owned());
                    let tax = format!("{} ({})", money(line.tax), rate(line.tax_rate_bp));
                    let description = line.description.clone();
                    view! {
                        <tr data-testid="line">
                            <td data-label="#" class="number">{number}</td>
                            <td data-label="Description" class="wide">
                                <span class="line-description">{line.description.clone()}</span>
                                <br/><span class="hint">{kind_label(line.kind)}</span>
                            </td>
                            <td data-label="Code" class="code">{code}</td>
                            <td data-label="Qty" class="num">{line.quantity}</td>
                            <td data-label="Unit price" class="num">{money(line.unit_price)}</td>
                            <td data-label="Net" class="num">{money(line.net)}</td>
                            <td data-label="Tax" class="num">{tax}</td>
                            <td data-label="Total" class="num">{money(line.total())}</td>
                            {remove.map(|remove| view! {
                                <td class="no-print">
                                    <button type="button" class="link" disabled=move || removing.get()
                                        aria-label=format!("Remove line {number}: {description}")
                                        on:click=move |_| remove.run(number)>"Remove"</button>
                                </td>
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
