//! The frame around every page: header, main landmark, footer.

use leptos::prelude::*;

/// Header, the page in `<main>`, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <div class="inner">
                <a class="brand" href="/">"MedTrack"</a>
            </div>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="app-footer">
            <div class="inner">
                "MedTrack · open-source healthcare management · "
                <a href="/api/docs">"API documentation"</a>
            </div>
        </footer>
    }
}
