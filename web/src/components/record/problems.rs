//! The problems on a patient's record.

use leptos::prelude::*;
use medtrack_shared::pagination::Page;
use medtrack_shared::record::{Problem, ProblemChange};
use medtrack_shared::UserId;

use super::actions::{allowed, Action, EntryActions};
use super::entry::{code_words, recorded, Badges, Facts, History, Revision, Step};
use super::problem_form::{AddProblem, CorrectProblem};
use super::Reader;
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::Problems as FieldProblems;
use crate::components::status::{Loaded, Loader};
use crate::format;

/// The patient's problems, with the form that adds one (for the patient
/// and their doctors; admins read only).
#[component]
pub fn Problems(patient: UserId, reader: Reader) -> impl IntoView {
    let list = Loader::new(move |api| api.problems(patient));
    // What an action on an entry did: said here, as the entry is drawn anew.
    let saved = Act::new();
    let add = reader.writes.then(|| {
        let zone = reader.zone.clone();
        view! { <AddProblem patient doctor=reader.doctor zone list/> }
    });
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
                            {page.items.into_iter().map(|p| view! { <ProblemCard problem=p reader=reader.clone() list saved/> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }
        </Loaded>
        <Outcome act=saved/>
        {add}
    }
}

/// A problem's code and onset, as the card shows them.
fn facts(problem: &Problem) -> Vec<(&'static str, String)> {
    let details = &problem.details;
    let mut facts = Vec::new();
    if let Some(code) = &details.code {
        facts.push(("Code", code_words(code)));
    }
    if let Some(onset) = details.onset {
        facts.push(("Onset", format::date(onset)));
    }
    facts
}

#[component]
fn ProblemCard(
    problem: Problem,
    reader: Reader,
    list: Loader<Page<Problem>>,
    saved: Act,
) -> impl IntoView {
    let api = use_api();
    let (patient, id) = (problem.patient, problem.id);
    let send = Callback::new(
        move |(action, step, act, problems): (Action, Step, Act, FieldProblems)| {
            let change = ProblemChange {
                correction: None,
                clinical_status: step.clinical_status,
                verification: step.verification,
                reason: step.reason,
            };
            if let Err(errors) = change.check() {
                return act.fail(problems.found(errors));
            }
            let sent = async move {
                api.change_problem(patient, id, change)
                    .await
                    .map_err(|e| problems.refused(e))
            };
            act.run(sent, move |_| {
                saved.done(action.done());
                list.reload();
            });
        },
    );
    let may = allowed(&problem.state, &reader);
    let editing = RwSignal::new(false);
    let correct = may.correct.then(|| {
        let (problem, zone) = (problem.clone(), reader.zone.clone());
        move || {
            editing.get().then(|| {
                let (problem, zone) = (problem.clone(), zone.clone());
                view! { <CorrectProblem problem zone list saved editing/> }
            })
        }
    });
    let actions = view! {
        <EntryActions actions=may.actions key=format!("problem-{id}") send editing=may.correct.then_some(editing)/>
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
    let notes = problem.details.notes.clone();
    view! {
        <li class="card entry" data-testid="problem">
            <h3>{problem.details.name.clone()}" "<Badges state=problem.state.clone()/></h3>
            <Facts facts=facts(&problem)/>
            {(!notes.is_empty()).then(|| view! { <p class="reason">{notes}</p> })}
            <p>{recorded(&problem.state, &reader.zone)}</p>
            {problem.state.reason.clone().map(|why| view! { <p class="reason">"Reason: "{why}</p> })}
            {actions}
            {correct}
            <History zone load/>
        </li>
    }
}
