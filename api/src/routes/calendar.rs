//! Calendar feeds: the signed-in person makes, rotates or revokes a secret
//! address; calendars read it without signing in (RFC 5545).

use actix_web::http::header;
use actix_web::web::{Data, Json, Path};
use actix_web::{delete, get, put, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, EventLike, EventStatus};
use jiff::Timestamp;
use medtrack_shared::appointment::AppointmentStatus;
use medtrack_shared::calendar::{CalendarFeedAddress, CalendarFeedStatus};
use medtrack_shared::{ErrorBody, Role};

use super::guard::{ActiveAccount, Authenticated};
use super::AppState;
use crate::domain::calendar_feed::{self, Feed};
use crate::domain::DomainError;
use crate::error::ApiError;

/// Whether the caller has a live feed address.
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    responses((status = 200, body = CalendarFeedStatus))
)]
#[get("/calendar-feed")]
pub async fn status(caller: Authenticated<ActiveAccount>) -> Json<CalendarFeedStatus> {
    Json(CalendarFeedStatus {
        created_at: caller.account.calendar_feed.map(|f| f.created_at),
    })
}

/// Makes a new secret feed address (patients and doctors); the previous one
/// stops working. The address is shown only in this answer.
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    responses(
        (status = 200, body = CalendarFeedAddress),
        (status = 403, description = "Admins have no appointments.", body = ErrorBody),
    )
)]
#[put("/calendar-feed")]
pub async fn rotate(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    request: HttpRequest,
) -> Result<Json<CalendarFeedAddress>, ApiError> {
    let now = state.ctx.now();
    let secret = calendar_feed::rotate(&state.ctx, &caller.account).await?;
    let info = request.connection_info();
    Ok(Json(CalendarFeedAddress {
        url: format!(
            "{}://{}/api/v1/calendar/{secret}.ics",
            info.scheme(),
            info.host()
        ),
        created_at: now,
    }))
}

/// Revokes the caller's feed address.
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    responses((status = 204))
)]
#[delete("/calendar-feed")]
pub async fn revoke(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
) -> Result<HttpResponse, ApiError> {
    calendar_feed::revoke(&state.ctx, &caller.account).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The feed: appointments from 90 days ago to 400 days ahead, as iCalendar.
/// Times are UTC (valid without time-zone definitions); the calendar names the
/// owner's zone and each description gives the time on the owner's clock.
/// Descriptions carry no clinical detail.
#[utoipa::path(
    tag = "calendar",
    params(("file" = String, Path, max_length = 100, description = "`<secret>.ics`, as made by `PUT /me/calendar-feed`.")),
    responses(
        (status = 200, content_type = "text/calendar", body = String),
        (status = 404, description = "Unknown or revoked address.", body = ErrorBody),
    )
)]
#[get("/{file}")]
pub async fn feed(state: Data<AppState>, file: Path<String>) -> Result<HttpResponse, ApiError> {
    let secret = file.strip_suffix(".ics").ok_or(DomainError::NotFound)?;
    let now = state.ctx.now();
    let shown = calendar_feed::read(&state.ctx, secret)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/calendar; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .body(ics(&shown, now).to_string()))
}

fn utc(at: Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp(at.as_second(), at.subsec_nanosecond().unsigned_abs())
        .unwrap_or_default()
}

fn ics(shown: &Feed, now: Timestamp) -> Calendar {
    let (owner, appointments) = (&shown.owner, &shown.appointments);
    let zone = owner.time_zone.tz().clone();
    let mut calendar = Calendar::new();
    calendar
        .name("MedTrack appointments")
        .timezone(owner.time_zone.name())
        .ttl(&chrono::Duration::hours(1));
    for appointment in appointments {
        // Calendars are often shared: a doctor's feed names no patient (the
        // names are in the app, behind sign-in).
        let summary = match owner.role {
            Role::Doctor => "Appointment".to_owned(),
            _ => format!("Appointment with {}", appointment.doctor.name),
        };
        let local = appointment
            .starts_at
            .to_zoned_datetime(zone.clone())
            .strftime("%a %-d %b %Y, %H:%M %Z");
        let event_status = match appointment.status {
            AppointmentStatus::Pending => EventStatus::Tentative,
            AppointmentStatus::Rejected | AppointmentStatus::Cancelled => EventStatus::Cancelled,
            _ => EventStatus::Confirmed,
        };
        calendar.push(
            icalendar::Event::new()
                .uid(&format!("{}@medtrack", appointment.id))
                .timestamp(utc(now))
                .starts(utc(appointment.starts_at))
                .ends(utc(appointment.ends_at))
                .summary(&summary)
                .description(&format!(
                    "{} — {local}. Open MedTrack for details.",
                    appointment.status.label()
                ))
                .sequence(u32::try_from(appointment.timeline.len().saturating_sub(1)).unwrap_or(0))
                .status(event_status)
                .done(),
        );
    }
    // Dose times carry no medicine's name: a calendar is shown to others.
    for (medication, at) in &shown.doses {
        calendar.push(
            icalendar::Event::new()
                .uid(&format!(
                    "dose-{medication}-{}@medtrack",
                    at.as_millisecond()
                ))
                .timestamp(utc(now))
                .starts(utc(*at))
                .ends(utc(*at + jiff::SignedDuration::from_mins(5)))
                .summary("Medication dose")
                .description("Open MedTrack to mark it taken.")
                .status(EventStatus::Confirmed)
                .done(),
        );
    }
    calendar.done()
}
