//! Messages between a patient and their doctors, for both of them: a
//! thread in a list, messages as bubbles (the reader's own on the right,
//! with "Read" once the other party has read them; the clinic's
//! out-of-hours note as a note), the form that writes one (for a patient:
//! "not for emergencies", when to expect a reply, and a red flag's notice
//! before sending), and the choice of documents to attach. Its styles are
//! in `style/messaging.css`.

mod attach;
mod bubble;
mod compose;
mod safety;
mod thread_card;

use leptos::prelude::*;
use medtrack_shared::appointment::Party;
use medtrack_shared::messaging::{Sender, Thread};
use medtrack_shared::safety::RED_FLAGS;
use medtrack_shared::UserId;

pub use bubble::Bubble;
pub use compose::{Destination, MessageForm};
pub use thread_card::ThreadCard;

use crate::format;
use crate::state::session::use_session;

/// The signed-in person as a party of threads: who they write as, and their id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Me {
    /// Their id.
    pub id: UserId,
    /// Who they write as.
    pub sender: Sender,
}

impl Me {
    /// The signed-in person, when they write messages (patients and doctors).
    pub fn now() -> Option<Self> {
        let me = use_session().me()?;
        Some(Self {
            id: me.id,
            sender: Sender::of(me.role)?,
        })
    }

    /// Whether they are the doctor.
    pub fn doctor(self) -> bool {
        self.sender == Sender::Doctor
    }

    /// The other party of `thread`.
    pub fn other(self, thread: &Thread) -> &Party {
        if self.doctor() {
            &thread.patient
        } else {
            &thread.doctor
        }
    }
}

/// The words of red flags found in a message (by their stable names).
pub fn flag_labels(ids: &[String]) -> Vec<&'static str> {
    RED_FLAGS
        .iter()
        .filter(|flag| ids.iter().any(|id| id == flag.id))
        .map(|flag| flag.label)
        .collect()
}

/// What a thread's wait for a reply means to its reader: the doctor's due
/// time (or that it is past), or when the patient can expect an answer.
#[component]
pub fn WaitLine(thread: Thread, me: Me) -> impl IntoView {
    let zone = use_session().zone();
    thread.waiting.map(|waiting| {
        let due = format::when(waiting.due, &zone);
        match (me.doctor(), waiting.overdue) {
            (true, true) => view! {
                <span class="badge alert" data-testid="overdue">"Overdue"</span>
                " "<span class="wait">{format!("Reply was due {due}")}</span>
            }
            .into_any(),
            (true, false) => view! { <span class="wait" data-testid="reply-by">{format!("Reply by {due}")}</span> }.into_any(),
            (false, _) => view! { <span class="wait" data-testid="reply-by">{format!("Reply expected by {due}")}</span> }.into_any(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_read_as_their_labels_in_the_lists_order() {
        let labels = flag_labels(&[
            "self_harm".to_owned(),
            "chest_pain".to_owned(),
            "x".to_owned(),
        ]);
        assert_eq!(labels.len(), 2);
        assert!(labels[0].starts_with("Chest pain"));
        assert!(labels[1].starts_with("Thoughts of ending"));
    }
}
