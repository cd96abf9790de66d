//! "My record": the patient's problems and allergies, what they reported
//! and what their doctors recorded.

use leptos::prelude::*;

use crate::api::use_api;
use crate::components::record::RecordSection;

/// The signed-in patient's record.
#[component]
pub fn MyRecordPage() -> impl IntoView {
    let me = use_api().my_id().ok();
    view! {
        <h1>"My record"</h1>
        <p class="lead">"Your problems and allergies. What you add shows as patient-reported until one of your doctors confirms it."</p>
        {me.map(|patient| view! { <RecordSection patient/> })}
    }
}
