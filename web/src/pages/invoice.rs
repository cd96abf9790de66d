//! One invoice, for its patient, its doctor and admins: the document (to
//! print), then what each may do. A draft's doctor or an admin adds and
//! removes lines and issues it; admins post payments, refunds, write-offs
//! and credit notes; the patient claims it on their insurance and submits
//! or withdraws their claims, and admins record what the payer does. Below
//! are the ledger and the claims. Every change reads the invoice again, as
//! one step may change its lines, ledger and claims together.

use leptos::prelude::*;
use medtrack_shared::billing::{Claim, InvoiceDetail, InvoiceStatus};
use medtrack_shared::{InvoiceId, Role};

use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::billing::{
    AdminActions, ClaimCard, ClaimForm, InvoiceDocument, Ledger, LineForm, Viewer,
};
use crate::components::status::{Loaded, Loader};
use crate::format;

/// The invoice the route names.
#[component]
pub fn InvoicePage() -> impl IntoView {
    let viewer = Viewer::now();
    let detail = Loader::by_route_id(|api, id: InvoiceId| api.invoice(id));
    // Told here, outside the invoice, which is drawn again after a change.
    let told = Act::new();
    let (href, back) = match viewer.role {
        Role::Patient => ("/billing", "Billing"),
        Role::Doctor => ("/doctor/invoices", "Invoices"),
        Role::Admin => ("/admin/invoices", "All invoices"),
    };
    view! {
        <p class="back no-print"><a href=href>{back}</a></p>
        <Loaded from=detail what="the invoice" let:shown>
            <InvoiceView shown viewer=viewer.clone() detail told/>
        </Loaded>
        <Outcome act=told/>
    }
}

#[component]
fn InvoiceView(
    shown: InvoiceDetail,
    viewer: Viewer,
    detail: Loader<InvoiceDetail>,
    told: Act,
) -> impl IntoView {
    let api = use_api();
    let InvoiceDetail {
        invoice,
        entries,
        claims,
        patient_share,
    } = shown;
    let id = invoice.id;
    let draft = invoice.status == InvoiceStatus::Draft;
    let edits = draft && viewer.edits_drafts();
    let changed = Callback::new(move |message: String| {
        told.done(message);
        detail.reload();
    });
    let removal = Act::new();
    let remove = edits.then(|| {
        Callback::new(move |number: u32| {
            removal.run(api.remove_line(id, number), move |_| {
                changed.run(format!("Line {number} removed."));
            });
        })
    });
    let claim_changed = Callback::new(move |(_, message): (Claim, String)| changed.run(message));
    let may_claim = viewer.role == Role::Patient
        && invoice.status == InvoiceStatus::Issued
        && patient_share > 0;
    let pending = claims.iter().any(|c| c.state.pending());
    let currency = invoice.currency.clone();
    let printable = !draft;
    view! {
        {printable.then(|| view! {
            <div class="toolbar no-print">
                <button type="button" class="secondary" data-testid="print" on:click=move |_| {
                    if let Some(window) = web_sys::window() {
                        // Printing is the browser's; nothing to tell when it is declined.
                        let _ = window.print();
                    }
                }>"Print"</button>
            </div>
        })}
        <InvoiceDocument invoice=invoice.clone() entries=entries.clone() viewer=viewer.clone()
            remove=remove removing=Signal::derive(move || removal.pending())/>
        <Failure act=removal/>
        {(pending && viewer.role == Role::Patient).then(|| view! {
            <p class="notice no-print" data-testid="patient-share">
                {format!("Once your insurer pays what is claimed, you will owe {}.", format::amount(patient_share, &currency))}
            </p>
        })}
        {edits.then(|| view! { <DraftTools id currency=invoice.currency.clone() changed/> })}
        {(viewer.admin() && !draft).then(|| view! { <AdminActions invoice=invoice.clone() on_done=changed/> })}
        {(!draft).then(|| view! {
            <section class="no-print" aria-labelledby="ledger-heading">
                <h2 id="ledger-heading">"Ledger"</h2>
                <Ledger entries zone=viewer.zone.clone()/>
            </section>
        })}
        {(!draft).then(|| {
            let viewer = viewer.clone();
            view! {
                <section class="no-print" aria-labelledby="invoice-claims-heading">
                    <h2 id="invoice-claims-heading">"Insurance claims"</h2>
                    {if claims.is_empty() && !may_claim {
                        view! { <p class="empty" data-testid="claims-empty">"No claims on this invoice."</p> }.into_any()
                    } else {
                        let viewer = viewer.clone();
                        view! {
                            <ul class="cards claims" data-testid="claims">
                                {claims.into_iter().map(|claim| view! {
                                    <ClaimCard claim viewer=viewer.clone() on_change=claim_changed/>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {may_claim.then(|| viewer.id.map(|patient| view! {
                        <ClaimForm invoice=invoice.clone() patient share=patient_share zone=viewer.zone.clone() on_made=claim_changed/>
                    }))}
                </section>
            }
        })}
    }
}

/// A draft's line form, and its issue (asked to confirm: an issued
/// invoice never changes).
#[component]
fn DraftTools(id: InvoiceId, currency: String, changed: Callback<String>) -> impl IntoView {
    let api = use_api();
    let issuing = Act::new();
    let asking = RwSignal::new(false);
    let added = Callback::new(move |_| changed.run("Line added.".to_owned()));
    let issue = move |_| {
        issuing.run(api.issue_invoice(id), move |invoice| {
            let number = invoice.number.unwrap_or_default();
            changed.run(format!("Issued as {number}. The patient has been told."));
        });
    };
    view! {
        <section class="card draft-tools no-print" aria-labelledby="draft-heading" data-testid="draft-tools">
            <h2 id="draft-heading">"Prepare and issue"</h2>
            <LineForm id currency on_added=added/>
            <div class="issue">
                <button type="button" aria-expanded=move || asking.get().to_string() data-testid="issue"
                    on:click=move |_| asking.update(|a| *a = !*a)>"Issue invoice…"</button>
                {move || asking.get().then(|| view! {
                    <div class="confirm-issue" data-testid="confirm-issue">
                        <p>"Issue this invoice? It gets its number, is charged, and the patient is told. Its lines cannot change afterwards; a credit note corrects it."</p>
                        <div class="actions">
                            <button type="button" disabled=move || issuing.pending() on:click=issue>"Issue now"</button>
                            <button type="button" class="secondary" on:click=move |_| asking.set(false)>"Cancel"</button>
                        </div>
                    </div>
                })}
                <Failure act=issuing/>
            </div>
        </section>
    }
}
