//! The dashboards: the clinic's (admins) and each doctor's (the doctor,
//! admins), over a range of days.

use actix_web::get;
use actix_web::web::{Data, Json, Path};
use medtrack_shared::analytics::{ClinicDashboard, DayRange, DoctorDashboard};
use medtrack_shared::{ErrorBody, UserId};

use super::extract::Query;
use super::guard::{AdminOnly, Authenticated, DoctorOrAdmin};
use super::AppState;
use crate::domain::analytics;
use crate::error::ApiError;

/// `{id}` of `/analytics/doctors/{id}`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DoctorPath {
    /// The doctor.
    id: UserId,
}

/// The clinic's dashboard over the days `from` to `to` (at most 366):
/// appointments per day by status, each doctor's utilisation, each ward's
/// census and discharges, doses per day (admins). Every figure is defined
/// in the shared `analytics::definitions` module.
#[utoipa::path(
    tag = "analytics",
    security(("bearer" = [])),
    params(DayRange),
    responses(
        (status = 200, body = ClinicDashboard),
        (status = 400, body = ErrorBody, description = "A day that is not a date"),
        (status = 422, body = ErrorBody, description = "A range out of order or over 366 days")
    )
)]
#[get("/clinic")]
pub async fn clinic(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    range: Query<DayRange>,
) -> Result<Json<ClinicDashboard>, ApiError> {
    Ok(Json(
        analytics::clinic(&state.ctx, &caller.account, *range).await?,
    ))
}

/// A doctor's dashboard over the days `from` to `to`: their appointments
/// per day and the slots their hours offered (the doctor themselves, admins).
#[utoipa::path(
    tag = "analytics",
    security(("bearer" = [])),
    params(DoctorPath, DayRange),
    responses(
        (status = 200, body = DoctorDashboard),
        (status = 400, body = ErrorBody, description = "A day that is not a date"),
        (status = 422, body = ErrorBody, description = "A range out of order or over 366 days")
    )
)]
#[get("/doctors/{id}")]
pub async fn doctor(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    id: Path<UserId>,
    range: Query<DayRange>,
) -> Result<Json<DoctorDashboard>, ApiError> {
    Ok(Json(
        analytics::doctor(&state.ctx, &caller.account, &id, *range).await?,
    ))
}
