//! Doctors, slots, appointments and the lists of each role.

use medtrack_shared::account::{EmergencyAccess, EmergencyAccessRequest, PatientProfile};
use medtrack_shared::appointment::{
    ActionRequest, Appointment, BookingRequest, DoctorDay, WeeklyFigures,
};
use medtrack_shared::calendar::{CalendarFeedAddress, CalendarFeedStatus};
use medtrack_shared::practice::{DoctorCard, Practice, SlotList};
use medtrack_shared::{AppointmentId, Page, SpecializationSlug, UserId};

use super::{encode, nothing, paged, Api, ApiError};

impl Api {
    /// Approved doctors of a specialization.
    pub async fn directory(
        self,
        specialization: SpecializationSlug,
        cursor: Option<String>,
    ) -> Result<Page<DoctorCard>, ApiError> {
        let path = format!(
            "/doctors?specialization={}",
            encode(specialization.as_str())
        );
        self.get(&paged(&path, 25, cursor.as_deref())).await
    }

    /// One approved doctor.
    pub async fn doctor(self, id: UserId) -> Result<DoctorCard, ApiError> {
        self.get(&format!("/doctors/{id}")).await
    }

    /// A doctor's free slots between two dates of the viewer's calendar.
    pub async fn slots(
        self,
        doctor: UserId,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
    ) -> Result<SlotList, ApiError> {
        self.get(&format!("/doctors/{doctor}/slots?from={from}&to={to}"))
            .await
    }

    /// Books a slot.
    pub async fn book(self, request: BookingRequest) -> Result<Appointment, ApiError> {
        self.post("/appointments", &request).await
    }

    /// One appointment.
    pub async fn appointment(self, id: AppointmentId) -> Result<Appointment, ApiError> {
        self.get(&format!("/appointments/{id}")).await
    }

    /// One step of the workflow.
    pub async fn act_on(
        self,
        id: AppointmentId,
        request: ActionRequest,
    ) -> Result<Appointment, ApiError> {
        self.post(&format!("/appointments/{id}/actions"), &request)
            .await
    }

    /// A patient's upcoming or past appointments.
    pub async fn appointments_of(
        self,
        patient: UserId,
        past: bool,
        cursor: Option<String>,
    ) -> Result<Page<Appointment>, ApiError> {
        let when = if past { "past" } else { "upcoming" };
        let path = format!("/patients/{patient}/appointments?when={when}");
        self.get(&paged(&path, 25, cursor.as_deref())).await
    }

    /// A patient's completed visits.
    pub async fn history(
        self,
        patient: UserId,
        cursor: Option<String>,
    ) -> Result<Page<Appointment>, ApiError> {
        let path = format!("/patients/{patient}/history");
        self.get(&paged(&path, 25, cursor.as_deref())).await
    }

    /// The calling doctor's day (today).
    pub async fn day(self) -> Result<DoctorDay, ApiError> {
        self.get("/doctors/me/day").await
    }

    /// The calling doctor's pending requests.
    pub async fn requests(self, cursor: Option<String>) -> Result<Page<Appointment>, ApiError> {
        self.get(&paged("/doctors/me/requests", 25, cursor.as_deref()))
            .await
    }

    /// The calling doctor's week in figures.
    pub async fn week(self) -> Result<WeeklyFigures, ApiError> {
        self.get("/doctors/me/week").await
    }

    /// The calling doctor's practice.
    pub async fn practice(self) -> Result<Practice, ApiError> {
        self.get("/doctors/me/practice").await
    }

    /// Publishes the calling doctor's practice.
    pub async fn save_practice(self, practice: Practice) -> Result<Practice, ApiError> {
        self.put("/doctors/me/practice", &practice).await
    }

    /// The clinic's appointments (admins); `query` holds the filters, e.g. `status=pending`.
    pub async fn oversee(
        self,
        query: String,
        cursor: Option<String>,
    ) -> Result<Page<Appointment>, ApiError> {
        let path = format!("/admin/appointments?{query}");
        self.get(&paged(&path, 25, cursor.as_deref())).await
    }

    /// Whether a calendar feed is live.
    pub async fn feed_status(self) -> Result<CalendarFeedStatus, ApiError> {
        self.get("/me/calendar-feed").await
    }

    /// A new calendar feed address (the old one stops working).
    pub async fn rotate_feed(self) -> Result<CalendarFeedAddress, ApiError> {
        self.put("/me/calendar-feed", &nothing()).await
    }

    /// Revokes the calendar feed.
    pub async fn revoke_feed(self) -> Result<(), ApiError> {
        self.delete("/me/calendar-feed").await
    }

    /// A patient's details (their doctors and admins; access-logged).
    pub async fn patient(self, id: UserId) -> Result<PatientProfile, ApiError> {
        self.get(&format!("/patients/{id}")).await
    }

    /// Opens the record of a patient who is not the calling doctor's, in an
    /// emergency: the patient and the admins are told, every read logged.
    pub async fn emergency_access(
        self,
        patient: UserId,
        reason: String,
    ) -> Result<EmergencyAccess, ApiError> {
        let request = EmergencyAccessRequest { reason };
        self.post(&format!("/patients/{patient}/emergency-access"), &request)
            .await
    }
}
