//! The clinic's analytics, for admins: over the days chosen (the last 30
//! by default), the headline figures, appointments per day by status, the
//! no-show rate, cancellations by who cancelled, booking lead times, each
//! doctor's utilisation, the wards and dose adherence; then billing and
//! blood in brief. Every chart is a table of the shared definitions.

use leptos::prelude::*;
use medtrack_shared::analytics::definitions::{self as defs, Metric};
use medtrack_shared::analytics::{AppointmentDay, ClinicDashboard, DayRange, DoseDay, WardDay};
use medtrack_shared::appointment::AppointmentStatus;

use crate::components::analytics::{
    cell, lead_time, percent, range_words, BillingSummary, BloodSummary, ChartPanel, Figure, HBars,
    Headline, Line, Quick, RangeFilter, Scale, StackedBars,
};
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The quick ranges offered.
const CHOICES: [Quick; 4] = [
    Quick::Last7Days,
    Quick::Last30Days,
    Quick::ThisYear,
    Quick::Last12Months,
];

/// A status's colour class.
pub fn status_class(status: AppointmentStatus) -> &'static str {
    match status {
        AppointmentStatus::Pending => "s-pending",
        AppointmentStatus::Confirmed => "s-confirmed",
        AppointmentStatus::Rejected => "s-rejected",
        AppointmentStatus::CheckedIn => "s-checked_in",
        AppointmentStatus::Consulting => "s-consulting",
        AppointmentStatus::Completed => "s-completed",
        AppointmentStatus::Cancelled => "s-cancelled",
        AppointmentStatus::NoShow => "s-no_show",
    }
}

/// The admins' analytics page.
#[component]
pub fn ClinicAnalyticsPage() -> impl IntoView {
    // Days end today where the admin is; each doctor's appointments are
    // counted in their own practice's zone, doses and wards in UTC.
    let today = format::today(&use_session().zone());
    let applied = RwSignal::new(Quick::Last30Days.range(today));
    let dashboard = Loader::new(move |api| {
        let range = applied.get();
        api.clinic_dashboard(range)
    });
    view! {
        <h1>"Analytics"</h1>
        <p class="lead">"The clinic's figures over the days you choose. Each chart's numbers are in its table and its CSV file, and each says how it is counted."</p>
        <RangeFilter applied choices=&CHOICES today/>
        <Loaded from=dashboard what="the clinic's figures" let:dashboard>
            <Clinic dashboard/>
        </Loaded>
        <h2 class="an-part">"Billing and blood"</h2>
        <div class="an-panels">
            <BillingSummary/>
            <BloodSummary/>
        </div>
    }
}

/// A count with its noun: `1 appointment`, `3 appointments`.
fn count(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The dashboard of the days chosen.
#[component]
fn Clinic(dashboard: ClinicDashboard) -> impl IntoView {
    let range = dashboard.range;
    let days = range_words(&range);
    let total = defs::total(&range, &dashboard.appointments);
    let booked: i64 = dashboard
        .doctors
        .iter()
        .map(|d| d.appointments.booked())
        .sum();
    let offered: i64 = dashboard.doctors.iter().map(|d| d.offered).sum();
    let mut doses = DoseDay {
        day: range.from,
        taken: 0,
        skipped: 0,
        missed: 0,
    };
    dashboard.doses.iter().for_each(|d| doses.add(d));
    let mut beds = WardDay::empty(range.from);
    dashboard.wards.iter().for_each(|w| beds.add(&w.totals));
    let median = defs::median_lead_hours(&total.lead);
    let figures = vec![
        Figure {
            label: "Appointments",
            value: total.total().to_string(),
            testid: "fig-appointments",
        },
        Figure {
            label: Metric::PatientsSeen.title(),
            value: total.completed.to_string(),
            testid: "fig-seen",
        },
        Figure {
            label: Metric::NoShowRate.title(),
            value: percent(defs::no_show_rate(&total)),
            testid: "fig-no-show-rate",
        },
        Figure {
            label: Metric::Utilisation.title(),
            value: percent(defs::utilisation(booked, offered)),
            testid: "fig-utilisation",
        },
        Figure {
            label: Metric::LeadTime.title(),
            value: lead_time(median),
            testid: "fig-lead-time",
        },
        Figure {
            label: Metric::Adherence.title(),
            value: percent(defs::adherence(&doses)),
            testid: "fig-adherence",
        },
        Figure {
            label: Metric::Occupancy.title(),
            value: percent(defs::occupancy(&beds)),
            testid: "fig-occupancy",
        },
    ];
    view! {
        <Headline figures/>
        <div class="an-panels">
            <Appointments dashboard=dashboard.clone() days=days.clone()/>
            <NoShows dashboard=dashboard.clone() days=days.clone()/>
            <Cancellations range total=total.clone() days=days.clone()/>
            <LeadTimes range total=total.clone() median days=days.clone()/>
            <Utilisation dashboard=dashboard.clone() days=days.clone()/>
            <Wards dashboard=dashboard.clone() days=days.clone()/>
            <Adherence range doses=dashboard.doses.clone() due=doses.due() days/>
        </div>
    }
}

#[component]
fn Appointments(dashboard: ClinicDashboard, days: String) -> impl IntoView {
    let range = dashboard.range;
    let total = defs::total(&range, &dashboard.appointments);
    let table = defs::appointments_by_status(&range, &dashboard.appointments);
    let chart = table.clone();
    let label = format!(
        "Appointments per day by status, {days}: {} in all, {} completed, {} cancelled, {} no-shows. The table lists each day.",
        count(total.total(), "appointment", "appointments"),
        total.completed,
        total.cancelled,
        total.no_show
    );
    let empty = (total.total() == 0).then_some("No appointments in these days.");
    view! {
        <ChartPanel table range empty=empty.map(str::to_owned) testid="panel-appointments" wide=true>
            <StackedBars table=chart columns=(0..AppointmentStatus::ALL.len()).collect()
                series=AppointmentStatus::ALL.iter().map(|s| status_class(*s)).collect() label=label/>
        </ChartPanel>
    }
}

#[component]
fn NoShows(dashboard: ClinicDashboard, days: String) -> impl IntoView {
    let range = dashboard.range;
    let total = defs::total(&range, &dashboard.appointments);
    let table = defs::no_shows(&range, &dashboard.appointments);
    let chart = table.clone();
    let visits = total.completed + total.no_show;
    let label = format!(
        "No-show rate per day, {days}: {} over the days, {} of {}.",
        percent(defs::no_show_rate(&total)),
        count(total.no_show, "no-show", "no-shows"),
        count(visits, "visit due", "visits due")
    );
    let empty =
        (visits == 0).then(|| "No visits were completed or missed in these days.".to_owned());
    view! {
        <ChartPanel table range empty testid="panel-no-shows">
            <Line table=chart column=2 label=label/>
        </ChartPanel>
    }
}

/// A count as its bar says it.
fn just_count(values: &[Option<f64>]) -> String {
    cell(values.first().copied().flatten())
}

#[component]
fn Cancellations(range: DayRange, total: AppointmentDay, days: String) -> impl IntoView {
    let table = defs::cancellations(&total);
    let chart = table.clone();
    let label = format!(
        "Cancellations by who cancelled, {days}: patients {}, doctors {}, admins {}.",
        total.cancelled_by_patient, total.cancelled_by_doctor, total.cancelled_by_admin
    );
    let empty =
        (total.cancelled == 0).then(|| "No appointments were cancelled in these days.".to_owned());
    view! {
        <ChartPanel table range empty testid="panel-cancellations">
            <HBars table=chart value=0 scale=Scale::Longest describe=just_count label=label/>
        </ChartPanel>
    }
}

#[component]
fn LeadTimes(
    range: DayRange,
    total: AppointmentDay,
    median: Option<f64>,
    days: String,
) -> impl IntoView {
    let table = defs::lead_times(&total);
    let chart = table.clone();
    let bookings: i64 = total.lead.iter().sum();
    let note = format!("Median: {}.", lead_time(median));
    let label = format!(
        "Booking lead times of the appointments of {days}: {} by how far ahead they were booked; median {}.",
        count(bookings, "booking", "bookings"),
        lead_time(median)
    );
    let empty = (bookings == 0).then(|| "No appointments in these days.".to_owned());
    view! {
        <ChartPanel table range title="Booking lead times" note empty testid="panel-lead-times">
            <HBars table=chart value=0 scale=Scale::Longest describe=just_count label=label/>
        </ChartPanel>
    }
}

/// A doctor's bar: booked of offered, and the share.
fn booked_of_offered(values: &[Option<f64>]) -> String {
    let at = |n: usize| values.get(n).copied().flatten();
    let share = at(2)
        .map(|p| format!(" · {}%", cell(Some(p))))
        .unwrap_or_default();
    format!("{} of {} slots{share}", cell(at(0)), cell(at(1)))
}

#[component]
fn Utilisation(dashboard: ClinicDashboard, days: String) -> impl IntoView {
    let range = dashboard.range;
    let table = defs::utilisation_by_doctor(&dashboard.doctors);
    let chart = table.clone();
    let label = format!(
        "Booked slots against offered slots per doctor, {days}: {}. The table adds patients seen and no-show rates.",
        dashboard
            .doctors
            .iter()
            .map(|d| format!(
                "{} {} of {}",
                d.doctor.name,
                d.appointments.booked(),
                d.offered
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let empty = dashboard
        .doctors
        .is_empty()
        .then(|| "No doctor takes bookings yet.".to_owned());
    view! {
        <ChartPanel table range empty more=vec![Metric::PatientsSeen, Metric::NoShowRate] testid="panel-utilisation" wide=true>
            <HBars table=chart value=0 whole=1 scale=Scale::Longest describe=booked_of_offered label=label/>
        </ChartPanel>
    }
}

/// A ward's bar: its occupancy.
fn occupied(values: &[Option<f64>]) -> String {
    match values.get(2).copied().flatten() {
        Some(p) => format!("{}% occupied", cell(Some(p))),
        None => "No beds counted".to_owned(),
    }
}

#[component]
fn Wards(dashboard: ClinicDashboard, days: String) -> impl IntoView {
    let range = dashboard.range;
    let table = defs::wards(&range, &dashboard.wards);
    let chart = table.clone();
    let label = format!(
        "Bed occupancy per ward, {days}: {}. The table adds length of stay and bed turnover.",
        dashboard
            .wards
            .iter()
            .map(|w| format!("{} {}", w.name, percent(defs::occupancy(&w.totals))))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let empty = dashboard
        .wards
        .is_empty()
        .then(|| "No wards yet.".to_owned());
    view! {
        <ChartPanel table range title="Wards" empty open=true more=vec![Metric::LengthOfStay, Metric::BedTurnover]
            testid="panel-wards" wide=true>
            <HBars table=chart value=2 scale=Scale::Percent describe=occupied label=label/>
        </ChartPanel>
    }
}

#[component]
fn Adherence(range: DayRange, doses: Vec<DoseDay>, due: i64, days: String) -> impl IntoView {
    let table = defs::adherence_by_day(&range, &doses);
    let chart = table.clone();
    let taken: i64 = doses.iter().map(|d| d.taken).sum();
    let label = format!(
        "Dose adherence per day, {days}: {taken} of {} taken.",
        count(due, "dose due", "doses due")
    );
    let empty = (due == 0).then(|| "No doses were due in these days.".to_owned());
    view! {
        <ChartPanel table range empty testid="panel-adherence" wide=true>
            <Line table=chart column=3 label=label/>
        </ChartPanel>
    }
}
