//! The doctor's pages: the day at a glance with the week's figures, the
//! queue of pending requests, and the practice (profile and hours).

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::appointment::{ActionKind, ActionRequest, Appointment};
use medtrack_shared::practice::{
    AvailabilityException, HoursRange, Practice, Weekday, WeeklyHours,
};

use crate::api;
use crate::components::appointment::StatusBadge;
use crate::components::form::describe;
use crate::components::status::{load_with_token, LoadError, Loading};
use crate::state::session::{require_sign_in, use_session};
use crate::time;

/// Today's appointments in order, the next patient, and the week in figures.
#[component]
pub fn DoctorDayPage() -> impl IntoView {
    require_sign_in();
    let (day, reload) =
        load_with_token(|token| async move { api::appointments::day(&token, None).await });
    let (week, reload_week) =
        load_with_token(|token| async move { api::appointments::week(&token).await });
    view! {
        <h1>"My day"</h1>
        {move || match day.get() {
            None => view! { <Loading what="your day"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
            Some(Ok(day)) => {
                let zone = day.time_zone.clone();
                let next = day.next.and_then(|id| day.appointments.iter().find(|a| a.id == id).cloned());
                view! {
                    <p class="lead">{format!("{} ({})", day.date, day.time_zone)}</p>
                    <p><a href="/doctor/requests" data-testid="pending-count">{format!("{} pending request(s)", day.pending_requests)}</a></p>
                    {next.map(|next| view! {
                        <section class="card next" aria-labelledby="next-heading" data-testid="next-patient">
                            <h2 id="next-heading">"Next patient"</h2>
                            <p><a href=format!("/appointments/{}", next.id)>{format!("{} · {}", time::clock(next.starts_at, &zone), next.patient.name)}</a></p>
                            <p><StatusBadge status=next.status/></p>
                        </section>
                    })}
                    <h2>"Appointments today"</h2>
                    {if day.appointments.is_empty() {
                        view! { <p>"No appointments today."</p> }.into_any()
                    } else {
                        view! {
                            <ol class="day" data-testid="day">
                                {day.appointments.into_iter().map(|a| view! {
                                    <li>
                                        <a href=format!("/appointments/{}", a.id)>{format!("{} · {}", time::clock(a.starts_at, &zone), a.patient.name)}</a>
                                        " " <StatusBadge status=a.status/>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                }.into_any()
            }
        }}
        <h2>"This week"</h2>
        {move || match week.get() {
            None => view! { <Loading what="the week's figures"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload_week/> }.into_any(),
            Some(Ok(week)) => {
                let most = week.days.iter().map(|d| d.appointments).max().unwrap_or(0).max(1);
                view! {
                    <table class="users" data-testid="week">
                        <caption>{format!("Week of {}", week.week_of)}</caption>
                        <thead><tr><th scope="col">"Day"</th><th scope="col">"Appointments"</th><th scope="col">"Completed"</th></tr></thead>
                        <tbody>
                            {week.days.into_iter().map(|d| {
                                let width = format!("width: {}%", d.appointments * 100 / most);
                                view! {
                                    <tr>
                                        <th scope="row">{format!("{} {}", Weekday::of(d.date).name(), d.date)}</th>
                                        <td><span class="bar" style=width aria-hidden="true"></span>{d.appointments}</td>
                                        <td>{d.completed}</td>
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
                }.into_any()
            }
        }}
    }
}

/// Pending requests, soonest first, each with confirm and reject.
#[component]
pub fn RequestsPage() -> impl IntoView {
    require_sign_in();
    let (requests, reload) =
        load_with_token(|token| async move { api::appointments::requests(&token, None).await });
    view! {
        <h1>"Appointment requests"</h1>
        {move || match requests.get() {
            None => view! { <Loading what="requests"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
            Some(Ok(page)) if page.items.is_empty() => view! { <p data-testid="no-requests">"No requests are waiting."</p> }.into_any(),
            Some(Ok(page)) => view! {
                <ul class="cards" data-testid="requests">
                    {page.items.into_iter().map(|a| view! { <Request appointment=a on_done=reload/> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn Request(appointment: Appointment, on_done: impl Fn() + Copy + 'static) -> impl IntoView {
    let session = use_session();
    let zone = session
        .current
        .get_untracked()
        .map(|s| s.me.time_zone)
        .unwrap_or_default();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let id = appointment.id;
    let act = move |action: ActionKind| {
        let mut request = ActionRequest::new(action);
        if action == ActionKind::Reject {
            request.reason = Some(reason.get_untracked());
        }
        if let Err(errors) = request.check() {
            error.set(errors.get("reason").map(|m| format!("Reason {m}")));
            return;
        }
        let Some(token) = session.token() else { return };
        spawn_local(async move {
            match api::appointments::act(&token, &id, &request).await {
                Ok(_) => on_done(),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let reason_id = format!("reject-{id}");
    view! {
        <li class="card">
            <h3><a href=format!("/appointments/{id}")>{format!("{} · {}", time::local(appointment.starts_at, &zone), appointment.patient.name)}</a></h3>
            <p>{format!("{:?} priority · {}", appointment.priority, appointment.reason)}</p>
            <label for=reason_id.clone()>"Reason, to reject"</label>
            <input id=reason_id prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <div class="actions">
                <button on:click=move |_| act(ActionKind::Confirm)>"Confirm"</button>
                " "
                <button class="secondary" on:click=move |_| act(ActionKind::Reject)>"Reject"</button>
            </div>
        </li>
    }
}

/// The practice editor: bio, fee, time zone, slot length, weekly hours and exceptions.
#[component]
pub fn PracticePage() -> impl IntoView {
    require_sign_in();
    let (practice, reload) =
        load_with_token(|token| async move { api::appointments::practice(&token).await });
    view! {
        <h1>"My practice"</h1>
        {move || match practice.get() {
            None => view! { <Loading what="your practice"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
            Some(Ok(practice)) => view! { <PracticeForm practice/> }.into_any(),
        }}
    }
}

/// One row of the weekly-hours editor: key, day, from, to.
type HoursRow = (usize, Weekday, String, String);

fn parse_time(text: &str) -> Option<jiff::civil::Time> {
    text.parse().ok()
}

#[component]
fn PracticeForm(practice: Practice) -> impl IntoView {
    let session = use_session();
    let bio = RwSignal::new(practice.bio.clone());
    let fee = RwSignal::new(
        practice
            .fee_minor_units
            .map(|u| format!("{}.{:02}", u / 100, u % 100))
            .unwrap_or_default(),
    );
    let currency = RwSignal::new(practice.currency.clone());
    let zone = RwSignal::new(practice.time_zone.clone());
    let slot = RwSignal::new(practice.slot_minutes.to_string());
    let hours = RwSignal::new(
        practice
            .weekly_hours
            .iter()
            .enumerate()
            .map(|(i, w)| {
                (
                    i,
                    w.weekday,
                    w.hours.start.strftime("%H:%M").to_string(),
                    w.hours.end.strftime("%H:%M").to_string(),
                )
            })
            .collect::<Vec<_>>(),
    );
    let exceptions = RwSignal::new(practice.exceptions.clone());
    let next_key = RwSignal::new(practice.weekly_hours.len());
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let exception_date = RwSignal::new(String::new());
    let add_hours = move |_| {
        let key = next_key.get_untracked();
        next_key.set(key + 1);
        hours.update(|h| h.push((key, Weekday::Monday, "09:00".into(), "17:00".into())));
    };
    let extra_from = RwSignal::new("18:00".to_owned());
    let extra_to = RwSignal::new("20:00".to_owned());
    // A day off replaces whatever the date had; extra hours add to the
    // date's extra hours (not to a day off).
    let add_exception = move |day_off: bool| {
        let Ok(date) = exception_date.get_untracked().parse() else {
            error.set(Some("Choose a date first.".into()));
            return;
        };
        let extra = match (
            day_off,
            parse_time(&extra_from.get_untracked()),
            parse_time(&extra_to.get_untracked()),
        ) {
            (true, _, _) => None,
            (false, Some(start), Some(end)) => Some(HoursRange { start, end }),
            _ => {
                error.set(Some("Extra hours must be times such as 18:00.".into()));
                return;
            }
        };
        exceptions.update(|list| {
            let mut extra_hours: Vec<HoursRange> = list
                .iter()
                .find(|x: &&AvailabilityException| x.date == date && !x.day_off)
                .map(|x| x.extra_hours.clone())
                .unwrap_or_default();
            extra_hours.extend(extra);
            list.retain(|x| x.date != date);
            list.push(AvailabilityException {
                date,
                day_off,
                extra_hours,
            });
            list.sort_by_key(|x| x.date);
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fee_text = fee.get_untracked();
        let fee_minor_units = if fee_text.trim().is_empty() {
            None
        } else {
            match fee_text.trim().parse::<f64>() {
                Ok(value) if value >= 0.0 => Some((value * 100.0).round() as u32),
                _ => {
                    error.set(Some("The fee must be a number such as 50.00.".into()));
                    return;
                }
            }
        };
        let mut weekly_hours = Vec::new();
        for (_, weekday, start, end) in hours.get_untracked() {
            match (parse_time(&start), parse_time(&end)) {
                (Some(start), Some(end)) => weekly_hours.push(WeeklyHours {
                    weekday,
                    hours: HoursRange { start, end },
                }),
                _ => {
                    error.set(Some("Hours must be times such as 09:00.".into()));
                    return;
                }
            }
        }
        let practice = Practice {
            bio: bio.get_untracked(),
            fee_minor_units,
            currency: currency.get_untracked().trim().to_uppercase(),
            time_zone: zone.get_untracked().trim().to_owned(),
            slot_minutes: slot.get_untracked().trim().parse().unwrap_or(0),
            weekly_hours,
            exceptions: exceptions.get_untracked(),
        };
        if let Err(errors) = practice.check() {
            error.set(Some(describe(errors)));
            return;
        }
        let Some(token) = session.token() else { return };
        spawn_local(async move {
            match api::appointments::save_practice(&token, &practice).await {
                Ok(_) => {
                    error.set(None);
                    message.set(Some("Saved. Patients now see these hours.".into()));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="form" on:submit=save>
            <div class="field">
                <label for="bio">"About you, for patients"</label>
                <textarea id="bio" rows="3" prop:value=move || bio.get() on:input=move |ev| bio.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="fee">"Consultation fee"</label>
                <input id="fee" inputmode="decimal" prop:value=move || fee.get() on:input=move |ev| fee.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="currency">"Currency (ISO code)"</label>
                <input id="currency" maxlength="3" prop:value=move || currency.get() on:input=move |ev| currency.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="practice-zone">"Time zone of your hours"</label>
                <input id="practice-zone" prop:value=move || zone.get() on:input=move |ev| zone.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="slot-minutes">"Slot length (minutes)"</label>
                <input id="slot-minutes" type="number" min="5" max="240" prop:value=move || slot.get() on:input=move |ev| slot.set(event_target_value(&ev))/>
            </div>
            <fieldset class="choice">
                <legend>"Weekly hours"</legend>
                <For each=move || hours.get() key=|row| row.0 let:row>
                    {
                        let key = row.0;
                        let set = move |f: &dyn Fn(&mut HoursRow)| hours.update(|h| {
                            if let Some(r) = h.iter_mut().find(|r| r.0 == key) { f(r) }
                        });
                        view! {
                            <div class="hours-row" data-testid="hours-row">
                                <label for=format!("day-{key}")>"Day"</label>
                                <select id=format!("day-{key}") on:change=move |ev| {
                                    let value = event_target_value(&ev);
                                    let day = Weekday::ALL.into_iter().find(|d| d.name() == value).unwrap_or(Weekday::Monday);
                                    set(&|r| r.1 = day);
                                }>
                                    {Weekday::ALL.into_iter().map(|d| view! { <option value=d.name() selected=d == row.1>{d.name()}</option> }).collect_view()}
                                </select>
                                <label for=format!("from-{key}")>"From"</label>
                                <input id=format!("from-{key}") type="time" value=row.2.clone() on:input=move |ev| { let v = event_target_value(&ev); set(&|r| r.2 = v.clone()); }/>
                                <label for=format!("to-{key}")>"To"</label>
                                <input id=format!("to-{key}") type="time" value=row.3.clone() on:input=move |ev| { let v = event_target_value(&ev); set(&|r| r.3 = v.clone()); }/>
                                <button type="button" class="secondary" on:click=move |_| hours.update(|h| h.retain(|r| r.0 != key))>"Remove"</button>
                            </div>
                        }
                    }
                </For>
                <button type="button" class="secondary" on:click=add_hours>"Add hours"</button>
            </fieldset>
            <fieldset class="choice">
                <legend>"Days off and extra hours"</legend>
                <ul data-testid="exceptions">
                    {move || exceptions.get().into_iter().map(|e| {
                        let date = e.date;
                        let label = if e.day_off {
                            format!("{date}: day off")
                        } else {
                            let hours: Vec<String> = e.extra_hours.iter()
                                .map(|h| format!("{}–{}", h.start.strftime("%H:%M"), h.end.strftime("%H:%M")))
                                .collect();
                            format!("{date}: extra hours {}", hours.join(", "))
                        };
                        view! { <li>{label}" "<button type="button" class="link" on:click=move |_| exceptions.update(|x| x.retain(|y| y.date != date))>"Remove"</button></li> }
                    }).collect_view()}
                </ul>
                <div class="hours-row">
                    <label for="exception-date">"Date"</label>
                    <input id="exception-date" type="date" on:input=move |ev| exception_date.set(event_target_value(&ev))/>
                    <button type="button" class="secondary" on:click=move |_| add_exception(true)>"Add a day off"</button>
                </div>
                <div class="hours-row">
                    <label for="extra-from">"Extra from"</label>
                    <input id="extra-from" type="time" prop:value=move || extra_from.get() on:input=move |ev| extra_from.set(event_target_value(&ev))/>
                    <label for="extra-to">"to"</label>
                    <input id="extra-to" type="time" prop:value=move || extra_to.get() on:input=move |ev| extra_to.set(event_target_value(&ev))/>
                    <button type="button" class="secondary" on:click=move |_| add_exception(false)>"Add extra hours"</button>
                </div>
            </fieldset>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <p class="status" role="status">{move || message.get()}</p>
            <button type="submit">"Save practice"</button>
        </form>
    }
}
