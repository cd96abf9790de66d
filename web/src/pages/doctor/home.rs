//! The doctor's dashboard: where their account stands; once approved, any
//! crisis alert about their patients first, the day in figures, what to do
//! next ("publish your hours" until they do) and today's timeline.

use leptos::prelude::*;
use medtrack_shared::{AccountStatus, Me};

use super::day::TimeGrid;
use crate::components::status::{Loaded, Loader};
use crate::components::tiles::Tile;
use crate::format;
use crate::state::catalogue::use_catalogue;
use crate::state::session::use_session;

/// The doctor's part of the dashboard.
#[component]
pub fn DoctorHome(me: Me) -> impl IntoView {
    let specialization = me
        .specialization
        .map(|s| use_catalogue().name(&s))
        .unwrap_or_default();
    let licence = me.licence_number.unwrap_or_default();
    let status = match me.status {
        AccountStatus::Pending => "Your account is waiting for an administrator's approval. You will be able to see patients once it is approved.".to_owned(),
        AccountStatus::Rejected => format!(
            "Your account was not approved. {}",
            me.status_reason.unwrap_or_default()
        ),
        AccountStatus::Active | AccountStatus::Deactivated => "Your account is approved.".to_owned(),
    };
    let work = (me.status == AccountStatus::Active).then(|| view! { <Today/> });
    view! {
        <p class="lead" data-testid="doctor-status">{status}</p>
        {work}
        <h2>"Your registration"</h2>
        <dl class="facts">
            <dt>"Specialization"</dt><dd>{specialization}</dd>
            <dt>"Licence number"</dt><dd>{licence}</dd>
        </dl>
    }
}

/// The approved doctor's day.
#[component]
fn Today() -> impl IntoView {
    let day = Loader::new(|api| api.day());
    let practice = Loader::new(|api| api.practice());
    let waiting = Loader::new(|api| api.waiting_threads());
    view! {
        <OpenAlerts/>
        <Loaded from=practice what="your practice" let:practice>
            {practice.weekly_hours.is_empty().then(|| view! {
                <div class="notice warning" data-testid="publish-hours">
                    <p><strong>"Publish your hours, or patients cannot book you."</strong></p>
                    <p><a href="/doctor/practice">"Set your weekly hours, fee and visit length"</a></p>
                </div>
            })}
        </Loaded>
        <ul class="tiles" aria-label="Today">
            <Tile testid="today-figure" label="appointments today" href="/doctor/day"
                figure=day.figure(|d| d.appointments.len().to_string())/>
            <Tile testid="requests-figure" label="requests waiting" href="/doctor/requests"
                figure=day.figure(|d| d.pending_requests.to_string())
                alert=day.check(|d| d.pending_requests > 0)/>
            <Tile testid="waiting-messages-figure" label="patients waiting for your reply" href="/messages"
                figure=waiting.figure(|w| w.len().to_string())
                alert=waiting.check(|w| w.iter().any(|t| t.urgent || t.waiting.is_some_and(|w| w.overdue)))/>
            <Tile testid="next-figure" label="next patient" href="/doctor/day"
                figure=day.figure(|d| {
                    d.next
                        .and_then(|id| d.appointments.iter().find(|a| a.id == id))
                        .map_or("None".to_owned(), |a| format::clock(a.starts_at, &d.time_zone))
                })/>
        </ul>
        <h2>"Today"</h2>
        <Loaded from=day what="your day" let:day>
            <TimeGrid appointments=day.appointments zone=day.time_zone/>
        </Loaded>
        <p class="actions">
            <a href="/doctor/practice">"Practice and hours"</a>
            <a href="/doctor/emergency">"Emergency access to a record"</a>
        </p>
    }
}

/// The crisis alerts about the doctor's patients that no one has taken in
/// hand, each leading to the patient's record.
#[component]
fn OpenAlerts() -> impl IntoView {
    let alerts = Loader::new(|api| api.crisis_alerts());
    let zone = use_session().zone();
    view! {
        <Loaded from=alerts what="crisis alerts" let:list>
            {(!list.is_empty()).then(|| {
                let zone = zone.clone();
                view! {
                    <div class="notice problem" role="status" data-testid="doctor-open-alerts">
                        <p><strong>"Crisis alerts to acknowledge"</strong></p>
                        <ul>
                            {list.into_iter().map(|a| {
                                let raised = format::when(a.alert.raised_at, &zone);
                                view! {
                                    <li>
                                        <a href=format!("/patients/{}", a.patient)>{a.patient_name.clone()}</a>
                                        {format!(" answered item 9 of a PHQ-9 (thoughts of death or self-harm), {raised}.")}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                }
            })}
        </Loaded>
    }
}
