//! A doctor's own analytics: over today, this week, this month or days of
//! their choosing, the headline figures, patients seen and no-shows per
//! day, utilisation per day (booked of offered slots) and the average
//! consultation. The days are those of their practice's time zone, in
//! which the server counts their appointments.

use leptos::prelude::*;
use medtrack_shared::analytics::definitions::{self as defs, Metric};
use medtrack_shared::analytics::{DayRange, DoctorDashboard};

use crate::api::ApiError;
use crate::components::analytics::{
    any, columns, has_values, minutes, percent, range_words, ChartPanel, Figure, Headline, Line,
    Quick, RangeFilter, StackedBars,
};
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The quick ranges offered.
const CHOICES: [Quick; 3] = [Quick::Today, Quick::ThisWeek, Quick::ThisMonth];

/// The doctor's analytics page.
#[component]
pub fn DoctorAnalyticsPage() -> impl IntoView {
    let fallback = use_session().zone();
    // A doctor who has not set up their practice yet counts in their own zone.
    let zone = Loader::new(move |api| {
        let fallback = fallback.clone();
        async move {
            Ok::<_, ApiError>(
                api.practice()
                    .await
                    .map_or(fallback, |practice| practice.time_zone),
            )
        }
    });
    view! {
        <h1>"Analytics"</h1>
        <Loaded from=zone what="your practice" let:zone>
            <Dashboard zone/>
        </Loaded>
    }
}

/// The range filter and the figures of the days chosen, this month first.
#[component]
fn Dashboard(zone: String) -> impl IntoView {
    let today = format::today(&zone);
    let applied = RwSignal::new(Quick::ThisMonth.range(today));
    let dashboard = Loader::new(move |api| {
        let range = applied.get();
        async move {
            let me = api.my_id()?;
            api.doctor_dashboard(me, range).await
        }
    });
    view! {
        <p class="lead" data-testid="zone">{format!(
            "Your appointments and the slots your hours offer, by the days of your practice's time zone ({zone}). Each chart's numbers are in its table and its CSV file."
        )}</p>
        <RangeFilter applied choices=&CHOICES today/>
        <Loaded from=dashboard what="your figures" let:dashboard>
            <Figures dashboard/>
        </Loaded>
    }
}

/// The days' figures.
#[component]
fn Figures(dashboard: DoctorDashboard) -> impl IntoView {
    let range = dashboard.range;
    let days = range_words(&range);
    let total = defs::total(&range, &dashboard.appointments);
    let offered: i64 = dashboard.offered.iter().map(|o| o.slots).sum();
    let table = defs::doctor_days(&range, &dashboard.appointments, &dashboard.offered);
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
            label: "No-shows",
            value: total.no_show.to_string(),
            testid: "fig-no-shows",
        },
        Figure {
            label: Metric::NoShowRate.title(),
            value: percent(defs::no_show_rate(&total)),
            testid: "fig-no-show-rate",
        },
        Figure {
            label: "Utilisation",
            value: percent(defs::utilisation(total.booked(), offered)),
            testid: "fig-utilisation",
        },
        Figure {
            label: Metric::ConsultDuration.title(),
            value: minutes(defs::consult_minutes(&total)),
            testid: "fig-consult",
        },
    ];
    let seen_label = format!(
        "Patients seen and no-shows per day, {days}: {} seen, {} no-shows.",
        total.completed, total.no_show
    );
    let use_label = format!(
        "Utilisation per day, {days}: {} booked of {offered} slots offered, {}.",
        total.booked(),
        percent(defs::utilisation(total.booked(), offered))
    );
    let consult_label = format!(
        "Average consultation per day in minutes, {days}: {} over the days.",
        minutes(defs::consult_minutes(&total))
    );
    view! {
        <Headline figures/>
        <div class="an-panels">
            <Seen table=table.clone() range label=seen_label/>
            <Use table=table.clone() range offered label=use_label/>
            <Consults table range label=consult_label/>
        </div>
    }
}

#[component]
fn Seen(table: defs::Table, range: DayRange, label: String) -> impl IntoView {
    let table = columns(&table, &[0, 1], Metric::PatientsSeen);
    let chart = table.clone();
    let empty = (!any(&table, &[0, 1]))
        .then(|| "No visits were completed or missed in these days.".to_owned());
    view! {
        <ChartPanel table range title="Patients seen and no-shows" more=vec![Metric::NoShowRate] empty
            testid="panel-seen" wide=true>
            <StackedBars table=chart columns=vec![0, 1] series=vec!["s-completed", "s-no_show"] label/>
        </ChartPanel>
    }
}

#[component]
fn Use(table: defs::Table, range: DayRange, offered: i64, label: String) -> impl IntoView {
    let table = columns(&table, &[2, 3, 4], Metric::Utilisation);
    let chart = table.clone();
    let empty = (offered == 0).then(|| "Your hours offered no slots in these days.".to_owned());
    view! {
        <ChartPanel table range title="Utilisation per day" empty testid="panel-utilisation">
            <Line table=chart column=2 label/>
        </ChartPanel>
    }
}

#[component]
fn Consults(table: defs::Table, range: DayRange, label: String) -> impl IntoView {
    let table = columns(&table, &[5], Metric::ConsultDuration);
    let chart = table.clone();
    let empty = (!has_values(&table, 0))
        .then(|| "No consultation was started and completed in MedTrack in these days.".to_owned());
    view! {
        <ChartPanel table range title="Average consultation per day" empty testid="panel-consults">
            <StackedBars table=chart columns=vec![0] series=vec!["s-brand"] unit=" min" label/>
        </ChartPanel>
    }
}
