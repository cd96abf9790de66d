//! Symptom triage for the patient: the red-flag checklist, the complaint
//! step, the result with its reasons and suggested times, and the past
//! checks. Its styles are in `style/triage.css`; every urgency has one
//! colour, the same on the banner and on the chips of the list.

pub mod booking;
pub mod checklist;
pub mod choices;
pub mod complaint;
pub mod extra;
pub mod past;
pub mod result;

use leptos::prelude::*;
use medtrack_shared::appointment::Priority;
use medtrack_shared::triage::Urgency;

/// The class that gives an urgency its colour: `urgency-self_care`.
pub fn urgency_class(urgency: Urgency) -> String {
    format!("urgency-{}", urgency.id())
}

/// The booking's priority for an urgency (its words match: "Soon",
/// "Urgent").
pub fn priority_for(urgency: Urgency) -> Priority {
    match urgency {
        Urgency::Emergency | Urgency::Urgent => Priority::Critical,
        Urgency::Soon => Priority::High,
        Urgency::Routine | Urgency::SelfCare => Priority::Normal,
    }
}

/// An urgency as a small coloured chip.
#[component]
pub fn UrgencyChip(
    /// The urgency shown.
    urgency: Urgency,
) -> impl IntoView {
    view! {
        <span class=format!("urgency-chip {}", urgency_class(urgency)) data-testid="urgency-chip" data-urgency=urgency.id()>
            {urgency.label()}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::appointment::priority_label;

    #[test]
    fn a_booking_is_as_urgent_as_the_check_says_in_the_same_words() {
        for urgency in [Urgency::Urgent, Urgency::Soon, Urgency::Routine] {
            assert_eq!(priority_label(priority_for(urgency)), urgency.label());
        }
        assert_eq!(urgency_class(Urgency::SelfCare), "urgency-self_care");
    }
}
