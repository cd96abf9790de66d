//! The lists of appointments people see, their filters, and the doctor's
//! day and week figures.

use super::*;
use crate::ids::{AppointmentId, UserId};
use crate::rules;
use crate::validation::FieldErrors;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Which of a patient's appointments to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// Not yet ended, soonest first.
    #[default]
    Upcoming,
    /// Ended, latest first.
    Past,
}

/// `GET /api/v1/patients/{id}/appointments`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AppointmentListQuery {
    /// Upcoming (default) or past.
    #[serde(default)]
    pub when: When,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

/// `GET /api/v1/admin/appointments`: every filter is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AppointmentFilter {
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AppointmentStatus>,
    /// Only this doctor's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doctor: Option<UserId>,
    /// Starting at or after this instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = DateTime))]
    pub from: Option<Timestamp>,
    /// Starting at or before this instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = DateTime))]
    pub to: Option<Timestamp>,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

impl AppointmentFilter {
    /// Checks the instants are within the supported range.
    pub fn check(&self) -> Result<(), FieldErrors> {
        rules::check_window(self.from, self.to)
    }
}

/// `GET /api/v1/doctors/me/day`: a date in the practice's zone, today by default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DayQuery {
    /// The date; today in the practice's time zone by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub date: Option<Date>,
}

impl DayQuery {
    /// The date, checked to be within the supported range.
    pub fn checked(&self) -> Result<Option<Date>, FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::check_date(&mut errors, "date", self.date);
        errors.into_result(self.date)
    }
}

/// A doctor's day at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorDay {
    /// The date, in the practice's time zone.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// The practice's time zone.
    pub time_zone: String,
    /// That day's appointments in time order (rejected and cancelled ones left out).
    pub appointments: Vec<Appointment>,
    /// The next patient to see: the first confirmed, checked-in or consulting
    /// appointment that has not ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<AppointmentId>,
    /// Pending requests waiting for an answer, all dates.
    pub pending_requests: u32,
}

/// Counts for one day of the week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayFigure {
    /// The date.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// Appointments that day, any status.
    pub appointments: u32,
    /// Completed visits that day.
    pub completed: u32,
}

/// How many of a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    /// The status.
    pub status: AppointmentStatus,
    /// How many.
    pub count: u32,
}

/// A doctor's week in figures, Monday to Sunday in the practice's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyFigures {
    /// The Monday.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub week_of: Date,
    /// Appointments by status (every status, zeros included).
    pub by_status: Vec<StatusCount>,
    /// Each day of the week.
    pub days: Vec<DayFigure>,
}

/// `GET /api/v1/doctors/me/week`: the week containing `date` (today by default).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct WeekQuery {
    /// Any date of the week; today in the practice's time zone by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub date: Option<Date>,
}

impl WeekQuery {
    /// The date, checked to be within the supported range.
    pub fn checked(&self) -> Result<Option<Date>, FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::check_date(&mut errors, "date", self.date);
        errors.into_result(self.date)
    }
}
