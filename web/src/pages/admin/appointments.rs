//! The admin's oversight of every appointment: filter by status, doctor and
//! dates; open one to check in, mark a no-show or cancel.

use leptos::prelude::*;
use medtrack_shared::appointment::AppointmentStatus;
use medtrack_shared::{AccountStatus, Role};

use crate::components::appointment::StatusBadge;
use crate::components::form::chosen;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// Every appointment, filtered.
#[component]
pub fn Oversight() -> impl IntoView {
    let zone = use_session().zone();
    let status = RwSignal::new(None::<AppointmentStatus>);
    let doctor = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    // The filters as last applied, and the page of their results.
    let applied = RwSignal::new(String::new());
    let after = RwSignal::new(None::<String>);
    let page = Loader::new(move |api| api.oversee(applied.get(), after.get()));
    let doctors = Loader::new(|api| async move {
        // Every approved doctor, page by page; a clinic has tens, not thousands.
        let mut all = Vec::new();
        let mut cursor = None;
        loop {
            let page = api
                .users(Role::Doctor, AccountStatus::Active, cursor)
                .await?;
            all.extend(
                page.items
                    .into_iter()
                    .map(|u| (u.account.id, u.account.name)),
            );
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(all),
            }
        }
    });
    let filter_zone = zone.clone();
    let query = move || {
        let mut parts = vec![];
        if let Some(status) = status.get_untracked() {
            parts.push(format!("status={}", status.as_str()));
        }
        if !doctor.get_untracked().trim().is_empty() {
            parts.push(format!("doctor={}", doctor.get_untracked().trim()));
        }
        // Dates are the admin's days, from midnight to midnight on their clock.
        let instant = |date: String, end: bool| -> Option<String> {
            let date: jiff::civil::Date = date.parse().ok()?;
            let date = if end { date.tomorrow().ok()? } else { date };
            format::midnight(date, &filter_zone).map(|at| at.to_string())
        };
        if let Some(from) = instant(from.get_untracked(), false) {
            parts.push(format!("from={from}"));
        }
        if let Some(to) = instant(to.get_untracked(), true) {
            parts.push(format!("to={to}"));
        }
        parts.join("&")
    };
    let filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        after.set(None);
        applied.set(query());
    };
    view! {
        <h1>"All appointments"</h1>
        <form class="filters" on:submit=filter>
            <div class="field">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" on:change=move |ev| status.set(chosen(event_target_value(&ev)))>
                    <option value="">"Any"</option>
                    {AppointmentStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-doctor">"Doctor"</label>
                <Loaded from=doctors what="doctors" let:list>
                    <select id="filter-doctor" on:change=move |ev| doctor.set(event_target_value(&ev))>
                        <option value="">"Any"</option>
                        {list.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </Loaded>
            </div>
            <div class="field">
                <label for="filter-from">"From"</label>
                <input id="filter-from" type="date" on:input=move |ev| from.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="filter-to">"To"</label>
                <input id="filter-to" type="date" on:input=move |ev| to.set(event_target_value(&ev))/>
            </div>
            <button type="submit">"Filter"</button>
        </form>
        <Loaded from=page what="appointments" let:p>
            {if p.items.is_empty() {
                view! { <p>"No appointments match."</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="oversight">
                        <thead><tr><th scope="col">"When"</th><th scope="col">"Patient"</th><th scope="col">"Doctor"</th><th scope="col">"Status"</th></tr></thead>
                        <tbody>
                            {p.items.into_iter().map(|a| view! {
                                <tr>
                                    <td data-label="When"><a href=format!("/appointments/{}", a.id)>{format::when(a.starts_at, &zone)}</a></td>
                                    <td data-label="Patient">{a.patient.name}</td>
                                    <td data-label="Doctor">{a.doctor.name}</td>
                                    <td data-label="Status"><StatusBadge status=a.status/></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {p.next_cursor.map(|next| view! {
                        <button class="secondary" on:click=move |_| after.set(Some(next.clone()))>"Next page"</button>
                    })}
                }.into_any()
            }}
        </Loaded>
    }
}
