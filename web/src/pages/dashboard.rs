//! The signed-in person's start page, one shell per role.

use leptos::prelude::*;
use medtrack_shared::Role;

use crate::pages::{admin, doctor, patient};
use crate::state::session::use_session;

/// The dashboard.
#[component]
pub fn Dashboard() -> impl IntoView {
    // Read once: the guard above shows this page only to someone signed in.
    use_session().me().map(|me| {
        let greeting = format!("Welcome, {}", me.name);
        let body = match me.role {
            Role::Patient => view! { <patient::home::PatientHome/> }.into_any(),
            Role::Doctor => view! { <doctor::home::DoctorHome me/> }.into_any(),
            Role::Admin => view! { <admin::home::AdminHome me/> }.into_any(),
        };
        view! { <h1>{greeting}</h1> {body} }
    })
}
