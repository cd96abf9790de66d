//! The clinical record: problems and allergies. The patient and their
//! doctors write (the patient their own entries, patient-reported until a
//! doctor confirms them); they and admins read, and reads by anyone but the
//! patient are in the patient's access log.

use actix_web::web::{Data, Json, Path};
use actix_web::{get, patch, post, put, HttpResponse};
use medtrack_shared::record::{
    Allergy, AllergyAssessment, AllergyChange, AllergyCheck, AllergyCheckRequest, AllergyInput,
    AllergyList, Problem, ProblemChange, ProblemInput, RecordListQuery, TimelineEvent,
};
use medtrack_shared::{AllergyId, ErrorBody, Page, PageQuery, ProblemId, UserId};

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, Authenticated, DoctorOnly, PatientOrDoctor};
use super::params::{AllergyPath, PatientPath, ProblemPath};
use super::AppState;
use crate::domain::record::{allergies, check, problems, timeline as events};
use crate::error::ApiError;

/// A page of the patient's problems, newest first, all or those in one status.
#[utoipa::path(
    tag = "record",
    security(("bearer" = [])),
    params(PatientPath, RecordListQuery),
    responses(
        (status = 200, body = Page<Problem>),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("/problems")]
pub async fn list_problems(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    query: Query<RecordListQuery>,
) -> Result<Json<Page<Problem>>, ApiError> {
    let page = problems::list(&state.ctx, &caller.account, &id, &query).await?;
    Ok(Json(page))
}

/// Records a problem: confirmed when one of the patient's doctors records
/// it, patient-reported when the patient does.
#[utoipa::path(
    tag = "record",
    security(("bearer" = [])),
    params(PatientPath),
    request_body = ProblemInput,
    responses(
        (status = 201, body = Problem),
        (status = 403, description = "Not this patient or one of their doctors.", body = ErrorBody),
    )
)]
#[post("/problems")]
pub async fn add_problem(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    id: Path<UserId>,
    body: Body<ProblemInput>,
) -> Result<HttpResponse, ApiError> {
    let problem = problems::add(&state.ctx, &caller.account, &id, &body).await?;
    Ok(HttpResponse::Created().json(problem))
}

/// Corrects a problem, changes its status (resolves it), confirms or
/// refutes it, or marks it entered in error with a reason: a new revision,
/// the old ones kept. Doctors of the patient change any entry; the patient
/// changes their own while patient-reported.
#[utoipa::path(
    tag = "record",
    security(("bearer" = [])),
    params(ProblemPath),
    request_body = ProblemChange,
    responses(
        (status = 200, body = Problem),
        (status = 403, description = "Not one of the patient's doctors, nor the patient changing their own patient-reported entry.", body = ErrorBody),
        (status = 409, description = "Changed meanwhile (`changed_concurrently`), or entered in error (`invalid_transition`).", body = ErrorBody),
    )
)]
#[patch("/problems/{problem_id}")]
pub async fn change_problem(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    path: Path<(UserId, ProblemId)>,
    body: Body<ProblemChange>,
) -> Result<Json<Problem>, ApiError> {
    let (patient, problem) = path.into_inner();
    let changed = problems::change(&state.ctx, &caller.account, &patient, &problem, &body).await?;
    Ok(Json(changed))
}

/// A page of a problem's revisions, oldest first.
#[utoipa::path(
    tag = "record",
    security(("bearer" = [])),
    params(ProblemPath, PageQuery),
    responses(
        (status = 200, body = Page<Problem>),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("/problems/{problem_id}/history")]
pub async fn problem_history(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    path: Path<(UserId, ProblemId)>,
    page: Query<PageQuery>,
) -> Result<Json<Page<Problem>>, ApiError> {
    let (patient, problem) = path.into_inner();
    let page = problems::history(&state.ctx, &caller.account, &patient, &problem, &page).await?;
    Ok(Json(page))
}

/// A page of the patient's allergies, newest first, all or those in one
/// status, with the assessment: not assessed, no known allergies (by whom,
/// when), or has allergies.
#[utoipa::path(
    tag = "record",
    security(("bearer" = [])),
    params(PatientPath, RecordListQuery),
    responses(
        (status = 200, body = AllergyList),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("/allergies")]
pub async fn list_allergies(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    query: Query<RecordListQuery>,
) -> Result<Json<AllergyList>, ApiError> {
    let list = allergies::list(&state.ctx, &caller.account, &id, &query).await?;
    Ok(Json(list))
}

/// Records an allergy or intolerance: confirmed when one of the patient's
/// doctors records it, patient-reported when the patient does.
#[utoipa::path(
    tag = "record",
    security(("bearer" = [])),
    params(PatientPath),
    request_body = AllergyInput,
    responses(
        (status = 201, body = Allergy),
        (status = 403, description = "Not this patient or one of their doctors.", body = ErrorBody),
        (status = 409, description = "An allergy to the same substance (case, spacing and punctuation aside) already stands (`duplicate_allergy`).", body = ErrorBody),
    )
)]
#[post("/allergies")]
pub async fn add_allergy(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    id: Path<UserId>,
    body: Body<AllergyInput>,
) -> Result<HttpResponse, ApiError> {
    let allergy = allergies::add(&state.ctx, &caller.account, &id, &body).await?;
    Ok(HttpResponse::Created().json(allergy))
}

/// Corrects an allergy, changes its status, confirms or refutes it, or
/// marks it entered in error with a reason: a new revision, the old ones
/// kept. An allergy that stops standing frees its substance.
#[utoipa::path(
    tag = "record",
    security(("bearer" = [])),
    params(AllergyPath),
    request_body = AllergyChange,
    responses(
        (status = 200, body = Allergy),
        (status = 403, description = "Not one of the patient's doctors, nor the patient changing their own patient-reported entry.", body = ErrorBody),
        (status = 409, description = "Changed meanwhile (`changed_concurrently`), entered in error (`invalid_transition`), or another allergy to the substance stands (`duplicate_allergy`).", body = ErrorBody),
    )
)]
#[patch("/allergies/{allergy_id}")]
pub async fn change_allergy(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    path: Path<(UserId, AllergyId)>,
    body: Body<AllergyChange>,
) -> Result<Json<Allergy>, ApiError> {
    let (patient, allergy) = path.into_inner();
    let changed = allergies::change(&state.ctx, &caller.account, &patient, &allergy, &body).await?;
    Ok(Json(changed))
}

/// A page of an allergy's revisions, oldest first.
#[utoipa::path(
    tag = "record",
    security(("bearer" = [])),
    params(AllergyPath, PageQuery),
    responses(
        (status = 200, body = Page<Allergy>),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("/allergies/{allergy_id}/history")]
pub async fn allergy_history(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    path: Path<(UserId, AllergyId)>,
    page: Query<PageQuery>,
) -> Result<Json<Page<Allergy>>, ApiError> {
    let (patient, allergy) = path.into_inner();
    let page = allergies::history(&state.ctx, &caller.account, &patient, &allergy, &page).await?;
    Ok(Json(page))
}

/// One of the patient's doctors states that the patient has no known
/// allergies, now: "assessed on DATE by NAME", not the same as an empty list.
#[utoipa::path(
    tag = "record",
    security(("bearer" = [])),
    params(PatientPath),
    responses(
        (status = 200, body = AllergyAssessment),
        (status = 403, description = "Not one of the patient's doctors.", body = ErrorBody),
        (status = 409, description = "Allergies stand on the record (`allergies_on_record`), or one was recorded meanwhile (`changed_concurrently`).", body = ErrorBody),
    )
)]
#[put("/allergies/assessment")]
pub async fn no_known_allergies(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
    id: Path<UserId>,
) -> Result<Json<AllergyAssessment>, ApiError> {
    let assessment = allergies::no_known_allergies(&state.ctx, &caller.account, &id).await?;
    Ok(Json(assessment))
}

/// A page of the patient's timeline, newest first: visits completed,
/// problems recorded and resolved, allergies recorded.
#[utoipa::path(
    tag = "record",
    security(("bearer" = [])),
    params(PatientPath, PageQuery),
    responses(
        (status = 200, body = Page<TimelineEvent>),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("/timeline")]
pub async fn timeline(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    page: Query<PageQuery>,
) -> Result<Json<Page<TimelineEvent>>, ApiError> {
    Ok(Json(
        events::list(&state.ctx, &caller.account, &id, &page).await?,
    ))
}

/// Would these medicines match the patient's allergies? Forms ask before
/// they submit; the answer lists each match (the read is logged).
#[utoipa::path(
    tag = "record",
    security(("bearer" = [])),
    params(PatientPath),
    request_body = AllergyCheckRequest,
    responses(
        (status = 200, body = AllergyCheck),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[post("/allergy-check")]
pub async fn allergy_check(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    body: Body<AllergyCheckRequest>,
) -> Result<Json<AllergyCheck>, ApiError> {
    Ok(Json(
        check::preview(&state.ctx, &caller.account, &id, &body).await?,
    ))
}
