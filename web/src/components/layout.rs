//! The frame around every page: header with the session's navigation, main
//! landmark, footer.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::state::session::use_session;

/// Header, the page in `<main>`, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = move |_| {
        session.sign_out();
        navigate("/", Default::default());
    };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <div class="inner">
                <a class="brand" href="/">"MedTrack"</a>
                <nav aria-label="Account">
                    {move || match session.current.get() {
                        Some(signed_in) => view! {
                            <a href="/dashboard">"Dashboard"</a>
                            {(signed_in.me.role == medtrack_shared::Role::Admin)
                                .then(|| view! {
                                    <a href="/admin/doctors">"Pending doctors"</a>
                                    <a href="/admin/users">"Accounts"</a>
                                })}
                            <a href="/account">"Account"</a>
                            <span class="who">{signed_in.me.name}</span>
                            <button class="link" on:click=sign_out.clone()>"Sign out"</button>
                        }
                        .into_any(),
                        None => view! {
                            <a href="/signin">"Sign in"</a>
                            <a href="/register">"Create account"</a>
                        }
                        .into_any(),
                    }}
                </nav>
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
