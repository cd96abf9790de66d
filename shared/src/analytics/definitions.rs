//! Every figure of the dashboards, defined once: its words (what the web
//! client shows beside the chart), the function that computes it, and the
//! table a chart draws, which is also what its CSV holds, number for number.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{AppointmentDay, DoctorTotals, DoseDay, OfferedDay, WardDay, WardTotals};
use super::{DayRange, LEAD_BOUNDS_HOURS, LEAD_BUCKETS};
use crate::appointment::AppointmentStatus;

/// A figure of the dashboards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Appointments per day by status.
    AppointmentsByStatus,
    /// No-show rate.
    NoShowRate,
    /// Cancellations by who cancelled.
    Cancellations,
    /// Doctor utilisation.
    Utilisation,
    /// Patients seen.
    PatientsSeen,
    /// Median booking lead time.
    LeadTime,
    /// Average consultation duration.
    ConsultDuration,
    /// Dose adherence.
    Adherence,
    /// Bed occupancy.
    Occupancy,
    /// Average length of stay.
    LengthOfStay,
    /// Bed turnover.
    BedTurnover,
}

impl Metric {
    /// Its name on the dashboards.
    pub fn title(self) -> &'static str {
        match self {
            Self::AppointmentsByStatus => "Appointments per day by status",
            Self::NoShowRate => "No-show rate",
            Self::Cancellations => "Cancellations by who cancelled",
            Self::Utilisation => "Doctor utilisation",
            Self::PatientsSeen => "Patients seen",
            Self::LeadTime => "Median booking lead time",
            Self::ConsultDuration => "Average consultation",
            Self::Adherence => "Dose adherence",
            Self::Occupancy => "Bed occupancy",
            Self::LengthOfStay => "Average length of stay",
            Self::BedTurnover => "Bed turnover",
        }
    }

    /// Its definition, in words.
    pub fn definition(self) -> &'static str {
        match self {
            Self::AppointmentsByStatus => "Appointments starting on each day (in their doctor's time zone), by where they stand now. Rescheduled appointments count on their new day.",
            Self::NoShowRate => "No-shows / (completed visits + no-shows), over the appointments of the days. Cancelled, rejected and upcoming appointments do not count.",
            Self::Cancellations => "Cancelled appointments of the days, by the role of whoever cancelled: the patient, the doctor or an admin. Doctors' rejections of requests are not cancellations.",
            Self::Utilisation => "Booked slots / offered slots. Booked: the days' appointments in any status but rejected or cancelled. Offered: the slots the doctor's weekly hours give on those days, as the hours stand now.",
            Self::PatientsSeen => "Completed visits. A patient seen twice counts twice: visits add up across days, distinct patients would not.",
            Self::LeadTime => "The median time from booking to the appointment's start, of the days' appointments (any status). Kept as a histogram per day (under 1 h, 1-4 h, 4-24 h, 1-2 d, 2-3 d, 3-7 d, 1-2 weeks, 2 weeks-30 d, 30-60 d, over 60 d); the median is interpolated within its bucket.",
            Self::ConsultDuration => "Consultation minutes / completed visits whose consultation was started in the system: from \"start consultation\" to \"complete\".",
            Self::Adherence => "Doses taken / doses due (taken, skipped or missed), by the day of their scheduled time (UTC), every patient together.",
            Self::Occupancy => "Occupied bed-days / available bed-days. Each day's bed-days are counted at the midnight census (UTC) that ends it: occupied beds, and beds not closed.",
            Self::LengthOfStay => "Inpatient days / discharges, of the patients discharged on the days. A stay's inpatient days are the midnights between admission and discharge, at least one.",
            Self::BedTurnover => "Discharges / average available beds (available bed-days / days counted): how many patients each bed served over the days.",
        }
    }
}

/// `part / whole`, none when the whole is zero.
pub fn ratio(part: i64, whole: i64) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    (whole != 0).then(|| part as f64 / whole as f64)
}

/// [`Metric::NoShowRate`].
pub fn no_show_rate(days: &AppointmentDay) -> Option<f64> {
    ratio(days.no_show, days.completed + days.no_show)
}

/// [`Metric::Utilisation`].
pub fn utilisation(booked: i64, offered: i64) -> Option<f64> {
    ratio(booked, offered)
}

/// [`Metric::ConsultDuration`], in minutes.
pub fn consult_minutes(days: &AppointmentDay) -> Option<f64> {
    ratio(days.consult_minutes, days.consults)
}

/// [`Metric::Adherence`].
pub fn adherence(days: &DoseDay) -> Option<f64> {
    ratio(days.taken, days.due())
}

/// [`Metric::Occupancy`].
pub fn occupancy(ward: &WardDay) -> Option<f64> {
    ratio(ward.occupied, ward.available)
}

/// [`Metric::LengthOfStay`], in days.
pub fn length_of_stay(ward: &WardDay) -> Option<f64> {
    ratio(ward.inpatient_days, ward.discharges)
}

/// [`Metric::BedTurnover`] over `days` days of census.
pub fn bed_turnover(ward: &WardDay, days: i64) -> Option<f64> {
    let average_beds = ratio(ward.available, days)?;
    #[allow(clippy::cast_precision_loss)]
    (average_beds > 0.0).then(|| ward.discharges as f64 / average_beds)
}

/// [`Metric::LeadTime`] in hours: the median of the histogram `lead`,
/// interpolated within its bucket; the last bucket (over 60 days) gives
/// its lower bound.
pub fn median_lead_hours(lead: &[i64]) -> Option<f64> {
    let total: i64 = lead.iter().sum();
    if total <= 0 {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let half = total as f64 / 2.0;
    let mut below = 0.0;
    for (bucket, count) in lead.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let count = *count as f64;
        if count > 0.0 && below + count >= half {
            let low = lower_bound(bucket).unwrap_or(0);
            let Some(high) = LEAD_BOUNDS_HOURS.get(bucket) else {
                #[allow(clippy::cast_precision_loss)]
                return Some(low as f64);
            };
            #[allow(clippy::cast_precision_loss)]
            return Some(low as f64 + (high - low) as f64 * (half - below) / count);
        }
        below += count;
    }
    None
}

/// A bucket's lower bound in hours (none for the first).
fn lower_bound(bucket: usize) -> Option<i64> {
    LEAD_BOUNDS_HOURS.get(bucket.checked_sub(1)?).copied()
}

/// A histogram bucket's name.
pub fn lead_bucket_label(bucket: usize) -> String {
    let hours = |h: i64| match h {
        h if h < 24 => format!("{h} h"),
        h => format!("{} d", h / 24),
    };
    match (lower_bound(bucket), LEAD_BOUNDS_HOURS.get(bucket)) {
        (None, Some(high)) => format!("under {}", hours(*high)),
        (Some(low), Some(high)) => format!("{} to {}", hours(low), hours(*high)),
        (Some(low), None) => format!("over {}", hours(low)),
        (None, None) => String::new(),
    }
}

/// What a table's row is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKey {
    /// A day.
    Day(Date),
    /// A named thing: a doctor, a ward, a bucket.
    Name(String),
}

/// A chart's numbers: what it draws, what its table view lists and what
/// its CSV holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The figure it shows.
    pub metric: Metric,
    /// The first column's heading.
    pub key: &'static str,
    /// The other columns' headings.
    pub columns: Vec<&'static str>,
    /// The rows, in order; `None` where a figure has no value (nothing to divide by).
    pub rows: Vec<(RowKey, Vec<Option<f64>>)>,
}

impl Table {
    /// The CSV of the table: a heading line, then a line per row; days as
    /// `YYYY-MM-DD`, numbers as [`number`] writes them, empty without a value.
    pub fn csv(&self) -> String {
        let mut out = String::new();
        let heading = std::iter::once(self.key).chain(self.columns.iter().copied());
        out.push_str(&heading.map(quote).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
        for (key, values) in &self.rows {
            let key = match key {
                RowKey::Day(day) => day.to_string(),
                RowKey::Name(name) => quote(name),
            };
            let cells = values.iter().map(|v| v.map(number).unwrap_or_default());
            let line: Vec<String> = std::iter::once(key).chain(cells).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// A column's values, in row order.
    pub fn column(&self, at: usize) -> Vec<Option<f64>> {
        self.rows
            .iter()
            .map(|(_, v)| v.get(at).copied().flatten())
            .collect()
    }
}

/// A number as tables and CSVs write it: whole numbers as they are, others
/// to two decimals (ratios are percentages).
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

fn quote(text: &str) -> String {
    let text = text.trim_start_matches(['=', '+', '-', '@']);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[allow(clippy::cast_precision_loss)]
fn n(value: i64) -> Option<f64> {
    Some(value as f64)
}

fn percent(value: Option<f64>) -> Option<f64> {
    value.map(|v| (v * 10_000.0).round() / 100.0)
}

fn rounded(value: Option<f64>) -> Option<f64> {
    value.map(|v| (v * 100.0).round() / 100.0)
}

/// Every day of `range` with its counters (zeros where none were kept).
pub fn every_day<T: Clone>(
    range: &DayRange,
    kept: &[T],
    day_of: impl Fn(&T) -> Date,
    empty: impl Fn(Date) -> T,
) -> Vec<T> {
    range
        .days()
        .map(|day| {
            kept.iter()
                .find(|k| day_of(k) == day)
                .cloned()
                .unwrap_or_else(|| empty(day))
        })
        .collect()
}

/// The days' appointments added together.
pub fn total(range: &DayRange, days: &[AppointmentDay]) -> AppointmentDay {
    let mut sum = AppointmentDay::empty(range.from);
    days.iter().for_each(|d| sum.add(d));
    sum
}

/// [`Metric::AppointmentsByStatus`]: a row per day, a column per status.
pub fn appointments_by_status(range: &DayRange, days: &[AppointmentDay]) -> Table {
    let days = every_day(range, days, |d| d.day, AppointmentDay::empty);
    Table {
        metric: Metric::AppointmentsByStatus,
        key: "Day",
        columns: AppointmentStatus::ALL.iter().map(|s| s.label()).collect(),
        rows: days
            .iter()
            .map(|d| {
                (
                    RowKey::Day(d.day),
                    AppointmentStatus::ALL
                        .iter()
                        .map(|s| n(d.status(*s)))
                        .collect(),
                )
            })
            .collect(),
    }
}

/// [`Metric::NoShowRate`] per day, with the visits it divides.
pub fn no_shows(range: &DayRange, days: &[AppointmentDay]) -> Table {
    let days = every_day(range, days, |d| d.day, AppointmentDay::empty);
    Table {
        metric: Metric::NoShowRate,
        key: "Day",
        columns: vec!["Completed", "No-shows", "No-show rate (%)"],
        rows: days
            .iter()
            .map(|d| {
                (
                    RowKey::Day(d.day),
                    vec![n(d.completed), n(d.no_show), percent(no_show_rate(d))],
                )
            })
            .collect(),
    }
}

/// [`Metric::Cancellations`] over the range.
pub fn cancellations(total: &AppointmentDay) -> Table {
    let row = |who: &str, count: i64| (RowKey::Name(who.to_owned()), vec![n(count)]);
    Table {
        metric: Metric::Cancellations,
        key: "Cancelled by",
        columns: vec!["Cancellations"],
        rows: vec![
            row("Patient", total.cancelled_by_patient),
            row("Doctor", total.cancelled_by_doctor),
            row("Admin", total.cancelled_by_admin),
        ],
    }
}

/// [`Metric::LeadTime`]: bookings per bucket over the range.
pub fn lead_times(total: &AppointmentDay) -> Table {
    Table {
        metric: Metric::LeadTime,
        key: "Booked ahead",
        columns: vec!["Appointments"],
        rows: (0..LEAD_BUCKETS)
            .map(|b| {
                (
                    RowKey::Name(lead_bucket_label(b)),
                    vec![n(total.lead.get(b).copied().unwrap_or(0))],
                )
            })
            .collect(),
    }
}

/// [`Metric::Utilisation`] per doctor.
pub fn utilisation_by_doctor(doctors: &[DoctorTotals]) -> Table {
    Table {
        metric: Metric::Utilisation,
        key: "Doctor",
        columns: vec![
            "Booked slots",
            "Offered slots",
            "Utilisation (%)",
            "Patients seen",
            "No-show rate (%)",
        ],
        rows: doctors
            .iter()
            .map(|d| {
                let a = &d.appointments;
                let values = vec![
                    n(a.booked()),
                    n(d.offered),
                    percent(utilisation(a.booked(), d.offered)),
                    n(a.completed),
                    percent(no_show_rate(a)),
                ];
                (RowKey::Name(d.doctor.name.clone()), values)
            })
            .collect(),
    }
}

/// [`Metric::Occupancy`], [`Metric::LengthOfStay`] and [`Metric::BedTurnover`] per ward.
pub fn wards(range: &DayRange, wards: &[WardTotals]) -> Table {
    let days = i64::from(range.length());
    Table {
        metric: Metric::Occupancy,
        key: "Ward",
        columns: vec![
            "Occupied bed-days",
            "Available bed-days",
            "Occupancy (%)",
            "Discharges",
            "Inpatient days",
            "Average length of stay (days)",
            "Bed turnover",
        ],
        rows: wards
            .iter()
            .map(|w| {
                let t = &w.totals;
                let values = vec![
                    n(t.occupied),
                    n(t.available),
                    percent(occupancy(t)),
                    n(t.discharges),
                    n(t.inpatient_days),
                    rounded(length_of_stay(t)),
                    rounded(bed_turnover(t, days)),
                ];
                (RowKey::Name(w.name.clone()), values)
            })
            .collect(),
    }
}

/// [`Metric::Adherence`] per day.
pub fn adherence_by_day(range: &DayRange, doses: &[DoseDay]) -> Table {
    let empty = |day| DoseDay {
        day,
        taken: 0,
        skipped: 0,
        missed: 0,
    };
    let days = every_day(range, doses, |d| d.day, empty);
    Table {
        metric: Metric::Adherence,
        key: "Day",
        columns: vec!["Taken", "Skipped", "Missed", "Adherence (%)"],
        rows: days
            .iter()
            .map(|d| {
                (
                    RowKey::Day(d.day),
                    vec![n(d.taken), n(d.skipped), n(d.missed), percent(adherence(d))],
                )
            })
            .collect(),
    }
}

/// A doctor's days: [`Metric::PatientsSeen`], no-shows,
/// [`Metric::Utilisation`] and [`Metric::ConsultDuration`].
pub fn doctor_days(range: &DayRange, days: &[AppointmentDay], offered: &[OfferedDay]) -> Table {
    let days = every_day(range, days, |d| d.day, AppointmentDay::empty);
    let offered_on = |day: Date| offered.iter().find(|o| o.day == day).map_or(0, |o| o.slots);
    Table {
        metric: Metric::PatientsSeen,
        key: "Day",
        columns: vec![
            "Patients seen",
            "No-shows",
            "Booked slots",
            "Offered slots",
            "Utilisation (%)",
            "Average consultation (min)",
        ],
        rows: days
            .iter()
            .map(|d| {
                let offered = offered_on(d.day);
                let values = vec![
                    n(d.completed),
                    n(d.no_show),
                    n(d.booked()),
                    n(offered),
                    percent(utilisation(d.booked(), offered)),
                    rounded(consult_minutes(d)),
                ];
                (RowKey::Day(d.day), values)
            })
            .collect(),
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
