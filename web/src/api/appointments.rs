//! Doctors, slots, appointments and the lists of each role.

use medtrack_shared::appointment::{
    ActionRequest, Appointment, BookingRequest, DoctorDay, WeeklyFigures,
};
use medtrack_shared::calendar::{CalendarFeedAddress, CalendarFeedStatus};
use medtrack_shared::practice::{DoctorCard, Practice, SlotList};
use medtrack_shared::{AppointmentId, Page, UserId};

use super::{delete, encode, get_json, paged, post_json, put_json, ApiError};

/// Approved doctors of a specialization.
pub async fn directory(
    token: &str,
    specialization: &str,
    cursor: Option<&str>,
) -> Result<Page<DoctorCard>, ApiError> {
    let path = format!("/doctors?specialization={}", encode(specialization));
    get_json(&paged(&path, 25, cursor), Some(token)).await
}

/// One approved doctor.
pub async fn doctor(token: &str, id: &UserId) -> Result<DoctorCard, ApiError> {
    get_json(&format!("/doctors/{id}"), Some(token)).await
}

/// A doctor's free slots between two dates (`YYYY-MM-DD`) of the viewer's calendar.
pub async fn slots(
    token: &str,
    doctor: &UserId,
    from: &str,
    to: &str,
) -> Result<SlotList, ApiError> {
    get_json(
        &format!("/doctors/{doctor}/slots?from={from}&to={to}"),
        Some(token),
    )
    .await
}

/// Books a slot.
pub async fn book(token: &str, request: &BookingRequest) -> Result<Appointment, ApiError> {
    post_json("/appointments", request, Some(token)).await
}

/// One appointment.
pub async fn appointment(token: &str, id: &AppointmentId) -> Result<Appointment, ApiError> {
    get_json(&format!("/appointments/{id}"), Some(token)).await
}

/// One step of the workflow.
pub async fn act(
    token: &str,
    id: &AppointmentId,
    request: &ActionRequest,
) -> Result<Appointment, ApiError> {
    post_json(&format!("/appointments/{id}/actions"), request, Some(token)).await
}

/// A patient's upcoming or past appointments.
pub async fn of_patient(
    token: &str,
    patient: &UserId,
    past: bool,
    cursor: Option<&str>,
) -> Result<Page<Appointment>, ApiError> {
    let when = if past { "past" } else { "upcoming" };
    let path = format!("/patients/{patient}/appointments?when={when}");
    get_json(&paged(&path, 25, cursor), Some(token)).await
}

/// A patient's completed visits.
pub async fn history(
    token: &str,
    patient: &UserId,
    cursor: Option<&str>,
) -> Result<Page<Appointment>, ApiError> {
    get_json(
        &paged(&format!("/patients/{patient}/history"), 25, cursor),
        Some(token),
    )
    .await
}

/// The calling doctor's day (`date` as `YYYY-MM-DD`, today by default).
pub async fn day(token: &str, date: Option<&str>) -> Result<DoctorDay, ApiError> {
    let path = match date {
        Some(date) => format!("/doctors/me/day?date={date}"),
        None => "/doctors/me/day".to_owned(),
    };
    get_json(&path, Some(token)).await
}

/// The calling doctor's pending requests.
pub async fn requests(token: &str, cursor: Option<&str>) -> Result<Page<Appointment>, ApiError> {
    get_json(&paged("/doctors/me/requests", 25, cursor), Some(token)).await
}

/// The calling doctor's week in figures.
pub async fn week(token: &str) -> Result<WeeklyFigures, ApiError> {
    get_json("/doctors/me/week", Some(token)).await
}

/// The calling doctor's practice.
pub async fn practice(token: &str) -> Result<Practice, ApiError> {
    get_json("/doctors/me/practice", Some(token)).await
}

/// Publishes the calling doctor's practice.
pub async fn save_practice(token: &str, practice: &Practice) -> Result<Practice, ApiError> {
    put_json("/doctors/me/practice", practice, Some(token)).await
}

/// The clinic's appointments (admins); `query` holds the filters, e.g. `status=pending`.
pub async fn oversee(
    token: &str,
    query: &str,
    cursor: Option<&str>,
) -> Result<Page<Appointment>, ApiError> {
    get_json(
        &paged(&format!("/admin/appointments?{query}"), 25, cursor),
        Some(token),
    )
    .await
}

/// Whether a calendar feed is live.
pub async fn feed_status(token: &str) -> Result<CalendarFeedStatus, ApiError> {
    get_json("/me/calendar-feed", Some(token)).await
}

/// A new calendar feed address (the old one stops working).
pub async fn rotate_feed(token: &str) -> Result<CalendarFeedAddress, ApiError> {
    put_json("/me/calendar-feed", &serde_json::json!({}), Some(token)).await
}

/// Revokes the calendar feed.
pub async fn revoke_feed(token: &str) -> Result<(), ApiError> {
    delete("/me/calendar-feed", Some(token)).await
}

/// A patient's details (their doctors and admins; access-logged).
pub async fn patient(
    token: &str,
    id: &UserId,
) -> Result<medtrack_shared::account::PatientProfile, ApiError> {
    get_json(&format!("/patients/{id}"), Some(token)).await
}
