//! How a medication looks, to its patient and to their doctors; and the
//! read-only list with adherence that a patient's doctors (and admins) see
//! on the record, which puts each read in the patient's access log.

use leptos::prelude::*;
use medtrack_shared::delivery::EmailStatus;
use medtrack_shared::medication::Medication;
use medtrack_shared::UserId;

use crate::components::doses::AdherenceChart;
use crate::components::list::Items;
use crate::components::status::{Loaded, Loader};
use crate::state::session::use_session;
use crate::time;

/// The medication's name and strength, e.g. "Amoxicillin 500 mg".
pub fn title(medication: &Medication) -> String {
    format!(
        "{} {}",
        medication.details.name, medication.details.strength
    )
    .trim()
    .to_owned()
}

/// One medication; `children` are the patient's actions on it, if any.
#[component]
pub fn MedicationCard(
    medication: Medication,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let zone = use_session().zone();
    let details = &medication.details;
    let when = if details.schedule.as_needed {
        "As needed".to_owned()
    } else {
        let times: Vec<String> = details
            .schedule
            .times
            .iter()
            .map(|t| t.strftime("%H:%M").to_string())
            .collect();
        format!("At {}", times.join(", "))
    };
    let next = medication
        .next_dose_at
        .map(|at| format!("Next dose: {}", time::local(at, &zone)));
    let stock = details.supply.map(|s| format!("{} on hand", s.on_hand));
    let caregiver = details.missed.caregiver.as_ref().map(|c| {
        let mut ways = Vec::new();
        if c.phone.is_some() {
            ways.push("by text message");
        }
        if c.email.is_some() {
            ways.push(match medication.caregiver_email_status {
                Some(EmailStatus::Active) => "by email",
                _ => "by email once they confirm the link we sent them",
            });
        }
        format!(
            "Missed doses are told to {} {}.",
            c.name,
            ways.join(" and ")
        )
    });
    let doctor_told = details
        .missed
        .tell_doctor
        .then_some("Missed doses are told to the doctor.");
    let dose = format!("{} {}", details.dose, details.form)
        .trim()
        .to_owned();
    view! {
        <li class="card" data-testid="medication">
            <h3>{title(&medication)} {medication.paused.then(|| view! { " " <span class="badge">"paused"</span> })}</h3>
            <p>{dose}</p>
            <p>{when}</p>
            {next.map(|n| view! { <p>{n}</p> })}
            {stock.map(|s| view! { <p>{s}</p> })}
            {caregiver.map(|c| view! { <p data-testid="caregiver">{c}</p> })}
            {doctor_told.map(|d| view! { <p>{d}</p> })}
            {children.map(|actions| actions())}
        </li>
    }
}

/// A patient's medications and adherence, read-only.
#[component]
pub fn PatientMedications(patient: UserId) -> impl IntoView {
    let list = Loader::new(move |api| api.medications(patient));
    let adherence = Loader::new(move |api| api.adherence(patient));
    view! {
        <Loaded from=list what="the medications" let:items>
            <Items items testid="patient-medications" empty="No medications on the list." empty_testid="no-medications" let:medication>
                <MedicationCard medication/>
            </Items>
        </Loaded>
        <Loaded from=adherence what="the adherence" let:adherence>
            <AdherenceChart adherence/>
        </Loaded>
    }
}
