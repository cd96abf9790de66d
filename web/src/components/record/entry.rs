//! What problems and allergies share: the badges of where an entry stands,
//! its facts, who recorded it, and its revisions.

use leptos::prelude::*;
use medtrack_shared::record::{ClinicalStatus, Code, EntryState, Verification};

use crate::components::status::{Loaded, Loader};
use crate::format;

/// The status part of a change, the same for problems and allergies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Step {
    pub clinical_status: Option<ClinicalStatus>,
    pub verification: Option<Verification>,
    pub reason: Option<String>,
}

/// The clinical status in words.
fn status_word(status: ClinicalStatus) -> &'static str {
    match status {
        ClinicalStatus::Active => "Active",
        ClinicalStatus::Inactive => "Inactive",
        ClinicalStatus::Resolved => "Resolved",
    }
}

/// The verification in words, with its badge's class.
fn verification_badge(verification: Verification) -> (&'static str, &'static str) {
    match verification {
        Verification::PatientReported => ("Patient-reported", "badge warn"),
        Verification::Confirmed => ("Confirmed", "badge ok"),
        Verification::Refuted => ("Refuted", "badge"),
        Verification::EnteredInError => ("Entered in error", "badge alert"),
    }
}

/// The badges of where an entry stands.
#[component]
pub fn Badges(state: EntryState) -> impl IntoView {
    let (word, class) = verification_badge(state.verification);
    // A refuted entry or one entered in error has no clinical status to speak of.
    let status = matches!(
        state.verification,
        Verification::PatientReported | Verification::Confirmed
    )
    .then(|| view! { <span class="badge" data-testid="entry-status">{status_word(state.clinical_status)}</span>" " });
    view! {
        {status}
        <span class=class data-testid="entry-verification">{word}</span>
    }
}

/// Who recorded the entry and when, and who changed it last.
pub fn recorded(state: &EntryState, zone: &str) -> String {
    let first = format!(
        "Recorded by {} on {}",
        state.recorded_by.name,
        format::when(state.recorded_at, zone)
    );
    if state.revision > 1 {
        format!(
            "{first}; changed by {} on {}",
            state.updated_by.name,
            format::when(state.updated_at, zone)
        )
    } else {
        first
    }
}

/// The facts of an entry (code, onset, reaction…), each its name and words.
#[component]
pub fn Facts(facts: Vec<(&'static str, String)>) -> impl IntoView {
    (!facts.is_empty()).then(|| {
        view! {
            <dl class="entry-facts">
                {facts.into_iter().map(|(name, words)| view! {
                    <div><dt>{name}</dt><dd>{words}</dd></div>
                }).collect_view()}
            </dl>
        }
    })
}

/// A code as read: `J45.909 (ICD-10)`.
pub fn code_words(code: &Code) -> String {
    format!("{} ({})", code.value, code.system)
}

/// One revision, as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// What the entry said then.
    pub summary: String,
    /// Where it stood, who made the revision and why.
    pub state: EntryState,
}

/// The revisions of an entry, read when the reader opens them.
#[component]
pub fn History(
    zone: String,
    load: impl Fn() -> Loader<Vec<Revision>> + Send + Sync + 'static,
) -> impl IntoView {
    let opened = RwSignal::new(false);
    view! {
        <details on:toggle=move |_| opened.set(true)>
            <summary>"History"</summary>
            {move || opened.get().then(|| {
                let zone = zone.clone();
                view! {
                    <Loaded from=load() what="the history" let:revisions>
                        <ol class="history">
                            {revisions.into_iter().map(|r| {
                                let (word, _) = verification_badge(r.state.verification);
                                let line = format!(
                                    "Revision {}: {} ({}, {}), by {} on {}",
                                    r.state.revision,
                                    r.summary,
                                    status_word(r.state.clinical_status),
                                    word,
                                    r.state.updated_by.name,
                                    format::when(r.state.updated_at, &zone),
                                );
                                let reason = r.state.reason.map(|why| format!("Reason: {why}"));
                                view! { <li>{line}{reason.map(|r| view! { <br/>{r} })}</li> }
                            }).collect_view()}
                        </ol>
                    </Loaded>
                }
            })}
        </details>
    }
}
