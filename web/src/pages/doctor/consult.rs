//! The doctor's consult form on the appointment page: diagnosis,
//! prescription lines and notes, sent as the step that completes the visit.
//! What the server refuses shows under its field, down to one part of one
//! prescription line (`consultation.prescription[0].drug`).

use leptos::prelude::*;
use medtrack_shared::appointment::{
    ActionKind, ActionRequest, Consultation, PrescriptionItem, MAX_DOSING_CHARS, MAX_DRUG_CHARS,
    MAX_INSTRUCTIONS_CHARS, MAX_NOTE_CHARS, MAX_PRESCRIPTION_ITEMS,
};

use medtrack_shared::record::AllergyConflict;

use crate::components::action::{Act, Failure};
use crate::components::allergy_warning::AllergyWarning;
use crate::components::form::{Field, Problems, TextArea};

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
    /// The drugs of the last refusal that match the patient's allergies.
    conflicts: RwSignal<Vec<AllergyConflict>>,
) -> impl IntoView {
    let diagnosis = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<(usize, Line)>::new());
    let next_key = RwSignal::new(0usize);
    let diagnosis_error = problems.of("consultation.diagnosis", "Diagnosis");
    let notes_error = problems.of("consultation.notes", "Notes");
    let list_error = problems.of("consultation.prescription", "Prescription");
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
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.run(request());
    };
    let anyway = Callback::new(move |reason: String| {
        let mut request = request();
        request.allergy_override_reason = Some(reason);
        send.run(request);
    });
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
            <fieldset class="choice">
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
            <AllergyWarning conflicts act on_override=anyway id="consult-override-reason"/>
            <button type="submit" disabled=move || act.pending()>"Complete the visit"</button>
        </form>
    }
}
