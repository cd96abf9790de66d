//! Any path the router does not know.

use leptos::prelude::*;

/// The not-found page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p class="lead">"There is nothing at this address."</p>
        <p><a href="/">"Back to the start page"</a></p>
    }
}
