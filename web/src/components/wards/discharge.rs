//! What staff do with an active admission: move the patient to another
//! free bed (chosen from the board), or discharge them with a summary and
//! where they go. The bed left goes for cleaning either way.

use leptos::prelude::*;
use medtrack_shared::wards::admissions::{
    Admission, Destination, DischargeInput, Transfer, MAX_REASON_CHARS, MAX_SUMMARY_CHARS,
};
use medtrack_shared::wards::{BedBoard, BedState};
use medtrack_shared::{AdmissionId, BedId};

use super::{bed_name, destination_options, refused, stay_place};
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{chosen, option_value, Field, Problems, Select, TextArea};
use crate::components::status::{Loaded, Loader};

/// A ward's beds that may take the patient: its name, and each bed's id
/// and name.
type FreeBeds = (String, Vec<(BedId, String)>);

/// The beds of `board` that take patients, ward by ward, but `current`.
fn free_beds(board: &BedBoard, current: Option<BedId>) -> Vec<FreeBeds> {
    board
        .wards
        .iter()
        .map(|ward| {
            let beds = ward
                .beds
                .iter()
                .filter(|b| b.state.takes_patients() && Some(b.id) != current)
                .map(|b| {
                    let name = if b.state == BedState::Isolated {
                        format!("{} (isolation)", bed_name(b))
                    } else {
                        bed_name(b)
                    };
                    (b.id, name)
                })
                .collect::<Vec<_>>();
            (ward.ward.name.clone(), beds)
        })
        .filter(|(_, beds)| !beds.is_empty())
        .collect()
}

/// "Move to another bed": the free beds of the board, and why.
#[component]
pub fn TransferForm(
    admission: Admission,
    /// Told the admission as it now is, and what to say.
    on_done: Callback<(Admission, String)>,
) -> impl IntoView {
    let current = admission.current().map(|s| s.bed);
    let board = Loader::new(|api| api.bed_board(None));
    let id = admission.id;
    view! {
        <Loaded from=board what="the free beds" let:board>
            {
                let wards = free_beds(&board, current);
                if wards.is_empty() {
                    view! { <p class="empty" data-testid="no-free-beds">"No bed is free just now. A bed being cleaned is offered once it is marked cleaned."</p> }.into_any()
                } else {
                    view! { <TransferFields id wards on_done/> }.into_any()
                }
            }
        </Loaded>
    }
}

#[component]
fn TransferFields(
    id: AdmissionId,
    wards: Vec<FreeBeds>,
    on_done: Callback<(Admission, String)>,
) -> impl IntoView {
    let api = use_api();
    let bed = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let bed_error = problems.of("bed", "The bed");
    let reason_error = problems.of("reason", "The reason");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Ok(to) = bed.get_untracked().parse::<BedId>() else {
            let mut errors = medtrack_shared::FieldErrors::default();
            errors.add(
                "bed",
                medtrack_shared::ValidationError::new("is required: choose a free bed"),
            );
            return act.fail(problems.found(errors));
        };
        let text = reason.get_untracked().trim().to_owned();
        let input = Transfer {
            bed: to,
            reason: (!text.is_empty()).then_some(text),
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.transfer(id, &input)
                .await
                .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |moved: Admission| {
            let place = moved.current().map(stay_place).unwrap_or_default();
            on_done.run((moved, format!("Moved to {place}.")));
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="transfer-form">
            <div class="field">
                <label for="transfer-bed">"Move to"</label>
                <select id="transfer-bed" name="transfer-bed" on:change=move |ev| bed.set(event_target_value(&ev))
                    aria-describedby="transfer-bed-error" aria-invalid=move || bed_error.get().is_some().to_string()>
                    <option value="" disabled selected=move || bed.get().is_empty()>"Choose a free bed"</option>
                    {wards.into_iter().map(|(ward, beds)| view! {
                        <optgroup label=ward>
                            {beds.into_iter().map(|(bed_id, name)| view! { <option value=bed_id.to_string()>{name}</option> }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                </select>
                <p class="field-error" id="transfer-bed-error" role="alert">{move || bed_error.get()}</p>
            </div>
            <Field label="Why (optional)" id="transfer-reason" value=reason max=MAX_REASON_CHARS error=reason_error/>
            <Outcome act testid="transfer-outcome"/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Move patient"</button></div>
        </form>
    }
}

/// "Discharge": the summary, and where the patient goes.
#[component]
pub fn DischargeForm(
    admission: Admission,
    /// Told the admission as it now is, and what to say.
    on_done: Callback<(Admission, String)>,
) -> impl IntoView {
    let api = use_api();
    let id = admission.id;
    let summary = RwSignal::new(String::new());
    let destination = RwSignal::new(option_value(&Destination::Home));
    let act = Act::new();
    let problems = Problems::new();
    let summary_error = problems.of("summary", "The summary");
    let name = admission.patient.name.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let input = DischargeInput {
            summary: summary.get_untracked().trim().to_owned(),
            destination: chosen(destination.get_untracked()).unwrap_or(Destination::Home),
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.discharge(id, &input)
                .await
                .map_err(|e| refused(problems, e))
        };
        let name = name.clone();
        act.run(sent, move |done: Admission| {
            on_done.run((done, format!("{name} is discharged.")));
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="discharge-form">
            <TextArea label="Discharge summary" id="discharge-summary" value=summary max=MAX_SUMMARY_CHARS
                error=summary_error rows=5 hint="What was done, the patient's state on leaving, and the follow-up."/>
            <Select label="Goes to" id="discharge-destination" value=destination options=destination_options()/>
            <p class="hint">"Discharging ends the stay for good; the bed goes for cleaning."</p>
            <Outcome act testid="discharge-outcome"/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Discharge patient"</button></div>
        </form>
    }
}
