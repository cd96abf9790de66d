//! Doctors: the directory, a doctor's page and free slots, and the calling
//! doctor's practice, day, requests and week.

use actix_web::web::{Data, Json, Path};
use actix_web::{get, put};
use medtrack_shared::appointment::{Appointment, DayQuery, DoctorDay, WeekQuery, WeeklyFigures};
use medtrack_shared::practice::{DirectoryQuery, DoctorCard, Practice, SlotList, SlotQuery};
use medtrack_shared::{ErrorBody, Page, PageQuery, UserId};

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, Authenticated, DoctorOnly};
use super::{page_limit, AppState};
use crate::domain::appointments::views;
use crate::domain::{practice, DomainError, Zone};
use crate::error::ApiError;

/// Approved doctors of a specialization, in the order they joined.
#[utoipa::path(
    tag = "doctors",
    security(("bearer" = [])),
    params(DirectoryQuery),
    responses(
        (status = 200, body = Page<DoctorCard>),
    )
)]
#[get("")]
pub async fn directory(
    state: Data<AppState>,
    _caller: Authenticated<ActiveAccount>,
    query: Query<DirectoryQuery>,
) -> Result<Json<Page<DoctorCard>>, ApiError> {
    let limit = page_limit(query.limit, &query.cursor)?;
    Ok(Json(
        practice::directory(
            &state.ctx,
            &query.specialization,
            limit,
            query.cursor.as_deref(),
        )
        .await?,
    ))
}

/// An approved doctor's card: bio, fee, time zone and hours.
#[utoipa::path(
    tag = "doctors",
    security(("bearer" = [])),
    params(("id" = UserId, Path, description = "The doctor.")),
    responses(
        (status = 200, body = DoctorCard),
    )
)]
#[get("/{id}")]
pub async fn card(
    state: Data<AppState>,
    _caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
) -> Result<Json<DoctorCard>, ApiError> {
    let doctor = practice::bookable_doctor(&state.ctx.store, &id).await?;
    Ok(Json(practice::card(&doctor).ok_or(DomainError::NotFound)?))
}

/// A doctor's free slots between two dates of the viewer's calendar, with
/// each start on the doctor's clock and the viewer's.
#[utoipa::path(
    tag = "doctors",
    security(("bearer" = [])),
    params(("id" = UserId, Path, description = "The doctor."), SlotQuery),
    responses(
        (status = 200, body = SlotList),
    )
)]
#[get("/{id}/slots")]
pub async fn slots(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    query: Query<SlotQuery>,
) -> Result<Json<SlotList>, ApiError> {
    let viewer = match query.time_zone.as_deref() {
        Some(zone) => Zone::parse_input(zone, "time_zone")?,
        None => caller.account.time_zone.clone(),
    };
    let doctor = practice::bookable_doctor(&state.ctx.store, &id).await?;
    Ok(Json(
        practice::free_slots(&state.ctx, &doctor, &query, &viewer).await?,
    ))
}

/// The calling doctor's practice (an empty one until they publish it).
#[utoipa::path(
    tag = "doctors",
    security(("bearer" = [])),
    responses((status = 200, body = Practice))
)]
#[get("/practice")]
pub async fn my_practice(caller: Authenticated<DoctorOnly>) -> Json<Practice> {
    Json(practice::of(&caller.account))
}

/// Publishes the calling doctor's practice: bio, fee, time zone, weekly hours
/// and exceptions. Appointments already booked keep their times.
#[utoipa::path(
    tag = "doctors",
    security(("bearer" = [])),
    request_body = Practice,
    responses(
        (status = 200, body = Practice),
        (status = 409, body = ErrorBody),
    )
)]
#[put("/practice")]
pub async fn update_practice(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
    body: Body<Practice>,
) -> Result<Json<Practice>, ApiError> {
    Ok(Json(
        practice::update(&state.ctx, &caller.account, body.into_inner()).await?,
    ))
}

/// The calling doctor's day: appointments in order, the next patient, and how
/// many requests wait for an answer.
#[utoipa::path(
    tag = "doctors",
    security(("bearer" = [])),
    params(DayQuery),
    responses((status = 200, body = DoctorDay))
)]
#[get("/day")]
pub async fn my_day(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
    query: Query<DayQuery>,
) -> Result<Json<DoctorDay>, ApiError> {
    Ok(Json(
        views::day(&state.ctx, &caller.account, query.checked()?).await?,
    ))
}

/// The calling doctor's pending requests still ahead, soonest first.
#[utoipa::path(
    tag = "doctors",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Page<Appointment>))
)]
#[get("/requests")]
pub async fn my_requests(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
    page: Query<PageQuery>,
) -> Result<Json<Page<Appointment>>, ApiError> {
    let limit = page.checked_limit()?;
    Ok(Json(
        views::requests(&state.ctx, &caller.account, limit, page.cursor.as_deref()).await?,
    ))
}

/// The calling doctor's week in figures: counts by status, completed per day.
#[utoipa::path(
    tag = "doctors",
    security(("bearer" = [])),
    params(WeekQuery),
    responses((status = 200, body = WeeklyFigures))
)]
#[get("/week")]
pub async fn my_week(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
    query: Query<WeekQuery>,
) -> Result<Json<WeeklyFigures>, ApiError> {
    Ok(Json(
        views::week(&state.ctx, &caller.account, query.checked()?).await?,
    ))
}
