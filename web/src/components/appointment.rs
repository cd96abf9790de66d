//! How appointments look everywhere: status badge, summary card, timeline,
//! consultation; a patient's appointments and completed visits, which the
//! patient and their doctors both see.

use crate::state::catalogue::use_catalogue;
use leptos::prelude::*;
use medtrack_shared::appointment::{
    Appointment, AppointmentStatus, Consultation, Priority, TimelineEntry,
};
use medtrack_shared::UserId;

use crate::components::list::Items;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The status, in words, coloured by kind.
#[component]
pub fn StatusBadge(status: AppointmentStatus) -> impl IntoView {
    view! { <span class=format!("badge status-{}", status.as_str())>{status.label()}</span> }
}

/// How urgent the patient said the visit is, in the booking form's words.
pub fn priority_label(priority: Priority) -> &'static str {
    match priority {
        Priority::Normal => "Routine",
        Priority::High => "Soon",
        Priority::Critical => "Urgent",
    }
}

/// One appointment in a list, linking to its page. Doctors see the patient,
/// everyone else the doctor.
#[component]
pub fn AppointmentCard(
    appointment: Appointment,
    /// Whether the reader is the doctor.
    #[prop(default = false)]
    for_doctor: bool,
) -> impl IntoView {
    let zone = use_session().zone();
    let who = if for_doctor {
        appointment.patient.name.clone()
    } else {
        let name = use_catalogue().name(&appointment.specialization);
        format!("{} · {name}", appointment.doctor.name)
    };
    let href = format!("/appointments/{}", appointment.id);
    view! {
        <li class="card" data-testid="appointment">
            <h3><a href=href>{format::when(appointment.starts_at, &zone)}</a></h3>
            <p>{who}</p>
            <p><StatusBadge status=appointment.status/></p>
        </li>
    }
}

/// Every change of an appointment, oldest first.
#[component]
pub fn Timeline(entries: Vec<TimelineEntry>, zone: String) -> impl IntoView {
    view! {
        <ol class="timeline" data-testid="timeline">
            {entries
                .into_iter()
                .map(|entry| {
                    let what = match entry.action {
                        None => "Booked".to_owned(),
                        Some(action) => action.label().to_owned(),
                    };
                    let note = entry.note.map(|n| format!(" — {n}")).unwrap_or_default();
                    view! {
                        <li>
                            <strong>{what}</strong>
                            {format!(" by {} ({}) · {} → ", entry.by.name, entry.by_role.label(), format::when(entry.at, &zone))}
                            <StatusBadge status=entry.to/>
                            {note}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// Diagnosis, prescription and notes.
#[component]
pub fn ConsultationView(consultation: Consultation) -> impl IntoView {
    let notes = (!consultation.notes.is_empty()).then(|| {
        let notes = consultation.notes.clone();
        view! { <dt>"Notes"</dt><dd>{notes}</dd> }
    });
    view! {
        <dl class="facts" data-testid="consultation">
            <dt>"Diagnosis"</dt><dd>{consultation.diagnosis}</dd>
            {notes}
        </dl>
        {(!consultation.prescription.is_empty()).then(|| view! {
            <table class="table" data-testid="prescription">
                <caption>"Prescription"</caption>
                <thead><tr><th scope="col">"Drug"</th><th scope="col">"Dose"</th><th scope="col">"How often"</th><th scope="col">"For"</th><th scope="col">"Instructions"</th></tr></thead>
                <tbody>
                    {consultation.prescription.into_iter().map(|item| view! {
                        <tr><td data-label="Drug">{item.drug}</td><td data-label="Dose">{item.dose}</td><td data-label="How often">{item.frequency}</td><td data-label="For">{item.duration}</td><td data-label="Instructions">{item.instructions}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

/// A patient's upcoming or past appointments.
#[component]
pub fn AppointmentList(patient: UserId, past: bool, heading: &'static str) -> impl IntoView {
    let list = Loader::new(move |api| api.appointments_of(patient, past, None));
    let id = if past { "past" } else { "upcoming" };
    view! {
        <section aria-labelledby=format!("{id}-heading")>
            <h2 id=format!("{id}-heading")>{heading}</h2>
            <Loaded from=list what="appointments" let:page>
                <Items items=page.items testid=format!("{id}-appointments") empty="None." let:appointment>
                    <AppointmentCard appointment/>
                </Items>
            </Loaded>
        </section>
    }
}

/// A patient's completed visits with their diagnoses and prescriptions,
/// latest first.
#[component]
pub fn VisitHistory(patient: UserId) -> impl IntoView {
    let visits = Loader::new(move |api| api.history(patient, None));
    view! {
        <Loaded from=visits what="the medical history" let:page>
            <Items items=page.items class="visits" testid="history" empty="No completed visits yet." empty_testid="no-history" let:visit>
                <VisitCard visit/>
            </Items>
        </Loaded>
    }
}

/// One completed visit, linking to its page, with its consultation.
#[component]
fn VisitCard(visit: Appointment) -> impl IntoView {
    let zone = use_session().zone();
    let heading = format!(
        "{} · {} · {}",
        format::when(visit.starts_at, &zone),
        visit.doctor.name,
        use_catalogue().name(&visit.specialization)
    );
    let href = format!("/appointments/{}", visit.id);
    view! {
        <li class="card">
            <h3><a href=href>{heading}</a></h3>
            {visit.consultation.map(|consultation| view! { <ConsultationView consultation/> })}
        </li>
    }
}

/// Books `request`, its problems shown by field on the form, and opens the
/// appointment made: the booking step of the directory and of a symptom
/// check alike.
pub fn book_and_open(
    api: crate::api::Api,
    act: crate::components::action::Act,
    problems: crate::components::form::Problems,
    navigate: impl Fn(&str, leptos_router::NavigateOptions) + 'static,
    request: medtrack_shared::appointment::BookingRequest,
) {
    problems.clear();
    if let Err(errors) = request.check() {
        return act.fail(problems.found(errors));
    }
    let booked = async move { api.book(request).await.map_err(|e| problems.refused(e)) };
    act.run(booked, move |appointment| {
        navigate(
            &format!("/appointments/{}", appointment.id),
            Default::default(),
        )
    });
}
