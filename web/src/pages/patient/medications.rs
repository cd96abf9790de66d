//! The patient's medications: today's doses, adherence, the list with its
//! next doses, and one form that adds a medication or edits the one chosen.

use leptos::prelude::*;
use medtrack_shared::medication::Medication;

use super::medication_form::MedicationForm;
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::adherence::AdherenceChart;
use crate::components::doses::TodayDoses;
use crate::components::list::Items;
use crate::components::medication::{title, MedicationCard};
use crate::components::status::{Loaded, Loader};

/// Brings the form into view once it is drawn (the list may be long).
fn show_form() {
    request_animation_frame(|| {
        if let Some(heading) = document().get_element_by_id("medication-form") {
            heading.scroll_into_view();
        }
    });
}

/// The medications page.
#[component]
pub fn MedicationsPage() -> impl IntoView {
    let list = Loader::new(|api| async move { api.medications(api.my_id()?).await });
    let adherence = Loader::new(|api| async move { api.adherence(api.my_id()?).await });
    let editing = RwSignal::new(None::<Medication>);
    let changed = move || {
        list.reload();
        adherence.reload();
    };
    let saved = move || {
        // Setting it rebuilds the form: only when leaving an edit, so the
        // add form keeps its message.
        if editing.with_untracked(Option::is_some) {
            editing.set(None);
        }
        changed();
    };
    view! {
        <h1>"Medications"</h1>
        <p class="lead"><a href="#medication-form">"Add a medication"</a></p>
        <div class="medications-page">
            <div class="medications-today">
                <TodayDoses/>
            </div>
            <div class="medications-progress">
                <h2>"How it is going"</h2>
                <Loaded from=adherence what="your adherence" let:adherence>
                    <AdherenceChart adherence/>
                </Loaded>
            </div>
        </div>
        <h2>"My medications"</h2>
        <Loaded from=list what="your medications" let:items>
            <Items items testid="medications" empty="None yet." empty_testid="no-medications" let:medication>
                <OwnMedication medication on_change=changed editing/>
            </Items>
        </Loaded>
        // One form at a time: adding, or editing the medication chosen.
        {move || {
            let existing = editing.get();
            view! { <MedicationForm existing on_saved=saved on_cancel=move || editing.set(None)/> }
        }}
    }
}

/// One of the patient's medications, with their actions on it.
#[component]
fn OwnMedication(
    medication: Medication,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
    editing: RwSignal<Option<Medication>>,
) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let id = medication.id;
    let paused = medication.paused;
    let title = title(&medication);
    let chosen = medication.clone();
    let toggle = if paused { "Resume" } else { "Pause" };
    let edit = move |_| {
        editing.set(Some(chosen.clone()));
        show_form();
    };
    view! {
        <MedicationCard medication>
            <div class="actions">
                <button class="secondary" on:click=edit aria-label=format!("Edit {title}")>"Edit"</button>
                <button class="secondary" disabled=move || act.pending()
                    on:click=move |_| act.run(api.set_paused(id, !paused), move |_| on_change())
                    aria-label=format!("{toggle} {title}")>{toggle}</button>
                <button class="secondary" disabled=move || act.pending()
                    on:click=move |_| act.run(api.remove_medication(id), move |()| on_change())
                    aria-label=format!("Remove {title}")>"Remove"</button>
            </div>
            <Failure act/>
        </MedicationCard>
    }
}
