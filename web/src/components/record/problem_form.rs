//! The forms of a problem: adding one (the name first; its code, onset,
//! clinical status and notes under "More details"), and correcting one
//! (the same fields; the status changes through the entry's actions).

use leptos::prelude::*;
use medtrack_shared::pagination::Page;
use medtrack_shared::record::{
    ClinicalStatus, Problem, ProblemChange, ProblemDetails, ProblemInput, MAX_CODE_CHARS,
    MAX_ENTRY_NAME_CHARS, MAX_ENTRY_NOTES_CHARS,
};
use medtrack_shared::{FieldErrors, UserId};

use super::fields::{self, merged, read_onset, MoreDetails, CODE_SYSTEMS, STATUSES};
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{chosen, option_value, options, Field, Problems, Select, TextArea};
use crate::components::status::Loader;
use crate::format;

/// A problem's fields as the person edits them.
#[derive(Debug, Clone, Copy)]
struct ProblemFields {
    name: RwSignal<String>,
    code_system: RwSignal<String>,
    code_value: RwSignal<String>,
    onset: RwSignal<String>,
    notes: RwSignal<String>,
}

impl ProblemFields {
    /// The fields, empty or filled from `details`.
    fn new(details: Option<&ProblemDetails>) -> Self {
        let text = |value: Option<String>| RwSignal::new(value.unwrap_or_default());
        let code = details.and_then(|d| d.code.as_ref());
        Self {
            name: text(details.map(|d| d.name.clone())),
            code_system: text(code.map(|c| c.system.clone())),
            code_value: text(code.map(|c| c.value.clone())),
            onset: text(details.and_then(|d| d.onset).map(|d| d.to_string())),
            notes: text(details.map(|d| d.notes.clone())),
        }
    }

    /// Empties them for the next problem.
    fn clear(self) {
        for field in [
            self.name,
            self.code_system,
            self.code_value,
            self.onset,
            self.notes,
        ] {
            field.set(String::new());
        }
    }

    /// The details as typed; what cannot be read is told in `errors`,
    /// named under `prefix` as the server names it.
    fn read(self, prefix: &str, zone: &str, errors: &mut FieldErrors) -> ProblemDetails {
        ProblemDetails {
            name: self.name.get_untracked(),
            code: fields::code(
                &self.code_system.get_untracked(),
                &self.code_value.get_untracked(),
            ),
            onset: read_onset(self.onset, &format!("{prefix}onset"), zone, errors),
            notes: self.notes.get_untracked(),
        }
    }
}

/// The fields of a problem; `key` names their ids, `prefix` the server's
/// names of them; `status` is the clinical status of a new one.
#[component]
fn ProblemFieldsView(
    fields: ProblemFields,
    key: String,
    prefix: &'static str,
    problems: Problems,
    zone: String,
    #[prop(optional)] status: Option<RwSignal<String>>,
    #[prop(optional)] open: bool,
) -> impl IntoView {
    let at = |field: &str, label: &'static str| problems.of(format!("{prefix}{field}"), label);
    let name_error = at("name", "Problem");
    let system_error = at("code.system", "Code system");
    let value_error = at("code.value", "Code");
    let onset_error = at("onset", "Onset");
    let notes_error = at("notes", "Notes");
    let status_error = at("clinical_status", "Clinical status");
    let id = |field: &str| format!("{key}-{field}");
    let id_name = id("name");
    let id_code_system = id("code-system");
    let id_code_value = id("code-value");
    let id_onset = id("onset");
    let id_status = id("status");
    let id_notes = id("notes");
    let what = if status.is_some() {
        "(optional): code, onset, status, notes"
    } else {
        "(optional): code, onset, notes"
    };
    let today = format::today(&zone).to_string();
    view! {
        <Field label="Problem" id=id_name.clone() hint="The condition in words, e.g. Asthma." max=MAX_ENTRY_NAME_CHARS value=fields.name error=name_error/>
        <MoreDetails what open errors=vec![system_error, value_error, onset_error, notes_error, status_error]>
            <div class="field-pair">
                <Field label="Code system" id=id_code_system.clone() hint="e.g. ICD-10 or SNOMED CT." max=MAX_CODE_CHARS choices=CODE_SYSTEMS value=fields.code_system error=system_error/>
                <Field label="Code" id=id_code_value.clone() hint="e.g. J45.909. Give both, or neither." max=MAX_CODE_CHARS value=fields.code_value error=value_error/>
            </div>
            <Field label="Onset" id=id_onset.clone() kind="date" hint="When it began, if known." max_date=today value=fields.onset error=onset_error/>
            {status.map(|status| view! {
                <Select label="Clinical status" id=id_status.clone() hint="Inactive or resolved records a past condition." options=options(&STATUSES) value=status error=status_error/>
            })}
            <TextArea label="Notes" id=id_notes.clone() max=MAX_ENTRY_NOTES_CHARS value=fields.notes error=notes_error/>
        </MoreDetails>
    }
}

/// The form that adds a problem: confirmed when a doctor adds it,
/// patient-reported when the patient does.
#[component]
pub fn AddProblem(
    patient: UserId,
    doctor: bool,
    zone: String,
    list: Loader<Page<Problem>>,
) -> impl IntoView {
    let api = use_api();
    let fields = ProblemFields::new(None);
    let active = option_value(&ClinicalStatus::Active);
    let status = RwSignal::new(active.clone());
    let act = Act::new();
    let problems = Problems::new();
    let read_zone = zone.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut errors = FieldErrors::default();
        let details = fields.read("", &read_zone, &mut errors);
        let input = ProblemInput {
            name: details.name,
            code: details.code,
            onset: details.onset,
            notes: details.notes,
            clinical_status: chosen(status.get_untracked()).unwrap_or_default(),
        };
        if let Err(errors) = merged(errors, input.check()) {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.add_problem(patient, input)
                .await
                .map_err(|e| problems.refused(e))
        };
        let active = active.clone();
        act.run(sent, move |_| {
            act.done("Problem added.");
            fields.clear();
            status.set(active);
            list.reload();
        });
    };
    let (heading, lead) = if doctor {
        (
            "Record a problem",
            "Recorded by you, it shows as confirmed.",
        )
    } else {
        (
            "Report a problem",
            "It shows as patient-reported until one of your doctors confirms it.",
        )
    };
    view! {
        <form class="form record-form" on:submit=submit novalidate aria-labelledby="add-problem" data-testid="add-problem">
            <h3 id="add-problem">{heading}</h3>
            <p class="hint">{lead}</p>
            <ProblemFieldsView fields key="problem".to_owned() prefix="" problems zone status/>
            <Outcome act/>
            <button type="submit" disabled=move || act.pending()>"Add problem"</button>
        </form>
    }
}

/// The correction of a problem: the same fields as adding it, filled;
/// `saved` says when it is done (the entry is shown anew).
#[component]
pub fn CorrectProblem(
    problem: Problem,
    zone: String,
    list: Loader<Page<Problem>>,
    saved: Act,
    /// Whether the form shows: "Cancel" closes it.
    editing: RwSignal<bool>,
) -> impl IntoView {
    let api = use_api();
    let details = &problem.details;
    let open = details.code.is_some() || details.onset.is_some() || !details.notes.is_empty();
    let fields = ProblemFields::new(Some(details));
    let act = Act::new();
    let problems = Problems::new();
    let (patient, id) = (problem.patient, problem.id);
    let read_zone = zone.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut errors = FieldErrors::default();
        let change = ProblemChange {
            correction: Some(fields.read("correction.", &read_zone, &mut errors)),
            ..ProblemChange::default()
        };
        if let Err(errors) = merged(errors, change.check()) {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.change_problem(patient, id, change)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |_| {
            saved.done("Changes saved.");
            list.reload();
        });
    };
    view! {
        <form class="form record-form" on:submit=save novalidate aria-label="Correct the problem" data-testid="correct-problem">
            <ProblemFieldsView fields key=format!("problem-{id}") prefix="correction." problems zone open/>
            <Outcome act/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Save changes"</button>
                <button type="button" class="secondary" on:click=move |_| editing.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}
