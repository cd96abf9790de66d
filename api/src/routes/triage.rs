//! Symptom triage: the patient's own, kept for them alone.

use actix_web::web::{Data, Json, Path};
use actix_web::{delete, get, post, HttpResponse};
use medtrack_shared::triage::{TriageQuestions, TriageRequest, TriageSession};
use medtrack_shared::{ErrorBody, Page, PageQuery, TriageId};

use super::extract::{Body, Query};
use super::guard::{Authenticated, PatientOnly};
use super::params::TriagePath;
use super::AppState;
use crate::domain::triage;
use crate::error::ApiError;

/// What the triage asks: the areas, symptoms and durations to choose from,
/// with the patient's age (from their date of birth) and the sex they kept.
/// The red-flag checklist is `GET /api/v1/safety`.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = [])),
    responses(
        (status = 200, body = TriageQuestions),
        (status = 403, description = "Not a patient.", body = ErrorBody),
    )
)]
#[get("/questions")]
pub async fn triage_questions(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
) -> Result<Json<TriageQuestions>, ApiError> {
    Ok(Json(triage::questions(&state.ctx, &caller.account).await?))
}

/// Triages the answers: a red flag ends it as an emergency; otherwise
/// every rule that fires is listed with its reason, the most urgent
/// decides, and the suggested specialization's earliest free slots within
/// the urgency's window come with it. Kept for the patient only. Not a
/// diagnosis.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = [])),
    request_body = TriageRequest,
    responses(
        (status = 201, body = TriageSession),
        (status = 403, description = "Not a patient.", body = ErrorBody),
        (status = 422, description = "An answer missing, unknown or out of range, named by its field.", body = ErrorBody),
    )
)]
#[post("")]
pub async fn assess_symptoms(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    body: Body<TriageRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = triage::assess(&state.ctx, &caller.account, &body).await?;
    Ok(HttpResponse::Created().json(session))
}

/// The patient's triages, newest first.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<TriageSession>),
        (status = 403, description = "Not a patient.", body = ErrorBody),
    )
)]
#[get("")]
pub async fn list_triages(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    page: Query<PageQuery>,
) -> Result<Json<Page<TriageSession>>, ApiError> {
    Ok(Json(
        triage::list(&state.ctx, &caller.account, &page).await?,
    ))
}

/// One of the patient's triages, with the slots free now within its window.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = [])),
    params(TriagePath),
    responses(
        (status = 200, body = TriageSession),
        (status = 404, description = "Not one of the patient's triages.", body = ErrorBody),
    )
)]
#[get("/{id}")]
pub async fn get_triage(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<TriageId>,
) -> Result<Json<TriageSession>, ApiError> {
    Ok(Json(triage::get(&state.ctx, &caller.account, &id).await?))
}

/// Deletes one of the patient's triages.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = [])),
    params(TriagePath),
    responses(
        (status = 204, description = "Deleted."),
        (status = 404, description = "Not one of the patient's triages.", body = ErrorBody),
    )
)]
#[delete("/{id}")]
pub async fn delete_triage(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<TriageId>,
) -> Result<HttpResponse, ApiError> {
    triage::delete(&state.ctx, &caller.account, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}
