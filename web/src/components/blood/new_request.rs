//! A doctor's request for blood: for one of their patients (chosen by
//! name, or given by the record the doctor came from), what and how many,
//! how soon, and the indication for the blood bank. Sent, it opens the
//! request's page, where units are offered.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use medtrack_shared::blood::requests::{BloodRequest, NewRequest, Urgency};
use medtrack_shared::blood::{Component, MAX_NOTE_CHARS, MAX_REQUEST_UNITS};
use medtrack_shared::messaging::Contact;
use medtrack_shared::UserId;

use super::{component_options, component_value, refused, urgency_label};
use crate::api::{Api, ApiError};
use crate::components::action::{Act, Outcome};
use crate::components::form::{
    chosen, digits, option_value, options, Field, Problems, Select, TextArea,
};
use crate::components::status::{Loaded, Loader};

/// The most pages of patients read for the choice.
const PATIENT_PAGES: usize = 8;

/// The doctor's patients, by name.
async fn patients(api: Api) -> Result<Vec<Contact>, ApiError> {
    let mut all = Vec::new();
    let mut cursor = None;
    for _ in 0..PATIENT_PAGES {
        let page = api.contacts(cursor).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}

/// The form, its patient `given` by the address when it names one.
#[component]
pub fn NewRequestForm(given: Option<UserId>) -> impl IntoView {
    let people = Loader::new(patients);
    view! {
        <Loaded from=people what="your patients" let:people>
            {if people.is_empty() {
                view! { <p class="empty" data-testid="no-patients">"You have no patients yet: a patient who books an appointment with you becomes one."</p> }.into_any()
            } else {
                view! { <RequestForm people given/> }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn RequestForm(people: Vec<Contact>, given: Option<UserId>) -> impl IntoView {
    let api = crate::api::use_api();
    let navigate = use_navigate();
    let start = given
        .filter(|id| people.iter().any(|p| p.id == *id))
        .or_else(|| {
            (people.len() == 1)
                .then(|| people.first().map(|p| p.id))
                .flatten()
        });
    // The form's own check does not read the patient: any of them does.
    let anyone = people.first().map(|p| p.id);
    let patient = RwSignal::new(start.map(|id| id.to_string()).unwrap_or_default());
    let component = RwSignal::new(component_value(Component::RedCells));
    let count = RwSignal::new("1".to_owned());
    let urgency = RwSignal::new(option_value(&Urgency::Routine));
    let indication = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let patient_error = problems.of("patient", "The patient");
    let units_error = problems.of("units", "Units");
    let indication_error = problems.of("indication", "The indication");
    let urgencies = options(
        &[Urgency::Routine, Urgency::Urgent, Urgency::Emergency].map(|u| (u, urgency_label(u))),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut found = BTreeMap::new();
        let who = patient.get_untracked().parse::<UserId>().ok();
        if who.is_none() {
            found.insert(
                "patient".to_owned(),
                "is required: choose one of your patients".to_owned(),
            );
        }
        let units = count.get_untracked().trim().parse::<u8>().unwrap_or(0);
        let Some(checked) = who.or(anyone) else {
            return act.fail("Choose one of your patients.");
        };
        let input = NewRequest {
            patient: checked,
            component: component
                .get_untracked()
                .parse()
                .unwrap_or(Component::RedCells),
            units,
            urgency: chosen(urgency.get_untracked()).unwrap_or(Urgency::Routine),
            indication: indication.get_untracked().trim().to_owned(),
        };
        if let Err(errors) = input.check() {
            for (field, message) in errors.into_map() {
                found.entry(field).or_insert(message);
            }
        }
        if !found.is_empty() {
            return act.fail(problems.show(found));
        }
        let navigate = navigate.clone();
        let sent = async move {
            api.new_blood_request(&input)
                .await
                .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |request: BloodRequest| {
            navigate(
                &format!("/blood/requests/{}", request.id),
                Default::default(),
            );
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="new-request">
            <div class="field">
                <label for="request-patient">"Patient"</label>
                <select id="request-patient" name="request-patient" on:change=move |ev| patient.set(event_target_value(&ev))
                    aria-describedby="request-patient-error" aria-invalid=move || patient_error.get().is_some().to_string()>
                    <option value="" disabled selected=move || patient.get().is_empty()>"Choose a patient"</option>
                    {people.into_iter().map(|person| {
                        let id = person.id.to_string();
                        let mine = id.clone();
                        view! { <option value=id selected=move || patient.get() == mine>{person.name}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" id="request-patient-error" role="alert">{move || patient_error.get()}</p>
            </div>
            <div class="field-row">
                <Select label="Component" id="request-component" value=component options=component_options()/>
                <Field label="Units (1 to 20)" id="request-units" value=count inputmode="numeric"
                    max=digits(u64::from(MAX_REQUEST_UNITS)) error=units_error/>
            </div>
            <Select label="Urgency" id="request-urgency" value=urgency options=urgencies
                hint="In an emergency, units that need a recorded reason may be given (universal units before the group is confirmed, or before a crossmatch)."/>
            <TextArea label="Indication" id="request-indication" value=indication max=MAX_NOTE_CHARS error=indication_error
                hint="For the blood bank: why, e.g. haemoglobin 68 g/L, symptomatic."/>
            <Outcome act testid="request-outcome"/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Send request"</button></div>
        </form>
    }
}
