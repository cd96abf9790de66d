//! The crisis alerts no one has taken in hand yet: who, raised when, sent
//! to the administrators when (if yet); each acknowledged here once
//! someone has it in hand. The answers themselves stay on the patient's record.

use leptos::prelude::*;
use medtrack_shared::record::OpenAlert;

use crate::components::status::{Loaded, Loader};
use crate::components::wellbeing::phq9::AcknowledgeForm;
use crate::format;
use crate::state::session::use_session;

/// The open alerts page.
#[component]
pub fn AlertsPage() -> impl IntoView {
    let alerts = Loader::new(|api| api.crisis_alerts());
    view! {
        <h1>"Open crisis alerts"</h1>
        <p class="lead">"A patient answered item 9 of the PHQ-9 (thoughts of death or self-harm) other than “Not at all”. Their doctors are told at once, and the administrators when no doctor acknowledges it in time (at once when the patient has no doctor). Every alert no one has acknowledged yet is listed here: make sure someone contacts the patient, then acknowledge it."</p>
        <Loaded from=alerts what="the open alerts" let:list>
            {if list.is_empty() {
                view! { <p class="empty" data-testid="alerts-empty">"No open alerts."</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="open-alerts">
                        <thead>
                            <tr><th scope="col">"Patient"</th><th scope="col">"Raised"</th><th scope="col">"Sent to administrators"</th><th scope="col">"Acknowledge"</th></tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|alert| view! { <Row alert on_done=move || alerts.reload()/> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn Row(alert: OpenAlert, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let zone = use_session().zone();
    let escalated = alert
        .alert
        .escalated_at
        .map_or("Not yet".to_owned(), |at| format::when(at, &zone));
    view! {
        <tr data-testid="open-alert">
            <td data-label="Patient"><a href=format!("/patients/{}", alert.patient)>{alert.patient_name.clone()}</a></td>
            <td data-label="Raised">{format::when(alert.alert.raised_at, &zone)}</td>
            <td data-label="Sent to administrators">{escalated}</td>
            <td>
                <AcknowledgeForm patient=alert.patient id=alert.result on_done=move |_| on_done()/>
            </td>
        </tr>
    }
}
