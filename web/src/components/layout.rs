//! The frame around every page: header with the session's navigation, main
//! landmark, footer.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use medtrack_shared::{AccountStatus, Me, Role};

use crate::state::inbox::Inbox;
use crate::state::session::use_session;

/// Header, the page in `<main>`, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let session = use_session();
    let inbox = Inbox::provide();
    let navigate = use_navigate();
    // Away from the signed-in page first: its guard would send the person
    // to the sign-in page instead.
    let sign_out = move |_| {
        navigate("/", Default::default());
        session.sign_out();
    };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <div class="inner">
                <a class="brand" href="/">"MedTrack"</a>
                <nav aria-label="Main">
                    {move || match session.current.get() {
                        Some(signed_in) => view! {
                            <a href="/dashboard">"Dashboard"</a>
                            {role_links(&signed_in.me)}
                            <a href="/inbox" data-testid="inbox-link">
                                "Inbox"
                                {move || inbox.unread.get().filter(|c| c.unread > 0).map(|c| view! {
                                    " " <span class="badge" data-testid="unread-count">
                                        {if c.more { "99+".to_owned() } else { c.unread.to_string() }}
                                    </span>
                                    <span class="visually-hidden">" unread"</span>
                                })}
                            </a>
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

/// The links of each role's work.
fn role_links(me: &Me) -> impl IntoView {
    let active = me.status == AccountStatus::Active;
    match me.role {
        Role::Patient => view! {
            <a href="/doctors">"Find a doctor"</a>
            <a href="/appointments">"Appointments"</a>
            <a href="/history">"History"</a>
            <a href="/medications">"Medications"</a>
        }
        .into_any(),
        Role::Doctor if active => view! {
            <a href="/doctor/day">"My day"</a>
            <a href="/doctor/requests">"Requests"</a>
            <a href="/doctor/practice">"Practice"</a>
        }
        .into_any(),
        Role::Doctor => ().into_any(),
        Role::Admin => view! {
            <a href="/admin/doctors">"Pending doctors"</a>
            <a href="/admin/users">"Accounts"</a>
            <a href="/admin/appointments">"Appointments"</a>
            <a href="/admin/deliveries">"Deliveries"</a>
        }
        .into_any(),
    }
}
