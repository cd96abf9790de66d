//! An invoice's ledger, oldest first: each entry in words, what it does to
//! the balance, and the balance after it; the last balance is the
//! invoice's.

use leptos::prelude::*;
use medtrack_shared::billing::{Entry, EntryKind, Method};

use super::document::signed;
use crate::format;

/// An entry in words.
fn words(kind: &EntryKind) -> String {
    let reference = |r: &Option<String>| {
        r.as_ref()
            .map(|r| format!(", ref. {r}"))
            .unwrap_or_default()
    };
    match kind {
        EntryKind::Charge => "Charged: the invoice was issued".to_owned(),
        EntryKind::Credit {
            credit_note,
            reason,
        } => format!("Credit note {credit_note}: {reason}"),
        EntryKind::Payment {
            method: Method::Insurance,
            reference: r,
            ..
        } => format!("Insurance payment on a claim{}", reference(r)),
        EntryKind::Payment {
            method,
            reference: r,
            ..
        } => format!("Payment, {}{}", method.label().to_lowercase(), reference(r)),
        EntryKind::Refund {
            method,
            reference: r,
        } => format!("Refund, {}{}", method.label().to_lowercase(), reference(r)),
        EntryKind::WriteOff { reason } => format!("Written off: {reason}"),
    }
}

/// The ledger as a table.
#[component]
pub fn Ledger(entries: Vec<Entry>, zone: String) -> impl IntoView {
    if entries.is_empty() {
        return view! {
            <p class="empty" data-testid="ledger-empty">"Nothing is charged until the invoice is issued."</p>
        }
        .into_any();
    }
    let mut balance = 0_i64;
    let rows = entries
        .into_iter()
        .map(|entry| {
            let change = signed(&entry);
            balance = balance.saturating_add(change);
            (entry, change, balance)
        })
        .collect::<Vec<_>>();
    view! {
        <table class="table ledger" data-testid="ledger">
            <thead>
                <tr>
                    <th scope="col">"Date"</th>
                    <th scope="col">"Entry"</th>
                    <th scope="col" class="num">"Amount"</th>
                    <th scope="col" class="num">"Balance"</th>
                    <th scope="col">"By"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|(entry, change, after)| view! {
                    <tr data-testid="entry">
                        <td data-label="Date">{format::when(entry.at, &zone)}</td>
                        <td data-label="Entry" class="wide">{words(&entry.kind)}</td>
                        <td data-label="Amount" class="num">{format::amount(change, &entry.currency)}</td>
                        <td data-label="Balance" class="num">{format::amount(after, &entry.currency)}</td>
                        <td data-label="By">{entry.by.clone()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
