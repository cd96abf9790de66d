//! The actions on an entry (confirm, refute, mark inactive, resolve, make
//! active again, mark entered in error) and which of them a reader sees:
//! those the entry's state and the reader's role allow, as the server
//! allows them.

use leptos::prelude::*;
use medtrack_shared::record::{ClinicalStatus, EntryState, Verification, MAX_CHANGE_REASON_CHARS};

use super::entry::Step;
use super::Reader;
use crate::components::action::{Act, Outcome};
use crate::components::form::{Field, Problems as FieldProblems};

/// One thing a reader may do to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A doctor confirms what the patient reported.
    Confirm,
    /// A doctor finds it is not so (a reason may be given).
    Refute,
    /// Not present now, may come back.
    MarkInactive,
    /// Over.
    Resolve,
    /// Present again (an inactive or resolved entry).
    MakeActive,
    /// Recorded by mistake: kept, with the reason, and never changed again.
    EnteredInError,
}

/// Whether an action asks why first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Done at once.
    Never,
    /// Asked, may be left empty.
    Optional,
    /// Asked, and needed.
    Required,
}

impl Action {
    /// Its button's words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Confirm => "Confirm",
            Self::Refute => "Refute",
            Self::MarkInactive => "Mark inactive",
            Self::Resolve => "Resolve",
            Self::MakeActive => "Make active again",
            Self::EnteredInError => "Mark entered in error",
        }
    }

    /// What it says once done.
    pub fn done(self) -> &'static str {
        match self {
            Self::Confirm => "Confirmed.",
            Self::Refute => "Refuted.",
            Self::MarkInactive => "Marked inactive.",
            Self::Resolve => "Resolved.",
            Self::MakeActive => "Active again.",
            Self::EnteredInError => "Marked entered in error.",
        }
    }

    /// Whether it asks why first.
    pub fn why(self) -> Why {
        match self {
            Self::Refute => Why::Optional,
            Self::EnteredInError => Why::Required,
            _ => Why::Never,
        }
    }

    /// The label of the reason's field.
    fn reason_label(self) -> &'static str {
        match self {
            Self::EnteredInError => "Why it was entered in error",
            _ => "Why it is refuted (optional)",
        }
    }

    /// The change it makes, with the reason given (if any words).
    pub fn step(self, reason: Option<String>) -> Step {
        let reason = reason.filter(|r| !r.trim().is_empty());
        let (clinical_status, verification) = match self {
            Self::Confirm => (None, Some(Verification::Confirmed)),
            Self::Refute => (None, Some(Verification::Refuted)),
            Self::MarkInactive => (Some(ClinicalStatus::Inactive), None),
            Self::Resolve => (Some(ClinicalStatus::Resolved), None),
            Self::MakeActive => (Some(ClinicalStatus::Active), None),
            Self::EnteredInError => (None, Some(Verification::EnteredInError)),
        };
        Step {
            clinical_status,
            verification,
            reason,
        }
    }
}

/// What a reader may do to an entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allowed {
    /// Correct what it says (its name or substance, code, onset, notes…).
    pub correct: bool,
    /// The actions, in the order their buttons show.
    pub actions: Vec<Action>,
}

/// What `reader` may do to an entry in `state`. Nothing is done to an
/// entry entered in error, nor by an admin. A doctor confirms what the
/// patient reported, refutes what is not refuted, changes the clinical
/// status, corrects, and marks entered in error; a refuted entry may only
/// be marked entered in error. The patient does the same to what they
/// reported themselves while no doctor has confirmed it, except confirm
/// and refute.
pub fn allowed(state: &EntryState, reader: &Reader) -> Allowed {
    let own = state.verification == Verification::PatientReported
        && reader.id == Some(state.recorded_by.id);
    let may = reader.writes && (reader.doctor || own);
    if !may || state.verification == Verification::EnteredInError {
        return Allowed::default();
    }
    if state.verification == Verification::Refuted {
        return Allowed {
            correct: false,
            actions: vec![Action::EnteredInError],
        };
    }
    let mut actions = Vec::new();
    if reader.doctor {
        if state.verification == Verification::PatientReported {
            actions.push(Action::Confirm);
        }
        actions.push(Action::Refute);
    }
    actions.extend(match state.clinical_status {
        ClinicalStatus::Active => vec![Action::MarkInactive, Action::Resolve],
        ClinicalStatus::Inactive => vec![Action::Resolve, Action::MakeActive],
        ClinicalStatus::Resolved => vec![Action::MakeActive],
    });
    actions.push(Action::EnteredInError);
    Allowed {
        correct: true,
        actions,
    }
}

/// The action buttons of an entry: `actions` each a button, those that ask
/// why opening a short form first; with "Edit" first when `editing` is
/// given (it toggles the correction form, which the entry shows). `send`
/// sends an action's step and says how it went on the act, and the
/// server's problems with the reason on the field problems.
#[component]
pub fn EntryActions(
    actions: Vec<Action>,
    /// Names the fields of this entry's forms.
    #[prop(into)]
    key: String,
    send: Callback<(Action, Step, Act, FieldProblems)>,
    /// Whether the correction form shows, when the entry may be corrected.
    editing: Option<RwSignal<bool>>,
) -> impl IntoView {
    if actions.is_empty() && editing.is_none() {
        return ().into_any();
    }
    let act = Act::new();
    let problems = FieldProblems::new();
    let reason = RwSignal::new(String::new());
    let reason_error = problems.of("reason", "Reason");
    // The action whose reason is being asked for.
    let asking = RwSignal::new(None::<Action>);
    let edit = editing.map(|editing| {
        view! {
            <button type="button" class="secondary" aria-expanded=move || editing.get().to_string()
                on:click=move |_| editing.update(|e| *e = !*e)>"Edit"</button>
        }
    });
    let buttons = actions
        .into_iter()
        .map(|action| {
            let on_click = move |_| {
                if action.why() == Why::Never {
                    problems.clear();
                    asking.set(None);
                    send.run((action, action.step(None), act, problems));
                } else {
                    problems.clear();
                    asking.update(|a| *a = (*a != Some(action)).then_some(action));
                }
            };
            let expanded = (action.why() != Why::Never)
                .then_some(move || (asking.get() == Some(action)).to_string());
            // A button that opens a form says so: "Refute…".
            let label = match action.why() {
                Why::Never => action.label().to_owned(),
                _ => format!("{}…", action.label()),
            };
            view! {
                <button type="button" class="secondary" aria-expanded=expanded
                    disabled=move || act.pending() on:click=on_click>{label}</button>
            }
        })
        .collect_view();
    let field = format!("{key}-reason");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        if let Some(action) = asking.get_untracked() {
            send.run((
                action,
                action.step(Some(reason.get_untracked())),
                act,
                problems,
            ));
        }
    };
    view! {
        <div class="actions entry-actions">
            {edit}
            {buttons}
        </div>
        {move || asking.get().map(|action| {
            let field = field.clone();
            view! {
                <form class="form reason-form" on:submit=submit novalidate data-testid="reason-form"
                    aria-label=action.label()>
                    <Field label=action.reason_label() id=field max=MAX_CHANGE_REASON_CHARS value=reason error=reason_error/>
                    <div class="actions">
                        <button type="submit" disabled=move || act.pending()>{action.label()}</button>
                        <button type="button" class="secondary" on:click=move |_| asking.set(None)>"Cancel"</button>
                    </div>
                </form>
            }
        })}
        <Outcome act/>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtrack_shared::record::Author;
    use medtrack_shared::{Role, UserId};

    const PATIENT: &str = "00000000-0000-7000-8000-000000000001";
    const DOCTOR: &str = "00000000-0000-7000-8000-000000000002";
    const OTHER: &str = "00000000-0000-7000-8000-000000000003";

    fn id(text: &str) -> UserId {
        text.parse().unwrap()
    }

    fn state(by: &str, clinical: ClinicalStatus, verification: Verification) -> EntryState {
        let author = Author {
            id: id(by),
            name: "Someone".to_owned(),
            role: if by == DOCTOR {
                Role::Doctor
            } else {
                Role::Patient
            },
        };
        EntryState {
            clinical_status: clinical,
            verification,
            recorded_by: author.clone(),
            recorded_at: jiff::Timestamp::UNIX_EPOCH,
            updated_by: author,
            updated_at: jiff::Timestamp::UNIX_EPOCH,
            revision: 1,
            reason: None,
        }
    }

    fn reader(who: &str, doctor: bool, writes: bool) -> Reader {
        Reader {
            doctor,
            writes,
            id: Some(id(who)),
            zone: "UTC".to_owned(),
        }
    }

    use super::Action::{Confirm, EnteredInError, MakeActive, MarkInactive, Refute, Resolve};
    use medtrack_shared::record::ClinicalStatus::{Active, Inactive, Resolved};
    use medtrack_shared::record::Verification::{Confirmed, PatientReported, Refuted};

    #[test]
    fn a_doctor_confirms_only_what_the_patient_reported() {
        let doctor = reader(DOCTOR, true, true);
        let reported = allowed(&state(PATIENT, Active, PatientReported), &doctor);
        assert_eq!(
            reported.actions,
            vec![Confirm, Refute, MarkInactive, Resolve, EnteredInError]
        );
        assert!(reported.correct);
        let confirmed = allowed(&state(DOCTOR, Active, Confirmed), &doctor);
        assert_eq!(
            confirmed.actions,
            vec![Refute, MarkInactive, Resolve, EnteredInError]
        );
    }

    #[test]
    fn status_actions_follow_the_clinical_status() {
        let doctor = reader(DOCTOR, true, true);
        let inactive = allowed(&state(DOCTOR, Inactive, Confirmed), &doctor);
        assert_eq!(
            inactive.actions,
            vec![Refute, Resolve, MakeActive, EnteredInError]
        );
        let resolved = allowed(&state(DOCTOR, Resolved, Confirmed), &doctor);
        assert_eq!(resolved.actions, vec![Refute, MakeActive, EnteredInError]);
    }

    #[test]
    fn a_refuted_entry_may_only_be_marked_entered_in_error_and_one_in_error_not_at_all() {
        let doctor = reader(DOCTOR, true, true);
        let refuted = allowed(&state(DOCTOR, Active, Refuted), &doctor);
        assert_eq!(refuted.actions, vec![EnteredInError]);
        assert!(!refuted.correct);
        let wrong = state(DOCTOR, Active, Verification::EnteredInError);
        assert_eq!(allowed(&wrong, &doctor), Allowed::default());
    }

    #[test]
    fn a_patient_changes_only_what_they_reported_and_never_verifies() {
        let patient = reader(PATIENT, false, true);
        let own = allowed(&state(PATIENT, Active, PatientReported), &patient);
        assert_eq!(own.actions, vec![MarkInactive, Resolve, EnteredInError]);
        assert!(own.correct);
        let confirmed = state(PATIENT, Active, Confirmed);
        assert_eq!(allowed(&confirmed, &patient), Allowed::default());
        let doctors = state(DOCTOR, Active, Confirmed);
        assert_eq!(allowed(&doctors, &patient), Allowed::default());
        let someone_elses = state(OTHER, Active, PatientReported);
        assert_eq!(allowed(&someone_elses, &patient), Allowed::default());
    }

    #[test]
    fn an_admin_reads_only() {
        let admin = reader(OTHER, false, false);
        for entry in [
            state(PATIENT, Active, PatientReported),
            state(DOCTOR, Inactive, Confirmed),
            state(DOCTOR, Active, Refuted),
        ] {
            assert_eq!(allowed(&entry, &admin), Allowed::default());
        }
    }

    #[test]
    fn steps_carry_a_reason_only_when_it_says_something() {
        let refute = Refute.step(Some("  ".to_owned()));
        assert_eq!(refute.verification, Some(Refuted));
        assert_eq!(refute.reason, None);
        let wrong = EnteredInError.step(Some("Wrong patient.".to_owned()));
        assert_eq!(wrong.verification, Some(Verification::EnteredInError));
        assert_eq!(wrong.reason.as_deref(), Some("Wrong patient."));
        assert_eq!(MakeActive.step(None).clinical_status, Some(Active));
        assert_eq!(MarkInactive.step(None).clinical_status, Some(Inactive));
        assert_eq!(Resolve.step(None).clinical_status, Some(Resolved));
        assert_eq!(Confirm.step(None).verification, Some(Confirmed));
    }
}
