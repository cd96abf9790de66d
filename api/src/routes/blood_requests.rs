//! Doctors' requests for blood, and patients' confirmed typings.

use actix_web::web::{Data, Json, Path};
use actix_web::{get, post, put, HttpResponse};
use medtrack_shared::blood::requests::{
    BloodRequest, CrossmatchInput, Issue, NewRequest, NewTyping, RequestDetail, RequestQuery,
    Reserve, Typing, TypingAnswer,
};
use medtrack_shared::{BloodRequestId, ErrorBody, Page, UserId};

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, AdminOnly, Authenticated, DoctorOnly, DoctorOrAdmin};
use super::AppState;
use crate::domain::blood::{crossmatch as results, requests, reserve, typing};
use crate::error::ApiError;

/// `{id}` of `/blood/requests/{id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RequestPath {
    /// The request.
    id: BloodRequestId,
}

/// `{id}` of `/patients/{id}/blood-typing`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PatientPath {
    /// The patient.
    id: UserId,
}

/// A doctor asks for units for a patient in their care.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    request_body = NewRequest,
    responses(
        (status = 201, body = BloodRequest),
        (status = 403, description = "Not the doctor's patient.", body = ErrorBody),
        (status = 404, description = "No such patient.", body = ErrorBody),
    )
)]
#[post("/requests")]
pub async fn create(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
    body: Body<NewRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = requests::create(&state.ctx, &caller.account, &body).await?;
    Ok(HttpResponse::Created().json(request))
}

/// Requests, newest first: a doctor's own, or (admins) those in a state.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(RequestQuery),
    responses((status = 200, body = Page<BloodRequest>))
)]
#[get("/requests")]
pub async fn list(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    query: Query<RequestQuery>,
) -> Result<Json<Page<BloodRequest>>, ApiError> {
    Ok(Json(
        requests::list(&state.ctx, &caller.account, &query).await?,
    ))
}

/// A request with the patient's typing, its units and the units that could
/// be reserved (suitable first, first-expiring first); in the patient's
/// access log.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(RequestPath),
    responses(
        (status = 200, body = RequestDetail),
        (status = 403, description = "Another doctor's request.", body = ErrorBody),
    )
)]
#[get("/requests/{id}")]
pub async fn get(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    id: Path<BloodRequestId>,
) -> Result<Json<RequestDetail>, ApiError> {
    Ok(Json(requests::get(&state.ctx, &caller.account, &id).await?))
}

/// Holds units for the request until its hold ends: those named, or the
/// first suitable ones. Units that need a reason (RhD-positive platelets
/// for an RhD-negative patient; in an emergency, universal units before
/// typing) are taken only with one.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(RequestPath),
    request_body = Reserve,
    responses(
        (status = 200, body = RequestDetail),
        (status = 403, description = "Another doctor's request.", body = ErrorBody),
        (status = 409, description = "No suitable units (`units_unavailable`), a unit that does not suit (`not_compatible`), no confirmed typing outside an emergency (`no_typing`), or a request that needs no more (`invalid_transition`).", body = ErrorBody),
    )
)]
#[post("/requests/{id}/reserve")]
pub async fn reserve_units(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    id: Path<BloodRequestId>,
    body: Body<Reserve>,
) -> Result<Json<RequestDetail>, ApiError> {
    Ok(Json(
        reserve::reserve(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// Records the bank's crossmatch or antibody screen of units held for the
/// request (admins; all held unless `units` names some). It covers those
/// units until a new typing; an incompatible result sends them back to
/// stock, never to be offered for this request again.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(RequestPath),
    request_body = CrossmatchInput,
    responses(
        (status = 200, body = RequestDetail),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 409, description = "The request is closed or holds no units (`invalid_transition`).", body = ErrorBody),
    )
)]
#[post("/requests/{id}/crossmatch")]
pub async fn crossmatch(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<BloodRequestId>,
    body: Body<CrossmatchInput>,
) -> Result<Json<RequestDetail>, ApiError> {
    Ok(Json(
        results::record(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// Issues the reserved units: each must suit the patient's confirmed
/// typing, and red cells need a compatible crossmatch (or, in an
/// emergency, a reason).
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(RequestPath),
    request_body = Issue,
    responses(
        (status = 200, body = RequestDetail),
        (status = 409, description = "Nothing reserved (`invalid_transition`), a unit that does not suit (`not_compatible`), or no crossmatch (`crossmatch_required`).", body = ErrorBody),
    )
)]
#[post("/requests/{id}/issue")]
pub async fn issue(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    id: Path<BloodRequestId>,
    body: Body<Issue>,
) -> Result<Json<RequestDetail>, ApiError> {
    Ok(Json(
        reserve::issue(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// Withdraws the request; its reserved units go back to stock.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(RequestPath),
    responses(
        (status = 200, body = RequestDetail),
        (status = 403, description = "Another doctor's request.", body = ErrorBody),
        (status = 409, description = "The request is closed.", body = ErrorBody),
    )
)]
#[post("/requests/{id}/cancel")]
pub async fn cancel(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    id: Path<BloodRequestId>,
) -> Result<Json<RequestDetail>, ApiError> {
    Ok(Json(
        requests::cancel(&state.ctx, &caller.account, &id).await?,
    ))
}

/// The patient's confirmed blood typing: for them, their doctors and
/// admins (in the patient's access log).
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(PatientPath),
    responses(
        (status = 200, body = TypingAnswer),
        (status = 403, description = "Not the caller's patient.", body = ErrorBody),
    )
)]
#[get("/blood-typing")]
pub async fn get_typing(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
) -> Result<Json<TypingAnswer>, ApiError> {
    let typing = typing::get(&state.ctx, &caller.account, &id).await?;
    Ok(Json(TypingAnswer { typing }))
}

/// Records a confirmed typing (one of the patient's doctors, or an admin):
/// the group every request for them is matched against.
#[utoipa::path(
    tag = "blood",
    security(("bearer" = [])),
    params(PatientPath),
    request_body = NewTyping,
    responses(
        (status = 200, body = Typing),
        (status = 403, description = "Not the doctor's patient.", body = ErrorBody),
        (status = 404, description = "No such patient.", body = ErrorBody),
    )
)]
#[put("/blood-typing")]
pub async fn record_typing(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    id: Path<UserId>,
    body: Body<NewTyping>,
) -> Result<Json<Typing>, ApiError> {
    Ok(Json(
        typing::record(&state.ctx, &caller.account, &id, &body).await?,
    ))
}
