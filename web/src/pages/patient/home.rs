//! The patient's dashboard: the next appointment, today's doses and unread
//! messages as figures, then today's checklist and who read their record.

use leptos::prelude::*;
use medtrack_shared::appointment::{Appointment, AppointmentStatus};

use super::access_log::RecentReads;
use crate::components::doses::TodayDoses;
use crate::components::status::{Loaded, Loader};
use crate::components::tiles::Tile;
use crate::format;
use crate::state::catalogue::use_catalogue;
use crate::state::inbox::use_inbox;
use crate::state::messages::use_messages;
use crate::state::session::use_session;

/// The patient's part of the dashboard.
#[component]
pub fn PatientHome() -> impl IntoView {
    let next = Loader::new(|api| async move {
        let me = api.my_id()?;
        // Upcoming by time, but a visit completed or refused early is not next.
        let open = [
            AppointmentStatus::Pending,
            AppointmentStatus::Confirmed,
            AppointmentStatus::CheckedIn,
            AppointmentStatus::Consulting,
        ];
        let page = api.appointments_of(me, false, None).await?;
        Ok(page.items.into_iter().find(|a| open.contains(&a.status)))
    });
    let doses = Loader::new(|api| async move { api.doses_today(api.my_id()?).await });
    let inbox = use_inbox();
    let messages = use_messages();
    let unread = Signal::derive(move || {
        inbox
            .unread
            .get()
            .map_or("…".to_owned(), |c| c.unread.to_string())
    });
    view! {
        <Loaded from=next what="your next appointment" let:next>
            <NextAppointment next/>
        </Loaded>
        <ul class="tiles" aria-label="Today">
            <Tile testid="doses-figure" label="doses taken today" href="/medications"
                figure=doses.figure(|doses| {
                    let taken = doses.iter().filter(|d| d.status == Some(medtrack_shared::medication::DoseStatus::Taken)).count();
                    format!("{taken} of {}", doses.len())
                })/>
            <Tile testid="messages-figure" label="unread messages from your doctors" href="/messages"
                figure=Signal::derive(move || messages.unread.get().map_or("…".to_owned(), |n| n.to_string()))
                alert=Signal::derive(move || messages.unread.get().is_some_and(|n| n > 0))/>
            <Tile testid="unread-figure" label="unread notifications" href="/inbox" figure=unread
                alert=Signal::derive(move || inbox.unread.get().is_some_and(|c| c.unread > 0))/>
            <Tile testid="book-figure" label="find a doctor and book" href="/doctors" figure="Book"/>
        </ul>
        <Phq9Asked/>
        <p class="actions">
            <a href="/record" data-testid="record-link">"My record: problems and allergies"</a>
            <a href="/record/mood" data-testid="mood-link">"Log how you feel"</a>
            <a href="/triage" data-testid="triage-home-link">"Not well? Check your symptoms"</a>
        </p>
        <TodayDoses/>
        <RecentReads/>
    }
}

/// The next appointment as a card, or where to book one.
#[component]
fn NextAppointment(next: Option<Appointment>) -> impl IntoView {
    let zone = use_session().zone();
    match next {
        Some(a) => view! {
            <section class="card next" aria-labelledby="next-heading" data-testid="next-appointment">
                <h2 id="next-heading" class="part">"Next appointment"</h2>
                <h3><a href=format!("/appointments/{}", a.id)>{format::when(a.starts_at, &zone)}</a></h3>
                <p>{format!("{} · {} · {}", format::relative(a.starts_at), a.doctor.name, use_catalogue().name(&a.specialization))}</p>
                <p>{a.status.label()}</p>
            </section>
        }
        .into_any(),
        None => view! {
            <p class="empty" data-testid="next-appointment">
                "No appointment coming up. " <a href="/doctors">"Find a doctor and book a time"</a>
            </p>
        }
        .into_any(),
    }
}

/// Says when a doctor asked for a PHQ-9 the patient has yet to answer.
#[component]
fn Phq9Asked() -> impl IntoView {
    let requests = Loader::new(|api| async move { api.phq9_requests(api.my_id()?).await });
    move || {
        let waiting: Vec<String> = requests
            .data()
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.pending())
            .map(|r| r.doctor.name)
            .collect();
        (!waiting.is_empty()).then(|| {
            view! {
                <p class="notice" data-testid="phq9-asked">
                    {format!("{} asked you to answer a short questionnaire about how you have been. ", waiting.join(" and "))}
                    <a href="/record/phq9">"Answer the PHQ-9"</a>
                </p>
            }
        })
    }
}
