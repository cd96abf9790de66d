//! The doctor's dashboard: where their account stands, and their pages once
//! it is approved.

use leptos::prelude::*;
use medtrack_shared::{AccountStatus, Me};

/// The doctor's part of the dashboard.
#[component]
pub fn DoctorHome(me: Me) -> impl IntoView {
    let specialization = me.specialization.map(|s| s.to_string()).unwrap_or_default();
    let licence = me.licence_number.unwrap_or_default();
    let status = match me.status {
        AccountStatus::Pending => "Your account is waiting for an administrator's approval. You will be able to see patients once it is approved.".to_owned(),
        AccountStatus::Rejected => format!(
            "Your account was not approved. {}",
            me.status_reason.unwrap_or_default()
        ),
        AccountStatus::Active | AccountStatus::Deactivated => "Your account is approved.".to_owned(),
    };
    let links = (me.status == AccountStatus::Active).then(|| {
        view! {
            <p class="actions">
                <a href="/doctor/day">"My day"</a>" · "
                <a href="/doctor/requests">"Requests"</a>" · "
                <a href="/doctor/practice">"My practice and hours"</a>" · "
                <a href="/doctor/emergency">"Emergency access to a record"</a>
            </p>
        }
    });
    view! {
        <p class="lead" data-testid="doctor-status">{status}</p>
        {links}
        <dl class="facts">
            <dt>"Specialization"</dt><dd>{specialization}</dd>
            <dt>"Licence number"</dt><dd>{licence}</dd>
        </dl>
    }
}
