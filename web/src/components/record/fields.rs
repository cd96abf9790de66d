//! What the forms of problems and allergies share: the onset, the code,
//! the clinical status, and the "More details" fold that keeps a form
//! short until its optional fields are wanted.

use jiff::civil::Date;
use leptos::html::Details;
use leptos::prelude::*;
use medtrack_shared::record::{ClinicalStatus, Code};
use medtrack_shared::{FieldErrors, ValidationError};

use crate::format;

/// The clinical statuses a new entry may have, with their labels.
pub const STATUSES: [(ClinicalStatus, &str); 3] = [
    (ClinicalStatus::Active, "Active: present now"),
    (ClinicalStatus::Inactive, "Inactive: not now, may come back"),
    (ClinicalStatus::Resolved, "Resolved: over"),
];

/// Coding systems offered as the system is typed.
pub const CODE_SYSTEMS: &[&str] = &["ICD-10", "ICD-10-CM", "ICD-11", "SNOMED CT"];

/// The onset typed as `text`: none when empty, else a date no later than
/// `today`.
pub fn onset(text: &str, today: Date) -> Result<Option<Date>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<Date>() {
        Err(_) => Err("must be a date"),
        Ok(date) if date > today => Err("must not be in the future"),
        Ok(date) => Ok(Some(date)),
    }
}

/// The onset in its field, told in `errors` under `field` when it cannot be.
pub fn read_onset(
    text: RwSignal<String>,
    field: &str,
    zone: &str,
    errors: &mut FieldErrors,
) -> Option<Date> {
    onset(&text.get_untracked(), format::today(zone)).unwrap_or_else(|message| {
        errors.add(field, ValidationError::new(message));
        None
    })
}

/// The code from its two fields: none when both are empty. One without
/// the other is kept, so that the shared check asks for the missing one.
pub fn code(system: &str, value: &str) -> Option<Code> {
    let (system, value) = (system.trim(), value.trim());
    (!system.is_empty() || !value.is_empty()).then(|| Code {
        system: system.to_owned(),
        value: value.to_owned(),
    })
}

/// What the form's own reading found, then what the shared check found in
/// the rest: all of it, so that one attempt shows every problem.
pub fn merged(
    mut errors: FieldErrors,
    checked: Result<(), FieldErrors>,
) -> Result<(), FieldErrors> {
    if let Err(checked) = checked {
        for (field, message) in checked.into_map() {
            // The first problem of a field is kept: the reading's.
            errors.add(&field, ValidationError::new(message));
        }
    }
    errors.into_result(())
}

/// The optional fields of a form, folded under "More details"; it opens by
/// itself when one of `errors` has something to show, and starts open when
/// `open`.
#[component]
pub fn MoreDetails(
    /// What is inside, in a few words.
    what: &'static str,
    /// The errors of the fields inside.
    errors: Vec<Signal<Option<String>>>,
    /// Open from the start.
    #[prop(optional)]
    open: bool,
    children: Children,
) -> impl IntoView {
    let folded = NodeRef::<Details>::new();
    Effect::new(move || {
        if errors.iter().any(|e| e.get().is_some()) {
            if let Some(details) = folded.get() {
                details.set_open(true);
            }
        }
    });
    view! {
        <details class="more record-more" node_ref=folded open=open>
            <summary>"More details "<span class="hint">{what}</span></summary>
            <div class="record-more-fields">{children()}</div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_onset_is_a_past_or_present_day_or_nothing() {
        let today = jiff::civil::date(2026, 3, 10);
        assert_eq!(onset("  ", today), Ok(None));
        assert_eq!(
            onset("2019-04-01", today),
            Ok(Some(jiff::civil::date(2019, 4, 1)))
        );
        assert_eq!(onset("2026-03-10", today), Ok(Some(today)));
        assert_eq!(onset("2026-03-11", today), Err("must not be in the future"));
        assert_eq!(onset("April 2019", today), Err("must be a date"));
    }

    #[test]
    fn a_code_needs_both_parts_or_none() {
        assert_eq!(code(" ", ""), None);
        let both = code(" ICD-10 ", "J45.909 ");
        assert_eq!(
            both,
            Some(Code {
                system: "ICD-10".to_owned(),
                value: "J45.909".to_owned()
            })
        );
        // One part alone is kept for the shared check to ask for the other.
        let half = code("", "J45.909");
        assert_eq!(half.as_ref().map(|c| c.system.as_str()), Some(""));
        let input = medtrack_shared::record::ProblemInput {
            name: "Asthma".to_owned(),
            code: half,
            onset: None,
            notes: String::new(),
            clinical_status: ClinicalStatus::Active,
        };
        let errors = input.check().err().map(FieldErrors::into_map);
        assert!(errors.is_some_and(|e| e.contains_key("code.system")));
    }

    #[test]
    fn the_forms_reading_comes_before_the_shared_check() {
        let mut read = FieldErrors::default();
        read.add("onset", ValidationError::new("must be a date"));
        let mut checked = FieldErrors::default();
        checked.add("onset", ValidationError::new("is out of range"));
        checked.add("name", ValidationError::new("is required"));
        let all = merged(read, Err(checked)).err().map(FieldErrors::into_map);
        let all = all.unwrap_or_default();
        assert_eq!(all.get("onset").map(String::as_str), Some("must be a date"));
        assert_eq!(all.get("name").map(String::as_str), Some("is required"));
        assert!(merged(FieldErrors::default(), Ok(())).is_ok());
    }
}
