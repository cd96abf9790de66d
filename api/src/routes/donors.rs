//! Donors and the blood bank's calls to them.

use actix_web::web::{Data, Json, Path};
use actix_web::{delete, get, post, HttpResponse};
use medtrack_shared::blood::donors::{
    Answer, Confirmation, Donor, DonorCall, DonorPage, DonorQuery, Invitation, NewCall,
    Registration,
};
use medtrack_shared::{DonorCallId, ErrorBody, Page, PageQuery, UserId};

use super::extract::{Body, Query};
use super::guard::{AdminOnly, Authenticated, PatientOnly};
use super::AppState;
use crate::domain::blood::{calls, donors};
use crate::error::ApiError;

/// `{id}` of `/blood/donors/{id}/...`: the donor (a patient).
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DonorPath {
    /// The donor.
    id: UserId,
}

/// `{id}` of `/blood/calls/{id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CallPath {
    /// The call.
    id: DonorCallId,
}

/// The calling patient's donor page: registration, donations, when they
/// may give each kind again (in their time zone), the bank's calls.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    responses((status = 200, body = DonorPage))
)]
#[get("/donor")]
pub async fn my_page(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
) -> Result<Json<DonorPage>, ApiError> {
    Ok(Json(donors::page(&state.ctx, &caller.account).await?))
}

/// The calling patient registers as a donor; an admin confirms their group.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    request_body = Registration,
    responses(
        (status = 201, body = Donor),
        (status = 409, description = "Already registered.", body = ErrorBody),
    )
)]
#[post("/donor")]
pub async fn register(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    body: Body<Registration>,
) -> Result<HttpResponse, ApiError> {
    let donor = donors::register(&state.ctx, &caller.account, *body).await?;
    Ok(HttpResponse::Created().json(donor))
}

/// The calling patient stops being a donor.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Donor),
        (status = 404, description = "Not a donor.", body = ErrorBody),
    )
)]
#[delete("/donor")]
pub async fn withdraw(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
) -> Result<Json<Donor>, ApiError> {
    Ok(Json(donors::withdraw(&state.ctx, &caller.account).await?))
}

/// Donors in a status (`pending` when absent), newest first.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(DonorQuery),
    responses((status = 200, body = Page<Donor>))
)]
#[get("/donors")]
pub async fn list(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    query: Query<DonorQuery>,
) -> Result<Json<Page<Donor>>, ApiError> {
    let (status, page) = query.parts();
    Ok(Json(donors::list(&state.ctx, status, &page).await?))
}

/// Records a donor's tested group: they are confirmed, and it is the
/// patient's confirmed typing.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(DonorPath),
    request_body = Confirmation,
    responses(
        (status = 200, body = Donor),
        (status = 404, description = "Not a donor.", body = ErrorBody),
        (status = 409, description = "The donor withdrew.", body = ErrorBody),
    )
)]
#[post("/donors/{id}/confirm")]
pub async fn confirm(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<UserId>,
    body: Body<Confirmation>,
) -> Result<Json<Donor>, ApiError> {
    Ok(Json(
        donors::confirm(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// Asks the confirmed donors whose units suit a group and component, and
/// who may give now, to come and give (through the outbox, per their
/// preferences).
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    request_body = NewCall,
    responses((status = 201, body = DonorCall))
)]
#[post("/calls")]
pub async fn call(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    body: Body<NewCall>,
) -> Result<HttpResponse, ApiError> {
    let call = calls::create(&state.ctx, &caller.account, *body).await?;
    Ok(HttpResponse::Created().json(call))
}

/// The calls to donors, newest first, with their answers counted.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Page<DonorCall>))
)]
#[get("/calls")]
pub async fn list_calls(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    page: Query<PageQuery>,
) -> Result<Json<Page<DonorCall>>, ApiError> {
    Ok(Json(calls::list(&state.ctx, &page).await?))
}

/// The donors a call invited, with their answers and times.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(CallPath),
    responses(
        (status = 200, body = Vec<Invitation>),
        (status = 404, description = "No such call.", body = ErrorBody),
    )
)]
#[get("/calls/{id}/invitations")]
pub async fn invitations(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    id: Path<DonorCallId>,
) -> Result<Json<Vec<Invitation>>, ApiError> {
    Ok(Json(calls::invitations(&state.ctx, &id).await?))
}

/// The calling donor answers a call: willing, with the time they will
/// come, or not.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(CallPath),
    request_body = Answer,
    responses(
        (status = 200, body = Invitation),
        (status = 404, description = "Not invited to this call.", body = ErrorBody),
    )
)]
#[post("/calls/{id}/answer")]
pub async fn answer(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<DonorCallId>,
    body: Body<Answer>,
) -> Result<Json<Invitation>, ApiError> {
    Ok(Json(
        calls::answer(&state.ctx, &caller.account, &id, *body).await?,
    ))
}
