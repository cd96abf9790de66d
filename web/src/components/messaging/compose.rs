//! Writing a message: a new thread's subject, the words, the documents
//! attached. For a patient, "not for emergencies" and when their doctor
//! answers come first, and words that name a red flag bring the emergency
//! notice (or the crisis message) before anything is sent: then only
//! "Send anyway" sends.

use leptos::prelude::*;
use medtrack_shared::messaging::{
    NewMessage, NewThread, Posted, MAX_MESSAGE_CHARS, MAX_SUBJECT_CHARS,
};
use medtrack_shared::{AppointmentId, ThreadId, UserId};

use super::attach::{AttachPicker, Chosen};
use super::safety::{flags_in, BeforeYouWrite, RedFlagNotice};
use super::Me;
use crate::api::use_api;
use crate::api::wellbeing::safety;
use crate::components::action::{Act, Outcome};
use crate::components::form::{Field, Problems, TextArea};
use crate::components::status::Loader;

/// Where a message goes.
#[derive(Debug, Clone, Copy)]
pub enum Destination {
    /// A reply in a thread, between this patient and doctor.
    Thread {
        /// The thread.
        id: ThreadId,
        /// Its patient.
        patient: UserId,
        /// Its doctor.
        doctor: UserId,
    },
    /// A new thread with the person chosen on the page, maybe about a visit.
    New {
        /// The other party, once chosen.
        with: Signal<Option<UserId>>,
        /// The visit it is about.
        visit: Option<AppointmentId>,
    },
}

/// What is sent.
enum Request {
    Reply(ThreadId, NewMessage),
    Start(NewThread),
}

/// The form; `on_posted` is given what the server answered.
#[component]
pub fn MessageForm(me: Me, to: Destination, on_posted: Callback<Posted>) -> impl IntoView {
    let api = use_api();
    let new = matches!(to, Destination::New { .. });
    let patient_writes = !me.doctor();
    let subject = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<Chosen>::new());
    let act = Act::new();
    let problems = Problems::new();
    let subject_error = problems.of("subject", "Subject");
    let text_error = problems.of("text", "Message");
    let attachments_error = problems.of("attachments", "Attachments");
    // Whose vault the attachments come from, and whose reply time to show.
    let (vault, doctor): (Signal<Option<UserId>>, Signal<Option<UserId>>) = match to {
        Destination::Thread {
            patient, doctor, ..
        } => (Signal::stored(Some(patient)), Signal::stored(Some(doctor))),
        Destination::New { with, .. } if me.doctor() => (with, Signal::stored(Some(me.id))),
        Destination::New { with, .. } => (Signal::stored(Some(me.id)), with),
    };
    let safety = Loader::new(move |_| async move {
        if patient_writes {
            safety().await.map(Some)
        } else {
            Ok(None)
        }
    });
    let flags = Memo::new(move |_| {
        if patient_writes {
            flags_in(&subject.get(), &text.get())
        } else {
            Vec::new()
        }
    });
    let send = move |anyway: bool| {
        problems.clear();
        if !anyway && !flags.with_untracked(Vec::is_empty) {
            return act.fail(
                "Read the notice about emergencies first: change what you wrote, or choose “Send anyway”.",
            );
        }
        let attachments = chosen.with_untracked(|c| c.iter().map(|(id, _)| *id).collect());
        let request = match to {
            Destination::Thread { id, .. } => {
                let input = NewMessage {
                    text: text.get_untracked(),
                    attachments,
                };
                if let Err(errors) = input.check() {
                    return act.fail(problems.found(errors));
                }
                Request::Reply(id, input)
            }
            Destination::New { with, visit } => {
                let Some(with) = with.get_untracked() else {
                    return act.fail(if me.doctor() {
                        "Choose the patient you write to."
                    } else {
                        "Choose the doctor you write to."
                    });
                };
                let input = NewThread {
                    with,
                    subject: subject.get_untracked().trim().to_owned(),
                    text: text.get_untracked(),
                    attachments,
                    visit,
                };
                if let Err(errors) = input.check() {
                    return act.fail(problems.found(errors));
                }
                Request::Start(input)
            }
        };
        let posted = async move {
            match request {
                Request::Reply(id, input) => api.send_message(id, &input).await,
                Request::Start(input) => api.start_thread(&input).await,
            }
            .map_err(|e| problems.refused(e))
        };
        act.run(posted, move |posted: Posted| {
            text.set(String::new());
            chosen.set(Vec::new());
            act.done("Message sent.");
            on_posted.run(posted);
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(false);
    };
    let send_anyway = Callback::new(move |()| send(true));
    let pending = Signal::derive(move || act.pending());
    let flagged = move || !flags.with(Vec::is_empty);
    view! {
        <form class="form message-form" on:submit=submit data-testid="message-form" novalidate>
            {patient_writes.then(|| view! { <BeforeYouWrite doctor/> })}
            {new.then(|| view! {
                <Field label="Subject" id="message-subject" max=MAX_SUBJECT_CHARS value=subject error=subject_error/>
            })}
            <TextArea label=if new { "Message" } else { "Your reply" } id="message-text" rows=if new { 6 } else { 4 }
                max=MAX_MESSAGE_CHARS value=text error=text_error/>
            {move || {
                let found = flags.get();
                (!found.is_empty()).then(|| view! {
                    <RedFlagNotice flags=found safety=safety.data().flatten() send_anyway pending/>
                })
            }}
            <AttachPicker me patient=vault chosen/>
            <p class="field-error" role="alert">{move || attachments_error.get()}</p>
            <Outcome act testid="message-outcome"/>
            <div class="actions send-row">
                {move || (!flagged()).then(|| view! {
                    <button type="submit" disabled=move || act.pending() data-testid="send-message">
                        {if new { "Send message" } else { "Send reply" }}
                    </button>
                })}
            </div>
        </form>
    }
}
