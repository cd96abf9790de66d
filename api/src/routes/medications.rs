//! Medications, the dose log and a day's doses. Patients change their own;
//! their doctors and admins may read them (and each read is in the
//! patient's access log).

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{delete, get, post, put, HttpResponse};
use jiff::Timestamp;
use medtrack_shared::medication::{
    Adherence, Dose, DoseAction, DosesQuery, Medication, MedicationInput,
};
use medtrack_shared::{AppointmentId, ErrorBody, MedicationId, UserId};

use super::AppState;
use crate::auth::{ActiveAccount, Authenticated, PatientOnly};
use crate::domain::medications::{self, doses};
use crate::error::ApiError;

/// A patient's medications with their next doses.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(("id" = UserId, Path, description = "The patient.")),
    responses(
        (status = 200, body = Vec<Medication>),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("/patients/{id}/medications")]
pub async fn list(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
) -> Result<Json<Vec<Medication>>, ApiError> {
    Ok(Json(
        medications::list(
            &state.store,
            &state.gateway,
            &caller.account,
            &id,
            Timestamp::now(),
        )
        .await?,
    ))
}

/// Adds a medication to the signed-in patient's list; reminders start at its next dose.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    request_body = MedicationInput,
    responses(
        (status = 201, body = Medication),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a patient.", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/me/medications")]
pub async fn add(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    body: Json<MedicationInput>,
) -> Result<HttpResponse, ApiError> {
    let medication = medications::add(
        &state.store,
        &state.gateway,
        &caller.account,
        body.into_inner(),
        Timestamp::now(),
    )
    .await?;
    state.jobs.wake();
    Ok(HttpResponse::Created().json(medication))
}

/// One medication.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(("id" = MedicationId, Path, description = "The medication.")),
    responses((status = 200, body = Medication), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/medications/{id}")]
pub async fn get(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<MedicationId>,
) -> Result<Json<Medication>, ApiError> {
    Ok(Json(
        medications::get(
            &state.store,
            &state.gateway,
            &caller.account,
            &id,
            Timestamp::now(),
        )
        .await?,
    ))
}

/// Replaces a medication's details and schedule: future doses follow the new
/// schedule; logged doses do not change.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(("id" = MedicationId, Path, description = "The medication.")),
    request_body = MedicationInput,
    responses(
        (status = 200, body = Medication),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Changed meanwhile.", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[put("/medications/{id}")]
pub async fn edit(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<MedicationId>,
    body: Json<MedicationInput>,
) -> Result<Json<Medication>, ApiError> {
    let medication = medications::edit(
        &state.store,
        &state.gateway,
        &caller.account,
        &id,
        body.into_inner(),
        Timestamp::now(),
    )
    .await?;
    state.jobs.wake();
    Ok(Json(medication))
}

/// Pauses a medication: no reminders and no missed doses until it is resumed.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(("id" = MedicationId, Path, description = "The medication.")),
    responses((status = 200, body = Medication), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[post("/medications/{id}/pause")]
pub async fn pause(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<MedicationId>,
) -> Result<Json<Medication>, ApiError> {
    Ok(Json(
        medications::set_paused(
            &state.store,
            &state.gateway,
            &caller.account,
            &id,
            true,
            Timestamp::now(),
        )
        .await?,
    ))
}

/// Resumes a paused medication from its next dose.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(("id" = MedicationId, Path, description = "The medication.")),
    responses((status = 200, body = Medication), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[post("/medications/{id}/resume")]
pub async fn resume(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<MedicationId>,
) -> Result<Json<Medication>, ApiError> {
    let medication = medications::set_paused(
        &state.store,
        &state.gateway,
        &caller.account,
        &id,
        false,
        Timestamp::now(),
    )
    .await?;
    state.jobs.wake();
    Ok(Json(medication))
}

/// Removes a medication from the list; its logged doses stay in the log.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(("id" = MedicationId, Path, description = "The medication.")),
    responses((status = 204, description = "Removed."), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[delete("/medications/{id}")]
pub async fn remove(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<MedicationId>,
) -> Result<HttpResponse, ApiError> {
    medications::remove(
        &state.store,
        &state.gateway,
        &caller.account,
        &id,
        Timestamp::now(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Marks a dose taken (with when) or skipped (with why), or snoozes its reminder.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(("id" = MedicationId, Path, description = "The medication.")),
    request_body = DoseAction,
    responses(
        (status = 200, body = Dose),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Already marked taken or skipped.", body = ErrorBody),
        (status = 422, description = "Not a dose time of this medication.", body = ErrorBody),
    )
)]
#[post("/medications/{id}/doses")]
pub async fn act(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<MedicationId>,
    body: Json<DoseAction>,
) -> Result<Json<Dose>, ApiError> {
    let dose = doses::act(
        &state.store,
        &caller.account,
        &id,
        body.into_inner(),
        Timestamp::now(),
    )
    .await?;
    state.jobs.wake();
    state.outbox.wake();
    Ok(Json(dose))
}

/// A day of the patient's doses (today on their clock when no date is given),
/// each with what became of it.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(("id" = UserId, Path, description = "The patient."), DosesQuery),
    responses(
        (status = 200, body = Vec<Dose>),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("/patients/{id}/doses")]
pub async fn day(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    query: Query<DosesQuery>,
) -> Result<Json<Vec<Dose>>, ApiError> {
    Ok(Json(
        doses::day(&state.store, &caller.account, &id, &query, Timestamp::now()).await?,
    ))
}

/// The patient's adherence over the last 7 and 30 days, per medication and
/// overall, with the daily counts for a chart.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(("id" = UserId, Path, description = "The patient.")),
    responses(
        (status = 200, body = Adherence),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("/patients/{id}/adherence")]
pub async fn adherence(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
) -> Result<Json<Adherence>, ApiError> {
    Ok(Json(
        medications::adherence::adherence(&state.store, &caller.account, &id, Timestamp::now())
            .await?,
    ))
}

/// Adds every item of a completed visit's prescription to the signed-in
/// patient's medications, starting today; once per visit. Plain frequencies
/// ("twice a day", "every 8 hours") and durations ("for 7 days") become the
/// schedule; other items are added as taken when needed, to adjust.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(("id" = AppointmentId, Path, description = "The completed visit.")),
    responses(
        (status = 201, body = Vec<Medication>),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not completed, or already added.", body = ErrorBody),
    )
)]
#[post("/appointments/{id}/prescription/add-to-medications")]
pub async fn add_prescription(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<AppointmentId>,
) -> Result<HttpResponse, ApiError> {
    let added =
        medications::prescriptions::add_all(&state.store, &caller.account, &id, Timestamp::now())
            .await?;
    state.jobs.wake();
    Ok(HttpResponse::Created().json(added))
}
