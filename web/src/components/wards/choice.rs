//! A labelled choice among things named at run time (people, departments,
//! wards), bound to the chosen one's id.

use leptos::prelude::*;

/// Each choice's value (an id) and its name.
pub(super) type Named = Vec<(String, String)>;

/// `(id, name)` pairs as the choices of a [`Choice`].
pub(super) fn named<I: ToString>(items: Vec<(I, String)>) -> Named {
    items
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect()
}

/// A labelled `<select>` of `choices`, bound to `value`, starting on
/// `placeholder` until one is chosen (or for none, when `optional`), showing `error` under it.
#[component]
pub(super) fn Choice(
    label: &'static str,
    #[prop(into)] id: String,
    value: RwSignal<String>,
    choices: Named,
    placeholder: &'static str,
    /// Whether the placeholder may stay chosen (nothing chosen).
    #[prop(default = false)]
    optional: bool,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id.clone() name=id.clone() on:change=move |ev| value.set(event_target_value(&ev))
                aria-describedby=error_id.clone() aria-invalid=move || error.get().is_some().to_string()>
                <option value="" disabled=!optional selected=move || value.get().is_empty()>{placeholder}</option>
                {choices.into_iter().map(|(option, name)| {
                    let mine = option.clone();
                    view! { <option value=option selected=move || value.get() == mine>{name}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}
