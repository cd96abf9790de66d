//! Appointments: the patient's upcoming and past ones, and one appointment's
//! page with its timeline and the steps the reader may take.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::appointment::{
    allowed_actions, ActionKind, ActionRequest, Appointment, Consultation, PrescriptionItem,
};
use medtrack_shared::practice::Slot;
use medtrack_shared::{AppointmentId, Role, UserId};

use crate::api;
use crate::components::appointment::{AppointmentCard, ConsultationView, StatusBadge, Timeline};
use crate::components::form::describe;
use crate::components::status::{load_by_route_id, load_with_token, LoadError, Loading};
use crate::pages::doctors::SlotPicker;
use crate::state::inbox::use_inbox;
use crate::state::session::{require_sign_in, use_session};
use crate::time;

/// The reader's zone and role.
fn reader() -> (String, Role) {
    use_session()
        .current
        .get_untracked()
        .map(|s| (s.me.time_zone, s.me.role))
        .unwrap_or_else(|| ("UTC".into(), Role::Patient))
}

/// The signed-in patient's appointments, upcoming and past.
#[component]
pub fn MyAppointments() -> impl IntoView {
    require_sign_in();
    let session = use_session();
    // Changes only with who is signed in, not with each token renewal.
    let me = Memo::new(move |_| session.current.with(|s| s.as_ref().map(|s| s.me.id)));
    view! {
        <h1>"My appointments"</h1>
        <p><a href="/doctors">"Book an appointment"</a></p>
        {move || me.get().map(|patient| view! {
            <AppointmentList patient past=false heading="Upcoming"/>
            <AppointmentList patient past=true heading="Past"/>
        })}
    }
}

/// A patient's upcoming or past appointments.
#[component]
pub fn AppointmentList(patient: UserId, past: bool, heading: &'static str) -> impl IntoView {
    let (list, reload) = load_with_token(move |token| async move {
        api::appointments::of_patient(&token, &patient, past, None).await
    });
    let id = if past { "past" } else { "upcoming" };
    view! {
        <section aria-labelledby=format!("{id}-heading")>
            <h2 id=format!("{id}-heading")>{heading}</h2>
            {move || match list.get() {
                None => view! { <Loading what="appointments"/> }.into_any(),
                Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
                Some(Ok(page)) if page.items.is_empty() => view! { <p>"None."</p> }.into_any(),
                Some(Ok(page)) => {
                    let (zone, _) = reader();
                    view! {
                        <ul class="cards" data-testid=format!("{id}-appointments")>
                            {page.items.into_iter().map(|appointment| view! { <AppointmentCard appointment zone=zone.clone()/> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// One appointment: details, timeline, consultation, and the reader's steps.
#[component]
pub fn AppointmentPage() -> impl IntoView {
    require_sign_in();
    let (appointment, reload) = load_by_route_id(|token, id: AppointmentId| async move {
        api::appointments::appointment(&token, &id).await
    });
    view! {
        {move || match appointment.get() {
            None => view! { <Loading what="the appointment"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
            Some(Ok(a)) => view! { <AppointmentDetails appointment=a updated=appointment/> }.into_any(),
        }}
    }
}

#[component]
fn AppointmentDetails(
    appointment: Appointment,
    updated: RwSignal<Option<Result<Appointment, String>>>,
) -> impl IntoView {
    let (zone, role) = reader();
    let session = use_session();
    let me = session.current.get_untracked().map(|s| s.me.id);
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
    let reason_text = appointment.reason.clone();
    view! {
        <h1>{format!("Appointment with {}", if role == Role::Doctor { appointment.patient.name.clone() } else { appointment.doctor.name.clone() })}</h1>
        <p class="lead"><StatusBadge status=appointment.status/>
            {appointment.status_reason.clone().map(|r| format!(" — {r}"))}</p>
        <dl class="facts">
            <dt>"When"</dt><dd data-testid="when">{time::local(appointment.starts_at, &zone)}</dd>
            <dt>"Doctor"</dt><dd>{format!("{} · {}", appointment.doctor.name, appointment.specialization)}</dd>
            <dt>"Patient"</dt><dd>{appointment.patient.name.clone()}
                {record_link.map(|href| view! { " · " <a href=href>"Patient record"</a> })}</dd>
            <dt>"Reason"</dt><dd>{reason_text}</dd>
            <dt>"Priority"</dt><dd>{format!("{:?}", appointment.priority)}</dd>
        </dl>
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
        <h2>"Timeline"</h2>
        <Timeline entries=appointment.timeline.clone() zone=zone.clone()/>
    }
}

#[component]
fn Actions(
    appointment: Appointment,
    actions: Vec<ActionKind>,
    updated: RwSignal<Option<Result<Appointment, String>>>,
) -> impl IntoView {
    let session = use_session();
    let inbox = use_inbox();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let rescheduling = RwSignal::new(false);
    let id = appointment.id;
    let send = move |request: ActionRequest| {
        let Some(token) = session.token() else { return };
        if let Err(errors) = request.check() {
            error.set(Some(describe(errors)));
            return;
        }
        spawn_local(async move {
            match api::appointments::act(&token, &id, &request).await {
                Ok(appointment) => {
                    error.set(None);
                    updated.set(Some(Ok(appointment)));
                    inbox.refresh();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let needs_reason = actions
        .iter()
        .any(|a| matches!(a, ActionKind::Reject | ActionKind::Cancel));
    let complete = actions.contains(&ActionKind::Complete);
    let buttons: Vec<ActionKind> = actions
        .iter()
        .copied()
        .filter(|a| !matches!(a, ActionKind::Complete | ActionKind::Reschedule))
        .collect();
    let can_reschedule = actions.contains(&ActionKind::Reschedule);
    let doctor = appointment.doctor.id;
    view! {
        <section aria-labelledby="actions-heading" class="form">
            <h2 id="actions-heading">"Next steps"</h2>
            {needs_reason.then(|| view! {
                <div class="field">
                    <label for="action-reason">"Reason (needed to reject; optional to cancel)"</label>
                    <input id="action-reason" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                </div>
            })}
            <div class="actions">
                {buttons.into_iter().map(|action| {
                    let class = if matches!(action, ActionKind::Reject | ActionKind::Cancel | ActionKind::MarkNoShow) { "secondary" } else { "" };
                    view! {
                        <button class=class on:click=move |_| {
                            let mut request = ActionRequest::new(action);
                            if matches!(action, ActionKind::Reject | ActionKind::Cancel) {
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
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || rescheduling.get().then(|| {
                let pick = Callback::new(move |slot: Slot| {
                    let mut request = ActionRequest::new(ActionKind::Reschedule);
                    request.starts_at = Some(slot.starts_at);
                    rescheduling.set(false);
                    send(request);
                });
                view! { <SlotPicker doctor on_pick=Some(pick)/> }
            })}
            {complete.then(|| view! { <ConsultForm send=Callback::new(send)/> })}
        </section>
    }
}

/// The consult form: diagnosis, prescription lines and notes.
#[component]
fn ConsultForm(send: Callback<ActionRequest>) -> impl IntoView {
    let diagnosis = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<(usize, PrescriptionItem)>::new());
    let next_key = RwSignal::new(0usize);
    let add = move |_| {
        let key = next_key.get_untracked();
        next_key.set(key + 1);
        items.update(|list| {
            list.push((
                key,
                PrescriptionItem {
                    drug: String::new(),
                    dose: String::new(),
                    frequency: String::new(),
                    duration: String::new(),
                    instructions: String::new(),
                },
            ))
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut request = ActionRequest::new(ActionKind::Complete);
        request.consultation = Some(Consultation {
            diagnosis: diagnosis.get_untracked(),
            prescription: items
                .get_untracked()
                .into_iter()
                .map(|(_, item)| item)
                .collect(),
            notes: notes.get_untracked(),
        });
        send.run(request);
    };
    let field = move |key: usize, name: &'static str, label: &'static str| {
        let id = format!("rx-{key}-{name}");
        let read = move || {
            items.with(|list| {
                list.iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, item)| match name {
                        "drug" => item.drug.clone(),
                        "dose" => item.dose.clone(),
                        "frequency" => item.frequency.clone(),
                        "duration" => item.duration.clone(),
                        _ => item.instructions.clone(),
                    })
                    .unwrap_or_default()
            })
        };
        let write = move |value: String| {
            items.update(|list| {
                if let Some((_, item)) = list.iter_mut().find(|(k, _)| *k == key) {
                    match name {
                        "drug" => item.drug = value,
                        "dose" => item.dose = value,
                        "frequency" => item.frequency = value,
                        "duration" => item.duration = value,
                        _ => item.instructions = value,
                    }
                }
            })
        };
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id prop:value=read on:input=move |ev| write(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <form class="form" on:submit=submit aria-labelledby="consult-heading" data-testid="consult-form">
            <h2 id="consult-heading">"Complete the consultation"</h2>
            <div class="field">
                <label for="diagnosis">"Diagnosis"</label>
                <textarea id="diagnosis" rows="3" prop:value=move || diagnosis.get() on:input=move |ev| diagnosis.set(event_target_value(&ev))></textarea>
            </div>
            <fieldset class="choice">
                <legend>"Prescription"</legend>
                <For each=move || items.get() key=|(key, _)| *key let:entry>
                    {
                        let key = entry.0;
                        view! {
                            <div class="rx" data-testid="rx-item">
                                {field(key, "drug", "Drug")}
                                {field(key, "dose", "Dose")}
                                {field(key, "frequency", "How often")}
                                {field(key, "duration", "For how long")}
                                {field(key, "instructions", "Instructions")}
                                <button type="button" class="secondary" on:click=move |_| items.update(|l| l.retain(|(k, _)| *k != key))>"Remove this drug"</button>
                            </div>
                        }
                    }
                </For>
                <button type="button" class="secondary" on:click=add>"Add a drug"</button>
            </fieldset>
            <div class="field">
                <label for="notes">"Notes"</label>
                <textarea id="notes" rows="3" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit">"Complete the visit"</button>
        </form>
    }
}

/// Adds the visit's prescription to the patient's medications, with reminders.
#[component]
fn AddPrescription(appointment: AppointmentId) -> impl IntoView {
    let session = use_session();
    let message = RwSignal::new(None::<String>);
    let add = move |_| {
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            let text = match api::medications::add_prescription(&token, &appointment).await {
                Ok(added) => format!(
                    "Added {} medication(s) to your list, with reminders.",
                    added.len()
                ),
                Err(error) => error.to_string(),
            };
            message.set(Some(text));
        });
    };
    view! {
        <p class="actions">
            <button on:click=add>"Add to my medications"</button>
            " "<a href="/medications">"My medications"</a>
        </p>
        <p class="status" role="status" data-testid="prescription-message">{move || message.get()}</p>
    }
}
