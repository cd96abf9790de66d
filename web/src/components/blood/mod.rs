//! The blood bank, for admins, doctors and patients: the stock chart and
//! its table, units in quarantine and expiring, the forms of donations,
//! thresholds and typings, requests with what is offered for them, donors
//! and the bank's calls to them. The words for groups, states, urgencies,
//! verdicts and refusals are here, so every page says them alike. Its
//! styles are in `style/blood.css`.

mod answer;
mod calls;
mod chart;
mod donation_form;
mod donor;
mod donors;
mod history;
mod new_request;
mod request_actions;
mod request_list;
mod request_view;
mod reserve;
mod stock;
mod threshold_form;
mod typing;
mod units;

use leptos::prelude::*;
use medtrack_shared::blood::compat::{Exception, Verdict};
use medtrack_shared::blood::donors::DonationKind;
use medtrack_shared::blood::requests::{RequestState, Urgency};
use medtrack_shared::blood::units::UnitState;
use medtrack_shared::blood::{BloodGroup, Component};
use medtrack_shared::ErrorCode;

pub use answer::DonorCalls;
pub use calls::{AskDonorsForm, Calls};
pub use chart::StockChart;
pub use donation_form::DonationForm;
pub use donor::{
    Donations, DonorStatusCard, EligibilityList, GroupStockTiles, RegisterDonor, WithdrawDonor,
};
pub use donors::PendingDonors;
pub use history::UnitHistory;
pub use new_request::NewRequestForm;
pub use request_actions::{CancelRequest, CrossmatchForm, IssueForm};
pub use request_list::RequestTable;
pub use request_view::{Exceptions, HeldUnits, RequestFacts, TypingNotice};
pub use reserve::ReserveForm;
pub use stock::{ComponentChips, StockPanel};
pub use threshold_form::ThresholdForm;
pub use typing::BloodGroupPanel;
pub use units::{ExpiringUnits, QuarantinedUnits};

use crate::api::ApiError;
use crate::components::form::{option_value, Problems};

/// A component's name on the wire: the value of its `<option>`.
pub fn component_value(component: Component) -> String {
    component.as_str().to_owned()
}

/// The options of a choice of component.
pub fn component_options() -> Vec<(String, &'static str)> {
    Component::ALL
        .iter()
        .map(|c| (component_value(*c), c.label()))
        .collect()
}

/// The options of a choice of group (`O−`, `O+` …), each its code.
pub fn group_options() -> Vec<(String, &'static str)> {
    BloodGroup::ALL
        .iter()
        .map(|g| (g.code(), group_name(*g)))
        .collect()
}

/// A group as people write it (`AB−`), as a `&'static str` for options.
pub fn group_name(group: BloodGroup) -> &'static str {
    use medtrack_shared::blood::Abo;
    match (group.abo, group.rh_positive) {
        (Abo::O, false) => "O−",
        (Abo::O, true) => "O+",
        (Abo::A, false) => "A−",
        (Abo::A, true) => "A+",
        (Abo::B, false) => "B−",
        (Abo::B, true) => "B+",
        (Abo::Ab, false) => "AB−",
        (Abo::Ab, true) => "AB+",
    }
}

/// The options of a choice of donation kind.
pub fn kind_options() -> Vec<(String, &'static str)> {
    DonationKind::ALL
        .iter()
        .map(|k| (option_value(k), k.label()))
        .collect()
}

/// How soon, in words.
pub fn urgency_label(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Routine => "Routine",
        Urgency::Urgent => "Urgent",
        Urgency::Emergency => "Emergency",
    }
}

/// Where a request stands, in words.
pub fn request_state_label(state: RequestState) -> &'static str {
    match state {
        RequestState::Open => "Waiting for units",
        RequestState::Reserved => "Units reserved",
        RequestState::Issued => "Issued",
        RequestState::Cancelled => "Cancelled",
    }
}

/// A request's urgency as a badge (an emergency stands out).
#[component]
pub fn UrgencyBadge(urgency: Urgency) -> impl IntoView {
    let class = match urgency {
        Urgency::Routine => "badge",
        Urgency::Urgent => "badge warn",
        Urgency::Emergency => "badge alert",
    };
    view! { <span class=class data-testid="urgency">{urgency_label(urgency)}</span> }
}

/// A request's state as a badge.
#[component]
pub fn RequestBadge(state: RequestState) -> impl IntoView {
    let class = match state {
        RequestState::Open => "badge warn",
        RequestState::Reserved => "badge blood-reserved",
        RequestState::Issued => "badge ok",
        RequestState::Cancelled => "badge blood-cancelled",
    };
    view! { <span class=class data-testid="request-state" data-state=state.as_str()>{request_state_label(state)}</span> }
}

/// A unit's state as a badge.
#[component]
pub fn UnitBadge(state: UnitState) -> impl IntoView {
    let class = match state {
        UnitState::Quarantined => "badge warn",
        UnitState::Available => "badge ok",
        UnitState::Reserved => "badge blood-reserved",
        UnitState::Issued => "badge",
        UnitState::Discarded => "badge blood-cancelled",
    };
    view! { <span class=class data-testid="unit-state" data-state=state.as_str()>{state.label()}</span> }
}

/// Why an exception is needed, in a few words (its full label is
/// [`Exception::label`]).
pub fn exception_short(exception: Exception) -> &'static str {
    match exception {
        Exception::Untyped => "no confirmed blood group yet",
        Exception::RhPositive => "RhD-positive for an RhD-negative patient",
        Exception::NoCrossmatch => "no crossmatch yet",
    }
}

/// How a unit suits the patient, in words, with a class for its badge:
/// suitable (first choice or not), needs a reason (and why), or not.
pub fn verdict_words(verdict: Verdict) -> (&'static str, String) {
    match verdict {
        Verdict::Suitable { preferred: true } => ("suitable", "Suitable: first choice".to_owned()),
        Verdict::Suitable { preferred: false } => (
            "suitable",
            "Suitable, after the first-choice ABO groups".to_owned(),
        ),
        Verdict::WithReason { exception } => (
            "reason",
            format!("Needs a reason: {}", exception_short(exception)),
        ),
        Verdict::Unsuitable => ("unsuitable", "Not suitable".to_owned()),
    }
}

/// A refusal of the blood bank in a plain sentence.
pub fn explain(error: &ApiError) -> String {
    let sentence = match error.code() {
        Some(ErrorCode::UnitsUnavailable) => {
            "No suitable units are in stock for this request. Units released from quarantine show up here; you may also ask donors for this group."
        }
        Some(ErrorCode::NotCompatible) => {
            "The units do not suit this patient: their group does not match the patient's confirmed group, or the last crossmatch found them incompatible."
        }
        Some(ErrorCode::CrossmatchRequired) => {
            "Red cells and whole blood go out only after a compatible crossmatch or antibody screen. Record it first, or, in an emergency, give the reason to issue without one."
        }
        Some(ErrorCode::NoTyping) => {
            "The patient has no confirmed blood group yet. Record their typing on their record first."
        }
        Some(ErrorCode::InvalidTransition) => {
            "This cannot be done now: the request or unit has moved on (all its units held, issued, cancelled or expired). The page now shows where it stands."
        }
        Some(ErrorCode::DuplicateDonation) => {
            "A donation with this number is already recorded. Check the number on the label."
        }
        Some(ErrorCode::NotEligible) => {
            "This donor may not give this kind of donation yet: their last donation was too recent."
        }
        Some(ErrorCode::AlreadyAdded) => "You are already registered as a donor.",
        _ => return error.to_string(),
    };
    sentence.to_owned()
}

/// A form's refusal: the fields the server named under their places (and
/// summed up), or the refusal in a plain sentence.
pub fn refused(problems: Problems, error: ApiError) -> String {
    if error.fields().is_empty() {
        explain(&error)
    } else {
        problems.refused(error)
    }
}

/// A count of units: `1 unit`, `3 units`.
pub fn units(count: impl Into<u64>) -> String {
    match count.into() {
        1 => "1 unit".to_owned(),
        n => format!("{n} units"),
    }
}

/// Days of cover in words: `4.5 days`, or none when nothing was issued.
pub fn cover(days: Option<f64>) -> String {
    match days {
        Some(days) if days.fract() == 0.0 => format!("{days:.0} days"),
        Some(days) => format!("{days:.1} days"),
        None => "No recent issues".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_named_with_a_true_minus() {
        for group in BloodGroup::ALL {
            assert_eq!(group_name(group), group.label());
        }
    }

    #[test]
    fn verdicts_read_as_words() {
        assert_eq!(
            verdict_words(Verdict::Suitable { preferred: true }).1,
            "Suitable: first choice"
        );
        let (class, words) = verdict_words(Verdict::WithReason {
            exception: Exception::RhPositive,
        });
        assert_eq!(class, "reason");
        assert!(words.contains("RhD-positive"));
        assert_eq!(verdict_words(Verdict::Unsuitable).0, "unsuitable");
    }

    #[test]
    fn counts_and_cover_read_as_words() {
        assert_eq!(units(1_u32), "1 unit");
        assert_eq!(units(4_u32), "4 units");
        assert_eq!(cover(Some(10.0)), "10 days");
        assert_eq!(cover(Some(2.5)), "2.5 days");
        assert_eq!(cover(None), "No recent issues");
    }
}
