//! The admin's oversight of every appointment: filter by status, doctor and
//! dates; open one to check in, mark a no-show or cancel.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::appointment::{Appointment, AppointmentStatus};
use medtrack_shared::Page;

use crate::api;
use crate::components::appointment::StatusBadge;
use crate::components::status::{Latest, LoadError, Loading};
use crate::state::session::{require_sign_in, use_session};
use crate::time;

/// Every appointment, filtered.
#[component]
pub fn Oversight() -> impl IntoView {
    require_sign_in();
    let session = use_session();
    let status = RwSignal::new(String::new());
    let doctor = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let page = RwSignal::new(None::<Result<Page<Appointment>, String>>);
    let cursor = RwSignal::new(None::<String>);
    let zone = move || session.zone();
    let query = move || {
        let mut parts = vec![];
        if !status.get_untracked().is_empty() {
            parts.push(format!("status={}", status.get_untracked()));
        }
        if !doctor.get_untracked().trim().is_empty() {
            parts.push(format!("doctor={}", doctor.get_untracked().trim()));
        }
        // Dates are the admin's days, from midnight to midnight, as UTC instants.
        let instant = |date: String, end: bool| -> Option<String> {
            let date: jiff::civil::Date = date.parse().ok()?;
            let date = if end { date.tomorrow().ok()? } else { date };
            let zoned = date.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok()?;
            Some(zoned.timestamp().to_string())
        };
        if let Some(from) = instant(from.get_untracked(), false) {
            parts.push(format!("from={from}"));
        }
        if let Some(to) = instant(to.get_untracked(), true) {
            parts.push(format!("to={to}"));
        }
        parts.join("&")
    };
    let latest = Latest::new();
    let load = move |after: Option<String>| {
        let Some(token) = session.token() else { return };
        let query = query();
        let mine = latest.start();
        page.set(None);
        spawn_local(async move {
            let result = api::appointments::oversee(&token, &query, after.as_deref())
                .await
                .map_err(|e| e.to_string());
            if !latest.is_current(mine) {
                return;
            }
            if let Ok(p) = &result {
                cursor.set(p.next_cursor.clone());
            }
            page.set(Some(result));
        });
    };
    Effect::new(move |_| {
        if session.current.with(Option::is_some) {
            load(None);
        }
    });
    view! {
        <h1>"All appointments"</h1>
        <form class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); load(None); }>
            <label for="filter-status">"Status"</label>
            <select id="filter-status" on:change=move |ev| status.set(event_target_value(&ev))>
                <option value="">"Any"</option>
                {AppointmentStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
            </select>
            <label for="filter-doctor">"Doctor id"</label>
            <input id="filter-doctor" on:input=move |ev| doctor.set(event_target_value(&ev))/>
            <label for="filter-from">"From"</label>
            <input id="filter-from" type="date" on:input=move |ev| from.set(event_target_value(&ev))/>
            <label for="filter-to">"To"</label>
            <input id="filter-to" type="date" on:input=move |ev| to.set(event_target_value(&ev))/>
            <button type="submit">"Filter"</button>
        </form>
        {move || match page.get() {
            None => view! { <Loading what="appointments"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=move || load(None)/> }.into_any(),
            Some(Ok(p)) if p.items.is_empty() => view! { <p>"No appointments match."</p> }.into_any(),
            Some(Ok(p)) => view! {
                <table class="users" data-testid="oversight">
                    <thead><tr><th scope="col">"When"</th><th scope="col">"Patient"</th><th scope="col">"Doctor"</th><th scope="col">"Status"</th></tr></thead>
                    <tbody>
                        {p.items.into_iter().map(|a| view! {
                            <tr>
                                <td><a href=format!("/appointments/{}", a.id)>{time::local(a.starts_at, &zone())}</a></td>
                                <td>{a.patient.name}</td>
                                <td>{a.doctor.name}</td>
                                <td><StatusBadge status=a.status/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {move || cursor.get().map(|next| view! {
                    <button class="secondary" on:click=move |_| load(Some(next.clone()))>"Next page"</button>
                })}
            }.into_any(),
        }}
    }
}
