//! A patient's record as their doctors and admins see it: details,
//! appointments, history and medications. Every such read is in the
//! patient's access log.

use leptos::prelude::*;
use medtrack_shared::UserId;

use crate::components::appointment::{AppointmentList, VisitHistory};
use crate::components::medication::PatientMedications;
use crate::components::status::{Loaded, Loader};

/// The record of the patient the route names.
#[component]
pub fn PatientRecord() -> impl IntoView {
    let profile = Loader::by_route_id(|api, id: UserId| api.patient(id));
    view! {
        <Loaded from=profile what="the patient's record" let:patient>
            <h1>{patient.name.clone()}</h1>
            <dl class="facts">
                <dt>"Date of birth"</dt><dd>{patient.date_of_birth.map(|d| d.to_string()).unwrap_or_default()}</dd>
                <dt>"Email"</dt><dd>{patient.email.clone()}</dd>
                <dt>"Phone"</dt><dd>{patient.phone.clone().unwrap_or_default()}</dd>
                <dt>"Time zone"</dt><dd>{patient.time_zone.clone()}</dd>
            </dl>
            <p class="hint">"Your reading of this record appears in the patient's access log."</p>
            <AppointmentList patient=patient.id past=false heading="Upcoming appointments"/>
            <h2>"Medical history"</h2>
            <VisitHistory patient=patient.id/>
            <h2>"Medications"</h2>
            <PatientMedications patient=patient.id/>
        </Loaded>
    }
}
