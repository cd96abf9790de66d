//! Form fields: a label, the input, and the field's error, tied together for
//! screen readers.

use leptos::prelude::*;
use medtrack_shared::FieldErrors;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A labelled input bound to `value`, showing `error` under it.
#[component]
pub fn Field(
    /// The visible label.
    label: &'static str,
    /// The input's id (and name).
    id: &'static str,
    /// The bound value.
    value: RwSignal<String>,
    /// The error to show, if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// The input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// The autocomplete hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <small class="hint">{hint}</small> })}
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
            />
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}

/// Errors found before sending, as one sentence: "time zone must be ...; name is required".
pub fn describe(errors: FieldErrors) -> String {
    errors
        .into_map()
        .into_iter()
        .map(|(field, message)| format!("{} {message}", field.replace('_', " ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// An enum's name on the wire (`every_day`): the value of its `<option>`.
pub fn option_value<T: Serialize>(choice: &T) -> String {
    serde_json::to_value(choice)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The enum a `<select>`'s value names, read as the server reads it.
pub fn chosen<T: DeserializeOwned>(value: String) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(value)).ok()
}
