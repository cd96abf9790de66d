//! Departments, wards, beds, the bed board and admissions.

use actix_web::web::{Data, Json, Path};
use actix_web::{get, post, put, HttpResponse};
use medtrack_shared::wards::admissions::{
    Admission, AdmissionQuery, DischargeInput, NewAdmission, Transfer,
};
use medtrack_shared::wards::{
    Bed, BedBoard, BedStateChange, Department, NewBeds, NewDepartment, NewWard, Ward,
};
use medtrack_shared::{
    AdmissionId, BedId, DepartmentId, ErrorBody, Page, PageQuery, UserId, WardId,
};
use serde::Deserialize;

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, AdminOnly, Authenticated, DoctorOrAdmin};
use super::params::PatientPath;
use super::AppState;
use crate::domain::wards::{self, admissions, beds};
use crate::error::ApiError;

/// `{id}` of `/wards/{id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct WardPath {
    /// The ward.
    id: WardId,
}

/// `{id}` of `/beds/{id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct BedPath {
    /// The bed.
    id: BedId,
}

/// `{id}` of `/admissions/{id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AdmissionPath {
    /// The admission.
    id: AdmissionId,
}

/// `?department=` of the bed board.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// Only this department's wards.
    #[serde(default)]
    department: Option<DepartmentId>,
}

/// Adds a department (admins).
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    request_body = NewDepartment,
    responses((status = 201, body = Department))
)]
#[post("")]
pub async fn add_department(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    body: Body<NewDepartment>,
) -> Result<HttpResponse, ApiError> {
    let department = wards::create_department(&state.ctx, &caller.account, &body).await?;
    Ok(HttpResponse::Created().json(department))
}

/// Every department, by name (staff).
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<Department>))
)]
#[get("")]
pub async fn list_departments(
    state: Data<AppState>,
    _caller: Authenticated<DoctorOrAdmin>,
) -> Result<Json<Vec<Department>>, ApiError> {
    Ok(Json(wards::departments(&state.ctx).await?))
}

/// Adds a ward to a department, with its doctors (admins).
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    request_body = NewWard,
    responses((status = 201, body = Ward))
)]
#[post("")]
pub async fn add_ward(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    body: Body<NewWard>,
) -> Result<HttpResponse, ApiError> {
    let ward = wards::create_ward(&state.ctx, &caller.account, &body).await?;
    Ok(HttpResponse::Created().json(ward))
}

/// Every ward, by name (staff).
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<Ward>))
)]
#[get("")]
pub async fn list_wards(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
) -> Result<Json<Vec<Ward>>, ApiError> {
    Ok(Json(wards::wards(&state.ctx, &caller.account).await?))
}

/// Changes a ward's name, department, kind or doctors (admins).
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    params(WardPath),
    request_body = NewWard,
    responses(
        (status = 200, body = Ward),
        (status = 409, description = "Changed meanwhile (`changed_concurrently`).", body = ErrorBody),
    )
)]
#[put("/{id}")]
pub async fn change_ward(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<WardId>,
    body: Body<NewWard>,
) -> Result<Json<Ward>, ApiError> {
    Ok(Json(
        wards::update_ward(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// Adds free beds to a room of the ward (admins).
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    params(WardPath),
    request_body = NewBeds,
    responses(
        (status = 201, body = Vec<Bed>),
        (status = 409, description = "A bed of that name is in the room (`already_added`).", body = ErrorBody),
    )
)]
#[post("/{id}/beds")]
pub async fn add_beds(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<WardId>,
    body: Body<NewBeds>,
) -> Result<HttpResponse, ApiError> {
    let beds = beds::add(&state.ctx, &caller.account, &id, &body).await?;
    Ok(HttpResponse::Created().json(beds))
}

/// Sets a bed by hand (admins): cleaned (`unoccupied`), `isolated`,
/// `contaminated`, `closed`; never into or out of `occupied`.
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    params(BedPath),
    request_body = BedStateChange,
    responses(
        (status = 200, body = Bed),
        (status = 409, description = "Into or out of occupied (`invalid_transition`), or changed meanwhile.", body = ErrorBody),
    )
)]
#[put("/{id}/state")]
pub async fn set_bed_state(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<BedId>,
    body: Body<BedStateChange>,
) -> Result<Json<Bed>, ApiError> {
    Ok(Json(
        beds::set_state(&state.ctx, &caller.account, &id, *body).await?,
    ))
}

/// The bed board (staff): the wards with their beds, room by room, who is
/// in each, and occupancy per ward and department.
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    params(BoardQuery),
    responses((status = 200, body = BedBoard))
)]
#[get("/board")]
pub async fn board(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    query: Query<BoardQuery>,
) -> Result<Json<BedBoard>, ApiError> {
    Ok(Json(
        beds::board(&state.ctx, &caller.account, query.department).await?,
    ))
}

/// Admits a patient to a free bed: a doctor for a patient in their care,
/// or an admin naming the admitting doctor.
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    request_body = NewAdmission,
    responses(
        (status = 201, body = Admission),
        (status = 409, description = "The bed is not free (`bed_unavailable`) or the patient is already admitted (`already_admitted`).", body = ErrorBody),
    )
)]
#[post("")]
pub async fn admit(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    body: Body<NewAdmission>,
) -> Result<HttpResponse, ApiError> {
    let admission = admissions::admit(&state.ctx, &caller.account, &body).await?;
    Ok(HttpResponse::Created().json(admission))
}

/// Admissions in a state, newest first (staff).
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    params(AdmissionQuery),
    responses((status = 200, body = Page<Admission>))
)]
#[get("")]
pub async fn list_admissions(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    query: Query<AdmissionQuery>,
) -> Result<Json<Page<Admission>>, ApiError> {
    Ok(Json(
        admissions::list(&state.ctx, &caller.account, &query).await?,
    ))
}

/// An admission (the patient, staff who may read their record, admins).
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    params(AdmissionPath),
    responses((status = 200, body = Admission))
)]
#[get("/{id}")]
pub async fn get_admission(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<AdmissionId>,
) -> Result<Json<Admission>, ApiError> {
    Ok(Json(
        admissions::get(&state.ctx, &caller.account, &id).await?,
    ))
}

/// Moves the patient to another free bed; the bed left is to be cleaned.
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    params(AdmissionPath),
    request_body = Transfer,
    responses(
        (status = 200, body = Admission),
        (status = 409, description = "Discharged (`invalid_transition`) or the bed is not free (`bed_unavailable`).", body = ErrorBody),
    )
)]
#[post("/{id}/transfer")]
pub async fn transfer(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    id: Path<AdmissionId>,
    body: Body<Transfer>,
) -> Result<Json<Admission>, ApiError> {
    Ok(Json(
        admissions::transfer(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// Discharges the patient with a summary; the bed is to be cleaned.
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    params(AdmissionPath),
    request_body = DischargeInput,
    responses(
        (status = 200, body = Admission),
        (status = 409, description = "Already discharged (`invalid_transition`).", body = ErrorBody),
    )
)]
#[post("/{id}/discharge")]
pub async fn discharge(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    id: Path<AdmissionId>,
    body: Body<DischargeInput>,
) -> Result<Json<Admission>, ApiError> {
    Ok(Json(
        admissions::discharge(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// The patient's admissions, newest first (their record).
#[utoipa::path(
    tag = "wards",
    security(("bearer" = [])),
    params(PatientPath, PageQuery),
    responses((status = 200, body = Page<Admission>))
)]
#[get("/admissions")]
pub async fn of_patient(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    query: Query<PageQuery>,
) -> Result<Json<Page<Admission>>, ApiError> {
    Ok(Json(
        admissions::of_patient(&state.ctx, &caller.account, &id, &query).await?,
    ))
}
