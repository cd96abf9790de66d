//! The problems on a patient's record.

use leptos::prelude::*;
use medtrack_shared::pagination::Page;
use medtrack_shared::record::{
    ClinicalStatus, Problem, ProblemChange, ProblemDetails, ProblemInput, MAX_ENTRY_NAME_CHARS,
    MAX_ENTRY_NOTES_CHARS,
};
use medtrack_shared::UserId;

use super::entry::{may_correct, recorded, Badges, DoctorActions, History, Revision, Step};
use super::Reader;
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{Field, Problems as FieldProblems, TextArea};
use crate::components::status::{Loaded, Loader};
use crate::format;

/// The patient's problems, with the form that adds one.
#[component]
pub fn Problems(patient: UserId, reader: Reader) -> impl IntoView {
    let list = Loader::new(move |api| api.problems(patient));
    let doctor = reader.doctor;
    view! {
        <Loaded from=list what="the problems" let:page>
            {
                let page: Page<Problem> = page;
                let reader = reader.clone();
                if page.items.is_empty() {
                    view! { <p class="empty">"No problems recorded."</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards" data-testid="problem-list">
                            {page.items.into_iter().map(|p| view! { <ProblemCard problem=p reader=reader.clone() list/> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }
        </Loaded>
        <AddProblem patient doctor list/>
    }
}

#[component]
fn ProblemCard(problem: Problem, reader: Reader, list: Loader<Page<Problem>>) -> impl IntoView {
    let api = use_api();
    let (patient, id) = (problem.patient, problem.id);
    let send = Callback::new(move |(step, act): (Step, Act)| {
        let change = ProblemChange {
            correction: None,
            clinical_status: step.clinical_status,
            verification: step.verification,
            reason: step.reason,
        };
        act.run(api.change_problem(patient, id, change), move |_| {
            act.done("Saved.");
            list.reload();
        });
    });
    let code = problem
        .details
        .code
        .as_ref()
        .map(|c| format!("{} {}", c.system, c.value));
    let onset = problem
        .details
        .onset
        .map(|d| format!("Since {}", format::date(d)));
    let correct = may_correct(&problem.state, &reader);
    let actions = if reader.doctor {
        view! { <DoctorActions state=problem.state.clone() key=format!("problem-{id}") send/> }
            .into_any()
    } else if correct {
        view! { <CorrectProblem problem=problem.clone() list/> }.into_any()
    } else {
        ().into_any()
    };
    let zone = reader.zone.clone();
    let load = move || {
        Loader::new(move |api| async move {
            let page = api.problem_history(patient, id).await?;
            Ok(page
                .items
                .into_iter()
                .map(|p| Revision {
                    summary: p.details.name,
                    state: p.state,
                })
                .collect::<Vec<_>>())
        })
    };
    view! {
        <li class="card" data-testid="problem">
            <h3>{problem.details.name.clone()}" "<Badges state=problem.state.clone()/></h3>
            {code.map(|c| view! { <p>{c}</p> })}
            {onset.map(|o| view! { <p>{o}</p> })}
            {(!problem.details.notes.is_empty()).then(|| view! { <p class="reason">{problem.details.notes.clone()}</p> })}
            <p>{recorded(&problem.state, &reader.zone)}</p>
            {problem.state.reason.clone().map(|why| view! { <p class="reason">"Reason: "{why}</p> })}
            {actions}
            <History zone load/>
        </li>
    }
}

/// The patient's correction of a problem they reported.
#[component]
fn CorrectProblem(problem: Problem, list: Loader<Page<Problem>>) -> impl IntoView {
    let api = use_api();
    let editing = RwSignal::new(false);
    let name = RwSignal::new(problem.details.name.clone());
    let notes = RwSignal::new(problem.details.notes.clone());
    let act = Act::new();
    let problems = FieldProblems::new();
    let name_error = problems.of("correction.name", "Name");
    let notes_error = problems.of("correction.notes", "Notes");
    let (patient, id, details) = (
        problem.patient,
        problem.id,
        StoredValue::new(problem.details),
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let change = ProblemChange {
            correction: Some(ProblemDetails {
                name: name.get_untracked(),
                notes: notes.get_untracked(),
                ..details.get_value()
            }),
            ..ProblemChange::default()
        };
        if let Err(errors) = change.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.change_problem(patient, id, change)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |_| list.reload());
    };
    view! {
        <div class="actions">
            <button type="button" class="secondary" on:click=move |_| editing.update(|e| *e = !*e)>"Edit"</button>
        </div>
        {move || editing.get().then(|| view! {
            <form class="form" on:submit=save novalidate>
                <Field label="Name" id=format!("problem-{id}-name") max=MAX_ENTRY_NAME_CHARS value=name error=name_error/>
                <TextArea label="Notes" id=format!("problem-{id}-notes") max=MAX_ENTRY_NOTES_CHARS value=notes error=notes_error/>
                <button type="submit" disabled=move || act.pending()>"Save changes"</button>
            </form>
        })}
        <Outcome act/>
    }
}

/// The form that adds a problem: confirmed when a doctor adds it,
/// patient-reported when the patient does.
#[component]
fn AddProblem(patient: UserId, doctor: bool, list: Loader<Page<Problem>>) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let act = Act::new();
    let problems = FieldProblems::new();
    let name_error = problems.of("name", "Name");
    let notes_error = problems.of("notes", "Notes");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let input = ProblemInput {
            name: name.get_untracked(),
            code: None,
            onset: None,
            notes: notes.get_untracked(),
            clinical_status: ClinicalStatus::Active,
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.add_problem(patient, input)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |_| {
            act.done("Problem added.");
            name.set(String::new());
            notes.set(String::new());
            list.reload();
        });
    };
    let heading = if doctor {
        "Record a problem"
    } else {
        "Report a problem"
    };
    view! {
        <form class="form" on:submit=submit novalidate aria-labelledby="add-problem" data-testid="add-problem">
            <h3 id="add-problem">{heading}</h3>
            <Field label="Problem" id="problem-name" hint="e.g. Asthma" max=MAX_ENTRY_NAME_CHARS value=name error=name_error/>
            <TextArea label="Notes" id="problem-notes" max=MAX_ENTRY_NOTES_CHARS value=notes error=notes_error/>
            <Outcome act/>
            <button type="submit" disabled=move || act.pending()>"Add problem"</button>
        </form>
    }
}
