//! The warning shown when the server refuses a medicine that matches one of
//! the patient's allergies: each match, and a way to go on with a reason.

use leptos::prelude::*;
use medtrack_shared::record::{AllergyConflict, MAX_OVERRIDE_REASON_CHARS};

use crate::components::action::Act;
use crate::components::form::Field;

/// One match in words.
pub fn conflict_line(conflict: &AllergyConflict) -> String {
    format!(
        "{} matches the recorded allergy to {}",
        conflict.medicine, conflict.substance
    )
}

/// The matches of the last refusal, with the reason field and the button
/// that sends again with it (`on_override` gets the reason).
#[component]
pub fn AllergyWarning(
    conflicts: RwSignal<Vec<AllergyConflict>>,
    act: Act,
    on_override: Callback<String>,
    #[prop(into)] id: String,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let go = move |_| {
        let text = reason.get_untracked();
        if text.trim().is_empty() {
            error.set(Some("Reason to prescribe anyway is required".to_owned()));
            return;
        }
        error.set(None);
        on_override.run(text);
    };
    move || {
        let found = conflicts.get();
        let id = id.clone();
        (!found.is_empty()).then(|| view! {
            <div class="notice warning" role="alert" data-testid="allergy-warning">
                <p><strong>"Allergy warning"</strong></p>
                <ul>
                    {found.iter().map(|c| view! { <li>{conflict_line(c)}</li> }).collect_view()}
                </ul>
                <Field label="Reason to prescribe anyway" id=id max=MAX_OVERRIDE_REASON_CHARS value=reason error=error/>
                <button type="button" disabled=move || act.pending() on:click=go>"Prescribe anyway"</button>
            </div>
        })
    }
}
