//! The administrator's dashboard: two-factor sign-in first, then their pages.

use leptos::prelude::*;
use medtrack_shared::Me;

/// The administrator's part of the dashboard.
#[component]
pub fn AdminHome(me: Me) -> impl IntoView {
    if me.two_factor_enabled {
        view! {
            <p class="lead" data-testid="admin-status">"Two-factor sign-in is on."</p>
            <p><a href="/admin/doctors">"Doctors waiting for approval"</a>" · "<a href="/admin/appointments">"All appointments"</a></p>
        }
        .into_any()
    } else {
        view! {
            <p class="lead" data-testid="admin-status">
                "Administration needs two-factor sign-in on your account first: "
                <a href="/account">"set it up on your account page"</a>
                "."
            </p>
        }
        .into_any()
    }
}
