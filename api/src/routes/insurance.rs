//! Insurance (a patient's policies, claims and their steps) and the admins'
//! billing overview with its CSV export.

use actix_web::http::header;
use actix_web::web::{Data, Json, Path};
use actix_web::{delete, get, post, HttpResponse};
use medtrack_shared::billing::overview::Overview;
use medtrack_shared::billing::{
    Claim, ClaimQuery, ClaimState, ClaimStepInput, ExportQuery, NewClaim, NewPolicy, Policy,
};
use medtrack_shared::{ClaimId, ErrorBody, Page, PageQuery, PolicyId, UserId};

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, AdminOnly, Authenticated, PatientOnly};
use super::params::PatientPath;
use super::AppState;
use crate::domain::billing::{claims, overview, policies};
use crate::error::ApiError;

/// `{id}` and `{policy}` of `/patients/{id}/policies/{policy}`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PolicyPath {
    /// The patient.
    id: UserId,
    /// The policy.
    policy: PolicyId,
}

/// `{id}` of `/billing/claims/{id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ClaimPath {
    /// The claim.
    id: ClaimId,
}

/// The patient's insurance policies, primary first (the patient, admins).
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(PatientPath),
    responses(
        (status = 200, body = Vec<Policy>),
        (status = 403, description = "Not the caller's own.", body = ErrorBody),
    )
)]
#[get("/policies")]
pub async fn list_policies(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
) -> Result<Json<Vec<Policy>>, ApiError> {
    Ok(Json(
        policies::list(&state.ctx, &caller.account, &id).await?,
    ))
}

/// Adds a policy (the patient, admins); two of one rank may not cover the
/// same day.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(PatientPath),
    request_body = NewPolicy,
    responses(
        (status = 201, body = Policy),
        (status = 403, description = "Not the caller's own.", body = ErrorBody),
    )
)]
#[post("/policies")]
pub async fn add_policy(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    body: Body<NewPolicy>,
) -> Result<HttpResponse, ApiError> {
    let policy = policies::add(&state.ctx, &caller.account, &id, &body).await?;
    Ok(HttpResponse::Created().json(policy))
}

/// Removes a policy (claims made on it keep their copy of it).
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(PolicyPath),
    responses(
        (status = 204),
        (status = 403, description = "Not the caller's own.", body = ErrorBody),
    )
)]
#[delete("/policies/{policy}")]
pub async fn remove_policy(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    path: Path<(UserId, PolicyId)>,
) -> Result<HttpResponse, ApiError> {
    let (patient, policy) = path.into_inner();
    policies::remove(&state.ctx, &caller.account, &patient, &policy).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A claim (a draft) for an issued invoice, on one of the patient's
/// policies covering its day: the invoice's patient, or an admin.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    request_body = NewClaim,
    responses(
        (status = 201, body = Claim),
        (status = 403, description = "Not the caller's invoice.", body = ErrorBody),
        (status = 404, description = "No such invoice (or a draft, to a patient).", body = ErrorBody),
        (status = 409, description = "The invoice is not issued.", body = ErrorBody),
    )
)]
#[post("/claims")]
pub async fn make_claim(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    body: Body<NewClaim>,
) -> Result<HttpResponse, ApiError> {
    let claim = claims::create(&state.ctx, &caller.account, &body).await?;
    Ok(HttpResponse::Created().json(claim))
}

/// One claim: its patient, admins.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(ClaimPath),
    responses(
        (status = 200, body = Claim),
        (status = 403, description = "Not the caller's claim.", body = ErrorBody),
    )
)]
#[get("/claims/{id}")]
pub async fn get_claim(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<ClaimId>,
) -> Result<Json<Claim>, ApiError> {
    Ok(Json(claims::get(&state.ctx, &caller.account, &id).await?))
}

/// A step of a claim. Patients submit (again after a denial) and withdraw
/// (`close`) their own before the payer decides; admins record everything
/// the payer does. A payment (`record_payment`) is posted to the invoice's
/// ledger; a decision tells the patient.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(ClaimPath),
    request_body = ClaimStepInput,
    responses(
        (status = 200, body = Claim),
        (status = 403, description = "Not the caller's claim.", body = ErrorBody),
        (status = 409, description = "The step is not allowed from this state for the caller (`invalid_transition`).", body = ErrorBody),
    )
)]
#[post("/claims/{id}/steps")]
pub async fn step(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<ClaimId>,
    body: Body<ClaimStepInput>,
) -> Result<Json<Claim>, ApiError> {
    Ok(Json(
        claims::take_step(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// The calling patient's claims, newest first.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Page<Claim>))
)]
#[get("/claims")]
pub async fn my_claims(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    page: Query<PageQuery>,
) -> Result<Json<Page<Claim>>, ApiError> {
    Ok(Json(
        claims::mine(&state.ctx, &caller.account, &page).await?,
    ))
}

/// The clinic's claims in a state (`submitted` when absent), newest first.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(ClaimQuery),
    responses((status = 200, body = Page<Claim>))
)]
#[get("/claims")]
pub async fn all_claims(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    query: Query<ClaimQuery>,
) -> Result<Json<Page<Claim>>, ApiError> {
    let state_asked = query.state.unwrap_or(ClaimState::Submitted);
    Ok(Json(
        claims::in_state(&state.ctx, state_asked, &query.page()).await?,
    ))
}

/// The billing page: outstanding by age, claims by state, revenue by month
/// and by doctor (each defined in the shared `billing::overview`).
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    responses((status = 200, body = Overview))
)]
#[get("/billing")]
pub async fn billing_overview(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
) -> Result<Json<Overview>, ApiError> {
    Ok(Json(overview::overview(&state.ctx).await?))
}

/// One table of the billing page as CSV: the rows the page shows.
#[utoipa::path(
    tag = "billing",
    security(("bearer" = [])),
    params(ExportQuery),
    responses((status = 200, content_type = "text/csv", body = String))
)]
#[get("/billing/export")]
pub async fn export(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    query: Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let overview = overview::overview(&state.ctx).await?;
    let panel = query.panel;
    let file = format!("billing-{}-{}.csv", panel.name(), overview.as_of);
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .body(overview.csv(panel)))
}
