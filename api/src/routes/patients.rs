//! Patients' records and access logs.

use actix_web::web::{Data, Json, Path};
use actix_web::{get, post, HttpResponse};
use medtrack_shared::account::{
    AccessLogEntry, AccessLogFilter, EmergencyAccess, EmergencyAccessRequest, PatientProfile,
};
use medtrack_shared::{ErrorBody, FieldErrors, Page, PageQuery, UserId, ValidationError};

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, AdminOnly, Authenticated, DoctorOnly, PatientOnly};
use super::params::PatientPath;
use super::AppState;
use crate::domain::access_log::{self, Subject};
use crate::domain::patients::{self, emergency};
use crate::error::ApiError;

/// A patient's details: for the patient, their doctors, and admins. Reads by
/// anyone but the patient appear in the patient's access log.
#[utoipa::path(
    tag = "patients",
    security(("bearer" = [])),
    params(PatientPath),
    responses(
        (status = 200, body = PatientProfile),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("")]
pub async fn profile(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
) -> Result<Json<PatientProfile>, ApiError> {
    Ok(Json(
        patients::profile(&state.ctx, &caller.account, &id).await?,
    ))
}

/// Who read the signed-in patient's data, newest first.
#[utoipa::path(
    tag = "patients",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Page<AccessLogEntry>))
)]
#[get("/access-log")]
pub async fn my_access_log(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    page: Query<PageQuery>,
) -> Result<Json<Page<AccessLogEntry>>, ApiError> {
    let limit = page.checked_limit()?;
    let subject = Subject::Patient(caller.account.id);
    Ok(Json(
        access_log::list(
            &state.ctx,
            subject,
            None,
            None,
            limit,
            page.cursor.as_deref(),
        )
        .await?,
    ))
}

/// The access log by patient or by reader, over a time range, newest first.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(AccessLogFilter),
    responses(
        (status = 200, body = Page<AccessLogEntry>),
    )
)]
#[get("/access-log")]
pub async fn access_log_query(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    filter: Query<AccessLogFilter>,
) -> Result<Json<Page<AccessLogEntry>>, ApiError> {
    let filter = filter.into_inner();
    filter.check()?;
    let limit = PageQuery {
        limit: filter.limit,
        cursor: filter.cursor.clone(),
    }
    .checked_limit()?;
    let subject = match (filter.patient, filter.actor) {
        (Some(patient), None) => Subject::Patient(patient),
        (None, Some(actor)) => Subject::Actor(actor),
        _ => {
            let mut errors = FieldErrors::default();
            errors.add(
                "patient",
                ValidationError::new("give exactly one of `patient` and `actor`"),
            );
            return Err(errors.into());
        }
    };
    let page = access_log::list(
        &state.ctx,
        subject,
        filter.from,
        filter.to,
        limit,
        filter.cursor.as_deref(),
    )
    .await?;
    Ok(Json(page))
}

/// Opens a patient's record to the calling doctor in an emergency, saying
/// why: for an hour, every read stands out in the patient's access log, and
/// the patient and every admin are told at once.
#[utoipa::path(
    tag = "patients",
    security(("bearer" = [])),
    params(PatientPath),
    request_body = EmergencyAccessRequest,
    responses(
        (status = 201, description = "The record is open to the doctor until `until`.", body = EmergencyAccess),
    )
)]
#[post("/emergency-access")]
pub async fn emergency_access(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
    id: Path<UserId>,
    body: Body<EmergencyAccessRequest>,
) -> Result<HttpResponse, ApiError> {
    let access = emergency::open(&state.ctx, &caller.account, &id, &body).await?;
    Ok(HttpResponse::Created().json(access))
}
