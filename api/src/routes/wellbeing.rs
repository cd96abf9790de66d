//! The mood log, the PHQ-9 and its alerts, and the clinic's safety
//! information. The patient writes; they and their doctors read (the
//! doctors' reads in the access log); admins see open alerts, never answers.

use actix_web::web::{Data, Json, Path};
use actix_web::{delete, get, patch, post, put, HttpResponse};
use medtrack_shared::record::{
    AcknowledgeInput, CrisisAlert, MoodChange, MoodChart, MoodChartQuery, MoodEntry, MoodInput,
    OpenAlert, Phq9Input, Phq9Request, Phq9RequestInput, Phq9Result, Phq9Submitted,
};
use medtrack_shared::safety::Safety;
use medtrack_shared::{ErrorBody, MoodEntryId, Page, PageQuery, Phq9Id, UserId};

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, Authenticated, DoctorOnly, DoctorOrAdmin, PatientOnly};
use super::params::{MoodPath, PatientPath, Phq9Path};
use super::AppState;
use crate::domain::record::{mood, phq9, phq9_requests};
use crate::error::ApiError;

/// A page of the patient's mood log, newest first.
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    params(PatientPath, PageQuery),
    responses(
        (status = 200, body = Page<MoodEntry>),
        (status = 403, description = "Not this patient or one of their doctors.", body = ErrorBody),
    )
)]
#[get("/mood")]
pub async fn list_mood(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    page: Query<PageQuery>,
) -> Result<Json<Page<MoodEntry>>, ApiError> {
    Ok(Json(
        mood::list(&state.ctx, &caller.account, &id, &page).await?,
    ))
}

/// Logs how the patient feels, now or up to seven days back.
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    params(PatientPath),
    request_body = MoodInput,
    responses(
        (status = 201, body = MoodEntry),
        (status = 403, description = "Not this patient.", body = ErrorBody),
    )
)]
#[post("/mood")]
pub async fn add_mood(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<UserId>,
    body: Body<MoodInput>,
) -> Result<HttpResponse, ApiError> {
    let entry = mood::add(&state.ctx, &caller.account, &id, &body).await?;
    Ok(HttpResponse::Created().json(entry))
}

/// The mood chart: every day of the period with its average, trend and
/// doses, the average per tag, and the PHQ-9 scores.
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    params(PatientPath, MoodChartQuery),
    responses(
        (status = 200, body = MoodChart),
        (status = 403, description = "Not this patient or one of their doctors.", body = ErrorBody),
    )
)]
#[get("/mood/chart")]
pub async fn mood_chart(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    query: Query<MoodChartQuery>,
) -> Result<Json<MoodChart>, ApiError> {
    let days = query.days()?;
    Ok(Json(
        mood::chart(&state.ctx, &caller.account, &id, days).await?,
    ))
}

/// Changes an entry's score, tags or note.
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    params(MoodPath),
    request_body = MoodChange,
    responses(
        (status = 200, body = MoodEntry),
        (status = 403, description = "Not this patient.", body = ErrorBody),
    )
)]
#[patch("/mood/{entry_id}")]
pub async fn change_mood(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    path: Path<(UserId, MoodEntryId)>,
    body: Body<MoodChange>,
) -> Result<Json<MoodEntry>, ApiError> {
    let (patient, entry) = path.into_inner();
    let changed = mood::change(&state.ctx, &caller.account, &patient, &entry, &body).await?;
    Ok(Json(changed))
}

/// Deletes an entry.
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    params(MoodPath),
    responses(
        (status = 204, description = "Deleted."),
        (status = 403, description = "Not this patient.", body = ErrorBody),
    )
)]
#[delete("/mood/{entry_id}")]
pub async fn delete_mood(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    path: Path<(UserId, MoodEntryId)>,
) -> Result<HttpResponse, ApiError> {
    let (patient, entry) = path.into_inner();
    mood::delete(&state.ctx, &caller.account, &patient, &entry).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A page of the patient's PHQ-9 results, newest first.
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    params(PatientPath, PageQuery),
    responses(
        (status = 200, body = Page<Phq9Result>),
        (status = 403, description = "Not this patient or one of their doctors.", body = ErrorBody),
    )
)]
#[get("/phq9")]
pub async fn list_phq9(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    page: Query<PageQuery>,
) -> Result<Json<Page<Phq9Result>>, ApiError> {
    Ok(Json(
        phq9::list(&state.ctx, &caller.account, &id, &page).await?,
    ))
}

/// The patient answers the PHQ-9. A total of 10 or more tells their
/// doctors; an answer to item 9 other than "not at all" returns the crisis
/// message and alerts their doctors urgently (the admins when no doctor
/// acknowledges in time, or at once when the patient has none).
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    params(PatientPath),
    request_body = Phq9Input,
    responses(
        (status = 201, body = Phq9Submitted),
        (status = 403, description = "Not this patient.", body = ErrorBody),
    )
)]
#[post("/phq9")]
pub async fn submit_phq9(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<UserId>,
    body: Body<Phq9Input>,
) -> Result<HttpResponse, ApiError> {
    let submitted = phq9::submit(&state.ctx, &caller.account, &id, &body).await?;
    Ok(HttpResponse::Created().json(submitted))
}

/// A doctor of the patient, or an admin, takes the alert in hand.
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    params(Phq9Path),
    request_body = AcknowledgeInput,
    responses(
        (status = 200, body = CrisisAlert),
        (status = 403, description = "Not one of the patient's doctors or an admin.", body = ErrorBody),
        (status = 409, description = "The questionnaire raised no alert (`invalid_transition`).", body = ErrorBody),
    )
)]
#[post("/phq9/{phq9_id}/acknowledge")]
pub async fn acknowledge(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
    path: Path<(UserId, Phq9Id)>,
    body: Body<AcknowledgeInput>,
) -> Result<Json<CrisisAlert>, ApiError> {
    let (patient, result) = path.into_inner();
    let alert = phq9::acknowledge(&state.ctx, &caller.account, &patient, &result, &body).await?;
    Ok(Json(alert))
}

/// The doctors' requests for the patient's PHQ-9.
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    params(PatientPath),
    responses(
        (status = 200, body = Vec<Phq9Request>),
        (status = 403, description = "Not this patient or one of their doctors.", body = ErrorBody),
    )
)]
#[get("/phq9/requests")]
pub async fn list_phq9_requests(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
) -> Result<Json<Vec<Phq9Request>>, ApiError> {
    Ok(Json(
        phq9_requests::list(&state.ctx, &caller.account, &id).await?,
    ))
}

/// A doctor of the patient asks them to answer the PHQ-9, once or every 2
/// or 4 weeks; it replaces the doctor's earlier request.
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    params(PatientPath),
    request_body = Phq9RequestInput,
    responses(
        (status = 200, body = Phq9Request),
        (status = 403, description = "Not one of the patient's doctors.", body = ErrorBody),
    )
)]
#[put("/phq9/requests")]
pub async fn ask_for_phq9(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
    id: Path<UserId>,
    body: Body<Phq9RequestInput>,
) -> Result<Json<Phq9Request>, ApiError> {
    Ok(Json(
        phq9_requests::ask_for(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// The doctor stops their request.
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    params(PatientPath),
    responses(
        (status = 204, description = "Stopped."),
        (status = 403, description = "Not one of the patient's doctors.", body = ErrorBody),
    )
)]
#[delete("/phq9/requests")]
pub async fn stop_phq9_request(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
    id: Path<UserId>,
) -> Result<HttpResponse, ApiError> {
    phq9_requests::stop(&state.ctx, &caller.account, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Alerts nobody has acknowledged yet: all for admins, a doctor's patients'
/// for a doctor.
#[utoipa::path(
    tag = "wellbeing",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<OpenAlert>),
        (status = 403, description = "Not a doctor or an admin.", body = ErrorBody),
    )
)]
#[get("")]
pub async fn open_alerts(
    state: Data<AppState>,
    caller: Authenticated<DoctorOrAdmin>,
) -> Result<Json<Vec<OpenAlert>>, ApiError> {
    Ok(Json(phq9::open_alerts(&state.ctx, &caller.account).await?))
}

/// The clinic's red flags and crisis message, for anyone.
#[utoipa::path(
    tag = "wellbeing",
    responses((status = 200, body = Safety))
)]
#[get("")]
pub async fn safety(state: Data<AppState>) -> Json<Safety> {
    Json(Safety::new(state.ctx.crisis.message()))
}
