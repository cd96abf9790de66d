//! Analytics: the day counters the dashboards read ([`AppointmentDay`],
//! [`DoseDay`], [`WardDay`]), the dashboards themselves, and in
//! [`definitions`] every figure's written definition with the one function
//! that computes it, which the web client draws and its CSV exports.
//!
//! Counters are kept per day by the transactions that change what they
//! count (or, for the ward census, by a job at midnight), so a dashboard
//! over a year reads one counter per day and series, however many
//! appointments, doses or stays the store holds.

pub mod definitions;
mod figures;

pub use figures::*;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::appointment::Party;
use crate::validation::{FieldErrors, ValidationError};
use crate::wards::WardKind;
use crate::{DepartmentId, WardId};

/// The longest range a dashboard covers, in days.
pub const MAX_RANGE_DAYS: i32 = 366;

/// A dashboard's days, both included (the query string of both dashboards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DayRange {
    /// The first day (`YYYY-MM-DD`).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "openapi", param(value_type = String, format = Date))]
    pub from: Date,
    /// The last day (`YYYY-MM-DD`), at most 366 days after `from`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "openapi", param(value_type = String, format = Date))]
    pub to: Date,
}

impl DayRange {
    /// Checks the order and length of the range.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.to < self.from {
            errors.add("to", ValidationError::new("must not be before from"));
        } else if self.length() > MAX_RANGE_DAYS {
            errors.add(
                "to",
                ValidationError::new("must be within 366 days of from"),
            );
        }
        errors.into_result(())
    }

    /// How many days the range covers.
    pub fn length(&self) -> i32 {
        i32::try_from(self.days().count()).unwrap_or(i32::MAX)
    }

    /// Every day of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = Date> + '_ {
        self.from
            .series(jiff::Span::new().days(1))
            .take_while(|d| *d <= self.to)
    }
}

/// The clinic's dashboard, for admins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClinicDashboard {
    /// The days covered.
    pub range: DayRange,
    /// Appointments per day, every doctor together (days without any are left out).
    pub appointments: Vec<AppointmentDay>,
    /// Each doctor taking bookings, with their figures over the range.
    pub doctors: Vec<DoctorTotals>,
    /// Each ward with its figures over the range.
    pub wards: Vec<WardTotals>,
    /// Doses per day, every patient together (days without any are left out).
    pub doses: Vec<DoseDay>,
    /// The counter items read to answer.
    pub reads: u32,
}

/// A doctor's dashboard: theirs, or any doctor's for admins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorDashboard {
    /// The days covered.
    pub range: DayRange,
    /// The doctor.
    pub doctor: Party,
    /// Their appointments per day (days without any are left out).
    pub appointments: Vec<AppointmentDay>,
    /// The slots their hours offer per day (days without any are left out).
    pub offered: Vec<OfferedDay>,
    /// The counter items read to answer.
    pub reads: u32,
}

/// A doctor's figures over a dashboard's range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorTotals {
    /// The doctor.
    pub doctor: Party,
    /// Their appointments' counters, added over the range (`day` is the first).
    pub appointments: AppointmentDay,
    /// The slots their hours offered over the range.
    pub offered: i64,
}

/// A ward's figures over a dashboard's range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WardTotals {
    /// The ward.
    pub ward: WardId,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: WardKind,
    /// Its department.
    pub department: DepartmentId,
    /// The department's name.
    pub department_name: String,
    /// Its census and discharges, added over the range (`day` is the first).
    pub totals: WardDay,
}

/// The slots a doctor's hours offer on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferedDay {
    /// The day, in the doctor's time zone.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// Slots offered.
    pub slots: i64,
}
