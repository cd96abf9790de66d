//! The blood bank's stock, thresholds, donations and units. Requests are in
//! `blood_requests.rs`, donors and calls in `donors.rs`.

use actix_web::web::{Data, Json, Path};
use actix_web::{delete, get, post, put, HttpResponse};
use medtrack_shared::blood::donors::NewDonation;
use medtrack_shared::blood::stock::{GroupStock, Stock, Threshold};
use medtrack_shared::blood::units::{Discard, TestResult, Unit, UnitDetail, UnitEvent, UnitQuery};
use medtrack_shared::blood::{BloodGroup, Component};
use medtrack_shared::{ErrorBody, Page, PageQuery, UnitId};

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, AdminOnly, Authenticated, DoctorOrAdmin};
use super::AppState;
use crate::domain::blood::{stock, units};
use crate::error::ApiError;

/// `{id}` of `/blood/units/{id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UnitPath {
    /// The unit.
    id: UnitId,
}

/// `{component}` and `{group}` of `/blood/thresholds/{component}/{group}`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct LinePath {
    /// The component.
    component: Component,
    /// The group, e.g. `O-` (`+` written as `%2B`).
    group: BloodGroup,
}

/// Stock per component and group: available, reserved, quarantined and
/// expiring units, issues in 30 days, days of cover, thresholds.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    responses((status = 200, body = Stock))
)]
#[get("/stock")]
pub async fn stock_lines(
    state: Data<AppState>,
    _caller: Authenticated<DoctorOrAdmin>,
) -> Result<Json<Stock>, ApiError> {
    Ok(Json(stock::stock(&state.ctx).await?))
}

/// Units available per group, all components together, for anyone signed
/// in: no unit is shown.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<GroupStock>))
)]
#[get("/stock/groups")]
pub async fn by_group(
    state: Data<AppState>,
    _caller: Authenticated<ActiveAccount>,
) -> Result<Json<Vec<GroupStock>>, ApiError> {
    Ok(Json(stock::by_group(&state.ctx).await?))
}

/// Sets a component and group's threshold (units, days of cover or both);
/// the admins are told once when the stock falls below it.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(LinePath),
    request_body = Threshold,
    responses((status = 204, description = "Set."))
)]
#[put("/thresholds/{component}/{group}")]
pub async fn set_threshold(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    path: Path<(Component, BloodGroup)>,
    body: Body<Threshold>,
) -> Result<HttpResponse, ApiError> {
    let (component, group) = path.into_inner();
    let threshold = Some(*body);
    stock::set_threshold(&state.ctx, &caller.account, component, group, threshold).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes a component and group's threshold.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(LinePath),
    responses((status = 204, description = "Removed."))
)]
#[delete("/thresholds/{component}/{group}")]
pub async fn remove_threshold(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    path: Path<(Component, BloodGroup)>,
) -> Result<HttpResponse, ApiError> {
    let (component, group) = path.into_inner();
    stock::set_threshold(&state.ctx, &caller.account, component, group, None).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Records a donation: its units (two for double red cells) are made in
/// quarantine, expiring after the component's shelf life.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    request_body = NewDonation,
    responses(
        (status = 201, body = Vec<Unit>),
        (status = 409, description = "The number is taken (`duplicate_donation`) or the donor may not give yet (`not_eligible`).", body = ErrorBody),
    )
)]
#[post("/donations")]
pub async fn record_donation(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    body: Body<NewDonation>,
) -> Result<HttpResponse, ApiError> {
    let units = units::record_donation(&state.ctx, &caller.account, &body).await?;
    Ok(HttpResponse::Created().json(units))
}

/// Units in a state (`available` when absent), first-expiring first.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(UnitQuery),
    responses((status = 200, body = Page<Unit>))
)]
#[get("/units")]
pub async fn list_units(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    query: Query<UnitQuery>,
) -> Result<Json<Page<Unit>>, ApiError> {
    Ok(Json(units::list(&state.ctx, &query).await?))
}

/// A unit and every change it went through.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(UnitPath),
    responses((status = 200, body = UnitDetail))
)]
#[get("/units/{id}")]
pub async fn get_unit(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    id: Path<UnitId>,
) -> Result<Json<UnitDetail>, ApiError> {
    Ok(Json(units::detail(&state.ctx, &id).await?))
}

/// Records a quarantined unit's screening tests: passed releases it to
/// stock, failed discards it.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(UnitPath),
    request_body = TestResult,
    responses(
        (status = 200, body = Unit),
        (status = 409, description = "Not in quarantine, or expired.", body = ErrorBody),
    )
)]
#[post("/units/{id}/tests")]
pub async fn test_unit(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<UnitId>,
    body: Body<TestResult>,
) -> Result<Json<Unit>, ApiError> {
    Ok(Json(
        units::test(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// Discards a unit (damaged, or another reason); a reserved one leaves its
/// request.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(UnitPath),
    request_body = Discard,
    responses(
        (status = 200, body = Unit),
        (status = 409, description = "Already issued or discarded.", body = ErrorBody),
    )
)]
#[post("/units/{id}/discard")]
pub async fn discard_unit(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<UnitId>,
    body: Body<Discard>,
) -> Result<Json<Unit>, ApiError> {
    Ok(Json(
        units::discard(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// Puts an issued unit, returned unused and in date, back in stock.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(UnitPath),
    responses(
        (status = 200, body = Unit),
        (status = 409, description = "Not issued, or expired.", body = ErrorBody),
    )
)]
#[post("/units/{id}/return")]
pub async fn return_unit(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<UnitId>,
) -> Result<Json<Unit>, ApiError> {
    Ok(Json(
        units::give_back(&state.ctx, &caller.account, &id).await?,
    ))
}

/// Every unit's changes, newest first.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Page<UnitEvent>))
)]
#[get("/history")]
pub async fn history(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    page: Query<PageQuery>,
) -> Result<Json<Page<UnitEvent>>, ApiError> {
    Ok(Json(units::history(&state.ctx, &page).await?))
}
