//! The patient's billing: their invoices (issued and cancelled, newest
//! first) with what each charges, what is still owed and whether it is
//! paid; their insurance claims and where each stands; and their insurance
//! policies, to add and remove.

use leptos::prelude::*;
use medtrack_shared::billing::Claim;

use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::billing::{ClaimCard, InvoiceTable, Party, Policies, Viewer};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};

/// The Billing page.
#[component]
pub fn BillingPage() -> impl IntoView {
    let api = use_api();
    let viewer = Viewer::now();
    let invoices = Loader::new(|api| api.my_invoices(None));
    let claims = Loader::new(|api| api.my_claims(None));
    let more_invoices = Act::new();
    let more_claims = Act::new();
    let told = Act::new();
    let show_more_invoices = move |cursor: String| {
        more_invoices.run(api.my_invoices(Some(cursor)), move |page| {
            invoices.append(page)
        });
    };
    let show_more_claims = move |cursor: String| {
        more_claims.run(api.my_claims(Some(cursor)), move |page| claims.append(page));
    };
    // A step changes the claim, and may change what is owed.
    let changed = Callback::new(move |(claim, message): (Claim, String)| {
        claims.update(|page| {
            if let Some(shown) = page.items.iter_mut().find(|c| c.id == claim.id) {
                *shown = claim;
            }
        });
        invoices.reload();
        told.done(message);
    });
    let claims_viewer = viewer.clone();
    view! {
        <h1>"Billing"</h1>
        <p class="lead">"Your invoices from your doctors, what you still owe, and your insurance. Open an invoice to print it or to claim it on your insurance."</p>
        <Outcome act=told/>
        <section aria-labelledby="invoices-heading">
            <h2 id="invoices-heading">"Invoices"</h2>
            <Loaded from=invoices what="your invoices" let:page>
                <InvoiceTable items=page.items party=Party::Doctor
                    empty="No invoices yet. After a visit, your doctor's invoice appears here once it is issued."/>
                <ShowMore cursor=page.next_cursor act=more_invoices show_more=show_more_invoices/>
            </Loaded>
            <Failure act=more_invoices/>
        </section>
        <section aria-labelledby="claims-heading">
            <h2 id="claims-heading">"Insurance claims"</h2>
            <Loaded from=claims what="your claims" let:page>
                {if page.items.is_empty() {
                    view! { <p class="empty" data-testid="claims-empty">"No claims yet. To claim an invoice on your insurance, open the invoice."</p> }.into_any()
                } else {
                    let viewer = claims_viewer.clone();
                    view! {
                        <ul class="cards claims" data-testid="claims">
                            {page.items.into_iter().map(|claim| view! {
                                <ClaimCard claim viewer=viewer.clone() link_invoice=true on_change=changed/>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <ShowMore cursor=page.next_cursor act=more_claims show_more=show_more_claims/>
            </Loaded>
            <Failure act=more_claims/>
        </section>
        <section aria-labelledby="policies-heading">
            <h2 id="policies-heading">"Insurance policies"</h2>
            {viewer.id.map(|patient| view! { <Policies patient/> })}
        </section>
    }
}
