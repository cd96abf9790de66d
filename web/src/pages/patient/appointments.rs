//! The patient's appointments, upcoming and past.

use leptos::prelude::*;

use crate::components::appointment::AppointmentList;
use crate::state::session::use_session;

/// The signed-in patient's appointments.
#[component]
pub fn MyAppointments() -> impl IntoView {
    let me = use_session().me().map(|me| me.id);
    view! {
        <h1>"My appointments"</h1>
        <p><a href="/doctors">"Book an appointment"</a></p>
        {me.map(|patient| view! {
            <AppointmentList patient past=false heading="Upcoming"/>
            <AppointmentList patient past=true heading="Past"/>
        })}
    }
}
