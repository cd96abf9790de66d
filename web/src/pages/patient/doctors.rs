//! Finding a doctor: the directory by specialization, and a doctor's page
//! with free slots on the reader's clock and the booking form.

use crate::state::catalogue::use_catalogue;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use medtrack_shared::appointment::{BookingRequest, Priority, MAX_REASON_CHARS};
use medtrack_shared::practice::{DoctorCard, Slot};
use medtrack_shared::{SpecializationSlug, UserId};

use crate::api::{self, use_api};
use crate::components::action::{Act, Failure};
use crate::components::appointment::{book_and_open, priority_label};
use crate::components::form::{chosen, option_value, Problems, TextArea};
use crate::components::list::Items;
use crate::components::slots::SlotPicker;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The fee as people read it, in the reader's locale: `€45.00`.
fn fee(card: &DoctorCard) -> String {
    match card.practice.fee_minor_units {
        Some(units) => format::money(i64::from(units), &card.practice.currency),
        None => "Fee on request".to_owned(),
    }
}

/// Doctors by specialization.
#[component]
pub fn DirectoryPage() -> impl IntoView {
    let specializations = Loader::new(|_| async move {
        api::catalogue::specializations(None)
            .await
            .map(|page| page.items)
    });
    let chosen = RwSignal::new(None::<SpecializationSlug>);
    let doctors = Loader::new(move |api| {
        let chosen = chosen.get();
        async move {
            match chosen {
                Some(slug) => api.directory(slug, None).await.map(|page| page.items),
                None => Ok(Vec::new()),
            }
        }
    });
    view! {
        <h1>"Find a doctor"</h1>
        <Loaded from=specializations what="specializations" let:list>
            <div class="field">
                <label for="specialization">"Specialization"</label>
                <select id="specialization" on:change=move |ev| chosen.set(SpecializationSlug::parse(&event_target_value(&ev)).ok())>
                    <option value="">"Choose a specialization"</option>
                    {list.into_iter().map(|s| view! { <option value=s.slug.to_string()>{s.name}</option> }).collect_view()}
                </select>
            </div>
        </Loaded>
        {move || chosen.with(Option::is_some).then(|| view! {
            <Loaded from=doctors what="doctors" let:list>
                <Items items=list testid="doctors" empty="No doctor of this specialization takes bookings yet." empty_testid="no-doctors" let:card>
                    <li class="card">
                        <h3><a href=format!("/doctors/{}", card.id)>{card.name.clone()}</a></h3>
                        <p>{card.practice.bio.clone()}</p>
                        <p>{fee(&card)}</p>
                    </li>
                </Items>
            </Loaded>
        })}
    }
}

/// A doctor's page: who they are, their free slots and the booking form.
#[component]
pub fn DoctorPage() -> impl IntoView {
    let card = Loader::by_route_id(|api, id: UserId| api.doctor(id));
    let first_free = RwSignal::new(None::<Option<Slot>>);
    let zone = use_session().zone();
    let next_free = move || match first_free.get() {
        None => "…".to_owned(),
        Some(Some(slot)) => format!(
            "{} ({})",
            format::when(slot.starts_at, &zone),
            format::relative(slot.starts_at)
        ),
        Some(None) => "None in the next two weeks".to_owned(),
    };
    view! {
        <Loaded from=card what="the doctor" let:card>
            <header class="doctor-card card">
                <h1>{card.name.clone()}</h1>
                <p class="specialty">{use_catalogue().name(&card.specialization)}</p>
                <p class="bio">{card.practice.bio.clone()}</p>
                <dl class="figures">
                    <div><dt>"Consultation fee"</dt><dd data-testid="fee">{fee(&card)}</dd></div>
                    <div><dt>"Next free time"</dt><dd data-testid="next-free">{next_free.clone()}</dd></div>
                    <div><dt>"Visit length"</dt><dd>{format::duration(i64::from(card.practice.slot_minutes))}</dd></div>
                    <div><dt>"Practice time zone"</dt><dd>{card.practice.time_zone.clone()}</dd></div>
                </dl>
                <MessageDoctor doctor=card.id/>
            </header>
            <Booking doctor=card.id first_free/>
        </Loaded>
    }
}

/// "Message" for one of the patient's doctors (one they booked with):
/// a new message to them.
#[component]
fn MessageDoctor(doctor: UserId) -> impl IntoView {
    let contacts = Loader::new(|api| api.contacts(None));
    let mine = contacts.check(move |page| page.items.iter().any(|c| c.id == doctor));
    move || {
        mine.get().then(|| {
            view! {
                <p class="actions">
                    <a class="button secondary" href=format!("/messages/new?with={doctor}") data-testid="message-doctor">"Message"</a>
                </p>
            }
        })
    }
}

/// The slots, and beside them (below on a phone) the booking form for the
/// one chosen, kept in view while the person looks through the times.
#[component]
fn Booking(doctor: UserId, first_free: RwSignal<Option<Option<Slot>>>) -> impl IntoView {
    let chosen = RwSignal::new(None::<Slot>);
    view! {
        <div class="booking">
            <SlotPicker doctor on_pick=Callback::new(move |slot| chosen.set(Some(slot))) first_free/>
            <aside class="booking-panel card" aria-label="Your booking">
                {move || match chosen.get() {
                    Some(choice) => view! { <BookingForm doctor choice/> }.into_any(),
                    None => view! {
                        <h2>"Your booking"</h2>
                        <p class="hint" data-testid="choose-hint">"Choose a day, then a time."</p>
                    }.into_any(),
                }}
            </aside>
        </div>
    }
}

const PRIORITIES: [Priority; 3] = [Priority::Normal, Priority::High, Priority::Critical];

#[component]
fn BookingForm(doctor: UserId, choice: Slot) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let reason = RwSignal::new(String::new());
    let priority = RwSignal::new(Priority::Normal);
    let act = Act::new();
    let problems = Problems::new();
    let reason_error = problems.of("reason", "Reason");
    let starts_at = choice.starts_at;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = BookingRequest {
            doctor_id: doctor,
            starts_at,
            reason: reason.get_untracked(),
            priority: priority.get_untracked(),
        };
        book_and_open(api, act, problems, navigate.clone(), request);
    };
    view! {
        <form class="form" on:submit=submit aria-labelledby="book-heading">
            <h2 id="book-heading">{format!("Book {}", format::when(choice.starts_at, &use_session().zone()))}</h2>
            <TextArea label="Reason for the visit and symptoms" id="reason" rows=4 max=MAX_REASON_CHARS value=reason error=reason_error/>
            <div class="field">
                <label for="priority">"How urgent is it?"</label>
                <select id="priority" on:change=move |ev| {
                    if let Some(picked) = chosen(event_target_value(&ev)) {
                        priority.set(picked);
                    }
                }>
                    {PRIORITIES.map(|p| view! { <option value=option_value(&p)>{priority_label(p)}</option> }).collect_view()}
                </select>
            </div>
            <Failure act/>
            <button type="submit" disabled=move || act.pending()>"Request appointment"</button>
        </form>
    }
}
