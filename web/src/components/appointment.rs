//! How appointments look everywhere: status badge, summary card, timeline,
//! consultation.

use leptos::prelude::*;
use medtrack_shared::appointment::{Appointment, AppointmentStatus, Consultation, TimelineEntry};

use crate::time;

/// The status, in words, coloured by kind.
#[component]
pub fn StatusBadge(status: AppointmentStatus) -> impl IntoView {
    view! { <span class=format!("badge status-{}", status.as_str())>{status.label()}</span> }
}

/// One appointment in a list, linking to its page. Doctors see the patient,
/// everyone else the doctor.
#[component]
pub fn AppointmentCard(
    appointment: Appointment,
    /// The reader's time zone.
    zone: String,
    /// Whether the reader is the doctor.
    #[prop(default = false)]
    for_doctor: bool,
) -> impl IntoView {
    let who = if for_doctor {
        appointment.patient.name.clone()
    } else {
        format!(
            "{} · {}",
            appointment.doctor.name, appointment.specialization
        )
    };
    let href = format!("/appointments/{}", appointment.id);
    view! {
        <li class="card" data-testid="appointment">
            <h3><a href=href>{time::local(appointment.starts_at, &zone)}</a></h3>
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
                            {format!(" by {} ({}) · {} → ", entry.by.name, entry.by_role.as_str(), time::local(entry.at, &zone))}
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
            <table class="users" data-testid="prescription">
                <caption>"Prescription"</caption>
                <thead><tr><th scope="col">"Drug"</th><th scope="col">"Dose"</th><th scope="col">"How often"</th><th scope="col">"For"</th><th scope="col">"Instructions"</th></tr></thead>
                <tbody>
                    {consultation.prescription.into_iter().map(|item| view! {
                        <tr><td>{item.drug}</td><td>{item.dose}</td><td>{item.frequency}</td><td>{item.duration}</td><td>{item.instructions}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}
