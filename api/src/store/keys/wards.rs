//! The keys of departments, wards, beds and admissions.
//!
//! | record           | pk                    | sk          | GSI1                                      | GSI2 |
//! |------------------|-----------------------|-------------|-------------------------------------------|------|
//! | department       | `DEPT#<id>`           | `DEPT`      | `DEPARTMENTS` / `<name>#<id>`             | - |
//! | ward             | `WARD#<id>`           | `WARD`      | `WARDS` / `<name>#<id>`                   | - |
//! | bed              | `BED#<id>`            | `BED`       | `BEDS_OF#<ward>` / `<room>#<label>#<id>`  | - |
//! | bed's name taken | `BED_NAME#<ward>`     | `<room>#<label>` | -                                    | - |
//! | bed event        | `WARD_LOG#<ward>`     | `<time>#<event>` | -                                    | - |
//! | admission        | `ADMISSION#<id>`      | `ADMISSION` | `ADMISSIONS_OF#<patient>` / `<admitted>#<id>` | `ADMISSIONS_IN#<state>` / `<admitted>#<id>` |
//! | admitted marker  | `ADMITTED#<patient>`  | `ADMITTED`  | -                                         | - |
//!
//! A bed is one item rewritten on its version by every change, so two
//! admissions can never fill it; the admitted marker exists while a patient
//! has an active admission (written on the condition that it does not
//! exist, deleted at discharge), so a patient is never in two beds. The
//! board reads a ward's beds from its GSI1 list.

use jiff::Timestamp;
use medtrack_shared::wards::admissions::AdmissionState;
use medtrack_shared::{AdmissionId, BedId, DepartmentId, UserId, WardId};

use super::{sortable_time as millis, IndexKey, Key};

/// A department.
pub fn department(id: &DepartmentId) -> Key {
    Key::new(format!("DEPT#{id}"), "DEPT")
}

/// The GSI1 partition of every department.
pub const DEPARTMENTS: &str = "DEPARTMENTS";

/// Text for an index's sort key: lowercase, `#` kept out.
fn sortable(name: &str) -> String {
    name.to_lowercase().replace('#', " ")
}

/// A department's place in the list, by name.
pub fn department_order(name: &str, id: &DepartmentId) -> IndexKey {
    IndexKey::new(DEPARTMENTS, format!("{}#{id}", sortable(name)))
}

/// A ward.
pub fn ward(id: &WardId) -> Key {
    Key::new(format!("WARD#{id}"), "WARD")
}

/// The GSI1 partition of every ward.
pub const WARDS: &str = "WARDS";

/// A ward's place in the list, by name.
pub fn ward_order(name: &str, id: &WardId) -> IndexKey {
    IndexKey::new(WARDS, format!("{}#{id}", sortable(name)))
}

/// A bed.
pub fn bed(id: &BedId) -> Key {
    Key::new(format!("BED#{id}"), "BED")
}

/// The GSI1 partition of a ward's beds.
pub fn beds_of(ward: &WardId) -> String {
    format!("BEDS_OF#{ward}")
}

/// A bed's place in its ward, by room and name.
pub fn bed_order(ward: &WardId, room: &str, label: &str, id: &BedId) -> IndexKey {
    let place = format!("{}#{}#{id}", sortable(room), sortable(label));
    IndexKey::new(beds_of(ward), place)
}

/// A room and bed name taken in a ward (so no two beds share one).
pub fn bed_name(ward: &WardId, room: &str, label: &str) -> Key {
    let name = format!("{}#{}", sortable(room.trim()), sortable(label.trim()));
    Key::new(format!("BED_NAME#{ward}"), name)
}

/// One change of a bed, in its ward's log.
pub fn bed_event(ward: &WardId, at: Timestamp, event: &uuid::Uuid) -> Key {
    Key::new(
        format!("WARD_LOG#{ward}"),
        format!("{}#{event}", millis(at)),
    )
}

/// An admission.
pub fn admission(id: &AdmissionId) -> Key {
    Key::new(format!("ADMISSION#{id}"), "ADMISSION")
}

/// The GSI1 partition of a patient's admissions.
pub fn admissions_of(patient: &UserId) -> String {
    format!("ADMISSIONS_OF#{patient}")
}

/// The GSI2 partition of the admissions in a state.
pub fn admissions_in(state: AdmissionState) -> String {
    format!("ADMISSIONS_IN#{}", state.as_str())
}

/// An admission's place in a list, by when it began.
pub fn admission_order(pk: String, admitted: Timestamp, id: &AdmissionId) -> IndexKey {
    IndexKey::new(pk, format!("{}#{id}", millis(admitted)))
}

/// A patient's active admission, while there is one.
pub fn admitted(patient: &UserId) -> Key {
    Key::new(format!("ADMITTED#{patient}"), "ADMITTED")
}
