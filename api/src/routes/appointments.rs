//! Appointments: booking, one appointment and its workflow, a patient's
//! appointments and history, and the clinic's oversight list.

use actix_web::web::{Data, Json, Path};
use actix_web::{get, post, HttpResponse};
use medtrack_shared::appointment::{
    ActionRequest, Appointment, AppointmentFilter, AppointmentListQuery, BookingRequest,
};
use medtrack_shared::{AppointmentId, ErrorBody, Page, PageQuery, UserId};

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, AdminOnly, Authenticated, PatientOnly};
use super::params::PatientPath;
use super::{page_limit, AppState};
use crate::domain::appointments::{self, booking, views, workflow};
use crate::error::ApiError;

/// Books a free slot for the calling patient. The appointment is pending
/// until the doctor answers; booking also lets the doctor read the patient's
/// record. A slot someone else holds is a 409 `slot_taken`.
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = [])),
    request_body = BookingRequest,
    responses(
        (status = 201, body = Appointment),
        (status = 409, description = "`slot_taken`: someone holds the slot.", body = ErrorBody),
        (status = 403, description = "Not a patient.", body = ErrorBody),
        (status = 422, description = "Not one of the doctor's slots, or in the past.", body = ErrorBody),
    )
)]
#[post("")]
pub async fn book(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    body: Body<BookingRequest>,
) -> Result<HttpResponse, ApiError> {
    let appointment = booking::book(&state.ctx, &caller.account, &body).await?;
    Ok(HttpResponse::Created().json(appointment))
}

/// One appointment with its timeline: for its patient, the patient's doctors
/// and admins (reads by anyone but the patient are access-logged).
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = [])),
    params(("id" = AppointmentId, Path, description = "The appointment.")),
    responses(
        (status = 200, body = Appointment),
    )
)]
#[get("/{id}")]
pub async fn get(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<AppointmentId>,
) -> Result<Json<Appointment>, ApiError> {
    Ok(Json(
        appointments::get(&state.ctx, &caller.account, &id).await?,
    ))
}

/// One step of the workflow. Pending → confirmed or rejected (doctor, a
/// reason to reject); confirmed → checked in (doctor or admin, on the day) →
/// consulting (doctor) → completed (doctor, with the consultation); pending or
/// confirmed → cancelled (patient up to 2 hours before, doctor, admin) or
/// rescheduled to another free slot (patient, up to 2 hours before; pending
/// again); confirmed → no-show (doctor or admin, after the start). Any other
/// step, and a step that raced another, is a 409.
#[utoipa::path(
    tag = "appointments",
    security(("bearer" = [])),
    params(("id" = AppointmentId, Path, description = "The appointment.")),
    request_body = ActionRequest,
    responses(
        (status = 200, body = Appointment),
        (status = 409, description = "`invalid_transition`, `changed_concurrently`, `slot_taken`, `too_late`, `too_late_to_change`, `not_on_the_day`, `not_started`; or `allergy_conflict`: the prescription matches the patient's allergies (listed in `conflicts`), and no `allergy_override_reason` was given.", body = ErrorBody),
        (status = 403, description = "Not this appointment's patient or doctor, or an admin.", body = ErrorBody),
    )
)]
#[post("/{id}/actions")]
pub async fn act(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<AppointmentId>,
    body: Body<ActionRequest>,
) -> Result<Json<Appointment>, ApiError> {
    let appointment = workflow::act(&state.ctx, &caller.account, &id, &body).await?;
    Ok(Json(appointment))
}

/// A patient's appointments: upcoming (from the start of the viewer's today,
/// soonest first) or past (latest first).
#[utoipa::path(
    tag = "patients",
    security(("bearer" = [])),
    params(PatientPath, AppointmentListQuery),
    responses(
        (status = 200, body = Page<Appointment>),
    )
)]
#[get("/appointments")]
pub async fn of_patient(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    query: Query<AppointmentListQuery>,
) -> Result<Json<Page<Appointment>>, ApiError> {
    let limit = page_limit(query.limit, &query.cursor)?;
    Ok(Json(
        views::of_patient(
            &state.ctx,
            &caller.account,
            &id,
            query.when,
            limit,
            query.cursor.as_deref(),
        )
        .await?,
    ))
}

/// A patient's medical history: completed visits with diagnoses and
/// prescriptions, latest first.
#[utoipa::path(
    tag = "patients",
    security(("bearer" = [])),
    params(PatientPath, PageQuery),
    responses(
        (status = 200, body = Page<Appointment>),
    )
)]
#[get("/history")]
pub async fn history(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    page: Query<PageQuery>,
) -> Result<Json<Page<Appointment>>, ApiError> {
    let limit = page.checked_limit()?;
    Ok(Json(
        views::history(
            &state.ctx,
            &caller.account,
            &id,
            limit,
            page.cursor.as_deref(),
        )
        .await?,
    ))
}

/// Every appointment of the clinic, by status, doctor and start time, in time order.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(AppointmentFilter),
    responses(
        (status = 200, body = Page<Appointment>),
    )
)]
#[get("/appointments")]
pub async fn oversee(
    state: Data<AppState>,
    _caller: Authenticated<AdminOnly>,
    filter: Query<AppointmentFilter>,
) -> Result<Json<Page<Appointment>>, ApiError> {
    let limit = page_limit(filter.limit, &filter.cursor)?;
    filter.check()?;
    Ok(Json(views::oversee(&state.ctx, &filter, limit).await?))
}
