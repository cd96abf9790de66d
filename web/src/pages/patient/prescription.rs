//! A completed visit's prescription onto the patient's medications.

use leptos::prelude::*;
use medtrack_shared::AppointmentId;

use crate::api::use_api;
use crate::components::action::{Act, Failure};

/// Adds the visit's prescription to the patient's medications, with
/// reminders; once done, the button gives way to what was done.
#[component]
pub fn AddPrescription(appointment: AppointmentId) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let added = RwSignal::new(None::<usize>);
    let add = move |_| {
        act.run(api.add_prescription(appointment), move |list| {
            added.set(Some(list.len()))
        })
    };
    view! {
        {move || match added.get() {
            None => view! {
                <p class="actions">
                    <button on:click=add disabled=move || act.pending()>"Add to my medications"</button>
                    <a href="/medications">"My medications"</a>
                </p>
            }
            .into_any(),
            Some(count) => view! {
                <div class="notice" role="status" data-testid="prescription-message">
                    <p>
                        {match count {
                            1 => "Added 1 medication to your list, with reminders. ".to_owned(),
                            n => format!("Added {n} medications to your list, with reminders. "),
                        }}
                        <a href="/medications">"See my medications"</a>
                    </p>
                </div>
            }
            .into_any(),
        }}
        <Failure act/>
    }
}
