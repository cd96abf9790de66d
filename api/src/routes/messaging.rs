//! Messaging: threads between a patient and their doctor, their messages
//! and read marks, the doctor's reply time, the admins' overview (counts,
//! never words). The live changes are in `events.rs`.

use actix_web::web::{Data, Json, Path};
use actix_web::{get, post, HttpResponse};
use medtrack_shared::messaging::{
    Contact, Message, MessagingOverview, NewMessage, NewThread, Posted, ReadInput, ReplyTime,
    Thread, UnreadMessages,
};
use medtrack_shared::{ErrorBody, Page, PageQuery, ThreadId, UserId};

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, AdminOnly, Authenticated, DoctorOnly, PatientOrDoctor};
use super::AppState;
use crate::domain::messaging::{overdue, reading, threads};
use crate::domain::{accounts, practice, DomainError};
use crate::error::ApiError;

/// `{id}` of `/messages/threads/{id}/...`.
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ThreadPath {
    /// The thread.
    id: ThreadId,
}

/// The caller's threads, the latest activity first (patients and doctors).
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Page<Thread>))
)]
#[get("/threads")]
pub async fn list(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    page: Query<PageQuery>,
) -> Result<Json<Page<Thread>>, ApiError> {
    Ok(Json(
        threads::list(&state.ctx, &caller.account, &page).await?,
    ))
}

/// The calling doctor's threads whose patient waits for a reply, the
/// earliest due (so the overdue) first.
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<Thread>))
)]
#[get("/threads/waiting")]
pub async fn waiting(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
) -> Result<Json<Vec<Thread>>, ApiError> {
    Ok(Json(threads::waiting(&state.ctx, &caller.account).await?))
}

/// Starts a thread with a doctor of the calling patient, or a patient of
/// the calling doctor (a care relationship from a booking), with its first
/// message. A patient's message outside the doctor's hours gets the
/// clinic's note saying when it will be read.
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    request_body = NewThread,
    responses(
        (status = 201, body = Posted),
        (status = 403, description = "The other party is not the caller's doctor or patient.", body = ErrorBody),
    )
)]
#[post("/threads")]
pub async fn start(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    body: Body<NewThread>,
) -> Result<HttpResponse, ApiError> {
    let posted = threads::start(&state.ctx, &caller.account, &body).await?;
    Ok(HttpResponse::Created().json(posted))
}

/// One thread, as the caller's list shows it (its parties only).
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    params(ThreadPath),
    responses(
        (status = 200, body = Thread),
        (status = 403, description = "Not a party of the thread.", body = ErrorBody),
    )
)]
#[get("/threads/{id}")]
pub async fn get(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    id: Path<ThreadId>,
) -> Result<Json<Thread>, ApiError> {
    Ok(Json(threads::get(&state.ctx, &caller.account, &id).await?))
}

/// A page of the thread's messages, newest first, each with when the other
/// party read it.
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    params(ThreadPath, PageQuery),
    responses(
        (status = 200, body = Page<Message>),
        (status = 403, description = "Not a party of the thread.", body = ErrorBody),
    )
)]
#[get("/threads/{id}/messages")]
pub async fn messages(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    id: Path<ThreadId>,
    page: Query<PageQuery>,
) -> Result<Json<Page<Message>>, ApiError> {
    Ok(Json(
        reading::messages(&state.ctx, &caller.account, &id, &page).await?,
    ))
}

/// Sends a message. Attachments are documents of the thread's patient's
/// vault: the patient's are shared with the doctor until revoked; a doctor
/// attaches only documents they uploaded for this patient.
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    params(ThreadPath),
    request_body = NewMessage,
    responses(
        (status = 201, body = Posted),
        (status = 403, description = "Not a party of the thread.", body = ErrorBody),
    )
)]
#[post("/threads/{id}/messages")]
pub async fn send(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    id: Path<ThreadId>,
    body: Body<NewMessage>,
) -> Result<HttpResponse, ApiError> {
    let posted = threads::send(&state.ctx, &caller.account, &id, &body).await?;
    Ok(HttpResponse::Created().json(posted))
}

/// Moves the caller's read mark (never back); their unread count follows.
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    params(ThreadPath),
    request_body = ReadInput,
    responses(
        (status = 200, body = Thread),
        (status = 403, description = "Not a party of the thread.", body = ErrorBody),
    )
)]
#[post("/threads/{id}/read")]
pub async fn read(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    id: Path<ThreadId>,
    body: Body<ReadInput>,
) -> Result<Json<Thread>, ApiError> {
    Ok(Json(
        reading::read(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// The thread's doctor acknowledges its urgent message, so the clinic's
/// admins are not told of it.
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    params(ThreadPath),
    responses(
        (status = 200, body = Thread),
        (status = 403, description = "Not the thread's doctor.", body = ErrorBody),
    )
)]
#[post("/threads/{id}/acknowledge")]
pub async fn acknowledge(
    state: Data<AppState>,
    caller: Authenticated<DoctorOnly>,
    id: Path<ThreadId>,
) -> Result<Json<Thread>, ApiError> {
    Ok(Json(
        reading::acknowledge(&state.ctx, &caller.account, &id).await?,
    ))
}

/// The caller's unread messages in all their threads.
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    responses((status = 200, body = UnreadMessages))
)]
#[get("/unread")]
pub async fn unread(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
) -> Result<Json<UnreadMessages>, ApiError> {
    Ok(Json(reading::unread(&state.ctx, &caller.account).await?))
}

/// Whom the caller may write to: a patient's doctors, a doctor's patients.
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Page<Contact>))
)]
#[get("/contacts")]
pub async fn contacts(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    page: Query<PageQuery>,
) -> Result<Json<Page<Contact>>, ApiError> {
    Ok(Json(
        threads::contacts(&state.ctx, &caller.account, &page).await?,
    ))
}

/// When a message sent now to this doctor can expect an answer.
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    params(("id" = UserId, Path, description = "The doctor.")),
    responses(
        (status = 200, body = ReplyTime),
        (status = 404, description = "No such doctor.", body = ErrorBody),
    )
)]
#[get("/{id}/reply-time")]
pub async fn reply_time(
    state: Data<AppState>,
    _caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
) -> Result<Json<ReplyTime>, ApiError> {
    let doctor = accounts::get(&state.ctx.store, &id)
        .await?
        .filter(|a| a.role == medtrack_shared::Role::Doctor)
        .ok_or(DomainError::NotFound)?;
    let practice = practice::of(&doctor);
    let zone = practice::zone(&practice)?;
    let now = state.ctx.now();
    let promise = crate::domain::messaging::reply_time::promise(&practice, zone.tz(), now);
    Ok(Json(ReplyTime {
        doctor: medtrack_shared::appointment::Party {
            id: doctor.id,
            name: doctor.name,
        },
        business_days: practice.reply_within_days,
        open_now: promise.open_now,
        reads_from: promise.reads_from,
        reply_by: promise.reply_by,
    }))
}

/// The clinic's messaging at a glance: how many patients wait for a reply,
/// how many past the promise or with an urgent message, and those threads
/// (who and how long; never a subject or a word).
#[utoipa::path(
    tag = "messaging",
    security(("bearer" = [])),
    responses((status = 200, body = MessagingOverview))
)]
#[get("/messages")]
pub async fn overview(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
) -> Result<Json<MessagingOverview>, ApiError> {
    Ok(Json(overdue::overview(&state.ctx, &caller.account).await?))
}
