//! Departments, wards and beds, the bed board, and admissions: a patient
//! admitted to a bed, moved, discharged.

use medtrack_shared::wards::admissions::{
    Admission, AdmissionState, DischargeInput, NewAdmission, Transfer,
};
use medtrack_shared::wards::{
    Bed, BedBoard, BedState, BedStateChange, Department, NewBeds, NewDepartment, NewWard, Ward,
};
use medtrack_shared::{AdmissionId, BedId, DepartmentId, Page, UserId, WardId};

use super::{paged, Api, ApiError};

/// How many admissions a page of a list shows.
pub const ADMISSIONS_PAGE: u32 = 25;

fn admission_path(id: AdmissionId) -> String {
    format!("/admissions/{id}")
}

/// The bed board's address, for one department when one is chosen.
fn board_path(department: Option<DepartmentId>) -> String {
    match department {
        Some(department) => format!("/beds/board?department={department}"),
        None => "/beds/board".to_owned(),
    }
}

impl Api {
    /// Every department, by name (staff).
    pub async fn departments(self) -> Result<Vec<Department>, ApiError> {
        self.get("/departments").await
    }

    /// Adds a department (admins).
    pub async fn add_department(self, input: &NewDepartment) -> Result<Department, ApiError> {
        self.post("/departments", input).await
    }

    /// Every ward, by name (staff).
    pub async fn wards(self) -> Result<Vec<Ward>, ApiError> {
        self.get("/wards").await
    }

    /// Adds a ward (admins).
    pub async fn add_ward(self, input: &NewWard) -> Result<Ward, ApiError> {
        self.post("/wards", input).await
    }

    /// Changes a ward's name, department, kind or doctors (admins).
    pub async fn change_ward(self, id: WardId, input: &NewWard) -> Result<Ward, ApiError> {
        self.put(&format!("/wards/{id}"), input).await
    }

    /// Adds free beds to a room of a ward (admins).
    pub async fn add_beds(self, ward: WardId, input: &NewBeds) -> Result<Vec<Bed>, ApiError> {
        self.post(&format!("/wards/{ward}/beds"), input).await
    }

    /// Sets a bed by hand (admins): cleaned, isolated, contaminated,
    /// closed or reopened; never into or out of occupied.
    pub async fn set_bed_state(self, bed: BedId, state: BedState) -> Result<Bed, ApiError> {
        self.put(&format!("/beds/{bed}/state"), &BedStateChange { state })
            .await
    }

    /// The bed board: the wards (of one department, when chosen) with
    /// their beds, who is in each, and the occupancy (doctors and admins).
    pub async fn bed_board(self, department: Option<DepartmentId>) -> Result<BedBoard, ApiError> {
        self.get(&board_path(department)).await
    }

    /// Admits a patient to a free bed.
    pub async fn admit(self, input: &NewAdmission) -> Result<Admission, ApiError> {
        self.post("/admissions", input).await
    }

    /// One page of the admissions in `state`, newest first (staff).
    pub async fn admissions(
        self,
        state: AdmissionState,
        cursor: Option<String>,
    ) -> Result<Page<Admission>, ApiError> {
        let path = format!("/admissions?state={}", state.as_str());
        self.get(&paged(&path, ADMISSIONS_PAGE, cursor.as_deref()))
            .await
    }

    /// One admission with every bed of the stay.
    pub async fn admission(self, id: AdmissionId) -> Result<Admission, ApiError> {
        self.get(&admission_path(id)).await
    }

    /// Moves the patient to another free bed.
    pub async fn transfer(self, id: AdmissionId, input: &Transfer) -> Result<Admission, ApiError> {
        self.post(&format!("{}/transfer", admission_path(id)), input)
            .await
    }

    /// Discharges the patient with a summary.
    pub async fn discharge(
        self,
        id: AdmissionId,
        input: &DischargeInput,
    ) -> Result<Admission, ApiError> {
        self.post(&format!("{}/discharge", admission_path(id)), input)
            .await
    }

    /// One page of a patient's admissions, newest first (their record).
    pub async fn admissions_of(
        self,
        patient: UserId,
        cursor: Option<String>,
    ) -> Result<Page<Admission>, ApiError> {
        let path = format!("/patients/{patient}/admissions");
        self.get(&paged(&path, ADMISSIONS_PAGE, cursor.as_deref()))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_board_is_filtered_only_when_a_department_is_chosen() {
        assert_eq!(board_path(None), "/beds/board");
        let id: DepartmentId = "0190a6c0-0000-7000-8000-000000000001"
            .parse()
            .expect("an id");
        assert_eq!(
            board_path(Some(id)),
            "/beds/board?department=0190a6c0-0000-7000-8000-000000000001"
        );
    }
}
