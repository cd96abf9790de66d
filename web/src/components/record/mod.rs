//! A patient's problems and allergies, as the patient, their doctors and
//! the admins see them: badges for where each entry stands, its code,
//! onset and details, the add forms, the actions on an entry that its
//! state and the reader allow (a doctor's confirm, refute, status changes
//! and entered-in-error; the patient's on what they reported), corrections,
//! and each entry's revisions. Admins read only.

mod actions;
mod allergies;
mod allergy_form;
mod entry;
mod export;
mod fields;
mod problem_form;
mod problems;
mod timeline;

use leptos::prelude::*;
use medtrack_shared::{Role, UserId};

pub use allergies::Allergies;
pub use export::DownloadMyData;
pub use problems::Problems as ProblemList;
pub use timeline::Timeline;

use crate::state::session::use_session;

/// Who is reading the record, as its actions depend on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader {
    /// A doctor: may confirm, refute, resolve and mark entered in error.
    pub doctor: bool,
    /// A doctor or the patient: may add entries and change them. Admins
    /// read the record but do not write it.
    pub writes: bool,
    /// Their id: a patient corrects only what they reported themselves.
    pub id: Option<UserId>,
    /// Their time zone, for dates.
    pub zone: String,
}

impl Reader {
    fn now() -> Self {
        let session = use_session();
        let me = session.me();
        let role = me.as_ref().map(|me| me.role);
        Self {
            doctor: role == Some(Role::Doctor),
            writes: matches!(role, Some(Role::Doctor | Role::Patient)),
            id: me.map(|me| me.id),
            zone: session.zone(),
        }
    }
}

/// The record of `patient`: problems, then allergies.
#[component]
pub fn RecordSection(patient: UserId) -> impl IntoView {
    let reader = Reader::now();
    view! {
        <section aria-labelledby="problems-heading" data-testid="record-problems">
            <h2 id="problems-heading">"Problems"</h2>
            <ProblemList patient reader=reader.clone()/>
        </section>
        <section aria-labelledby="allergies-heading" data-testid="record-allergies">
            <h2 id="allergies-heading">"Allergies"</h2>
            <Allergies patient reader/>
        </section>
    }
}
