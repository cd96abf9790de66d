//! A further invoice for a completed visit, for its doctor or an admin
//! (the visit's own draft is made when it completes): a draft, opened at
//! once to add its lines.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use medtrack_shared::appointment::Appointment;
use medtrack_shared::billing::{Invoice, NewInvoice};
use medtrack_shared::Role;

use crate::api::use_api;
use crate::components::action::{Act, Failure};

/// "New invoice for this visit".
#[component]
pub fn NewInvoiceButton(appointment: Appointment, role: Role) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let act = Act::new();
    let input = NewInvoice {
        patient: appointment.patient.id,
        // Admins name the billing doctor; a doctor bills as themself.
        doctor: (role == Role::Admin).then_some(appointment.doctor.id),
        visit: Some(appointment.id),
    };
    let make = move |_| {
        let input = input.clone();
        let navigate = navigate.clone();
        act.run(
            async move { api.new_invoice(&input).await },
            move |invoice: Invoice| {
                navigate(
                    &format!("/billing/invoices/{}", invoice.id),
                    Default::default(),
                );
            },
        );
    };
    view! {
        <p class="actions">
            <button type="button" class="secondary" disabled=move || act.pending() on:click=make
                data-testid="new-invoice">"New invoice for this visit"</button>
        </p>
        <Failure act/>
    }
}
