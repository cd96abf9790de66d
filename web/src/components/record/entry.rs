//! What problems and allergies share: the badges of where an entry stands,
//! the actions on it, and its revisions.

use leptos::prelude::*;
use medtrack_shared::record::{ClinicalStatus, EntryState, Verification, MAX_CHANGE_REASON_CHARS};

use super::Reader;
use crate::components::action::{Act, Outcome};
use crate::components::form::Field;
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
    let status = (state.verification != Verification::EnteredInError)
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

/// Whether `reader` may correct the entry: a patient, what they reported
/// themselves while no doctor has confirmed it.
pub fn may_correct(state: &EntryState, reader: &Reader) -> bool {
    !reader.doctor
        && state.verification == Verification::PatientReported
        && reader.id == Some(state.recorded_by.id)
}

/// A doctor's actions on an entry: confirm, resolve, or mark entered in
/// error with a reason. `send` sends the step and says how it went on `act`.
#[component]
pub fn DoctorActions(
    state: EntryState,
    #[prop(into)] key: String,
    send: Callback<(Step, Act)>,
) -> impl IntoView {
    let act = Act::new();
    let reason = RwSignal::new(String::new());
    let marking = RwSignal::new(false);
    let closed = matches!(
        state.verification,
        Verification::EnteredInError | Verification::Refuted
    );
    if closed {
        return ().into_any();
    }
    let confirm = (state.verification == Verification::PatientReported).then(|| {
        let step = Step {
            verification: Some(Verification::Confirmed),
            ..Step::default()
        };
        view! { <button type="button" class="secondary" disabled=move || act.pending() on:click=move |_| send.run((step.clone(), act))>"Confirm"</button> }
    });
    let resolve = (state.clinical_status != ClinicalStatus::Resolved).then(|| {
        let step = Step {
            clinical_status: Some(ClinicalStatus::Resolved),
            ..Step::default()
        };
        view! { <button type="button" class="secondary" disabled=move || act.pending() on:click=move |_| send.run((step.clone(), act))>"Resolve"</button> }
    });
    let field = format!("{key}-error-reason");
    let mark = move |_| {
        let text = reason.get_untracked();
        if text.trim().is_empty() {
            return act.fail("Say why the entry was made in error.");
        }
        let step = Step {
            verification: Some(Verification::EnteredInError),
            reason: Some(text),
            ..Step::default()
        };
        send.run((step, act));
    };
    view! {
        <div class="actions">
            {confirm}
            {resolve}
            <button type="button" class="secondary" on:click=move |_| marking.update(|m| *m = !*m)>"Mark entered in error"</button>
        </div>
        {move || marking.get().then(|| view! {
            <div class="form">
                <Field label="Why it was entered in error" id=field.clone() max=MAX_CHANGE_REASON_CHARS value=reason/>
                <button type="button" disabled=move || act.pending() on:click=mark>"Mark entered in error"</button>
            </div>
        })}
        <Outcome act/>
    }
    .into_any()
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
