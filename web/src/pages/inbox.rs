//! The in-app inbox.

use leptos::prelude::*;
use medtrack_shared::notification::{Category, Notification};
use medtrack_shared::MedicationId;

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::doses::DoseButtons;
use crate::components::list::Items;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::inbox::use_inbox;
use crate::state::session::use_session;

/// Notifications, newest first; unread ones stand out.
#[component]
pub fn InboxPage() -> impl IntoView {
    let api = use_api();
    let inbox = use_inbox();
    let list = Loader::new(|api| api.inbox(None));
    let act = Act::new();
    let read_all = move |_| {
        act.run(api.mark_all_read(), move |_| {
            list.reload();
            inbox.refresh();
        })
    };
    view! {
        <h1>"Inbox"</h1>
        <p><button class="secondary" disabled=move || act.pending() on:click=read_all>"Mark all read"</button></p>
        <Failure act/>
        <Loaded from=list what="your notifications" let:page>
            <Items items=page.items class="inbox" testid="inbox" empty="Nothing yet." empty_testid="inbox-empty" let:notification>
                <Item notification on_read=move || list.reload()/>
            </Items>
        </Loaded>
    }
}

#[component]
fn Item(
    notification: Notification,
    on_read: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let zone = use_session().zone();
    let api = use_api();
    let inbox = use_inbox();
    let act = Act::new();
    let unread = notification.read_at.is_none();
    let id = notification.id;
    let mark = move |_| {
        act.run(api.mark_read(id), move |_| {
            on_read();
            inbox.refresh();
        })
    };
    // Answering a reminder reads it; the list stays as it is so that the
    // answer stays in view.
    let read_quietly = move || act.run(api.mark_read(id), move |_| inbox.refresh());
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
                <DoseButtons medication scheduled_at on_done=read_quietly/>
            })}
            <p class="hint">{format::when(notification.created_at, &zone)}</p>
            {unread.then(|| view! { <button class="link" disabled=move || act.pending() on:click=mark>"Mark read"</button> })}
            <Failure act/>
        </li>
    }
}

/// The dose a medication reminder is about, from its link
/// `/medications?dose=<id>@<millis>`.
fn dose_of(notification: &Notification) -> Option<(MedicationId, jiff::Timestamp)> {
    if notification.category != Category::MedicationReminders {
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
