//! The threads of the signed-in patient or doctor, latest activity first;
//! for a doctor, those whose patient waits for a reply come first, the
//! overdue at the top. A thread that changes while the page is open is
//! read again and put in its place.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::messaging::Thread;
use medtrack_shared::Page;

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::list::ShowMore;
use crate::components::messaging::{Me, ThreadCard};
use crate::components::status::{Loaded, Loader};
use crate::state::messages::use_messages;

/// The messages page.
#[component]
pub fn MessagesPage() -> impl IntoView {
    let Some(me) = Me::now() else {
        return ().into_any();
    };
    let api = use_api();
    let live = use_messages();
    let threads = Loader::new(|api| api.threads(None));
    let waiting = Loader::new(move |api| async move {
        if me.doctor() {
            api.waiting_threads().await
        } else {
            Ok(Vec::new())
        }
    });
    Effect::new(move |seen: Option<()>| {
        let change = live.changed.get();
        if seen.is_none() {
            return;
        }
        match change.thread {
            Some(id) => spawn_local(async move {
                if let Ok(thread) = api.thread(id).await {
                    threads.update(|page| upsert(page, thread));
                }
            }),
            None => threads.reload(),
        }
        if me.doctor() {
            waiting.reload();
        }
    });
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.threads(Some(cursor)), move |page| threads.append(page));
    };
    let (lead, heading, empty) = if me.doctor() {
        (
            "Your patients' questions. Each patient is told when to expect your reply, from the reply time of your practice.",
            "All conversations",
            "No conversations yet. Start one from a patient's record or an appointment.",
        )
    } else {
        (
            "Write to your doctors about your care: a question about a treatment, a result, how you feel since a visit. Messages are not for emergencies.",
            "Your conversations",
            "No messages yet. Write to one of your doctors with “New message”.",
        )
    };
    view! {
        <div class="page-head">
            <h1>"Messages"</h1>
            <a class="button" href="/messages/new" data-testid="new-message">"New message"</a>
        </div>
        <p class="lead">{lead}</p>
        {me.doctor().then(|| view! {
            <section aria-labelledby="waiting-heading" data-testid="waiting">
                <h2 id="waiting-heading">"Waiting for your reply"</h2>
                <Loaded from=waiting what="the conversations waiting for you" let:items>
                    {if items.is_empty() {
                        view! { <p class="empty" data-testid="waiting-empty">"No patient is waiting for your reply."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="threads" data-testid="waiting-threads">
                                {items.into_iter().map(|thread| view! { <ThreadCard thread me/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </Loaded>
            </section>
        })}
        <section aria-labelledby="threads-heading">
            <h2 id="threads-heading">{heading}</h2>
            <Loaded from=threads what="your conversations" let:page>
                {if page.items.is_empty() {
                    view! { <p class="empty" data-testid="threads-empty">{empty}</p> }.into_any()
                } else {
                    view! {
                        <ul class="threads" data-testid="threads">
                            {page.items.into_iter().map(|thread| view! { <ThreadCard thread me/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <ShowMore cursor=page.next_cursor act=more show_more/>
            </Loaded>
            <Failure act=more/>
        </section>
    }
    .into_any()
}

/// Puts `thread` in the list as it now is, keeping the latest activity
/// first; one that belongs to a page not read yet is left for it.
fn upsert(page: &mut Page<Thread>, thread: Thread) {
    page.items.retain(|t| t.id != thread.id);
    let at = page
        .items
        .iter()
        .position(|t| t.last_message_at <= thread.last_message_at);
    match at {
        Some(at) => page.items.insert(at, thread),
        None if page.next_cursor.is_none() => page.items.push(thread),
        None => {}
    }
}
