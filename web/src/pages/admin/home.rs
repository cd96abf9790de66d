//! The administrator's dashboard: two-factor sign-in first when it is off
//! (nothing else works without it), then the clinic in figures, each
//! leading to where it is acted on.

use leptos::prelude::*;
use medtrack_shared::{AccountStatus, Me, Role};

use crate::components::status::Loader;
use crate::components::tiles::{count, Tile};
use crate::format;
use crate::state::session::use_session;

/// The administrator's part of the dashboard.
#[component]
pub fn AdminHome(me: Me) -> impl IntoView {
    if !me.two_factor_enabled {
        return view! {
            <div class="notice warning" data-testid="admin-status">
                <p><strong>"Turn on two-factor sign-in first."</strong></p>
                <p>"Administration is closed to an account without it: approving doctors, the clinic's appointments and deliveries all need it."</p>
                <p><a class="button" href="/account#two-factor">"Set up two-factor sign-in"</a></p>
            </div>
        }
        .into_any();
    }
    let zone = use_session().zone();
    let pending = Loader::new(|api| api.users(Role::Doctor, AccountStatus::Pending, None));
    let today = Loader::new(move |api| {
        let day = format::today(&zone);
        let from = format::midnight(day, &zone);
        let to = day.tomorrow().ok().and_then(|d| format::midnight(d, &zone));
        let query = match (from, to) {
            (Some(from), Some(to)) => format!("from={from}&to={to}"),
            _ => String::new(),
        };
        api.oversee(query, None)
    });
    let failed = Loader::new(|api| api.dead_letters(None));
    let stopped = Loader::new(|api| api.stopped_jobs(None));
    let alerts = Loader::new(|api| api.crisis_alerts());
    let messaging = Loader::new(|api| api.messaging_overview());
    let any_alert = alerts.check(|a| !a.is_empty());
    view! {
        <p class="lead" data-testid="admin-status">"Two-factor sign-in is on."</p>
        <ul class="tiles" aria-label="The clinic now">
            {move || any_alert.get().then(|| view! {
                <Tile testid="open-alerts-figure" label="open crisis alerts" href="/admin/alerts"
                    figure=alerts.figure(|a| a.len().to_string()) alert=true/>
            })}
            <Tile testid="pending-doctors-figure" label="doctors waiting for approval" href="/admin/doctors"
                figure=pending.figure(count) alert=pending.check(|p| !p.items.is_empty())/>
            <Tile testid="today-appointments-figure" label="appointments today" href="/admin/appointments"
                figure=today.figure(count)/>
            <Tile testid="failed-deliveries-figure" label="messages not delivered" href="/admin/deliveries"
                figure=failed.figure(count) alert=failed.check(|p| !p.items.is_empty())/>
            <Tile testid="overdue-messages-figure" label="patients' messages past the reply time" href="/admin/messages"
                figure=messaging.figure(|o| o.overdue.to_string()) alert=messaging.check(|o| o.overdue > 0 || o.urgent > 0)/>
            <Tile testid="stopped-jobs-figure" label="stopped jobs" href="/admin/deliveries"
                figure=stopped.figure(count) alert=stopped.check(|p| !p.items.is_empty())/>
        </ul>
        <p class="actions">
            <a href="/admin/users">"Accounts"</a>
            <a href="/admin/appointments">"All appointments"</a>
            <a href="/admin/alerts">"Crisis alerts"</a>
            <a href="/admin/quarantine">"Quarantined files"</a>
            <a href="/admin/messages">"Messages"</a>
        </p>
    }
    .into_any()
}
