//! Medical records: the patient's own history, and a patient's record as
//! their doctors and admins see it (every such read is in the patient's
//! access log).

use leptos::prelude::*;
use medtrack_shared::UserId;

use crate::api;
use crate::components::appointment::ConsultationView;
use crate::components::status::{load_by_route_id, load_with_token, LoadError, Loading};
use crate::pages::appointments::AppointmentList;
use crate::pages::medications::PatientMedications;
use crate::state::session::{require_sign_in, use_session};
use crate::time;

/// The signed-in patient's completed visits.
#[component]
pub fn MyHistory() -> impl IntoView {
    require_sign_in();
    let session = use_session();
    let me = move || session.current.get_untracked().map(|s| s.me.id);
    view! {
        <h1>"My medical history"</h1>
        {move || session.current.with(Option::is_some).then(|| me().map(|id| view! { <History patient=id/> }))}
    }
}

/// A patient's record: details, appointments, history and medications.
#[component]
pub fn PatientRecord() -> impl IntoView {
    require_sign_in();
    let (profile, reload) = load_by_route_id(|token, id: UserId| async move {
        api::appointments::patient(&token, &id).await
    });
    view! {
        {move || match profile.get() {
            None => view! { <Loading what="the patient's record"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
            Some(Ok(patient)) => view! {
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
                <History patient=patient.id/>
                <h2>"Medications"</h2>
                <PatientMedications patient=patient.id/>
            }.into_any(),
        }}
    }
}

/// Completed visits with their diagnoses and prescriptions, latest first.
#[component]
fn History(patient: UserId) -> impl IntoView {
    let session = use_session();
    let (visits, reload) = load_with_token(move |token| async move {
        api::appointments::history(&token, &patient, None).await
    });
    let zone = move || session.zone();
    view! {
        {move || match visits.get() {
            None => view! { <Loading what="the medical history"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
            Some(Ok(page)) if page.items.is_empty() => view! { <p data-testid="no-history">"No completed visits yet."</p> }.into_any(),
            Some(Ok(page)) => view! {
                <ul class="visits" data-testid="history">
                    {page.items.into_iter().map(|visit| {
                        let heading = format!("{} · {} · {}", time::local(visit.starts_at, &zone()), visit.doctor.name, visit.specialization);
                        let href = format!("/appointments/{}", visit.id);
                        view! {
                            <li class="card">
                                <h3><a href=href>{heading}</a></h3>
                                {visit.consultation.map(|consultation| view! { <ConsultationView consultation/> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
