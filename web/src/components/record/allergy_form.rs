//! The forms of an allergy: adding one (the substance, its category and
//! the reaction first; kind, severity, criticality, onset, clinical status
//! and notes under "More details"), and correcting one (the same fields;
//! the status changes through the entry's actions).

use leptos::prelude::*;
use medtrack_shared::record::{
    Allergy, AllergyCategory, AllergyChange, AllergyDetails, AllergyInput, AllergyKind,
    AllergyList, ClinicalStatus, Criticality, Severity, MAX_ENTRY_NAME_CHARS,
    MAX_ENTRY_NOTES_CHARS, MAX_REACTION_CHARS,
};
use medtrack_shared::{FieldErrors, UserId};

use super::fields::{merged, read_onset, MoreDetails, STATUSES};
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{chosen, option_value, options, Field, Problems, Select, TextArea};
use crate::components::status::Loader;
use crate::format;

/// The categories, with their labels.
pub const CATEGORIES: [(AllergyCategory, &str); 4] = [
    (AllergyCategory::Medication, "Medication"),
    (AllergyCategory::Food, "Food"),
    (AllergyCategory::Environment, "Environment"),
    (AllergyCategory::Other, "Other"),
];

/// The kinds, with their labels.
pub const KINDS: [(AllergyKind, &str); 2] = [
    (AllergyKind::Allergy, "Allergy"),
    (AllergyKind::Intolerance, "Intolerance"),
];

/// How bad a reaction was, with the labels.
pub const SEVERITIES: [(Severity, &str); 3] = [
    (Severity::Mild, "Mild"),
    (Severity::Moderate, "Moderate"),
    (Severity::Severe, "Severe"),
];

/// How dangerous another exposure could be, with the labels.
pub const CRITICALITIES: [(Criticality, &str); 3] = [
    (Criticality::Low, "Low: unlikely to be life-threatening"),
    (Criticality::High, "High: could be life-threatening"),
    (Criticality::UnableToAssess, "Unable to assess"),
];

/// The label of `choice` among `choices`.
pub fn label_of<T: PartialEq>(choices: &[(T, &'static str)], choice: &T) -> &'static str {
    choices
        .iter()
        .find(|(c, _)| c == choice)
        .map(|(_, label)| *label)
        .unwrap_or_default()
}

/// The options of an optional choice: `none` first (its value empty).
fn optional<T: serde::Serialize>(
    none: &'static str,
    choices: &[(T, &'static str)],
) -> Vec<(String, &'static str)> {
    let mut all = vec![(String::new(), none)];
    all.extend(options(choices));
    all
}

/// An allergy's fields as the person edits them (choices by their names on
/// the wire; an optional one empty when not given).
#[derive(Debug, Clone, Copy)]
struct AllergyFields {
    substance: RwSignal<String>,
    category: RwSignal<String>,
    reaction: RwSignal<String>,
    kind: RwSignal<String>,
    severity: RwSignal<String>,
    criticality: RwSignal<String>,
    onset: RwSignal<String>,
    notes: RwSignal<String>,
}

impl AllergyFields {
    /// The fields, blank (a medication allergy) or filled from `details`.
    fn new(details: Option<&AllergyDetails>) -> Self {
        let text = |value: String| RwSignal::new(value);
        let category = details.map_or(AllergyCategory::Medication, |d| d.category);
        Self {
            substance: text(details.map(|d| d.substance.clone()).unwrap_or_default()),
            category: text(option_value(&category)),
            reaction: text(details.map(|d| d.reaction.clone()).unwrap_or_default()),
            kind: text(option_value(&details.map(|d| d.kind).unwrap_or_default())),
            severity: text(option_value(&details.and_then(|d| d.severity))),
            criticality: text(option_value(&details.and_then(|d| d.criticality))),
            onset: text(
                details
                    .and_then(|d| d.onset)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
            notes: text(details.map(|d| d.notes.clone()).unwrap_or_default()),
        }
    }

    /// Blank again, for the next allergy.
    fn clear(self) {
        for field in [
            self.substance,
            self.reaction,
            self.severity,
            self.criticality,
            self.onset,
            self.notes,
        ] {
            field.set(String::new());
        }
        self.category
            .set(option_value(&AllergyCategory::Medication));
        self.kind.set(option_value(&AllergyKind::Allergy));
    }

    /// The details as typed; what cannot be read is told in `errors`,
    /// named under `prefix` as the server names it.
    fn read(self, prefix: &str, zone: &str, errors: &mut FieldErrors) -> AllergyDetails {
        AllergyDetails {
            substance: self.substance.get_untracked(),
            kind: chosen(self.kind.get_untracked()).unwrap_or_default(),
            category: chosen(self.category.get_untracked()).unwrap_or(AllergyCategory::Other),
            reaction: self.reaction.get_untracked(),
            severity: chosen(self.severity.get_untracked()),
            criticality: chosen(self.criticality.get_untracked()),
            onset: read_onset(self.onset, &format!("{prefix}onset"), zone, errors),
            notes: self.notes.get_untracked(),
        }
    }
}

/// The fields of an allergy; `key` names their ids, `prefix` the server's
/// names of them; `status` is the clinical status of a new one.
#[component]
fn AllergyFieldsView(
    fields: AllergyFields,
    key: String,
    prefix: &'static str,
    problems: Problems,
    zone: String,
    #[prop(optional)] status: Option<RwSignal<String>>,
    #[prop(optional)] open: bool,
) -> impl IntoView {
    let at = |field: &str, label: &'static str| problems.of(format!("{prefix}{field}"), label);
    let substance_error = at("substance", "Substance");
    let category_error = at("category", "Category");
    let reaction_error = at("reaction", "Reaction");
    let kind_error = at("kind", "Allergy or intolerance");
    let severity_error = at("severity", "Severity");
    let criticality_error = at("criticality", "Criticality");
    let onset_error = at("onset", "Onset");
    let notes_error = at("notes", "Notes");
    let status_error = at("clinical_status", "Clinical status");
    let id = |field: &str| format!("{key}-{field}");
    let id_substance = id("substance");
    let id_category = id("category");
    let id_reaction = id("reaction");
    let id_kind = id("kind");
    let id_severity = id("severity");
    let id_criticality = id("criticality");
    let id_onset = id("onset");
    let id_status = id("status");
    let id_notes = id("notes");
    let what = if status.is_some() {
        "(optional): kind, severity, criticality, onset, status, notes"
    } else {
        "(optional): kind, severity, criticality, onset, notes"
    };
    let today = format::today(&zone).to_string();
    let more_errors = vec![
        kind_error,
        severity_error,
        criticality_error,
        onset_error,
        notes_error,
        status_error,
    ];
    view! {
        <Field label="Substance" id=id_substance.clone() hint="A medicine, a class of medicines, a food or anything else, e.g. Penicillin." max=MAX_ENTRY_NAME_CHARS value=fields.substance error=substance_error/>
        <Select label="Category" id=id_category.clone() options=options(&CATEGORIES) value=fields.category error=category_error/>
        <Field label="Reaction" id=id_reaction.clone() hint="What happens, e.g. hives or swollen lips." max=MAX_REACTION_CHARS value=fields.reaction error=reaction_error/>
        <MoreDetails what open errors=more_errors>
            <Select label="Allergy or intolerance" id=id_kind.clone() hint="An allergy involves the immune system; an intolerance does not." options=options(&KINDS) value=fields.kind error=kind_error/>
            <div class="field-pair">
                <Select label="Severity" id=id_severity.clone() hint="How bad the reaction was." options=optional("Not known", &SEVERITIES) value=fields.severity error=severity_error/>
                <Select label="Criticality" id=id_criticality.clone() hint="How dangerous another exposure could be." options=optional("Not assessed", &CRITICALITIES) value=fields.criticality error=criticality_error/>
            </div>
            <Field label="Onset" id=id_onset.clone() kind="date" hint="When it was first noticed, if known." max_date=today value=fields.onset error=onset_error/>
            {status.map(|status| view! {
                <Select label="Clinical status" id=id_status.clone() hint="Inactive or resolved records a past allergy." options=options(&STATUSES) value=status error=status_error/>
            })}
            <TextArea label="Notes" id=id_notes.clone() max=MAX_ENTRY_NOTES_CHARS value=fields.notes error=notes_error/>
        </MoreDetails>
    }
}

/// The form that adds an allergy: confirmed when a doctor adds it,
/// patient-reported when the patient does.
#[component]
pub fn AddAllergy(
    patient: UserId,
    doctor: bool,
    zone: String,
    list: Loader<AllergyList>,
) -> impl IntoView {
    let api = use_api();
    let fields = AllergyFields::new(None);
    let active = option_value(&ClinicalStatus::Active);
    let status = RwSignal::new(active.clone());
    let act = Act::new();
    let problems = Problems::new();
    let read_zone = zone.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut errors = FieldErrors::default();
        let d = fields.read("", &read_zone, &mut errors);
        let input = AllergyInput {
            substance: d.substance,
            kind: d.kind,
            category: d.category,
            reaction: d.reaction,
            severity: d.severity,
            criticality: d.criticality,
            onset: d.onset,
            notes: d.notes,
            clinical_status: chosen(status.get_untracked()).unwrap_or_default(),
        };
        if let Err(errors) = merged(errors, input.check()) {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.add_allergy(patient, input)
                .await
                .map_err(|e| problems.refused(e))
        };
        let active = active.clone();
        act.run(sent, move |_| {
            act.done("Allergy added.");
            fields.clear();
            status.set(active);
            list.reload();
        });
    };
    let (heading, lead) = if doctor {
        (
            "Record an allergy",
            "Recorded by you, it shows as confirmed.",
        )
    } else {
        (
            "Report an allergy",
            "It shows as patient-reported until one of your doctors confirms it.",
        )
    };
    view! {
        <form class="form record-form" on:submit=submit novalidate aria-labelledby="add-allergy" data-testid="add-allergy">
            <h3 id="add-allergy">{heading}</h3>
            <p class="hint">{lead}</p>
            <AllergyFieldsView fields key="allergy".to_owned() prefix="" problems zone status/>
            <Outcome act/>
            <button type="submit" disabled=move || act.pending()>"Add allergy"</button>
        </form>
    }
}

/// The correction of an allergy: the same fields as adding it, filled;
/// `saved` says when it is done (the entry is shown anew).
#[component]
pub fn CorrectAllergy(
    allergy: Allergy,
    zone: String,
    list: Loader<AllergyList>,
    saved: Act,
    /// Whether the form shows: "Cancel" closes it.
    editing: RwSignal<bool>,
) -> impl IntoView {
    let api = use_api();
    let d = &allergy.details;
    let open = d.kind != AllergyKind::Allergy
        || d.severity.is_some()
        || d.criticality.is_some()
        || d.onset.is_some()
        || !d.notes.is_empty();
    let fields = AllergyFields::new(Some(d));
    let act = Act::new();
    let problems = Problems::new();
    let (patient, id) = (allergy.patient, allergy.id);
    let read_zone = zone.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut errors = FieldErrors::default();
        let change = AllergyChange {
            correction: Some(fields.read("correction.", &read_zone, &mut errors)),
            ..AllergyChange::default()
        };
        if let Err(errors) = merged(errors, change.check()) {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.change_allergy(patient, id, change)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |_| {
            saved.done("Changes saved.");
            list.reload();
        });
    };
    view! {
        <form class="form record-form" on:submit=save novalidate aria-label="Correct the allergy" data-testid="correct-allergy">
            <AllergyFieldsView fields key=format!("allergy-{id}") prefix="correction." problems zone open/>
            <Outcome act/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Save changes"</button>
                <button type="button" class="secondary" on:click=move |_| editing.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_choices_read_back_as_none_or_the_choice() {
        let severities = optional("Not known", &SEVERITIES);
        assert_eq!(severities.first(), Some(&(String::new(), "Not known")));
        let values: Vec<&str> = severities.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(values, vec!["", "mild", "moderate", "severe"]);
        assert_eq!(chosen::<Severity>(String::new()), None);
        assert_eq!(
            chosen::<Severity>("severe".to_owned()),
            Some(Severity::Severe)
        );
        assert_eq!(option_value(&None::<Criticality>), "");
        assert_eq!(
            chosen::<Criticality>(option_value(&Some(Criticality::UnableToAssess))),
            Some(Criticality::UnableToAssess)
        );
    }

    #[test]
    fn every_choice_has_its_label() {
        assert_eq!(label_of(&CATEGORIES, &AllergyCategory::Food), "Food");
        assert_eq!(label_of(&KINDS, &AllergyKind::Intolerance), "Intolerance");
        assert_eq!(
            label_of(&CRITICALITIES, &Criticality::High),
            "High: could be life-threatening"
        );
    }
}
