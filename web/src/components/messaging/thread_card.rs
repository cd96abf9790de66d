//! One thread in a list: its subject (bold while unread), the other party,
//! the last activity, and its markers (unread, urgent, the wait).

use leptos::prelude::*;
use medtrack_shared::messaging::{Sender, Thread};

use super::{Me, WaitLine};
use crate::format;
use crate::state::session::use_session;

/// The card, linking to the thread.
#[component]
pub fn ThreadCard(thread: Thread, me: Me) -> impl IntoView {
    let zone = use_session().zone();
    let unread = thread.unread;
    let is_unread = unread > 0;
    let urgent = thread.urgent && me.doctor();
    let other = me.other(&thread).name.clone();
    let last = if thread.last_sender == me.sender {
        "you"
    } else if thread.last_sender == Sender::Clinic {
        "the clinic"
    } else {
        other.as_str()
    };
    let activity = format!(
        "Last message {} from {last}",
        format::when(thread.last_message_at, &zone)
    );
    let count = match thread.messages {
        1 => "1 message".to_owned(),
        n => format!("{n} messages"),
    };
    let with = if me.doctor() {
        format!("Patient: {other}")
    } else {
        format!("With {other}")
    };
    view! {
        <li class="card thread" class:unread=is_unread class:urgent=urgent data-testid="thread">
            <div class="thread-head">
                <h3 class="thread-subject">
                    <a href=format!("/messages/{}", thread.id)>{thread.subject.clone()}</a>
                </h3>
                <p class="thread-markers">
                    {urgent.then(|| view! { <span class="badge alert" data-testid="urgent">"Urgent"</span> })}
                    {is_unread.then(|| view! {
                        <span class="badge unread" data-testid="thread-unread">{format!("{unread} unread")}</span>
                    })}
                </p>
            </div>
            <p class="thread-with">{with}</p>
            <p class="thread-activity">{activity}" · "{count}</p>
            <p class="thread-wait"><WaitLine thread=thread.clone() me/></p>
        </li>
    }
}
