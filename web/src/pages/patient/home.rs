//! The patient's dashboard: the way to their pages, today's doses and who
//! read their record.

use leptos::prelude::*;

use super::access_log::RecentReads;
use crate::components::doses::TodayDoses;

/// The patient's part of the dashboard.
#[component]
pub fn PatientHome() -> impl IntoView {
    view! {
        <p class="actions">
            <a href="/doctors">"Book an appointment"</a>" · "
            <a href="/appointments">"My appointments"</a>" · "
            <a href="/history">"My medical history"</a>" · "
            <a href="/medications">"My medications"</a>
        </p>
        <TodayDoses/>
        <RecentReads/>
    }
}
