//! A completed visit's prescription onto the patient's medications.

use leptos::prelude::*;
use medtrack_shared::AppointmentId;

use crate::api::use_api;
use crate::components::action::{Act, Outcome};

/// Adds the visit's prescription to the patient's medications, with reminders.
#[component]
pub fn AddPrescription(appointment: AppointmentId) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let add = move |_| {
        act.run(api.add_prescription(appointment), move |added| {
            act.done(format!(
                "Added {} medication(s) to your list, with reminders.",
                added.len()
            ))
        })
    };
    view! {
        <p class="actions">
            <button on:click=add disabled=move || act.pending()>"Add to my medications"</button>
            " "<a href="/medications">"My medications"</a>
        </p>
        <Outcome act testid="prescription-message"/>
    }
}
