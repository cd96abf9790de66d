//! The day counters, and what one appointment, dose or discharge adds to
//! them. A change adds the difference between what the thing adds after it
//! and before it, so the counters always equal a recount of the source items
//! (which is how the rebuild command makes them again).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::account::Role;
use crate::appointment::{Appointment, AppointmentStatus};

/// The upper bounds of the booking lead time histogram's buckets, in hours
/// (the last bucket has none): under an hour, 1–4 h, 4–24 h, 1–2 days, 2–3
/// days, 3–7 days, 1–2 weeks, 2–4 weeks (30 days), 30–60 days, over 60 days.
pub const LEAD_BOUNDS_HOURS: [i64; 9] = [1, 4, 24, 48, 72, 168, 336, 720, 1440];
/// How many buckets the histogram has.
pub const LEAD_BUCKETS: usize = LEAD_BOUNDS_HOURS.len() + 1;

/// A day's appointments (of a doctor, or of every doctor): those starting
/// that day in their practice's time zone, counted by where they stand now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentDay {
    /// The day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// Waiting for the doctor.
    #[serde(default)]
    pub pending: i64,
    /// Confirmed.
    #[serde(default)]
    pub confirmed: i64,
    /// Declined by the doctor.
    #[serde(default)]
    pub rejected: i64,
    /// Checked in.
    #[serde(default)]
    pub checked_in: i64,
    /// In consultation.
    #[serde(default)]
    pub consulting: i64,
    /// Completed visits.
    #[serde(default)]
    pub completed: i64,
    /// Cancelled.
    #[serde(default)]
    pub cancelled: i64,
    /// The patient did not come.
    #[serde(default)]
    pub no_show: i64,
    /// Cancelled by the patient.
    #[serde(default)]
    pub cancelled_by_patient: i64,
    /// Cancelled by the doctor.
    #[serde(default)]
    pub cancelled_by_doctor: i64,
    /// Cancelled by an admin.
    #[serde(default)]
    pub cancelled_by_admin: i64,
    /// Booking lead times, per bucket of [`LEAD_BOUNDS_HOURS`].
    #[serde(default = "no_leads")]
    pub lead: Vec<i64>,
    /// Completed visits whose consultation's start is known.
    #[serde(default)]
    pub consults: i64,
    /// Their minutes from the start of the consultation to its end.
    #[serde(default)]
    pub consult_minutes: i64,
}

fn no_leads() -> Vec<i64> {
    vec![0; LEAD_BUCKETS]
}

/// A day's doses of every patient (their scheduled time's day, UTC) by
/// what became of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoseDay {
    /// The day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// Taken.
    #[serde(default)]
    pub taken: i64,
    /// Skipped on purpose.
    #[serde(default)]
    pub skipped: i64,
    /// Not taken within the grace time.
    #[serde(default)]
    pub missed: i64,
}

/// A ward's day: its midnight census (UTC) and the discharges of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WardDay {
    /// The day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// Beds occupied at the census at the end of the day: occupied bed-days.
    #[serde(default)]
    pub occupied: i64,
    /// Beds in use (every bed not closed) at that census: available bed-days.
    #[serde(default)]
    pub available: i64,
    /// Patients discharged from the ward that day.
    #[serde(default)]
    pub discharges: i64,
    /// Their stays' inpatient days (nights in hospital, at least one).
    #[serde(default)]
    pub inpatient_days: i64,
}

impl AppointmentDay {
    /// A day with nothing counted.
    pub fn empty(day: Date) -> Self {
        Self {
            day,
            pending: 0,
            confirmed: 0,
            rejected: 0,
            checked_in: 0,
            consulting: 0,
            completed: 0,
            cancelled: 0,
            no_show: 0,
            cancelled_by_patient: 0,
            cancelled_by_doctor: 0,
            cancelled_by_admin: 0,
            lead: no_leads(),
            consults: 0,
            consult_minutes: 0,
        }
    }

    /// The count of a status.
    pub fn status(&self, status: AppointmentStatus) -> i64 {
        match status {
            AppointmentStatus::Pending => self.pending,
            AppointmentStatus::Confirmed => self.confirmed,
            AppointmentStatus::Rejected => self.rejected,
            AppointmentStatus::CheckedIn => self.checked_in,
            AppointmentStatus::Consulting => self.consulting,
            AppointmentStatus::Completed => self.completed,
            AppointmentStatus::Cancelled => self.cancelled,
            AppointmentStatus::NoShow => self.no_show,
        }
    }

    /// Every counter by its stored name, in one order.
    pub fn named(&self) -> Vec<(String, i64)> {
        let mut named: Vec<(String, i64)> = AppointmentStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), self.status(*s)))
            .collect();
        named.extend([
            ("cancelled_by_patient".to_owned(), self.cancelled_by_patient),
            ("cancelled_by_doctor".to_owned(), self.cancelled_by_doctor),
            ("cancelled_by_admin".to_owned(), self.cancelled_by_admin),
            ("consults".to_owned(), self.consults),
            ("consult_minutes".to_owned(), self.consult_minutes),
        ]);
        named.extend((0..LEAD_BUCKETS).map(|i| (format!("lead_{i}"), self.lead_at(i))));
        named
    }

    /// The counters named as [`named`](Self::named) gives them, read by `get`.
    pub fn from_named(day: Date, get: impl Fn(&str) -> i64) -> Self {
        let mut counts = Self::empty(day);
        counts.pending = get("pending");
        counts.confirmed = get("confirmed");
        counts.rejected = get("rejected");
        counts.checked_in = get("checked_in");
        counts.consulting = get("consulting");
        counts.completed = get("completed");
        counts.cancelled = get("cancelled");
        counts.no_show = get("no_show");
        counts.cancelled_by_patient = get("cancelled_by_patient");
        counts.cancelled_by_doctor = get("cancelled_by_doctor");
        counts.cancelled_by_admin = get("cancelled_by_admin");
        counts.consults = get("consults");
        counts.consult_minutes = get("consult_minutes");
        counts.lead = (0..LEAD_BUCKETS)
            .map(|i| get(&format!("lead_{i}")))
            .collect();
        counts
    }

    fn lead_at(&self, bucket: usize) -> i64 {
        self.lead.get(bucket).copied().unwrap_or(0)
    }

    /// Adds `other`'s counts to these (the day stays this one's).
    pub fn add(&mut self, other: &Self) {
        self.pending += other.pending;
        self.confirmed += other.confirmed;
        self.rejected += other.rejected;
        self.checked_in += other.checked_in;
        self.consulting += other.consulting;
        self.completed += other.completed;
        self.cancelled += other.cancelled;
        self.no_show += other.no_show;
        self.cancelled_by_patient += other.cancelled_by_patient;
        self.cancelled_by_doctor += other.cancelled_by_doctor;
        self.cancelled_by_admin += other.cancelled_by_admin;
        self.consults += other.consults;
        self.consult_minutes += other.consult_minutes;
        self.lead = (0..LEAD_BUCKETS)
            .map(|i| self.lead_at(i) + other.lead_at(i))
            .collect();
    }

    /// Every appointment counted: the sum of the statuses.
    pub fn total(&self) -> i64 {
        AppointmentStatus::ALL.iter().map(|s| self.status(*s)).sum()
    }

    /// Booked slots: appointments that hold their slot or held it until
    /// the visit (every status but rejected and cancelled).
    pub fn booked(&self) -> i64 {
        self.total() - self.rejected - self.cancelled
    }

    /// What `appointment` adds to the counters of its day, and that day.
    pub fn of(appointment: &Appointment, zone: &TimeZone) -> Self {
        let day = appointment.starts_at.to_zoned_datetime(zone.clone()).date();
        let mut counts = Self::empty(day);
        let status = appointment.status;
        match status {
            AppointmentStatus::Pending => counts.pending = 1,
            AppointmentStatus::Confirmed => counts.confirmed = 1,
            AppointmentStatus::Rejected => counts.rejected = 1,
            AppointmentStatus::CheckedIn => counts.checked_in = 1,
            AppointmentStatus::Consulting => counts.consulting = 1,
            AppointmentStatus::Completed => counts.completed = 1,
            AppointmentStatus::Cancelled => counts.cancelled = 1,
            AppointmentStatus::NoShow => counts.no_show = 1,
        }
        let entered = |to: AppointmentStatus| {
            appointment
                .timeline
                .iter()
                .rev()
                .find(|entry| entry.to == to)
        };
        if status == AppointmentStatus::Cancelled {
            match entered(status).map(|entry| entry.by_role) {
                Some(Role::Patient) => counts.cancelled_by_patient = 1,
                Some(Role::Doctor) => counts.cancelled_by_doctor = 1,
                Some(Role::Admin) | None => counts.cancelled_by_admin = 1,
            }
        }
        if status == AppointmentStatus::Completed {
            let start = entered(AppointmentStatus::Consulting).map(|entry| entry.at);
            let end = entered(AppointmentStatus::Completed).map(|entry| entry.at);
            if let (Some(start), Some(end)) = (start, end) {
                counts.consults = 1;
                counts.consult_minutes = (end.as_second() - start.as_second()).max(0) / 60;
            }
        }
        let lead = lead_bucket(appointment.created_at, appointment.starts_at);
        if let Some(slot) = counts.lead.get_mut(lead) {
            *slot = 1;
        }
        counts
    }
}

/// The histogram bucket of a booking made at `booked` for `starts`.
pub fn lead_bucket(booked: Timestamp, starts: Timestamp) -> usize {
    let hours = (starts.as_second() - booked.as_second()).max(0) / 3600;
    LEAD_BOUNDS_HOURS
        .iter()
        .position(|bound| hours < *bound)
        .unwrap_or(LEAD_BOUNDS_HOURS.len())
}

impl DoseDay {
    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &Self) {
        self.taken += other.taken;
        self.skipped += other.skipped;
        self.missed += other.missed;
    }

    /// Doses due and accounted for: taken, skipped or missed.
    pub fn due(&self) -> i64 {
        self.taken + self.skipped + self.missed
    }
}

impl WardDay {
    /// A day with nothing counted.
    pub fn empty(day: Date) -> Self {
        Self {
            day,
            occupied: 0,
            available: 0,
            discharges: 0,
            inpatient_days: 0,
        }
    }

    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &Self) {
        self.occupied += other.occupied;
        self.available += other.available;
        self.discharges += other.discharges;
        self.inpatient_days += other.inpatient_days;
    }
}

/// A stay's inpatient days: the midnights (UTC) between admission and
/// discharge, at least one (a same-day stay counts one day).
pub fn inpatient_days(admitted: Timestamp, discharged: Timestamp) -> i64 {
    let day = |t: Timestamp| t.to_zoned_datetime(TimeZone::UTC).date();
    let nights = (day(discharged) - day(admitted)).get_days();
    i64::from(nights.max(1))
}
