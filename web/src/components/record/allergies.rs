//! The allergies on a patient's record, and whether they were assessed.

use leptos::prelude::*;
use medtrack_shared::record::{
    Allergy, AllergyAssessment, AllergyChange, AllergyList, AssessmentStatus,
};
use medtrack_shared::UserId;

use super::actions::{allowed, Action, EntryActions};
use super::allergy_form::{
    label_of, AddAllergy, CorrectAllergy, CATEGORIES, CRITICALITIES, KINDS, SEVERITIES,
};
use super::entry::{recorded, Badges, Facts, History, Revision, Step};
use super::Reader;
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::Problems as FieldProblems;
use crate::components::status::{Loaded, Loader};
use crate::format;

/// The assessment in words: not assessed, or none known (when, by whom).
fn assessment_line(assessment: &AllergyAssessment, zone: &str) -> Option<String> {
    match assessment.status {
        AssessmentStatus::NotAssessed => Some("Allergies not yet assessed".to_owned()),
        AssessmentStatus::NoKnownAllergies => {
            let date = assessment
                .recorded_at
                .map(|at| format::date_at(at, zone))
                .unwrap_or_default();
            let name = assessment
                .recorded_by
                .as_ref()
                .map(|by| by.name.clone())
                .unwrap_or_default();
            Some(format!("No known allergies — assessed on {date} by {name}"))
        }
        AssessmentStatus::HasAllergies => None,
    }
}

/// The patient's allergies, the assessment, and the form that adds one
/// (for the patient and their doctors; admins read only).
#[component]
pub fn Allergies(patient: UserId, reader: Reader) -> impl IntoView {
    let api = use_api();
    let list = Loader::new(move |api| api.allergies(patient));
    let doctor = reader.doctor;
    let stating = Act::new();
    // What an action on an entry did: said here, as the entry is drawn anew.
    let saved = Act::new();
    let state_none = move |_| {
        stating.run(api.no_known_allergies(patient), move |_| {
            stating.done("Recorded: no known allergies.");
            list.reload();
        });
    };
    let add = reader.writes.then(|| {
        let zone = reader.zone.clone();
        view! { <AddAllergy patient doctor zone list/> }
    });
    view! {
        <Loaded from=list what="the allergies" let:allergies>
            {
                let allergies: AllergyList = allergies;
                let reader = reader.clone();
                let line = assessment_line(&allergies.assessment, &reader.zone);
                let unassessed = allergies.assessment.status == AssessmentStatus::NotAssessed;
                view! {
                    {line.map(|line| view! {
                        <p class=if unassessed { "notice warning" } else { "notice" } data-testid="allergy-assessment">{line}</p>
                    })}
                    {(doctor && reader.writes && unassessed).then(|| view! {
                        <div class="actions">
                            <button type="button" class="secondary" disabled=move || stating.pending() on:click=state_none>"Record “No known allergies”"</button>
                        </div>
                    })}
                    {(!allergies.items.is_empty()).then(|| view! {
                        <ul class="cards" data-testid="allergy-list">
                            {allergies.items.into_iter().map(|a| view! { <AllergyCard allergy=a reader=reader.clone() list saved/> }).collect_view()}
                        </ul>
                    })}
                }
            }
        </Loaded>
        <Outcome act=stating/>
        <Outcome act=saved/>
        {add}
    }
}

/// An allergy's kind and category, then its reaction, severity,
/// criticality and onset, as the card shows them.
fn facts(allergy: &Allergy) -> (String, Vec<(&'static str, String)>) {
    let d = &allergy.details;
    let what = format!(
        "{} · {}",
        label_of(&KINDS, &d.kind),
        label_of(&CATEGORIES, &d.category)
    );
    let mut facts = Vec::new();
    if !d.reaction.is_empty() {
        facts.push(("Reaction", d.reaction.clone()));
    }
    if let Some(severity) = d.severity {
        facts.push(("Severity", label_of(&SEVERITIES, &severity).to_owned()));
    }
    if let Some(criticality) = d.criticality {
        facts.push((
            "Criticality",
            label_of(&CRITICALITIES, &criticality).to_owned(),
        ));
    }
    if let Some(onset) = d.onset {
        facts.push(("Onset", format::date(onset)));
    }
    (what, facts)
}

#[component]
fn AllergyCard(
    allergy: Allergy,
    reader: Reader,
    list: Loader<AllergyList>,
    saved: Act,
) -> impl IntoView {
    let api = use_api();
    let (patient, id) = (allergy.patient, allergy.id);
    let send = Callback::new(
        move |(action, step, act, problems): (Action, Step, Act, FieldProblems)| {
            let change = AllergyChange {
                correction: None,
                clinical_status: step.clinical_status,
                verification: step.verification,
                reason: step.reason,
            };
            if let Err(errors) = change.check() {
                return act.fail(problems.found(errors));
            }
            let sent = async move {
                api.change_allergy(patient, id, change)
                    .await
                    .map_err(|e| problems.refused(e))
            };
            act.run(sent, move |_| {
                saved.done(action.done());
                list.reload();
            });
        },
    );
    let may = allowed(&allergy.state, &reader);
    let editing = RwSignal::new(false);
    let correct = may.correct.then(|| {
        let (allergy, zone) = (allergy.clone(), reader.zone.clone());
        move || {
            editing.get().then(|| {
                let (allergy, zone) = (allergy.clone(), zone.clone());
                view! { <CorrectAllergy allergy zone list saved editing/> }
            })
        }
    });
    let actions = view! {
        <EntryActions actions=may.actions key=format!("allergy-{id}") send editing=may.correct.then_some(editing)/>
    };
    let zone = reader.zone.clone();
    let load = move || {
        Loader::new(move |api| async move {
            let page = api.allergy_history(patient, id).await?;
            Ok(page
                .items
                .into_iter()
                .map(|a| Revision {
                    summary: a.details.substance,
                    state: a.state,
                })
                .collect::<Vec<_>>())
        })
    };
    let (what, facts) = facts(&allergy);
    let notes = allergy.details.notes.clone();
    view! {
        <li class="card entry" data-testid="allergy">
            <h3>{allergy.details.substance.clone()}" "<Badges state=allergy.state.clone()/></h3>
            <p>{what}</p>
            <Facts facts/>
            {(!notes.is_empty()).then(|| view! { <p class="reason">{notes}</p> })}
            <p>{recorded(&allergy.state, &reader.zone)}</p>
            {allergy.state.reason.clone().map(|why| view! { <p class="reason">"Reason: "{why}</p> })}
            {actions}
            {correct}
            <History zone load/>
        </li>
    }
}
