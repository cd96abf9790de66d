//! A patient's record as their doctors and admins see it: details,
//! problems and allergies, the timeline, documents, appointments, history
//! and medications, the confirmed blood group (recorded here after a
//! test), the hospital stays; for doctors also the mood chart and the
//! PHQ-9 (with its alerts, their acknowledgement, and requests for it).
//! Every such read is in the patient's access log. A doctor who is not one
//! of the patient's is refused, and offered to open it in an emergency.

use jiff::Timestamp;
use leptos::prelude::*;
use medtrack_shared::account::{EmergencyAccess, PatientProfile};
use medtrack_shared::{ErrorCode, Role, UserId};

use crate::components::appointment::{AppointmentList, VisitHistory};
use crate::components::blood::BloodGroupPanel;
use crate::components::medication::PatientMedications;
use crate::components::record::{RecordSection, Timeline};
use crate::components::status::{Loaded, Loader};
use crate::components::vault::RecordDocuments;
use crate::components::wards::HospitalStays;
use crate::components::wellbeing::DoctorWellbeing;
use crate::format;
use crate::pages::doctor::emergency::EmergencyForm;
use crate::state::session::use_session;

/// What the record's address opens.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Opened {
    Record(PatientProfile),
    /// A doctor who is not one of this patient's.
    NotYours(UserId),
}

/// The record of the patient the route names.
#[component]
pub fn PatientRecord() -> impl IntoView {
    let session = use_session();
    let doctor = session.me().is_some_and(|me| me.role == Role::Doctor);
    let opened = Loader::by_route_id(move |api, id: UserId| async move {
        match api.patient(id).await {
            Ok(profile) => Ok(Opened::Record(profile)),
            Err(e) if doctor && e.code() == Some(ErrorCode::Forbidden) => Ok(Opened::NotYours(id)),
            Err(e) => Err(e),
        }
    });
    // Until when an emergency access opened here lasts.
    let until = RwSignal::new(None::<Timestamp>);
    let granted = Callback::new(move |access: EmergencyAccess| {
        until.set(Some(access.until));
        opened.reload();
    });
    view! {
        <Loaded from=opened what="the patient's record" let:opened>
            {match opened {
                Opened::Record(patient) => view! { <Record patient until/> }.into_any(),
                Opened::NotYours(patient) => view! {
                    <h1>"Not your patient"</h1>
                    <p class="lead" data-testid="not-your-patient">"You are not one of this patient's doctors, so their record is closed to you."</p>
                    <h2>"Open it in an emergency"</h2>
                    <p>"If their care cannot wait, you may open the record now, saying why."</p>
                    <EmergencyForm patient=Some(patient) on_open=granted/>
                }
                .into_any(),
            }}
        </Loaded>
    }
}

#[component]
fn Record(patient: PatientProfile, until: RwSignal<Option<Timestamp>>) -> impl IntoView {
    let zone = use_session().zone();
    // Mood and the PHQ-9 are for the patient's doctors, not administrators.
    let doctor = use_session().me().is_some_and(|me| me.role == Role::Doctor);
    let emergency = until.get_untracked().map(|until| {
        format!(
            "Emergency access: this record is open to you until {}. The patient and the administrators have been told, and each read is logged as an emergency.",
            format::when(until, &zone)
        )
    });
    view! {
        <h1>{patient.name.clone()}</h1>
        {emergency.map(|text| view! { <p class="notice warning" role="status" data-testid="emergency-open">{text}</p> })}
        <dl class="facts">
            <dt>"Date of birth"</dt><dd>{patient.date_of_birth.map(format::date).unwrap_or_default()}</dd>
            <dt>"Email"</dt><dd>{patient.email.clone()}</dd>
            <dt>"Phone"</dt><dd>{patient.phone.clone().unwrap_or_else(|| "Not given".to_owned())}</dd>
            <dt>"Time zone"</dt><dd>{patient.time_zone.clone()}</dd>
        </dl>
        <p class="hint">"Your reading of this record appears in the patient's access log."</p>
        {doctor.then(|| view! {
            <p class="actions">
                <a class="button secondary" href=format!("/messages/new?with={}", patient.id) data-testid="message-patient">"Message"</a>
                <a class="button secondary" href=format!("/doctor/blood?patient={}", patient.id) data-testid="request-blood">"Request blood"</a>
            </p>
        })}
        {doctor.then(|| view! { <OpenAlertNotice patient=patient.id/> })}
        <RecordSection patient=patient.id/>
        <BloodGroupPanel patient=patient.id/>
        <HospitalStays patient=patient.id/>
        {doctor.then(|| view! { <DoctorWellbeing patient=patient.id/> })}
        <Timeline patient=patient.id/>
        <RecordDocuments patient=patient.id/>
        <AppointmentList patient=patient.id past=false heading="Upcoming appointments"/>
        <h2>"Medical history"</h2>
        <VisitHistory patient=patient.id/>
        <h2>"Medications"</h2>
        <PatientMedications patient=patient.id/>
    }
}

/// Says at the top of the record that the patient has an alert no one has
/// taken in hand, and leads to it.
#[component]
fn OpenAlertNotice(patient: UserId) -> impl IntoView {
    let alerts = Loader::new(|api| api.crisis_alerts());
    move || {
        let open = alerts
            .data()
            .unwrap_or_default()
            .iter()
            .filter(|a| a.patient == patient)
            .count();
        (open > 0).then(|| {
            view! {
                <p class="notice problem" role="status" data-testid="record-open-alert">
                    <strong>"Crisis alert open. "</strong>
                    "This patient answered item 9 of the PHQ-9 (thoughts of death or self-harm). "
                    <a href="#phq9-heading">"See it and acknowledge it"</a>
                </p>
            }
        })
    }
}
