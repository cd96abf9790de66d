//! Medications, the dose log and a day's doses. Patients change their own;
//! their doctors and admins may read them (and each read is in the
//! patient's access log).

use actix_web::web::{Data, Json, Path};
use actix_web::{delete, get, post, put, HttpResponse};
use medtrack_shared::medication::{
    Adherence, Dose, DoseAction, DosesQuery, Medication, MedicationRequest,
};
use medtrack_shared::{AppointmentId, ErrorBody, MedicationId, UserId};

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, Authenticated, PatientOnly};
use super::params::{MedicationPath, PatientPath};
use super::AppState;
use crate::domain::medications::{self, doses};
use crate::error::ApiError;

/// A patient's medications with their next doses.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(PatientPath),
    responses(
        (status = 200, body = Vec<Medication>),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("/medications")]
pub async fn list(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
) -> Result<Json<Vec<Medication>>, ApiError> {
    Ok(Json(
        medications::list(&state.ctx, &caller.account, &id).await?,
    ))
}

/// Adds a medication to the signed-in patient's list; reminders start at its
/// next dose. Its name is checked against the patient's allergies first.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    request_body = MedicationRequest,
    responses(
        (status = 201, body = Medication),
        (status = 403, description = "Not a patient.", body = ErrorBody),
        (status = 409, description = "The medicine matches allergies on the record (`allergy_conflict`, listed in `conflicts`); send `allergy_override_reason` to add it all the same.", body = ErrorBody),
    )
)]
#[post("/medications")]
pub async fn add(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    body: Body<MedicationRequest>,
) -> Result<HttpResponse, ApiError> {
    let medication = medications::add(&state.ctx, &caller.account, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(medication))
}

/// One medication.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(MedicationPath),
    responses(
        (status = 200, body = Medication),
    )
)]
#[get("")]
pub async fn get(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<MedicationId>,
) -> Result<Json<Medication>, ApiError> {
    Ok(Json(
        medications::get(&state.ctx, &caller.account, &id).await?,
    ))
}

/// Replaces a medication's details and schedule: future doses follow the new
/// schedule; logged doses do not change. Its name is checked against the
/// patient's allergies again (matches already overridden stay so).
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(MedicationPath),
    request_body = MedicationRequest,
    responses(
        (status = 200, body = Medication),
        (status = 409, description = "Changed meanwhile (`changed_concurrently`), or the medicine matches allergies on the record (`allergy_conflict`, listed in `conflicts`; send `allergy_override_reason`).", body = ErrorBody),
    )
)]
#[put("")]
pub async fn edit(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<MedicationId>,
    body: Body<MedicationRequest>,
) -> Result<Json<Medication>, ApiError> {
    let medication = medications::edit(&state.ctx, &caller.account, &id, body.into_inner()).await?;
    Ok(Json(medication))
}

/// Pauses a medication: no reminders and no missed doses until it is resumed.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(MedicationPath),
    responses(
        (status = 200, body = Medication),
    )
)]
#[post("/pause")]
pub async fn pause(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<MedicationId>,
) -> Result<Json<Medication>, ApiError> {
    Ok(Json(
        medications::set_paused(&state.ctx, &caller.account, &id, true).await?,
    ))
}

/// Resumes a paused medication from its next dose.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(MedicationPath),
    responses(
        (status = 200, body = Medication),
    )
)]
#[post("/resume")]
pub async fn resume(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<MedicationId>,
) -> Result<Json<Medication>, ApiError> {
    let medication = medications::set_paused(&state.ctx, &caller.account, &id, false).await?;
    Ok(Json(medication))
}

/// Removes a medication from the list; its logged doses stay in the log.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(MedicationPath),
    responses(
        (status = 204, description = "Removed."),
    )
)]
#[delete("")]
pub async fn remove(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<MedicationId>,
) -> Result<HttpResponse, ApiError> {
    medications::remove(&state.ctx, &caller.account, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Marks a dose taken (with when) or skipped (with why), or snoozes its reminder.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(MedicationPath),
    request_body = DoseAction,
    responses(
        (status = 200, body = Dose),
        (status = 409, description = "Already marked taken or skipped.", body = ErrorBody),
        (status = 422, description = "Not a dose time of this medication.", body = ErrorBody),
    )
)]
#[post("/doses")]
pub async fn act(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<MedicationId>,
    body: Body<DoseAction>,
) -> Result<Json<Dose>, ApiError> {
    let dose = doses::act(&state.ctx, &caller.account, &id, body.into_inner()).await?;
    Ok(Json(dose))
}

/// A day of the patient's doses (today on their clock when no date is given),
/// each with what became of it.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(PatientPath, DosesQuery),
    responses(
        (status = 200, body = Vec<Dose>),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("/doses")]
pub async fn day(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    query: Query<DosesQuery>,
) -> Result<Json<Vec<Dose>>, ApiError> {
    query.check()?;
    Ok(Json(
        doses::day(&state.ctx, &caller.account, &id, &query).await?,
    ))
}

/// The patient's adherence over the last 7 and 30 days, per medication and
/// overall, with the daily counts for a chart.
#[utoipa::path(
    tag = "medications",
    security(("bearer" = [])),
    params(PatientPath),
    responses(
        (status = 200, body = Adherence),
        (status = 403, description = "Not this patient, one of their doctors, or an admin.", body = ErrorBody),
    )
)]
#[get("/adherence")]
pub async fn adherence(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
) -> Result<Json<Adherence>, ApiError> {
    Ok(Json(
        medications::adherence::adherence(&state.ctx, &caller.account, &id).await?,
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
        (status = 409, description = "Not completed (`no_prescription`), already added (`already_added`), or an item matches an allergy the visit's override does not cover (`allergy_conflict`, listed in `conflicts`).", body = ErrorBody),
    )
)]
#[post("/{id}/prescription/add-to-medications")]
pub async fn add_prescription(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<AppointmentId>,
) -> Result<HttpResponse, ApiError> {
    let added = medications::prescriptions::add_all(&state.ctx, &caller.account, &id).await?;
    Ok(HttpResponse::Created().json(added))
}
