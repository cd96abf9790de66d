//! The doctor's invoices: the drafts made from their completed visits
//! first (each waits for its lines and its issue), then by status, newest
//! first.

use leptos::prelude::*;
use medtrack_shared::billing::InvoiceStatus;

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::billing::{InvoiceTable, Party, StatusChips};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};

/// The invoices page of doctors.
#[component]
pub fn DoctorInvoicesPage() -> impl IntoView {
    let api = use_api();
    let status = RwSignal::new(Some(InvoiceStatus::Draft));
    let invoices = Loader::new(move |api| api.doctor_invoices(status.get(), None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(
            api.doctor_invoices(status.get_untracked(), Some(cursor)),
            move |page| invoices.append(page),
        );
    };
    let empty = move || {
        match status.get_untracked() {
        Some(InvoiceStatus::Draft) => "No drafts waiting. A draft appears here when you complete a visit, from your published fee.",
        Some(InvoiceStatus::Issued) => "No issued invoices yet.",
        Some(InvoiceStatus::Cancelled) => "No cancelled invoices.",
        None => "No invoices yet.",
    }
    };
    view! {
        <h1>"Invoices"</h1>
        <p class="lead">"Completing a visit makes a draft invoice from your published fee. Add what else the visit needed, then issue it; a visit's draft left as it is is issued by itself a day later, and one you change waits for you."</p>
        <StatusChips chosen=status all=true/>
        <Loaded from=invoices what="your invoices" let:page>
            <InvoiceTable items=page.items party=Party::Patient empty=empty()/>
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}
