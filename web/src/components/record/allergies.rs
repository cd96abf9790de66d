//! The allergies on a patient's record, and whether they were assessed.

use leptos::prelude::*;
use medtrack_shared::record::{
    Allergy, AllergyAssessment, AllergyCategory, AllergyChange, AllergyDetails, AllergyInput,
    AllergyKind, AllergyList, AssessmentStatus, ClinicalStatus, MAX_ENTRY_NAME_CHARS,
    MAX_REACTION_CHARS,
};
use medtrack_shared::UserId;

use super::entry::{may_correct, recorded, Badges, DoctorActions, History, Revision, Step};
use super::Reader;
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{chosen, option_value, Field, Problems as FieldProblems};
use crate::components::status::{Loaded, Loader};
use crate::format;

/// The categories offered, with their labels.
const CATEGORIES: [(AllergyCategory, &str); 4] = [
    (AllergyCategory::Medication, "Medication"),
    (AllergyCategory::Food, "Food"),
    (AllergyCategory::Environment, "Environment"),
    (AllergyCategory::Other, "Other"),
];

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

/// The patient's allergies, the assessment, and the form that adds one.
#[component]
pub fn Allergies(patient: UserId, reader: Reader) -> impl IntoView {
    let api = use_api();
    let list = Loader::new(move |api| api.allergies(patient));
    let doctor = reader.doctor;
    let stating = Act::new();
    let state_none = move |_| {
        stating.run(api.no_known_allergies(patient), move |_| {
            stating.done("Recorded: no known allergies.");
            list.reload();
        });
    };
    view! {
        <Loaded from=list what="the allergies" let:allergies>
            {
                let allergies: AllergyList = allergies;
                let reader = reader.clone();
                let line = assessment_line(&allergies.assessment, &reader.zone);
                let unassessed = allergies.assessment.status == AssessmentStatus::NotAssessed;
                let alert = allergies.assessment.status == AssessmentStatus::NotAssessed;
                view! {
                    {line.map(|line| view! {
                        <p class=if alert { "notice warning" } else { "notice" } data-testid="allergy-assessment">{line}</p>
                    })}
                    {(doctor && unassessed).then(|| view! {
                        <div class="actions">
                            <button type="button" class="secondary" disabled=move || stating.pending() on:click=state_none>"Record “No known allergies”"</button>
                        </div>
                    })}
                    {(!allergies.items.is_empty()).then(|| view! {
                        <ul class="cards" data-testid="allergy-list">
                            {allergies.items.into_iter().map(|a| view! { <AllergyCard allergy=a reader=reader.clone() list/> }).collect_view()}
                        </ul>
                    })}
                }
            }
        </Loaded>
        <Outcome act=stating/>
        <AddAllergy patient doctor list/>
    }
}

#[component]
fn AllergyCard(allergy: Allergy, reader: Reader, list: Loader<AllergyList>) -> impl IntoView {
    let api = use_api();
    let (patient, id) = (allergy.patient, allergy.id);
    let send = Callback::new(move |(step, act): (Step, Act)| {
        let change = AllergyChange {
            correction: None,
            clinical_status: step.clinical_status,
            verification: step.verification,
            reason: step.reason,
        };
        act.run(api.change_allergy(patient, id, change), move |_| {
            act.done("Saved.");
            list.reload();
        });
    });
    let details = &allergy.details;
    let kind = match details.kind {
        AllergyKind::Allergy => "Allergy",
        AllergyKind::Intolerance => "Intolerance",
    };
    let category = CATEGORIES
        .iter()
        .find(|(c, _)| *c == details.category)
        .map(|(_, label)| *label)
        .unwrap_or_default();
    let reaction =
        (!details.reaction.is_empty()).then(|| format!("Reaction: {}", details.reaction));
    let actions = if reader.doctor {
        view! { <DoctorActions state=allergy.state.clone() key=format!("allergy-{id}") send/> }
            .into_any()
    } else if may_correct(&allergy.state, &reader) {
        view! { <CorrectAllergy allergy=allergy.clone() list/> }.into_any()
    } else {
        ().into_any()
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
    view! {
        <li class="card" data-testid="allergy">
            <h3>{details.substance.clone()}" "<Badges state=allergy.state.clone()/></h3>
            <p>{format!("{kind} · {category}")}</p>
            {reaction.map(|r| view! { <p class="reason">{r}</p> })}
            <p>{recorded(&allergy.state, &reader.zone)}</p>
            {allergy.state.reason.clone().map(|why| view! { <p class="reason">"Reason: "{why}</p> })}
            {actions}
            <History zone load/>
        </li>
    }
}

/// The patient's correction of an allergy they reported.
#[component]
fn CorrectAllergy(allergy: Allergy, list: Loader<AllergyList>) -> impl IntoView {
    let api = use_api();
    let editing = RwSignal::new(false);
    let substance = RwSignal::new(allergy.details.substance.clone());
    let reaction = RwSignal::new(allergy.details.reaction.clone());
    let act = Act::new();
    let problems = FieldProblems::new();
    let substance_error = problems.of("correction.substance", "Substance");
    let reaction_error = problems.of("correction.reaction", "Reaction");
    let (patient, id, details) = (
        allergy.patient,
        allergy.id,
        StoredValue::new(allergy.details),
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let change = AllergyChange {
            correction: Some(AllergyDetails {
                substance: substance.get_untracked(),
                reaction: reaction.get_untracked(),
                ..details.get_value()
            }),
            ..AllergyChange::default()
        };
        if let Err(errors) = change.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.change_allergy(patient, id, change)
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
                <Field label="Substance" id=format!("allergy-{id}-substance") max=MAX_ENTRY_NAME_CHARS value=substance error=substance_error/>
                <Field label="Reaction" id=format!("allergy-{id}-reaction") max=MAX_REACTION_CHARS value=reaction error=reaction_error/>
                <button type="submit" disabled=move || act.pending()>"Save changes"</button>
            </form>
        })}
        <Outcome act/>
    }
}

/// The form that adds an allergy.
#[component]
fn AddAllergy(patient: UserId, doctor: bool, list: Loader<AllergyList>) -> impl IntoView {
    let api = use_api();
    let substance = RwSignal::new(String::new());
    let reaction = RwSignal::new(String::new());
    let category = RwSignal::new(option_value(&AllergyCategory::Medication));
    let act = Act::new();
    let problems = FieldProblems::new();
    let substance_error = problems.of("substance", "Substance");
    let reaction_error = problems.of("reaction", "Reaction");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let input = AllergyInput {
            substance: substance.get_untracked(),
            kind: AllergyKind::Allergy,
            category: chosen(category.get_untracked()).unwrap_or(AllergyCategory::Other),
            reaction: reaction.get_untracked(),
            severity: None,
            criticality: None,
            onset: None,
            notes: String::new(),
            clinical_status: ClinicalStatus::Active,
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.add_allergy(patient, input)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |_| {
            act.done("Allergy added.");
            substance.set(String::new());
            reaction.set(String::new());
            list.reload();
        });
    };
    let heading = if doctor {
        "Record an allergy"
    } else {
        "Report an allergy"
    };
    view! {
        <form class="form" on:submit=submit novalidate aria-labelledby="add-allergy" data-testid="add-allergy">
            <h3 id="add-allergy">{heading}</h3>
            <Field label="Substance" id="allergy-substance" hint="e.g. Penicillin" max=MAX_ENTRY_NAME_CHARS value=substance error=substance_error/>
            <div class="field">
                <label for="allergy-category">"Category"</label>
                <select id="allergy-category" name="allergy-category" on:change=move |ev| category.set(event_target_value(&ev))>
                    {CATEGORIES.map(|(c, label)| {
                        let value = option_value(&c);
                        let selected = category.get_untracked() == value;
                        view! { <option value=value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Field label="Reaction" id="allergy-reaction" hint="e.g. Hives" max=MAX_REACTION_CHARS value=reaction error=reaction_error/>
            <Outcome act/>
            <button type="submit" disabled=move || act.pending()>"Add allergy"</button>
        </form>
    }
}
