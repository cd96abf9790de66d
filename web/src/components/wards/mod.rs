//! Wards and admissions, for staff and patients: the bed board (each ward
//! with its occupancy, its beds as tiles room by room), admitting a patient
//! to a free bed, the admins' changes of a bed's state, an admission with
//! its stays, transfer and discharge, the admins' setup of departments,
//! wards and beds, and the hospital stays on a record. The words for bed
//! states, admissions and refusals are here, so every page says them alike.
//! Its styles are in `style/wards.css`.

mod admissions;
mod admit;
mod bed;
mod board;
mod choice;
mod discharge;
mod setup;
mod setup_forms;
mod stays;

use leptos::prelude::*;
use medtrack_shared::wards::admissions::{Admission, AdmissionState, Destination, Stay};
use medtrack_shared::wards::{Bed, BedState, Occupancy, WardKind};
use medtrack_shared::ErrorCode;

pub use admissions::AdmissionList;
pub use admit::accounts;
pub use board::Board;
pub use discharge::{DischargeForm, TransferForm};
pub use setup::{DepartmentList, WardList};
pub use setup_forms::{BedsForm, DepartmentForm, WardForm};
pub use stays::{AdmissionFacts, DischargeFacts, HospitalStays, StayTimeline};

use crate::api::ApiError;
use crate::components::form::{option_value, Problems};

/// The page of an admission.
pub fn admission_href(admission: &Admission) -> String {
    format!("/admissions/{}", admission.id)
}

/// Where a stay was: `Ward 3 East · Room 12 · A`.
pub fn stay_place(stay: &Stay) -> String {
    format!("{} · {}", stay.ward_name, stay.bed_name)
}

/// A bed as people name it: `Room 12 · A`.
pub fn bed_name(bed: &Bed) -> String {
    format!("{} · {}", bed.room, bed.label)
}

/// Where an admission stands, in words.
pub fn admission_state_label(state: AdmissionState) -> &'static str {
    match state {
        AdmissionState::Active => "In hospital",
        AdmissionState::Discharged => "Discharged",
    }
}

/// An admission's state as a badge.
#[component]
pub fn AdmissionBadge(state: AdmissionState) -> impl IntoView {
    let class = match state {
        AdmissionState::Active => "badge ok",
        AdmissionState::Discharged => "badge",
    };
    view! { <span class=class data-testid="admission-state" data-state=state.as_str()>{admission_state_label(state)}</span> }
}

/// What an admin may set a bed in `from` to by hand, each with the words
/// of its button: never into or out of occupied.
pub fn moves(from: BedState) -> Vec<(BedState, &'static str)> {
    BedState::ALL
        .into_iter()
        .filter(|to| from.may_become(*to))
        .map(|to| (to, move_words(from, to)))
        .collect()
}

/// The words of setting a bed from `from` to `to`.
fn move_words(from: BedState, to: BedState) -> &'static str {
    match (from, to) {
        (BedState::Housekeeping | BedState::Contaminated, BedState::Unoccupied) => "Mark cleaned",
        (BedState::Closed, BedState::Unoccupied) => "Reopen",
        (BedState::Isolated, BedState::Unoccupied) => "End isolation",
        (_, BedState::Unoccupied) => "Mark free",
        (_, BedState::Housekeeping) => "Send for cleaning",
        (_, BedState::Isolated) => "Keep for isolation",
        (_, BedState::Contaminated) => "Mark contaminated",
        (_, BedState::Closed) => "Close",
        (_, BedState::Occupied) => "Occupied",
    }
}

/// The one change offered on the bed itself (the others are in its menu):
/// cleaned after cleaning or contamination, reopened when closed.
pub fn first_move(from: BedState) -> Option<(BedState, &'static str)> {
    match from {
        BedState::Housekeeping | BedState::Contaminated | BedState::Closed => {
            Some((BedState::Unoccupied, move_words(from, BedState::Unoccupied)))
        }
        _ => None,
    }
}

/// What a bed became, in a sentence: `Room 1 · A is free again.`
pub fn moved_words(bed: &Bed) -> String {
    let name = bed_name(bed);
    match bed.state {
        BedState::Unoccupied => format!("{name} is free again."),
        BedState::Housekeeping => format!("{name} is waiting to be cleaned."),
        BedState::Isolated => format!("{name} is kept for isolation."),
        BedState::Contaminated => format!("{name} is marked contaminated."),
        BedState::Closed => format!("{name} is closed."),
        BedState::Occupied => format!("{name} is occupied."),
    }
}

/// The beds of a ward by state, the states that have any, in the order of
/// [`BedState::ALL`].
pub fn counts(beds: &[Bed]) -> Vec<(BedState, usize)> {
    BedState::ALL
        .into_iter()
        .map(|state| (state, beds.iter().filter(|b| b.state == state).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// How full, in words: `60% occupied`, `33.3% occupied`.
pub fn percent_words(occupancy: &Occupancy) -> String {
    match occupancy.percent() {
        Some(percent) if percent.fract() == 0.0 => format!("{percent:.0}% occupied"),
        Some(percent) => format!("{percent:.1}% occupied"),
        None => "No beds in service".to_owned(),
    }
}

/// A count of beds: `1 bed`, `3 beds`.
pub fn beds(count: impl Into<u64>) -> String {
    match count.into() {
        1 => "1 bed".to_owned(),
        n => format!("{n} beds"),
    }
}

/// A ward's beds in service: `3 of 5 beds occupied`.
pub fn occupied_words(occupancy: &Occupancy) -> String {
    let in_service = occupancy.beds.saturating_sub(occupancy.closed);
    format!("{} of {} occupied", occupancy.occupied, beds(in_service))
}

/// The beds room by room, each room once, in the order the beds come.
pub fn rooms(beds: &[Bed]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for bed in beds {
        if !found.contains(&bed.room) {
            found.push(bed.room.clone());
        }
    }
    found
}

/// The options of a choice of ward kind.
pub fn kind_options() -> Vec<(String, &'static str)> {
    WardKind::ALL
        .iter()
        .map(|k| (option_value(k), k.label()))
        .collect()
}

/// The options of a choice of where a patient goes.
pub fn destination_options() -> Vec<(String, &'static str)> {
    Destination::ALL
        .iter()
        .map(|d| (option_value(d), d.label()))
        .collect()
}

/// A refusal about wards, beds or admissions in a plain sentence.
pub fn explain(error: &ApiError) -> String {
    let sentence = match error.code() {
        Some(ErrorCode::BedUnavailable) => {
            "This bed is not free any more: someone else took it or it was closed meanwhile. Choose another free bed."
        }
        Some(ErrorCode::AlreadyAdmitted) => {
            "This patient is already in hospital. Open their admission to move them to another bed."
        }
        Some(ErrorCode::InvalidTransition) => {
            "This cannot be done now: the patient has been discharged, or the bed has changed meanwhile. The page now shows where it stands."
        }
        Some(ErrorCode::AlreadyAdded) => {
            "A bed of that name is already in this room. Give each bed a name of its own."
        }
        Some(ErrorCode::ChangedConcurrently) => {
            "Someone changed this meanwhile. The page now shows it as it is; try again."
        }
        Some(ErrorCode::Forbidden) => {
            "Only the admitting doctor, the ward's doctors and administrators may do this."
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occupied_beds_are_never_set_by_hand() {
        assert!(moves(BedState::Occupied).is_empty());
        for from in BedState::ALL {
            assert!(moves(from).iter().all(|(to, _)| *to != BedState::Occupied));
        }
        let cleaning: Vec<_> = moves(BedState::Housekeeping)
            .into_iter()
            .map(|(_, words)| words)
            .collect();
        assert_eq!(
            cleaning,
            [
                "Mark cleaned",
                "Keep for isolation",
                "Mark contaminated",
                "Close"
            ]
        );
        assert_eq!(
            first_move(BedState::Housekeeping),
            Some((BedState::Unoccupied, "Mark cleaned"))
        );
        assert_eq!(
            first_move(BedState::Closed),
            Some((BedState::Unoccupied, "Reopen"))
        );
        assert_eq!(first_move(BedState::Unoccupied), None);
    }

    #[test]
    fn occupancy_reads_as_words() {
        let full = Occupancy {
            beds: 4,
            occupied: 2,
            free: 1,
            out_of_use: 0,
            closed: 1,
        };
        assert_eq!(percent_words(&full), "66.7% occupied");
        assert_eq!(occupied_words(&full), "2 of 3 beds occupied");
        let half = Occupancy {
            beds: 2,
            occupied: 1,
            free: 1,
            ..Occupancy::default()
        };
        assert_eq!(percent_words(&half), "50% occupied");
        assert_eq!(percent_words(&Occupancy::default()), "No beds in service");
        assert_eq!(beds(1_u32), "1 bed");
    }
}
