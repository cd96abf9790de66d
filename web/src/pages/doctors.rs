//! Finding a doctor: the directory by specialization, and a doctor's page
//! with free slots on the reader's clock and the booking form.

use jiff::civil::Date;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use medtrack_shared::appointment::{BookingRequest, Priority};
use medtrack_shared::practice::{DoctorCard, Slot, SlotList};
use medtrack_shared::{Specialization, UserId};

use crate::api;
use crate::components::status::{load_by_route_id, Latest, LoadError, Loading};
use crate::state::session::{require_sign_in, use_session};
use crate::time;

/// The fee as people read it: `EUR 50.00`.
fn fee(card: &DoctorCard) -> String {
    match card.practice.fee_minor_units {
        Some(units) => format!(
            "{} {}.{:02}",
            card.practice.currency,
            units / 100,
            units % 100
        ),
        None => "Fee on request".to_owned(),
    }
}

/// Doctors by specialization.
#[component]
pub fn DirectoryPage() -> impl IntoView {
    require_sign_in();
    let session = use_session();
    let specializations = RwSignal::new(Vec::<Specialization>::new());
    let chosen = RwSignal::new(String::new());
    let doctors = RwSignal::new(None::<Result<Vec<DoctorCard>, String>>);
    spawn_local(async move {
        if let Ok(page) = api::catalogue::specializations(None).await {
            specializations.set(page.items);
        }
    });
    let latest = Latest::new();
    let search = move || {
        let slug = chosen.get_untracked();
        let Some(token) = session.token() else { return };
        if slug.is_empty() {
            return;
        }
        let mine = latest.start();
        doctors.set(None);
        spawn_local(async move {
            let result = api::appointments::directory(&token, &slug, None)
                .await
                .map(|p| p.items)
                .map_err(|e| e.to_string());
            if latest.is_current(mine) {
                doctors.set(Some(result));
            }
        });
    };
    view! {
        <h1>"Find a doctor"</h1>
        <div class="field">
            <label for="specialization">"Specialization"</label>
            <select id="specialization" on:change=move |ev| { chosen.set(event_target_value(&ev)); search(); }>
                <option value="">"Choose a specialization"</option>
                {move || specializations.get().into_iter().map(|s| {
                    let slug = s.slug.to_string();
                    view! { <option value=slug>{s.name}</option> }
                }).collect_view()}
            </select>
        </div>
        {move || (!chosen.get().is_empty()).then(|| match doctors.get() {
            None => view! { <Loading what="doctors"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=search/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p data-testid="no-doctors">"No doctor of this specialization takes bookings yet."</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="cards" data-testid="doctors">
                    {list.into_iter().map(|card| {
                        let href = format!("/doctors/{}", card.id);
                        let fee = fee(&card);
                        view! {
                            <li class="card">
                                <h3><a href=href>{card.name.clone()}</a></h3>
                                <p>{card.practice.bio.clone()}</p>
                                <p>{fee}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        })}
    }
}

/// A doctor's page: who they are, their free slots and the booking form.
#[component]
pub fn DoctorPage() -> impl IntoView {
    require_sign_in();
    let (card, reload) = load_by_route_id(|token, id: UserId| async move {
        api::appointments::doctor(&token, &id).await
    });
    view! {
        {move || match card.get() {
            None => view! { <Loading what="the doctor"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
            Some(Ok(card)) => {
                let fee = fee(&card);
                view! {
                    <h1>{card.name.clone()}</h1>
                    <p class="lead">{card.practice.bio.clone()}</p>
                    <dl class="facts">
                        <dt>"Specialization"</dt><dd>{card.specialization.to_string()}</dd>
                        <dt>"Consultation fee"</dt><dd>{fee}</dd>
                        <dt>"Practice time zone"</dt><dd>{card.practice.time_zone.clone()}</dd>
                    </dl>
                    <SlotPicker doctor=card.id on_pick=None/>
                }.into_any()
            }
        }}
    }
}

/// Free slots a week at a time, on the reader's clock. With `on_pick`, a
/// chosen slot is handed over (rescheduling); without it, the booking form
/// books it.
#[component]
pub fn SlotPicker(doctor: UserId, on_pick: Option<Callback<Slot>>) -> impl IntoView {
    let session = use_session();
    let zone = move || session.zone();
    let first = RwSignal::new(time::today(&zone()));
    let slots = RwSignal::new(None::<Result<SlotList, String>>);
    let chosen = RwSignal::new(None::<Slot>);
    let load = move || {
        let Some(token) = session.token() else { return };
        let from: Date = first.get_untracked();
        let to = from.checked_add(jiff::Span::new().days(6)).unwrap_or(from);
        slots.set(None);
        spawn_local(async move {
            let result =
                api::appointments::slots(&token, &doctor, &from.to_string(), &to.to_string())
                    .await
                    .map_err(|e| e.to_string());
            slots.set(Some(result));
        });
    };
    Effect::new(move |_| {
        first.track();
        if session.current.with(Option::is_some) {
            load();
        }
    });
    let shift = move |days: i64| {
        first.update(|d| *d = d.checked_add(jiff::Span::new().days(days)).unwrap_or(*d));
        chosen.set(None);
    };
    view! {
        <section aria-labelledby="slots-heading">
            <h2 id="slots-heading">"Free slots"</h2>
            <div class="actions">
                <button class="secondary" on:click=move |_| shift(-7)
                    disabled=move || first.get() <= time::today(&zone())>"Previous week"</button>
                " "
                <button class="secondary" on:click=move |_| shift(7)>"Next week"</button>
            </div>
            {move || match slots.get() {
                None => view! { <Loading what="free slots"/> }.into_any(),
                Some(Err(message)) => view! { <LoadError message on_retry=load/> }.into_any(),
                Some(Ok(list)) if list.slots.is_empty() => view! { <p data-testid="no-slots">"No free slots this week."</p> }.into_any(),
                Some(Ok(list)) => {
                    let note = (list.doctor_time_zone != list.viewer_time_zone).then(|| format!(
                        "Times are on your clock ({}); the doctor's are shown in brackets ({}).",
                        list.viewer_time_zone, list.doctor_time_zone));
                    let different = note.is_some();
                    view! {
                        <p class="hint">{note}</p>
                        <ul class="slots" data-testid="slots">
                            {list.slots.into_iter().map(|slot| {
                                let label = if different {
                                    format!("{} ({})", slot.viewer_local.replace('T', " "), slot.doctor_local.replace('T', " "))
                                } else {
                                    slot.viewer_local.replace('T', " ")
                                };
                                let picked = slot.clone();
                                let is_chosen = {
                                    let starts_at = slot.starts_at;
                                    move || chosen.get().is_some_and(|c| c.starts_at == starts_at)
                                };
                                view! {
                                    <li>
                                        <button class="slot" aria-pressed=move || is_chosen().to_string()
                                            on:click=move |_| match on_pick {
                                                Some(callback) => callback.run(picked.clone()),
                                                None => chosen.set(Some(picked.clone())),
                                            }>{label}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            {move || chosen.get().map(|slot| view! { <BookingForm doctor choice=slot/> })}
        </section>
    }
}

#[component]
fn BookingForm(doctor: UserId, choice: Slot) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let reason = RwSignal::new(String::new());
    let priority = RwSignal::new(Priority::Normal);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let starts_at = choice.starts_at;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = BookingRequest {
            doctor_id: doctor,
            starts_at,
            reason: reason.get_untracked(),
            priority: priority.get_untracked(),
        };
        if let Err(errors) = request.check() {
            error.set(errors.get("reason").map(|m| format!("Reason {m}")));
            return;
        }
        let Some(token) = session.token() else { return };
        let navigate = navigate.clone();
        busy.set(true);
        spawn_local(async move {
            match api::appointments::book(&token, &request).await {
                Ok(appointment) => navigate(
                    &format!("/appointments/{}", appointment.id),
                    Default::default(),
                ),
                Err(e) => {
                    error.set(Some(e.to_string()));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <form class="form" on:submit=submit aria-labelledby="book-heading">
            <h2 id="book-heading">{format!("Book {}", choice.viewer_local.replace('T', " "))}</h2>
            <div class="field">
                <label for="reason">"Reason for the visit and symptoms"</label>
                <textarea id="reason" rows="4" prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="priority">"How urgent is it?"</label>
                <select id="priority" on:change=move |ev| priority.set(match event_target_value(&ev).as_str() {
                    "high" => Priority::High,
                    "critical" => Priority::Critical,
                    _ => Priority::Normal,
                })>
                    <option value="normal">"Routine"</option>
                    <option value="high">"Soon"</option>
                    <option value="critical">"Urgent"</option>
                </select>
            </div>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <button type="submit" disabled=move || busy.get()>"Request appointment"</button>
        </form>
    }
}
