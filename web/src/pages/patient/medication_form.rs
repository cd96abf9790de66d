//! The form that adds a medication to the patient's list, or edits the one
//! chosen, in three steps on one page: what it is, when it is taken
//! (`medication_when`), and the optional settings folded away
//! (`medication_more`). Every problem is told at once, under its field.
//! The name is checked against the patient's allergies as it is written:
//! a match shows the warning before the form is sent, and saving then
//! takes the reason to go ahead.

use std::collections::BTreeMap;

use leptos::prelude::*;
use medtrack_shared::medication::{
    Frequency, Medication, MedicationInput, MedicationRequest, MissedDoses, Schedule, ZoneRule,
    MAX_SHORT_TEXT,
};
use medtrack_shared::FieldErrors;

use super::medication_more::{More, MoreStep};
use super::medication_when::{When, WhenStep};
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::allergy_warning::{self, AllergyPrecheck, AllergyWarning, REASON_FIELD};
use crate::components::form::{Field, Problems};
use crate::format;
use crate::state::session::use_session;

/// Forms the medicine may come in, offered as the form field is typed.
const FORMS: [&str; 10] = [
    "tablet",
    "capsule",
    "liquid",
    "drops",
    "injection",
    "inhaler",
    "spray",
    "cream",
    "patch",
    "powder",
];

/// A new medication: twice a day from today, on the patient's clock.
fn blank(zone: &str) -> MedicationInput {
    MedicationInput {
        name: String::new(),
        strength: String::new(),
        form: String::new(),
        dose: String::new(),
        instructions: String::new(),
        schedule: Schedule {
            as_needed: false,
            times: vec![
                jiff::civil::time(8, 0, 0, 0),
                jiff::civil::time(20, 0, 0, 0),
            ],
            frequency: Frequency::EveryDay,
            start: format::today(zone),
            end: None,
            zone: ZoneRule::FollowMe,
        },
        supply: None,
        missed: MissedDoses::default(),
    }
}

/// Whether a problem of `field` is already told: by `field` itself or by
/// one of its parts (`schedule.times[1]` tells of `schedule.times`).
fn told(found: &BTreeMap<String, String>, field: &str) -> bool {
    found.keys().any(|name| {
        name.strip_prefix(field)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('[') || rest.starts_with('.'))
    })
}

/// What the form's reading found, then what the shared check finds in
/// the rest: all of it, so that one attempt shows every problem.
fn all_problems(read: FieldErrors, checked: Result<(), FieldErrors>) -> BTreeMap<String, String> {
    let mut found = read.into_map();
    if let Err(checked) = checked {
        for (field, message) in checked.into_map() {
            if !told(&found, &field) {
                found.insert(field, message);
            }
        }
    }
    found
}

/// The label of the reason to take a medicine that matches an allergy.
const REASON_LABEL: &str = "Reason to take it anyway";

/// Adds a medication, or edits `existing`; the fields start from it.
#[component]
pub fn MedicationForm(
    existing: Option<Medication>,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let editing = existing.as_ref().map(|m| (m.id, m.details.name.clone()));
    // The reason given before answers the matches it covers.
    let kept = existing.as_ref().and_then(|m| m.allergy_override.clone());
    let start_from = existing.map_or_else(|| blank(&zone), |m| m.details);
    let text = |value: &str| RwSignal::new(value.to_owned());
    let name = text(&start_from.name);
    let strength = text(&start_from.strength);
    let form = text(&start_from.form);
    let dose = text(&start_from.dose);
    let when = When::new(&start_from.schedule);
    let more = More::new(&start_from);
    let act = Act::new();
    let problems = Problems::new();
    let at = |field: &'static str, label: &'static str| problems.of(field, label);
    let name_error = at("name", "Name");
    let strength_error = at("strength", "Strength");
    let form_error = at("form", "Form");
    let dose_error = at("dose", "Dose");
    let editing_id = editing.as_ref().map(|(id, _)| *id);
    let zone_now = zone.clone();
    // The matches of the name with the patient's allergies: found by the
    // check as it is written, or by the server's refusal on submit.
    let conflicts = RwSignal::new(Vec::new());
    let reason = RwSignal::new(String::new());
    let reason_error = at(REASON_FIELD, REASON_LABEL);
    let check = AllergyPrecheck::new(
        api,
        api.my_id().ok(),
        move || vec![name.get()],
        conflicts,
        kept,
    );
    let send = move |input: MedicationRequest| {
        let saved = move |_| {
            conflicts.try_set(Vec::new());
            reason.try_set(String::new());
            if editing_id.is_none() {
                act.done("Added. Reminders start at the next dose.");
                // The next medication starts from a blank "what".
                for field in [name, strength, form, dose] {
                    field.set(String::new());
                }
            }
            on_saved();
        };
        let sent = async move {
            match editing_id {
                Some(id) => api.edit_medication(id, input).await,
                None => api.add_medication(input).await,
            }
            .map_err(|e| {
                allergy_warning::refused(conflicts, &e);
                problems.refused(e)
            })
        };
        act.run(sent, saved);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut read = FieldErrors::default();
        let schedule = when.read(more.zone_rule(&zone_now), &mut read);
        let (supply, missed) = more.read(&mut read);
        let input = MedicationInput {
            name: name.get_untracked(),
            strength: strength.get_untracked(),
            form: form.get_untracked(),
            dose: dose.get_untracked(),
            instructions: more.instructions(),
            schedule,
            supply,
            missed,
        };
        let mut request = MedicationRequest::from(input);
        // While the warning shows, it is saved only with the reason.
        let warned = conflicts.with_untracked(|found| !found.is_empty());
        if warned {
            request.allergy_override_reason =
                Some(reason.get_untracked()).filter(|given| !given.trim().is_empty());
        }
        let mut found = all_problems(read, request.check());
        if warned && request.allergy_override_reason.is_none() {
            found.insert(REASON_FIELD.to_owned(), "is required".to_owned());
        }
        if !found.is_empty() {
            return act.fail(problems.show(found));
        }
        send(request);
    };
    let heading = match &editing {
        Some((_, name)) => format!("Edit {name}"),
        None => "Add a medication".to_owned(),
    };
    let is_edit = editing.is_some();
    let form_invalid = move || form_error.get().is_some().to_string();
    view! {
        <section class="medication-form" aria-labelledby="medication-form">
            <h2 id="medication-form">{heading}</h2>
            {is_edit.then(|| view! { <p class="hint">"Future doses follow the changes; doses already logged stay as they were."</p> })}
            <form class="form" on:submit=submit novalidate data-testid="medication-form">
                // The name's field left: it is checked now.
                <fieldset class="step" on:change=move |_| check.now()>
                    <legend><span class="step-number" aria-hidden="true">"1"</span>" What"</legend>
                    <Field label="Name" id="med-name" hint="As on the box, e.g. Amoxicillin." max=MAX_SHORT_TEXT value=name error=name_error/>
                    <div class="field-pair">
                        <Field label="Strength" id="med-strength" hint="e.g. 500 mg" max=MAX_SHORT_TEXT value=strength error=strength_error/>
                        // The form field offers the usual forms, and takes any other.
                        <div class="field">
                            <label for="med-form">"Form"</label>
                            <small class="hint">"e.g. tablet"</small>
                            <input id="med-form" name="med-form" type="text" list="med-form-choices" autocomplete="off" maxlength=MAX_SHORT_TEXT
                                prop:value=move || form.get() on:input=move |ev| form.set(event_target_value(&ev))
                                aria-invalid=form_invalid aria-describedby="med-form-error"/>
                            <datalist id="med-form-choices">
                                {FORMS.map(|f| view! { <option value=f></option> }).collect_view()}
                            </datalist>
                            <p class="field-error" id="med-form-error" role="alert">{move || form_error.get()}</p>
                        </div>
                    </div>
                    <Field label="Dose" id="med-dose" hint="How much each time, e.g. 1 tablet." max=MAX_SHORT_TEXT value=dose error=dose_error/>
                </fieldset>
                <WhenStep when problems zone=zone.clone()/>
                <MoreStep more problems/>
                <Outcome act testid="medication-message"/>
                <AllergyWarning conflicts reason error=reason_error id="med-override-reason" label=REASON_LABEL
                    advice="Check with your doctor or pharmacist first. To go ahead anyway, give the reason: it is kept with the medication."/>
                <div class="actions">
                    <button type="submit" disabled=move || act.pending()>{if is_edit { "Save changes" } else { "Add medication" }}</button>
                    {is_edit.then(|| view! { <button type="button" class="secondary" on:click=move |_| on_cancel()>"Cancel"</button> })}
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtrack_shared::ValidationError;

    #[test]
    fn every_problem_is_told_once_in_one_attempt() {
        let mut read = FieldErrors::default();
        read.add(
            "schedule.times[1]",
            ValidationError::new("must be a time of day"),
        );
        read.add(
            "supply.on_hand",
            ValidationError::new("must be a whole number"),
        );
        let mut checked = FieldErrors::default();
        checked.add("name", ValidationError::new("is required"));
        checked.add(
            "schedule.times",
            ValidationError::new("may name each time once"),
        );
        checked.add(
            "supply.on_hand",
            ValidationError::new("must be between 0 and 100000"),
        );
        checked.add("schedule.timesheet", ValidationError::new("another field"));
        let found = all_problems(read, Err(checked));
        let fields: Vec<&str> = found.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            vec![
                "name",
                "schedule.times[1]",
                "schedule.timesheet",
                "supply.on_hand"
            ]
        );
        assert_eq!(
            found.get("supply.on_hand").map(String::as_str),
            Some("must be a whole number")
        );
    }
}
