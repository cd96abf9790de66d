//! The patient's medical history: their completed visits.

use leptos::prelude::*;

use crate::components::appointment::VisitHistory;
use crate::state::session::use_session;

/// The signed-in patient's completed visits.
#[component]
pub fn MyHistory() -> impl IntoView {
    let me = use_session().me().map(|me| me.id);
    view! {
        <h1>"My medical history"</h1>
        {me.map(|patient| view! { <VisitHistory patient/> })}
    }
}
