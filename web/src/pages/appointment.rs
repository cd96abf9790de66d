//! One appointment's page, for its patient, its doctor and admins: details,
//! timeline, the consultation, its documents, the steps the reader may
//! take, and a further invoice for a completed visit.

use crate::state::catalogue::use_catalogue;
use leptos::prelude::*;
use medtrack_shared::appointment::{
    allowed_actions, ActionKind, ActionRequest, Appointment, AppointmentStatus, MAX_NOTE_CHARS,
};
use medtrack_shared::practice::Slot;
use medtrack_shared::{AppointmentId, Role};

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::allergy_warning;
use crate::components::appointment::{priority_label, ConsultationView, StatusBadge, Timeline};
use crate::components::billing::NewInvoiceButton;
use crate::components::form::{Field, Problems};
use crate::components::slots::SlotPicker;
use crate::components::status::{Loaded, Loader};
use crate::components::vault::VisitDocuments;
use crate::format;
use crate::pages::doctor::consult::ConsultForm;
use crate::pages::patient::prescription::AddPrescription;
use crate::state::inbox::use_inbox;
use crate::state::session::use_session;

/// The appointment the route names.
#[component]
pub fn AppointmentPage() -> impl IntoView {
    let appointment = Loader::by_route_id(|api, id: AppointmentId| api.appointment(id));
    view! {
        <Loaded from=appointment what="the appointment" let:shown>
            <AppointmentDetails appointment=shown updated=appointment/>
        </Loaded>
    }
}

#[component]
fn AppointmentDetails(appointment: Appointment, updated: Loader<Appointment>) -> impl IntoView {
    let session = use_session();
    let zone = session.zone();
    let (me, role) = session
        .me()
        .map(|me| (Some(me.id), me.role))
        .unwrap_or((None, Role::Patient));
    let own = match role {
        Role::Patient => Some(appointment.patient.id) == me,
        Role::Doctor => Some(appointment.doctor.id) == me,
        Role::Admin => true,
    };
    let actions = if own {
        allowed_actions(appointment.status, role)
    } else {
        vec![]
    };
    let record_link =
        (role != Role::Patient).then(|| format!("/patients/{}", appointment.patient.id));
    // Its patient and doctor write to each other about it.
    let message_link = match role {
        Role::Patient if own => Some((appointment.doctor.id, &appointment.doctor.name)),
        Role::Doctor if own => Some((appointment.patient.id, &appointment.patient.name)),
        _ => None,
    }
    .map(|(other, name)| {
        (
            format!("/messages/new?with={other}&visit={}", appointment.id),
            format!("Message {name}"),
        )
    });
    let with = match role {
        Role::Doctor => appointment.patient.name.clone(),
        Role::Patient | Role::Admin => appointment.doctor.name.clone(),
    };
    view! {
        <h1>{format!("Appointment with {with}")}</h1>
        <p class="lead"><StatusBadge status=appointment.status/>
            {appointment.status_reason.clone().map(|r| format!(" — {r}"))}</p>
        <dl class="facts">
            <dt>"When"</dt><dd data-testid="when">{format::when(appointment.starts_at, &zone)}</dd>
            <dt>"Doctor"</dt><dd>{format!("{} · {}", appointment.doctor.name, use_catalogue().name(&appointment.specialization))}</dd>
            <dt>"Patient"</dt><dd>{appointment.patient.name.clone()}
                {record_link.map(|href| view! { " · " <a href=href>"Patient record"</a> })}</dd>
            <dt>"Reason"</dt><dd>{appointment.reason.clone()}</dd>
            <dt>"Priority"</dt><dd>{priority_label(appointment.priority)}</dd>
        </dl>
        {message_link.map(|(href, label)| view! {
            <p class="actions"><a class="button secondary" href=href data-testid="message-about-visit">{label}</a></p>
        })}
        {appointment.consultation.clone().map(|consultation| {
            let prescribed = !consultation.prescription.is_empty();
            view! {
                <h2>"Consultation"</h2>
                <ConsultationView consultation/>
                {(prescribed && role == Role::Patient).then(|| view! { <AddPrescription appointment=appointment.id/> })}
            }
        })}
        {(!actions.is_empty()).then(|| view! {
            <Actions appointment=appointment.clone() actions updated/>
        })}
        {(appointment.status == AppointmentStatus::Completed && own && role != Role::Patient).then(|| view! {
            <NewInvoiceButton appointment=appointment.clone() role/>
        })}
        <VisitDocuments visit=appointment.id patient=appointment.patient.id/>
        <h2>"Timeline"</h2>
        <Timeline entries=appointment.timeline.clone() zone=zone.clone()/>
    }
}

/// The steps the reader may take now; a step's answer is the appointment
/// as it is after it.
#[component]
fn Actions(
    appointment: Appointment,
    actions: Vec<ActionKind>,
    updated: Loader<Appointment>,
) -> impl IntoView {
    let api = use_api();
    let inbox = use_inbox();
    let reason = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let reason_error = problems.of("reason", "Reason");
    let rescheduling = RwSignal::new(false);
    let id = appointment.id;
    // The consult form says how its step ended next to its own button.
    let completing = Act::new();
    // The drugs of the consult form that match an allergy.
    let conflicts = RwSignal::new(Vec::new());
    let send_by = move |request: ActionRequest, act: Act| {
        problems.clear();
        if let Err(errors) = request.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.act_on(id, request).await.map_err(|e| {
                allergy_warning::refused(conflicts, &e);
                problems.refused(e)
            })
        };
        act.run(sent, move |appointment| {
            updated.set(appointment);
            inbox.refresh();
        });
    };
    let send = move |request: ActionRequest| send_by(request, act);
    let with_reason =
        |action: ActionKind| matches!(action, ActionKind::Reject | ActionKind::Cancel);
    let needs_reason = actions.iter().copied().any(with_reason);
    let complete = actions.contains(&ActionKind::Complete);
    let buttons: Vec<ActionKind> = actions
        .iter()
        .copied()
        .filter(|a| !matches!(a, ActionKind::Complete | ActionKind::Reschedule))
        .collect();
    let can_reschedule = actions.contains(&ActionKind::Reschedule);
    let doctor = appointment.doctor.id;
    let patient = appointment.patient.id;
    view! {
        <section aria-labelledby="actions-heading" class="form">
            <h2 id="actions-heading">"Next steps"</h2>
            {needs_reason.then(|| view! {
                <Field label="Reason (needed to reject; optional to cancel)" id="action-reason" max=MAX_NOTE_CHARS value=reason error=reason_error/>
            })}
            <div class="actions">
                {buttons.into_iter().map(|action| {
                    let class = if with_reason(action) || action == ActionKind::MarkNoShow { "secondary" } else { "" };
                    view! {
                        <button class=class disabled=move || act.pending() on:click=move |_| {
                            let mut request = ActionRequest::new(action);
                            if with_reason(action) {
                                request.reason = Some(reason.get_untracked()).filter(|r| !r.trim().is_empty());
                            }
                            send(request);
                        }>{action.label()}</button>
                        " "
                    }
                }).collect_view()}
                {can_reschedule.then(|| view! {
                    <button class="secondary" on:click=move |_| rescheduling.update(|r| *r = !*r)>"Reschedule"</button>
                })}
            </div>
            <Failure act/>
            {move || rescheduling.get().then(|| {
                let pick = Callback::new(move |slot: Slot| {
                    let mut request = ActionRequest::new(ActionKind::Reschedule);
                    request.starts_at = Some(slot.starts_at);
                    rescheduling.set(false);
                    send(request);
                });
                view! { <SlotPicker doctor on_pick=pick/> }
            })}
            {complete.then(|| view! {
                <ConsultForm send=Callback::new(move |request| send_by(request, completing)) problems act=completing patient conflicts/>
            })}
        </section>
    }
}
