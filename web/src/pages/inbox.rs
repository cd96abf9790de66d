//! The in-app inbox.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::notification::Notification;

use crate::api;
use crate::components::doses::DoseButtons;
use crate::components::status::{load_with_token, LoadError, Loading};
use crate::state::inbox::use_inbox;
use crate::state::session::{require_sign_in, use_session};
use crate::time;

/// Notifications, newest first; unread ones stand out.
#[component]
pub fn InboxPage() -> impl IntoView {
    require_sign_in();
    let session = use_session();
    let inbox = use_inbox();
    let (list, reload) =
        load_with_token(|token| async move { api::inbox::list(&token, None).await });
    let zone = move || session.zone();
    let read_all = move |_| {
        let Some(token) = session.token() else { return };
        spawn_local(async move {
            if api::inbox::mark_all_read(&token).await.is_ok() {
                reload();
                inbox.refresh();
            }
        });
    };
    view! {
        <h1>"Inbox"</h1>
        <p><button class="secondary" on:click=read_all>"Mark all read"</button></p>
        {move || match list.get() {
            None => view! { <Loading what="your notifications"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
            Some(Ok(page)) if page.items.is_empty() => view! { <p data-testid="inbox-empty">"Nothing yet."</p> }.into_any(),
            Some(Ok(page)) => view! {
                <ul class="inbox" data-testid="inbox">
                    {page.items.into_iter().map(|n| view! { <Item notification=n zone=zone() on_read=reload/> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn Item(
    notification: Notification,
    zone: String,
    on_read: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let session = use_session();
    let inbox = use_inbox();
    let unread = notification.read_at.is_none();
    let id = notification.id;
    let mark = move |_| {
        let Some(token) = session.token() else { return };
        spawn_local(async move {
            if api::inbox::mark_read(&token, &id).await.is_ok() {
                on_read();
                inbox.refresh();
            }
        });
    };
    view! {
        <li class=if unread { "card unread" } else { "card" } data-event=notification.event.clone()>
            <h3>
                {match notification.link.clone() {
                    Some(href) => view! { <a href=href>{notification.title.clone()}</a> }.into_any(),
                    None => view! { <span>{notification.title.clone()}</span> }.into_any(),
                }}
                {unread.then(|| view! { <span class="badge">"New"</span> })}
            </h3>
            <p>{notification.body.clone()}</p>
            {dose_of(&notification).map(|(medication, scheduled_at)| view! {
                // Answering a reminder reads it; the list stays as it is so
                // that the answer stays in view.
                <DoseButtons medication scheduled_at on_done=move || mark_quietly(session, inbox, id)/>
            })}
            <p class="hint">{time::local(notification.created_at, &zone)}</p>
            {unread.then(|| view! { <button class="link" on:click=mark>"Mark read"</button> })}
        </li>
    }
}

/// The dose a reminder is about, from its link `/medications?dose=<id>@<millis>`.
fn dose_of(
    notification: &Notification,
) -> Option<(medtrack_shared::MedicationId, jiff::Timestamp)> {
    if notification.event != "medication.dose_due" {
        return None;
    }
    let (id, millis) = notification
        .link
        .as_deref()?
        .strip_prefix("/medications?dose=")?
        .split_once('@')?;
    Some((
        id.parse().ok()?,
        jiff::Timestamp::from_millisecond(millis.parse().ok()?).ok()?,
    ))
}

/// Marks a notification read and updates the unread count, leaving the list as shown.
fn mark_quietly(
    session: crate::state::session::Session,
    inbox: crate::state::inbox::Inbox,
    id: medtrack_shared::NotificationId,
) {
    let Some(token) = session.token() else { return };
    spawn_local(async move {
        if api::inbox::mark_read(&token, &id).await.is_ok() {
            inbox.refresh();
        }
    });
}
