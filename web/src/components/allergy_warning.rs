//! The allergy warning of a form that prescribes: each medicine that
//! matches one of the patient's allergies, and the reason to go ahead,
//! which is sent with the form. The matches come from the check the form
//! asks while the names are written ([`AllergyPrecheck`]), before anything
//! is submitted; the server's refusal on submit (an allergy recorded
//! meanwhile) shows the same warning ([`refused`]).

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::record::{
    AllergyConflict, AllergyOverride, MAX_CHECKED_MEDICINES, MAX_ENTRY_NAME_CHARS,
    MAX_OVERRIDE_REASON_CHARS,
};
use medtrack_shared::{ErrorCode, UserId};

use crate::api::{Api, ApiError};
use crate::components::form::Field;

/// The field the reason is sent in, as the server names it.
pub const REASON_FIELD: &str = "allergy_override_reason";

/// How long typing pauses before the names are checked.
const PAUSE: Duration = Duration::from_millis(400);

/// One match in words.
pub fn conflict_line(conflict: &AllergyConflict) -> String {
    format!(
        "{} matches the recorded allergy to {}",
        conflict.medicine, conflict.substance
    )
}

/// The names worth checking: trimmed, without blanks or repeats, as many
/// and as long as the check takes (the server checks them all on submit).
pub fn checked_names(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut checked: Vec<String> = Vec::new();
    for name in names {
        let name = name.trim();
        if name.is_empty()
            || name.chars().count() > MAX_ENTRY_NAME_CHARS
            || checked.iter().any(|n| n == name)
        {
            continue;
        }
        checked.push(name.to_owned());
    }
    checked.truncate(MAX_CHECKED_MEDICINES);
    checked
}

/// The matches a form still has to answer: none when `kept` (the reason
/// given before, for a medication being edited) covers them all, as the
/// server would take them.
pub fn unanswered(
    found: Vec<AllergyConflict>,
    kept: Option<&AllergyOverride>,
) -> Vec<AllergyConflict> {
    match kept {
        Some(kept) if found.iter().all(|c| kept.covers(c)) => Vec::new(),
        _ => found,
    }
}

/// Shows `found`, unless it is what shows already (the warning is a live
/// region: what changes in it is read out again).
pub fn show(conflicts: RwSignal<Vec<AllergyConflict>>, found: Vec<AllergyConflict>) {
    // The form may be gone by the time an answer comes.
    if conflicts.try_with_untracked(|shown| *shown != found) == Some(true) {
        conflicts.try_set(found);
    }
}

/// Shows the matches of a refusal on submit, when the server refused for
/// them; any other failure leaves the warning as it is.
pub fn refused(conflicts: RwSignal<Vec<AllergyConflict>>, error: &ApiError) {
    if error.code() == Some(ErrorCode::AllergyConflict) {
        show(conflicts, error.conflicts());
    }
}

/// The check of the medicines a form is writing for `patient`, asked when
/// typing pauses or the field is left ([`AllergyPrecheck::now`]), once
/// per set of names; its answer goes to the form's warning. A check that
/// fails shows nothing and stops nothing: the server checks on submit.
#[derive(Debug, Clone, Copy)]
pub struct AllergyPrecheck {
    api: Api,
    patient: Option<UserId>,
    names: Memo<Vec<String>>,
    conflicts: RwSignal<Vec<AllergyConflict>>,
    kept: StoredValue<Option<AllergyOverride>>,
    /// The names of the last check asked.
    asked: StoredValue<Vec<String>>,
    /// Counts the checks asked: only the last one's answer shows.
    round: StoredValue<u64>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl AllergyPrecheck {
    /// Checks the names `names` reads (tracked) as they change; the
    /// matches go to `conflicts`, less those `kept` covers.
    pub fn new(
        api: Api,
        patient: Option<UserId>,
        names: impl Fn() -> Vec<String> + Send + Sync + 'static,
        conflicts: RwSignal<Vec<AllergyConflict>>,
        kept: Option<AllergyOverride>,
    ) -> Self {
        let check = Self {
            api,
            patient,
            names: Memo::new(move |_| checked_names(names())),
            conflicts,
            kept: StoredValue::new(kept),
            asked: StoredValue::new(Vec::new()),
            round: StoredValue::new(0),
            timer: StoredValue::new(None),
        };
        Effect::new(move |_| {
            check.names.track();
            check.soon();
        });
        on_cleanup(move || check.wait_no_more());
        check
    }

    /// Asks once typing pauses; names all cleared away clear the warning at once.
    fn soon(self) {
        self.wait_no_more();
        if self.names.try_with_untracked(Vec::is_empty) != Some(false) {
            return self.now();
        }
        let timer = set_timeout_with_handle(move || self.now(), PAUSE).ok();
        self.timer.try_set_value(timer);
    }

    fn wait_no_more(self) {
        if let Some(Some(timer)) = self.timer.try_update_value(Option::take) {
            timer.clear();
        }
    }

    /// Asks now (the field was left), unless these names were the last asked.
    pub fn now(self) {
        self.wait_no_more();
        let Some(names) = self.names.try_get_untracked() else {
            return;
        };
        if self.asked.try_with_value(|asked| *asked == names) != Some(false) {
            return;
        }
        self.asked.set_value(names.clone());
        let Some(round) = self.round.try_update_value(|round| {
            *round += 1;
            *round
        }) else {
            return;
        };
        let Some(patient) = self.patient.filter(|_| !names.is_empty()) else {
            return show(self.conflicts, Vec::new());
        };
        spawn_local(async move {
            let answer = self.api.allergy_check(patient, names).await;
            // A later check was asked meanwhile, or the form is gone.
            if self.round.try_get_value() != Some(round) {
                return;
            }
            match answer {
                Ok(check) => {
                    let kept = self.kept.try_get_value().flatten();
                    show(self.conflicts, unanswered(check.conflicts, kept.as_ref()));
                }
                Err(_) => {
                    // Asked again on the next change; the submit is checked anyway.
                    self.asked.try_set_value(Vec::new());
                    show(self.conflicts, Vec::new());
                }
            }
        });
    }
}

/// The matches found, and the reason field whose text the form sends
/// with it. The words are a live region that is always on the page (the
/// box is hidden while there is no match), so that a warning that comes
/// while the person types is read out; the field stays out of it.
#[component]
pub fn AllergyWarning(
    /// The matches; none, no warning.
    conflicts: RwSignal<Vec<AllergyConflict>>,
    /// The reason to go ahead.
    reason: RwSignal<String>,
    /// The reason's problem (needed while the warning shows; too long).
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The reason field's id.
    #[prop(into)]
    id: String,
    /// The reason field's label.
    label: &'static str,
    /// What the person may do about it.
    advice: &'static str,
) -> impl IntoView {
    let showing = Memo::new(move |_| conflicts.with(|found| !found.is_empty()));
    view! {
        <div class="notice warning allergy-warning" data-testid="allergy-warning" prop:hidden=move || !showing.get()>
            <div role="alert">
                {move || showing.get().then(|| view! {
                    <p><strong>"Allergy warning"</strong></p>
                    <ul>
                        {move || conflicts.with(|found| found.iter().map(|c| view! { <li>{conflict_line(c)}</li> }).collect_view())}
                    </ul>
                    <p>{advice}</p>
                })}
            </div>
            <Field label id max=MAX_OVERRIDE_REASON_CHARS value=reason error/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtrack_shared::AllergyId;

    const ALLERGY: &str = "00000000-0000-7000-8000-000000000001";
    const OTHER: &str = "00000000-0000-7000-8000-000000000002";

    fn conflict(medicine: &str, allergy: &str) -> AllergyConflict {
        AllergyConflict {
            medicine: medicine.to_owned(),
            allergy_id: allergy.parse::<AllergyId>().unwrap(),
            substance: "Penicillin".to_owned(),
        }
    }

    #[test]
    fn names_are_checked_once_each_and_within_the_limits() {
        let long = "x".repeat(MAX_ENTRY_NAME_CHARS + 1);
        let names =
            [" Amoxicillin ", "", "  ", "Amoxicillin", &long, "Ibuprofen"].map(str::to_owned);
        assert_eq!(checked_names(names), vec!["Amoxicillin", "Ibuprofen"]);
        let many = (0..MAX_CHECKED_MEDICINES + 5).map(|n| format!("Drug {n}"));
        assert_eq!(checked_names(many).len(), MAX_CHECKED_MEDICINES);
    }

    #[test]
    fn a_reason_kept_before_answers_only_the_matches_it_covers() {
        let kept: AllergyOverride = serde_json::from_value(serde_json::json!({
            "reason": "Cleared by the allergist.",
            "conflicts": [conflict("Amoxicillin", ALLERGY)],
            "by": { "id": ALLERGY, "name": "Mia Warned", "role": "patient" },
            "at": "2025-01-01T00:00:00Z",
        }))
        .unwrap();
        let same = vec![conflict(" Amoxicillin", ALLERGY)];
        assert!(unanswered(same.clone(), Some(&kept)).is_empty());
        assert_eq!(unanswered(same.clone(), None), same);
        let more = vec![
            conflict("Amoxicillin", ALLERGY),
            conflict("Amoxicillin", OTHER),
        ];
        assert_eq!(unanswered(more.clone(), Some(&kept)), more);
        assert!(unanswered(Vec::new(), None).is_empty());
    }
}
