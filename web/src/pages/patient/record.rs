//! "My record": the patient's problems and allergies, what they reported
//! and what their doctors recorded, their confirmed blood group, their
//! hospital stays, and the record's timeline; with the way to their mood
//! log, PHQ-9 and documents.

use leptos::prelude::*;

use crate::api::use_api;
use crate::components::blood::BloodGroupPanel;
use crate::components::record::{DownloadMyData, RecordSection, Timeline};
use crate::components::wards::HospitalStays;

/// The parts of the patient's record, as links; `current` is the page shown.
#[component]
pub fn RecordNav(current: &'static str) -> impl IntoView {
    let links = [
        ("record", "/record", "Problems and allergies"),
        ("timeline", "/record#timeline-heading", "Timeline"),
        ("mood", "/record/mood", "Mood"),
        ("phq9", "/record/phq9", "PHQ-9"),
        ("documents", "/record/documents", "Documents"),
    ];
    view! {
        <nav class="subnav" aria-label="My record" data-testid="record-nav">
            <ul>
                {links.map(|(key, href, label)| view! {
                    <li><a href=href aria-current=(key == current).then_some("page")>{label}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// The signed-in patient's record.
#[component]
pub fn MyRecordPage() -> impl IntoView {
    let me = use_api().my_id().ok();
    view! {
        <h1>"My record"</h1>
        <p class="lead">"Your problems and allergies, and your record's timeline. What you add shows as patient-reported until one of your doctors confirms it."</p>
        <RecordNav current="record"/>
        {me.map(|patient| view! {
            <RecordSection patient/>
            <BloodGroupPanel patient/>
            <HospitalStays patient/>
            <Timeline patient/>
            <DownloadMyData patient/>
        })}
    }
}
