//! Every invoice, by status, newest first: drafts waiting to be issued,
//! issued invoices with what is still owed, cancelled ones.

use leptos::prelude::*;
use medtrack_shared::billing::InvoiceStatus;

use super::billing::BillingNav;
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::billing::{InvoiceTable, Party, StatusChips};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};

/// The admins' list of invoices.
#[component]
pub fn AdminInvoicesPage() -> impl IntoView {
    let api = use_api();
    let status = RwSignal::new(Some(InvoiceStatus::Issued));
    let invoices = Loader::new(move |api| api.all_invoices(status.get(), None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(
            api.all_invoices(status.get_untracked(), Some(cursor)),
            move |page| invoices.append(page),
        );
    };
    view! {
        <h1>"Invoices"</h1>
        <BillingNav current="invoices"/>
        <StatusChips chosen=status/>
        <Loaded from=invoices what="the invoices" let:page>
            <InvoiceTable items=page.items party=Party::Both empty="No invoices match."/>
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}
