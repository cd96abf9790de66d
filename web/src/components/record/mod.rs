//! A patient's problems and allergies, as the patient and their doctors
//! see them: badges for where each entry stands, the add forms, a doctor's
//! confirm / resolve / entered-in-error, the patient's corrections of what
//! they reported, and each entry's revisions.

mod allergies;
mod entry;
mod problems;
mod timeline;

use leptos::prelude::*;
use medtrack_shared::{Role, UserId};

pub use allergies::Allergies;
pub use problems::Problems as ProblemList;
pub use timeline::Timeline;

use crate::state::session::use_session;

/// Who is reading the record, as its actions depend on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader {
    /// A doctor: may confirm, refute, resolve and mark entered in error.
    pub doctor: bool,
    /// Their id: a patient corrects only what they reported themselves.
    pub id: Option<UserId>,
    /// Their time zone, for dates.
    pub zone: String,
}

impl Reader {
    fn now() -> Self {
        let session = use_session();
        let me = session.me();
        Self {
            doctor: me.as_ref().is_some_and(|me| me.role == Role::Doctor),
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
