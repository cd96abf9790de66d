//! The doctor's consult form on the appointment page: diagnosis,
//! prescription lines and notes, sent as the step that completes the visit.

use leptos::prelude::*;
use medtrack_shared::appointment::{ActionKind, ActionRequest, Consultation, PrescriptionItem};

/// One part of a prescription line.
#[derive(Debug, Clone, Copy)]
enum Part {
    Drug,
    Dose,
    Frequency,
    Duration,
    Instructions,
}

impl Part {
    /// Each part with its field id and label.
    const ALL: [(Part, &'static str, &'static str); 5] = [
        (Part::Drug, "drug", "Drug"),
        (Part::Dose, "dose", "Dose"),
        (Part::Frequency, "frequency", "How often"),
        (Part::Duration, "duration", "For how long"),
        (Part::Instructions, "instructions", "Instructions"),
    ];

    fn read(self, item: &PrescriptionItem) -> &String {
        match self {
            Part::Drug => &item.drug,
            Part::Dose => &item.dose,
            Part::Frequency => &item.frequency,
            Part::Duration => &item.duration,
            Part::Instructions => &item.instructions,
        }
    }

    fn write(self, item: &mut PrescriptionItem) -> &mut String {
        match self {
            Part::Drug => &mut item.drug,
            Part::Dose => &mut item.dose,
            Part::Frequency => &mut item.frequency,
            Part::Duration => &mut item.duration,
            Part::Instructions => &mut item.instructions,
        }
    }
}

/// The consult form; `send` sends the completing step.
#[component]
pub fn ConsultForm(send: Callback<ActionRequest>) -> impl IntoView {
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
    let field = move |key: usize, (part, name, label): (Part, &'static str, &'static str)| {
        let id = format!("rx-{key}-{name}");
        let read = move || {
            items.with(|list| {
                list.iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, item)| part.read(item).clone())
                    .unwrap_or_default()
            })
        };
        let write = move |value: String| {
            items.update(|list| {
                if let Some((_, item)) = list.iter_mut().find(|(k, _)| *k == key) {
                    *part.write(item) = value;
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
                                {Part::ALL.map(|part| field(key, part)).collect_view()}
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
