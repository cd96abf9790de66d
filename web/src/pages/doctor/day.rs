//! The doctor's day at a glance: today's appointments in order, the next
//! patient, and the week in figures.

use leptos::prelude::*;
use medtrack_shared::appointment::{Appointment, DoctorDay, WeeklyFigures};

use crate::components::appointment::StatusBadge;
use crate::components::status::{Loaded, Loader};
use crate::format;

/// The doctor's day.
#[component]
pub fn DoctorDayPage() -> impl IntoView {
    let day = Loader::new(|api| api.day());
    let week = Loader::new(|api| api.week());
    view! {
        <h1>"My day"</h1>
        <Loaded from=day what="your day" let:day>
            <Day day/>
        </Loaded>
        <h2>"This week"</h2>
        <Loaded from=week what="the week's figures" let:week>
            <Week week/>
        </Loaded>
        <p class="hint">"A patient who is not yours needs care that cannot wait? " <a href="/doctor/emergency">"Open their record in an emergency"</a></p>
    }
}

#[component]
fn Day(day: DoctorDay) -> impl IntoView {
    let zone = day.time_zone.clone();
    let next = day
        .next
        .and_then(|id| day.appointments.iter().find(|a| a.id == id).cloned());
    let appointments = view! { <TimeGrid appointments=day.appointments zone=zone.clone()/> };
    let pending = match day.pending_requests {
        0 => "No requests waiting".to_owned(),
        1 => "1 request waiting for your answer".to_owned(),
        n => format!("{n} requests waiting for your answer"),
    };
    view! {
        <p class="lead">{format!("{} · {}", format::day(day.date), day.time_zone)}</p>
        <p><a href="/doctor/requests" data-testid="pending-count">{pending}</a></p>
        {next.map(|next| view! {
            <section class="card next" aria-labelledby="next-heading" data-testid="next-patient">
                <h2 id="next-heading">"Next patient"</h2>
                <p><a href=format!("/appointments/{}", next.id)>{format!("{} · {}", format::clock(next.starts_at, &day.time_zone), next.patient.name)}</a></p>
                <p>{format::relative(next.starts_at)}" " <StatusBadge status=next.status/></p>
            </section>
        })}
        <h2>"Appointments today"</h2>
        {appointments}
    }
}

/// Today's appointments on a time grid, the one under way marked.
#[component]
pub fn TimeGrid(appointments: Vec<Appointment>, zone: String) -> impl IntoView {
    if appointments.is_empty() {
        return view! { <p class="empty">"No appointments today. Patients book the free times of your published hours."</p> }.into_any();
    }
    let now = format::now();
    view! {
        <ol class="time-grid" data-testid="day">
            {appointments.into_iter().map(|a| {
                let current = a.starts_at <= now && now < a.ends_at;
                view! {
                    <li class:now=current>
                        <span class="at">{format::clock(a.starts_at, &zone)}</span>
                        <span>
                            <a href=format!("/appointments/{}", a.id)>{format!("{} · {}", format::clock(a.starts_at, &zone), a.patient.name)}</a>
                            " " <StatusBadge status=a.status/>
                            <span class="hint">{format!(" · until {}", format::clock(a.ends_at, &zone))}</span>
                        </span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn Week(week: WeeklyFigures) -> impl IntoView {
    let most = week
        .days
        .iter()
        .map(|d| d.appointments)
        .max()
        .unwrap_or(0)
        .max(1);
    view! {
        <table class="table" data-testid="week">
            <caption>{format!("Week of {}", format::day(week.week_of))}</caption>
            <thead><tr><th scope="col">"Day"</th><th scope="col">"Appointments"</th><th scope="col">"Completed"</th></tr></thead>
            <tbody>
                {week.days.into_iter().map(|d| {
                    let width = format!("width: {}%", d.appointments * 100 / most);
                    view! {
                        <tr>
                            <th scope="row">{format::day(d.date)}</th>
                            <td data-label="Appointments"><span class="bar" style=width aria-hidden="true"></span>{d.appointments}</td>
                            <td data-label="Completed">{d.completed}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <ul class="counts">
            {week.by_status.into_iter().filter(|c| c.count > 0).map(|c| view! {
                <li><StatusBadge status=c.status/>{format!(" {}", c.count)}</li>
            }).collect_view()}
        </ul>
    }
}
