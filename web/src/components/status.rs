//! Loading and error states, announced to screen readers.

use leptos::prelude::*;

/// Shown while data loads.
#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! { <p class="status" role="status" aria-live="polite">{format!("Loading {what}…")}</p> }
}

/// Shown when loading failed, with a way to try again.
#[component]
pub fn LoadError(message: String, on_retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="status error" role="alert">
            <p>{message}</p>
            <button class="secondary" on:click=move |_| on_retry()>"Try again"</button>
        </div>
    }
}
