//! Emergency access ("break-glass"): a doctor opens the record of a patient
//! who is not theirs, when the patient's care cannot wait, by saying why.
//! The patient and every admin are told at once, and every read while it
//! lasts stands out in the patient's access log. From the doctor's own page
//! (a patient's id), or from a record the doctor was refused.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use medtrack_shared::account::{EmergencyAccess, EmergencyAccessRequest, MAX_EMERGENCY_REASON};
use medtrack_shared::{FieldErrors, UserId, ValidationError};

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::form::{Field, Problems, TextArea};

/// The most characters of the patient field: an id, or a record's whole
/// address pasted in (the id is read from it; the field is never sent).
const MAX_PATIENT_FIELD: usize = 200;

/// The doctor's emergency access page.
#[component]
pub fn EmergencyPage() -> impl IntoView {
    let navigate = use_navigate();
    let opened = Callback::new(move |access: EmergencyAccess| {
        navigate(
            &format!("/patients/{}", access.patient_id),
            Default::default(),
        )
    });
    view! {
        <h1>"Emergency access to a record"</h1>
        <p class="lead">"For a patient who is not yours, when their care cannot wait: someone brought in unconscious, a colleague's patient in crisis. Your own patients' records are open to you without this."</p>
        <EmergencyForm patient=None on_open=opened/>
    }
}

/// The patient's id in `text`: an id, or an address ending in `/patients/<id>`.
fn patient_id(text: &str) -> Option<UserId> {
    let text = text.trim();
    let id = match text.rsplit_once("/patients/") {
        Some((_, rest)) => rest.split(['/', '?', '#']).next().unwrap_or_default(),
        None => text,
    };
    id.parse().ok()
}

/// The warning, the reason, and the button that opens the record; the
/// patient is asked for when `patient` is `None`.
#[component]
pub fn EmergencyForm(patient: Option<UserId>, on_open: Callback<EmergencyAccess>) -> impl IntoView {
    let api = use_api();
    let who = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let understood = RwSignal::new(false);
    let problems = Problems::new();
    let act = Act::new();
    let patient_error = problems.of("patient", "The patient's id");
    let reason_error = problems.of("reason", "The reason");
    let understood_error = problems.of("understood", "Your confirmation");

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut errors = FieldErrors::default();
        let chosen = patient.or_else(|| patient_id(&who.get_untracked()));
        if chosen.is_none() {
            let message = "is neither an id nor the address of a record";
            errors.add("patient", ValidationError::new(message));
        }
        let request = EmergencyAccessRequest {
            reason: reason.get_untracked().trim().to_owned(),
        };
        if let Err(more) = request.check() {
            for (field, message) in more.into_map() {
                errors.add(&field, ValidationError::new(message));
            }
        }
        if !understood.get_untracked() {
            let message = "is needed: tick the box to say you understand";
            errors.add("understood", ValidationError::new(message));
        }
        let Some(chosen) = chosen.filter(|_| errors.is_empty()) else {
            return act.fail(problems.found(errors));
        };
        let opened = async move {
            match api.emergency_access(chosen, request.reason).await {
                Err(e) if e.status() == Some(404) => {
                    let mut unknown = FieldErrors::default();
                    let message = "is not the id of a patient of this clinic";
                    unknown.add("patient", ValidationError::new(message));
                    Err(problems.found(unknown))
                }
                answer => answer.map_err(|e| problems.refused(e)),
            }
        };
        // The page may be gone by the time the server answers.
        act.run(opened, move |access| {
            on_open.try_run(access);
        });
    };

    view! {
        <form class="form" on:submit=submit novalidate data-testid="emergency-form">
            <div class="notice warning" role="note">
                <p><strong>"Use this only in an emergency."</strong></p>
                <ul>
                    <li>"The patient is told at once, with your name and your reason. So is every administrator of the clinic."</li>
                    <li>"Every read of the record while it is open is marked as an emergency in the patient's access log."</li>
                    <li>"The record opens for a limited time only; then it closes by itself."</li>
                </ul>
            </div>
            {patient.is_none().then(|| view! {
                <Field
                    label="Patient's id"
                    id="emergency-patient"
                    hint="The id at the end of their record's address; you may paste the whole address."
                    max=MAX_PATIENT_FIELD
                    value=who
                    error=patient_error
                />
            })}
            <TextArea
                label="Why you need the record now"
                id="emergency-reason"
                hint="At least 10 characters. The patient and the administrators read it."
                max=MAX_EMERGENCY_REASON
                value=reason
                error=reason_error
            />
            <div class="field">
                <label class="check">
                    <input type="checkbox" id="emergency-understood" aria-describedby="emergency-understood-error"
                        prop:checked=move || understood.get() on:change=move |ev| understood.set(event_target_checked(&ev))/>
                    " I understand that the patient and the administrators are told, and that every read is logged."
                </label>
                <p class="field-error" id="emergency-understood-error" role="alert">{move || understood_error.get()}</p>
            </div>
            <Failure act/>
            <button type="submit" class="danger" disabled=move || act.pending()>"Open the record in an emergency"</button>
        </form>
    }
}
