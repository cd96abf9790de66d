//! The doctor's consult form on the appointment page: diagnosis,
//! prescription lines and notes, sent as the step that completes the visit.
//! What the server refuses shows under its field, down to one part of one
//! prescription line (`consultation.prescription[0].drug`). The drugs are
//! checked against the patient's allergies as they are written: a match
//! shows the warning before the visit is completed, and completing it then
//! takes the reason to prescribe anyway.

use leptos::prelude::*;
use medtrack_shared::appointment::{
    ActionKind, ActionRequest, Consultation, PrescriptionItem, MAX_DOSING_CHARS, MAX_DRUG_CHARS,
    MAX_INSTRUCTIONS_CHARS, MAX_NOTE_CHARS, MAX_PRESCRIPTION_ITEMS,
};

use medtrack_shared::record::AllergyConflict;
use medtrack_shared::{UserId, ValidationError};

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::allergy_warning::{AllergyPrecheck, AllergyWarning, REASON_FIELD};
use crate::components::form::{Field, Problems, TextArea};

/// The label of the reason to prescribe a drug that matches an allergy.
const REASON_LABEL: &str = "Reason to prescribe anyway";

/// Each part of a prescription line: its name on the wire (and in field
/// ids), its label, and the most characters the server takes.
const PARTS: [(&str, &str, usize); 5] = [
    ("drug", "Drug", MAX_DRUG_CHARS),
    ("dose", "Dose", MAX_DOSING_CHARS),
    ("frequency", "How often", MAX_DOSING_CHARS),
    ("duration", "For how long", MAX_DOSING_CHARS),
    ("instructions", "Instructions", MAX_INSTRUCTIONS_CHARS),
];

/// One prescription line being written: a value per part of [`PARTS`].
type Line = [RwSignal<String>; 5];

fn item(line: &Line) -> PrescriptionItem {
    let [drug, dose, frequency, duration, instructions] = line.map(|part| part.get_untracked());
    PrescriptionItem {
        drug,
        dose,
        frequency,
        duration,
        instructions,
    }
}

/// The consult form; `send` sends the completing step, `act` says how it ended.
#[component]
pub fn ConsultForm(
    send: Callback<ActionRequest>,
    problems: Problems,
    act: Act,
    /// The visit's patient, whose allergies the drugs are checked against.
    patient: UserId,
    /// The drugs that match the patient's allergies: found by the check
    /// as they are written, or by the server's refusal on submit.
    conflicts: RwSignal<Vec<AllergyConflict>>,
) -> impl IntoView {
    let diagnosis = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<(usize, Line)>::new());
    let next_key = RwSignal::new(0usize);
    let diagnosis_error = problems.of("consultation.diagnosis", "Diagnosis");
    let notes_error = problems.of("consultation.notes", "Notes");
    let list_error = problems.of("consultation.prescription", "Prescription");
    let reason = RwSignal::new(String::new());
    let reason_error = problems.of(REASON_FIELD, REASON_LABEL);
    let drugs = move || {
        lines.with(|list| {
            list.iter()
                .map(|(_, [drug, ..])| drug.get())
                .collect::<Vec<_>>()
        })
    };
    let check = AllergyPrecheck::new(use_api(), Some(patient), drugs, conflicts, None);
    let add = move |_| {
        let key = next_key.get_untracked();
        next_key.set(key + 1);
        let line: Line = std::array::from_fn(|_| RwSignal::new(String::new()));
        lines.update(|list| list.push((key, line)));
    };
    let request = move || {
        let mut request = ActionRequest::new(ActionKind::Complete);
        request.consultation = Some(Consultation {
            diagnosis: diagnosis.get_untracked(),
            prescription: lines.with_untracked(|list| list.iter().map(|(_, l)| item(l)).collect()),
            notes: notes.get_untracked(),
        });
        request
    };
    // While the warning shows, the visit completes only with the reason,
    // which goes with the prescription.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut request = request();
        if conflicts.with_untracked(|found| !found.is_empty()) {
            let given = reason.get_untracked();
            if given.trim().is_empty() {
                let mut errors = request.check().err().unwrap_or_default();
                errors.add(REASON_FIELD, ValidationError::new("is required"));
                problems.clear();
                return act.fail(problems.found(errors));
            }
            request.allergy_override_reason = Some(given);
        }
        send.run(request);
    };
    // A part of the line with `key`, named by the line's place in the list.
    let part = move |key: usize, (name, label, max): (&'static str, &'static str, usize), value| {
        let field = Signal::derive(move || {
            lines.with(|list| match list.iter().position(|(k, _)| *k == key) {
                Some(at) => format!("consultation.prescription[{at}].{name}"),
                None => "#removed".to_owned(),
            })
        });
        let error = problems.at(field, label);
        view! { <Field label id=format!("rx-{key}-{name}") max value error/> }
    };
    view! {
        <form class="form" on:submit=submit novalidate aria-labelledby="consult-heading" data-testid="consult-form">
            <h2 id="consult-heading">"Complete the consultation"</h2>
            <TextArea label="Diagnosis" id="diagnosis" max=MAX_NOTE_CHARS value=diagnosis error=diagnosis_error/>
            // A drug's field left: its name is checked now.
            <fieldset class="choice" on:change=move |_| check.now()>
                <legend>"Prescription"</legend>
                <For each=move || lines.get() key=|(key, _)| *key let:entry>
                    {
                        let (key, line) = entry;
                        view! {
                            <div class="rx" data-testid="rx-item">
                                {PARTS.into_iter().zip(line).map(|(names, value)| part(key, names, value)).collect_view()}
                                <button type="button" class="secondary" on:click=move |_| lines.update(|l| l.retain(|(k, _)| *k != key))>"Remove this drug"</button>
                            </div>
                        }
                    }
                </For>
                <p class="field-error" role="alert">{move || list_error.get()}</p>
                <button type="button" class="secondary" on:click=add
                    disabled=move || lines.with(|l| l.len() >= MAX_PRESCRIPTION_ITEMS)>"Add a drug"</button>
            </fieldset>
            <TextArea label="Notes" id="notes" max=MAX_NOTE_CHARS value=notes error=notes_error/>
            <Failure act/>
            <AllergyWarning conflicts reason error=reason_error id="consult-override-reason" label=REASON_LABEL
                advice="Change the drug, or give the reason to prescribe it anyway: it is kept with the prescription when you complete the visit."/>
            <button type="submit" disabled=move || act.pending()>"Complete the visit"</button>
        </form>
    }
}
