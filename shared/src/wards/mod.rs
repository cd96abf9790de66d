//! Departments, wards, rooms and beds ([`mod@self`]), and the admissions
//! that fill the beds ([`admissions`]). A bed's state is one of HL7 table
//! 0116's; only an admission makes a bed occupied and only a discharge or
//! a transfer frees it, into housekeeping.

pub mod admissions;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::appointment::Party;
use crate::ids::{AdmissionId, BedId, DepartmentId, UserId, WardId};
use crate::rules::{self, text};
use crate::specialization::SpecializationSlug;
use crate::validation::{FieldErrors, ValidationError};

/// The longest name of a department, ward, room or bed.
pub const MAX_NAME_CHARS: usize = 80;
/// The most doctors a ward names.
pub const MAX_WARD_DOCTORS: usize = 50;
/// The most beds added at once.
pub const MAX_NEW_BEDS: usize = 50;

/// What a ward is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WardKind {
    /// A general ward.
    General,
    /// Intensive care.
    Icu,
    /// Maternity.
    Maternity,
    /// Children.
    Paediatric,
    /// Isolation.
    Isolation,
}

impl WardKind {
    /// Every kind.
    pub const ALL: [WardKind; 5] = [
        WardKind::General,
        WardKind::Icu,
        WardKind::Maternity,
        WardKind::Paediatric,
        WardKind::Isolation,
    ];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            WardKind::General => "General",
            WardKind::Icu => "Intensive care",
            WardKind::Maternity => "Maternity",
            WardKind::Paediatric => "Paediatric",
            WardKind::Isolation => "Isolation",
        }
    }
}

/// A bed's state, as HL7 table 0116 names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BedState {
    /// Free and ready for a patient (`U`).
    Unoccupied,
    /// A patient is in it (`O`).
    Occupied,
    /// Freed, waiting to be cleaned (`H`).
    Housekeeping,
    /// Kept for isolation (`I`).
    Isolated,
    /// Contaminated, out of use until cleaned (`K`).
    Contaminated,
    /// Closed (`C`).
    Closed,
}

impl BedState {
    /// Every state.
    pub const ALL: [BedState; 6] = [
        BedState::Unoccupied,
        BedState::Occupied,
        BedState::Housekeeping,
        BedState::Isolated,
        BedState::Contaminated,
        BedState::Closed,
    ];

    /// Its HL7 table 0116 code.
    pub fn hl7(self) -> &'static str {
        match self {
            BedState::Unoccupied => "U",
            BedState::Occupied => "O",
            BedState::Housekeeping => "H",
            BedState::Isolated => "I",
            BedState::Contaminated => "K",
            BedState::Closed => "C",
        }
    }

    /// Its name in keys.
    pub fn as_str(self) -> &'static str {
        match self {
            BedState::Unoccupied => "unoccupied",
            BedState::Occupied => "occupied",
            BedState::Housekeeping => "housekeeping",
            BedState::Isolated => "isolated",
            BedState::Contaminated => "contaminated",
            BedState::Closed => "closed",
        }
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            BedState::Unoccupied => "Free",
            BedState::Occupied => "Occupied",
            BedState::Housekeeping => "Being cleaned",
            BedState::Isolated => "Isolation",
            BedState::Contaminated => "Contaminated",
            BedState::Closed => "Closed",
        }
    }

    /// Whether a patient may be admitted or moved into it: free, or kept
    /// for isolation (an isolation bed takes the patient it is kept for).
    pub fn takes_patients(self) -> bool {
        matches!(self, BedState::Unoccupied | BedState::Isolated)
    }

    /// Whether staff may set a bed in `self` to `to` by hand: never into or
    /// out of occupied (admissions, transfers and discharges do that).
    pub fn may_become(self, to: BedState) -> bool {
        self != to && self != BedState::Occupied && to != BedState::Occupied
    }
}

/// A department of the clinic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Department {
    /// Id.
    pub id: DepartmentId,
    /// Its name.
    pub name: String,
    /// The specialization it practises, where one matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialization: Option<SpecializationSlug>,
    /// When it was made.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// `POST /api/v1/departments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Cardiology", "specialization": "cardiology"})))]
pub struct NewDepartment {
    /// Its name.
    #[cfg_attr(feature = "openapi", schema(max_length = 80))]
    pub name: String,
    /// The specialization it practises, where one matches.
    #[serde(default)]
    pub specialization: Option<SpecializationSlug>,
}

fn name(errors: &mut FieldErrors, field: &str, value: &str) {
    text(errors, field, value, MAX_NAME_CHARS, true);
    if value.contains('\n') || value.contains('\t') {
        errors.add(field, ValidationError::new("must be on one line"));
    }
}

impl NewDepartment {
    /// A name of 1 to 80 characters on one line.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        name(&mut errors, "name", &self.name);
        errors.into_result(())
    }
}

/// A ward: beds in rooms, in a department, with the doctors who look after
/// its patients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ward {
    /// Id.
    pub id: WardId,
    /// Its name.
    pub name: String,
    /// Its department.
    pub department: DepartmentId,
    /// What it is for.
    pub kind: WardKind,
    /// The ward's doctors: they may read the records of its patients while
    /// they are admitted.
    pub doctors: Vec<Party>,
    /// When it was made.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// `POST /api/v1/wards`, and `PUT /api/v1/wards/{id}` (the same fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Ward 3 East", "department": "0190a6c0-0000-7000-8000-000000000001", "kind": "general", "doctors": []})))]
pub struct NewWard {
    /// Its name.
    #[cfg_attr(feature = "openapi", schema(max_length = 80))]
    pub name: String,
    /// Its department.
    pub department: DepartmentId,
    /// What it is for.
    pub kind: WardKind,
    /// The ward's doctors (approved doctors), at most 50.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub doctors: Vec<UserId>,
}

impl NewWard {
    /// A name, and at most 50 doctors, each once.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        name(&mut errors, "name", &self.name);
        if rules::items_within(&mut errors, "doctors", self.doctors.len(), MAX_WARD_DOCTORS) {
            let mut seen = self.doctors.clone();
            seen.sort_by_key(|d| d.to_string());
            seen.dedup();
            if seen.len() != self.doctors.len() {
                errors.add("doctors", ValidationError::new("names a doctor twice"));
            }
        }
        errors.into_result(())
    }
}

/// Who is in a bed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occupant {
    /// Their admission.
    pub admission: AdmissionId,
    /// The patient.
    pub patient: Party,
    /// Since when they are in this bed.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub since: Timestamp,
}

/// A bed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bed {
    /// Id.
    pub id: BedId,
    /// Its ward.
    pub ward: WardId,
    /// Its room.
    pub room: String,
    /// Its name in the room.
    pub label: String,
    /// Its state.
    pub state: BedState,
    /// Who is in it (staff only; never shown to patients).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupant: Option<Occupant>,
    /// Its last change.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
}

/// `POST /api/v1/wards/{id}/beds`: beds added to a room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"room": "Room 12", "labels": ["A", "B"]})))]
pub struct NewBeds {
    /// The room.
    #[cfg_attr(feature = "openapi", schema(max_length = 80))]
    pub room: String,
    /// The beds' names in the room: 1 to 50, each once.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<crate::schema::BedLabel>, max_items = 50))]
    pub labels: Vec<String>,
}

impl NewBeds {
    /// A room and 1 to 50 bed names, each once.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        name(&mut errors, "room", &self.room);
        if self.labels.is_empty() {
            errors.add("labels", ValidationError::new("must name at least one bed"));
        }
        if rules::items_within(&mut errors, "labels", self.labels.len(), MAX_NEW_BEDS) {
            for (at, label) in self.labels.iter().enumerate() {
                name(&mut errors, &format!("labels[{at}]"), label);
            }
            let mut seen: Vec<_> = self.labels.iter().map(|l| l.trim()).collect();
            seen.sort_unstable();
            seen.dedup();
            if seen.len() != self.labels.len() {
                errors.add("labels", ValidationError::new("names a bed twice"));
            }
        }
        errors.into_result(())
    }
}

/// `PUT /api/v1/beds/{id}/state`: a bed set by hand (cleaned, isolated,
/// contaminated, closed, opened).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"state": "unoccupied"})))]
pub struct BedStateChange {
    /// The new state (never `occupied`).
    pub state: BedState,
}

/// Beds of a ward or department by state, now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occupancy {
    /// Every bed.
    pub beds: u32,
    /// Beds with a patient.
    pub occupied: u32,
    /// Beds free for a patient.
    pub free: u32,
    /// Beds being cleaned, kept for isolation or contaminated.
    pub out_of_use: u32,
    /// Closed beds (not in service).
    pub closed: u32,
}

impl Occupancy {
    /// Counts `beds`.
    pub fn of<'a>(beds: impl IntoIterator<Item = &'a Bed>) -> Self {
        let mut found = Occupancy::default();
        for bed in beds {
            found.beds += 1;
            match bed.state {
                BedState::Occupied => found.occupied += 1,
                BedState::Unoccupied => found.free += 1,
                BedState::Closed => found.closed += 1,
                _ => found.out_of_use += 1,
            }
        }
        found
    }

    /// Occupied beds as a share of the beds in service (all but closed
    /// ones), in percent to one decimal; none without beds in service.
    pub fn percent(&self) -> Option<f64> {
        let in_service = self.beds.saturating_sub(self.closed);
        (in_service > 0)
            .then(|| (f64::from(self.occupied) / f64::from(in_service) * 1000.0).round() / 10.0)
    }

    /// Adds another's counts.
    pub fn add(&mut self, other: Occupancy) {
        self.beds += other.beds;
        self.occupied += other.occupied;
        self.free += other.free;
        self.out_of_use += other.out_of_use;
        self.closed += other.closed;
    }
}

/// A ward on the bed board: its beds, room by room, and its occupancy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardWard {
    /// The ward.
    pub ward: Ward,
    /// Its beds, by room and name.
    pub beds: Vec<Bed>,
    /// Its beds by state.
    pub occupancy: Occupancy,
}

/// A department's occupancy on the bed board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentOccupancy {
    /// The department.
    pub department: Department,
    /// Its wards' beds by state.
    pub occupancy: Occupancy,
}

/// `GET /api/v1/beds/board`: every ward (or a department's) with its beds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BedBoard {
    /// The wards, by name.
    pub wards: Vec<BoardWard>,
    /// The departments, by name.
    pub departments: Vec<DepartmentOccupancy>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admissions_fill_and_free_beds() {
        for from in BedState::ALL {
            for to in BedState::ALL {
                let by_hand = from.may_become(to);
                let expected = from != to && from != BedState::Occupied && to != BedState::Occupied;
                assert_eq!(by_hand, expected, "{from:?} -> {to:?}");
            }
        }
        let codes: Vec<_> = BedState::ALL.iter().map(|s| s.hl7()).collect();
        assert_eq!(codes, ["U", "O", "H", "I", "K", "C"]);
    }

    #[test]
    fn bed_names_are_checked() {
        let beds = |room: &str, labels: &[&str]| NewBeds {
            room: room.into(),
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
        };
        assert!(beds("Room 1", &["A", "B"]).check().is_ok());
        assert!(beds("Room 1", &[]).check().is_err());
        assert!(beds("Room 1", &["A", " A"]).check().is_err());
        assert!(beds("", &["A"]).check().is_err());
        assert!(beds("Room\n1", &["A"]).check().is_err());
    }
}
