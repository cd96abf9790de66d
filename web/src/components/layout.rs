//! The frame around every page: header with the session's navigation, main
//! landmark, footer.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use medtrack_shared::{AccountStatus, Me, Role};

use crate::state::inbox::Inbox;
use crate::state::messages::{writes, Messages};
use crate::state::session::use_session;

/// Header, the page in `<main>`, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let session = use_session();
    let inbox = Inbox::provide();
    let messages = Messages::provide();
    let navigate = use_navigate();
    // The phone's menu; it closes when the page changes.
    let open = RwSignal::new(false);
    let path = use_location().pathname;
    // The unread badge is read again on every page change too, so that it
    // never lags what the person has just seen.
    Effect::new(move |previous: Option<()>| {
        path.track();
        open.set(false);
        if previous.is_some() && session.token().is_some() {
            inbox.refresh();
            messages.refresh();
        }
    });
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
                {move || session.current.with(Option::is_some).then(|| view! {
                    <button class="menu-toggle" aria-controls="main-nav" aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)>
                        "Menu"
                        // The unread counts (inbox and messages) stay in sight while the menu is closed.
                        {move || {
                            let (unread, more) = inbox.unread.get().map_or((0, false), |c| (c.unread, c.more));
                            let total = unread.saturating_add(messages.unread.get().unwrap_or(0));
                            (total > 0).then(|| view! {
                                <span class="badge" aria-hidden="true" data-testid="menu-unread">{badge(total, more)}</span>
                            })
                        }}
                    </button>
                })}
                // Admins and patients have the most links: set a little closer, so that they and the sign-out keep to one line on a laptop.
                <nav aria-label="Main" id="main-nav" class:signed-in=move || session.current.with(Option::is_some) class:open=move || open.get()
                    class:dense=move || session.current.with(|s| s.as_ref().is_some_and(|s| s.me.role != Role::Doctor))>
                    {move || match session.current.get() {
                        Some(signed_in) => view! {
                            <a href="/dashboard">"Dashboard"</a>
                            {role_links(&signed_in.me)}
                            {writes(&signed_in.me).then(|| view! {
                                <a href="/messages" data-testid="messages-link">
                                    "Messages"
                                    {move || messages.unread.get().filter(|n| *n > 0).map(|n| view! {
                                        " " <span class="badge" data-testid="messages-unread">{badge(n, false)}</span>
                                        <span class="visually-hidden">" unread"</span>
                                    })}
                                </a>
                            })}
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

/// A count on a badge: `99+` past 99, or when there are more than counted.
fn badge(count: u32, more: bool) -> String {
    if more || count > 99 {
        "99+".to_owned()
    } else {
        count.to_string()
    }
}

/// The links of each role's work.
fn role_links(me: &Me) -> impl IntoView {
    let active = me.status == AccountStatus::Active;
    match me.role {
        Role::Patient => view! {
            <a href="/doctors">"Find a doctor"</a>
            <a href="/triage" data-testid="triage-link">"Symptom check"</a>
            <a href="/appointments">"Appointments"</a>
            <a href="/history">"History"</a>
            <a href="/medications">"Medications"</a>
            <a href="/record">"My record"</a>
            <a href="/billing" data-testid="billing-link">"Billing"</a>
            <a href="/donor" data-testid="donor-link">"Give blood"</a>
        }
        .into_any(),
        Role::Doctor if active => view! {
            <a href="/doctor/day">"My day"</a>
            <a href="/doctor/requests">"Requests"</a>
            <a href="/doctor/practice">"Practice"</a>
            <a href="/doctor/invoices" data-testid="invoices-link">"Invoices"</a>
            <a href="/doctor/blood" data-testid="blood-link">"Blood"</a>
            <a href="/wards" data-testid="wards-link">"Wards"</a>
            <a href="/doctor/analytics" data-testid="analytics-link">"Analytics"</a>
        }
        .into_any(),
        Role::Doctor => ().into_any(),
        Role::Admin if !me.two_factor_enabled => view! {
            <a href="/account#two-factor">"Set up two-factor sign-in"</a>
        }
        .into_any(),
        Role::Admin => view! {
            <a href="/admin/doctors">"Pending doctors"</a>
            <a href="/admin/users">"Accounts"</a>
            <a href="/admin/appointments">"Appointments"</a>
            <a href="/admin/deliveries">"Deliveries"</a>
            <a href="/admin/alerts">"Alerts"</a>
            <a href="/admin/quarantine">"Quarantine"</a>
            <a href="/admin/billing" data-testid="billing-link">"Billing"</a>
            <a href="/admin/blood" data-testid="blood-link">"Blood bank"</a>
            <a href="/wards" data-testid="wards-link">"Wards"</a>
            <a href="/admin/analytics" data-testid="analytics-link">"Analytics"</a>
        }
        .into_any(),
    }
}
