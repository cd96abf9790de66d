//! One thread: its messages oldest at the top (earlier ones a page at a
//! time), the reply form at the bottom. Opening it marks it read; while it
//! is open, what the stream says of it brings its newest messages (and the
//! other party's read marks) at once, and new messages are marked read
//! while the page is in sight. A doctor acknowledges an urgent thread here.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::messaging::{Message, Posted, Sender, Thread};
use medtrack_shared::{MessageId, Page, ThreadId};

use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::messaging::{flag_labels, Bubble, Destination, Me, MessageForm, WaitLine};
use crate::components::status::{Loaded, Loader};
use crate::state::messages::use_messages;

/// The thread the route names.
#[component]
pub fn ThreadPage() -> impl IntoView {
    let opened = Loader::by_route_id(|api, id: ThreadId| async move {
        let thread = api.thread(id).await?;
        let page = api.messages(id, None).await?;
        Ok((thread, page))
    });
    view! {
        <p class="back"><a href="/messages">"All messages"</a></p>
        <Loaded from=opened what="the conversation" let:opened>
            <Conversation opened/>
        </Loaded>
    }
}

/// Whether the page is out of sight (another tab, a minimised window).
fn hidden() -> bool {
    leptos::prelude::document().hidden()
}

#[component]
fn Conversation(opened: (Thread, Page<Message>)) -> impl IntoView {
    let Some(me) = Me::now() else {
        return ().into_any();
    };
    let api = use_api();
    let live = use_messages();
    let (thread, page) = opened;
    let id = thread.id;
    let (patient, doctor) = (thread.patient.id, thread.doctor.id);
    let other = me.other(&thread).name.clone();
    let subject = thread.subject.clone();
    let visit = thread.visit;
    let unread_at_open = thread.unread > 0;
    let shown = RwSignal::new(thread);
    let mut items = page.items;
    items.reverse();
    let list = RwSignal::new(items);
    let earlier = RwSignal::new(page.next_cursor);
    // A read mark waiting for the page to come into sight.
    let deferred = StoredValue::new(None::<MessageId>);
    let mark_read = move |up_to: MessageId| {
        if hidden() {
            deferred.set_value(Some(up_to));
            return;
        }
        spawn_local(async move {
            if let Ok(thread) = api.read_thread(id, up_to).await {
                shown.try_set(thread);
                live.refresh();
            }
        });
    };
    let newest = move || list.with_untracked(|l| l.last().map(|m| m.id));
    if unread_at_open {
        if let Some(up_to) = newest() {
            mark_read(up_to);
        }
    }
    let visible = window_event_listener_untyped("visibilitychange", move |_| {
        if !hidden() {
            if let Some(Some(up_to)) = deferred.try_update_value(Option::take) {
                mark_read(up_to);
            }
        }
    });
    on_cleanup(move || visible.remove());
    // What the stream says of this thread: its newest messages read again.
    Effect::new(move |seen: Option<()>| {
        let change = live.changed.get();
        if seen.is_none() || !change.concerns(id) {
            return;
        }
        spawn_local(async move {
            let Ok(page) = api.messages(id, None).await else {
                return;
            };
            let mut merged = Merged::default();
            list.try_update(|shown| merged = merge(shown, page.items, page.next_cursor.is_some()));
            if merged.reset {
                earlier.try_set(page.next_cursor);
            }
            if merged.arrived.iter().any(|sender| *sender != me.sender) {
                if let Some(up_to) = newest() {
                    mark_read(up_to);
                }
                if let Ok(thread) = api.thread(id).await {
                    shown.try_set(thread);
                }
            }
        });
    });
    let more = Act::new();
    // Told here, outside the notice that goes once acknowledged.
    let told = Act::new();
    let load_earlier = move |_| {
        if let Some(cursor) = earlier.get_untracked() {
            more.run(
                api.messages(id, Some(cursor)),
                move |page: Page<Message>| {
                    list.update(|shown| {
                        merge(shown, page.items, false);
                    });
                    earlier.set(page.next_cursor);
                },
            );
        }
    };
    let posted = Callback::new(move |posted: Posted| {
        let mut fresh = vec![posted.message];
        fresh.extend(posted.note);
        list.update(|shown| {
            merge(shown, fresh, false);
        });
        shown.set(posted.thread);
    });
    let with = if me.doctor() {
        format!("With your patient {other}")
    } else {
        format!("With {other}")
    };
    view! {
        <h1 class="thread-title">{subject}</h1>
        <p class="lead thread-parties">
            {with}
            {visit.map(|visit| view! { " · " <a href=format!("/appointments/{visit}")>"About a visit"</a> })}
            {me.doctor().then(|| view! { " · " <a href=format!("/patients/{patient}")>"Patient record"</a> })}
        </p>
        <p class="thread-wait">{move || view! { <WaitLine thread=shown.get() me/> }}</p>
        {move || (me.doctor() && shown.with(|t| t.urgent)).then(|| view! { <Urgent id list shown told/> })}
        <Outcome act=told/>
        <section class="conversation" aria-label="Messages">
            {move || earlier.with(Option::is_some).then(|| view! {
                <div class="earlier">
                    <button type="button" class="secondary" disabled=move || more.pending() on:click=load_earlier
                        data-testid="load-earlier">"Load earlier messages"</button>
                </div>
            })}
            <Failure act=more/>
            <ol class="messages" data-testid="messages" aria-live="polite">
                <For each=move || list.get() key=|m| (m.id, m.read_at) let:message>
                    <Bubble message me patient from=other.clone()/>
                </For>
            </ol>
        </section>
        <section class="reply" aria-labelledby="reply-heading">
            <h2 id="reply-heading">"Reply"</h2>
            <MessageForm me to=Destination::Thread { id, patient, doctor } on_posted=posted/>
        </section>
    }
    .into_any()
}

/// A doctor's notice of an urgent thread, with "Acknowledge".
#[component]
fn Urgent(
    id: ThreadId,
    list: RwSignal<Vec<Message>>,
    shown: RwSignal<Thread>,
    told: Act,
) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let flags: Vec<String> =
        list.with_untracked(|l| l.iter().flat_map(|m| m.red_flags.iter().cloned()).collect());
    let labels = flag_labels(&flags);
    let acknowledge = move |_| {
        act.run(api.acknowledge_thread(id), move |thread| {
            told.done("Acknowledged: the conversation is no longer marked urgent.");
            shown.set(thread);
        });
    };
    view! {
        <div class="notice problem urgent-notice" role="status" data-testid="urgent-thread">
            <p><strong>"Urgent. "</strong>
                "The patient's words may describe an emergency"
                {(!labels.is_empty()).then(|| format!(": {}", labels.join("; ")))}
                ". They were told to call emergency services if they need help now."</p>
            <div class="actions">
                <button type="button" disabled=move || act.pending() on:click=acknowledge data-testid="acknowledge">"Acknowledge"</button>
            </div>
            <Failure act/>
        </div>
    }
}

/// What [`merge`] did.
#[derive(Debug, Default, PartialEq, Eq)]
struct Merged {
    /// The senders of the messages that were new.
    arrived: Vec<Sender>,
    /// Whether the list was started again from the newest page.
    reset: bool,
}

/// Puts `fresh` (in any order) into `shown` (oldest first): new messages
/// added, known ones replaced (a read mark moved). When `more` (`fresh` is
/// a newest page with more before it) and none of it was known, messages
/// are missing between: the newest page is shown alone.
fn merge(shown: &mut Vec<Message>, fresh: Vec<Message>, more: bool) -> Merged {
    let known = fresh.iter().any(|f| shown.iter().any(|s| s.id == f.id));
    let reset = more && !known && !shown.is_empty();
    if reset {
        shown.clear();
    }
    let mut arrived = Vec::new();
    for message in fresh {
        match shown.iter_mut().find(|s| s.id == message.id) {
            Some(old) => *old = message,
            None => {
                arrived.push(message.sender);
                shown.push(message);
            }
        }
    }
    shown.sort_by_key(|m| m.id);
    Merged { arrived, reset }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(n: u8, sender: Sender, read: bool) -> Message {
        serde_json::from_value(serde_json::json!({
            "id": format!("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a{n:02x}"),
            "thread": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a00",
            "sender": sender,
            "text": format!("message {n}"),
            "sent_at": "2026-11-30T10:00:00Z",
            "read_at": read.then_some("2026-11-30T11:00:00Z"),
        }))
        .unwrap()
    }

    #[test]
    fn new_messages_are_added_in_order_and_read_marks_replace_the_known() {
        let mut shown = vec![
            message(1, Sender::Patient, false),
            message(2, Sender::Doctor, false),
        ];
        let fresh = vec![
            message(3, Sender::Doctor, false),
            message(2, Sender::Doctor, false),
            message(1, Sender::Patient, true),
        ];
        let merged = merge(&mut shown, fresh, true);
        assert_eq!(
            merged,
            Merged {
                arrived: vec![Sender::Doctor],
                reset: false
            }
        );
        assert_eq!(
            shown.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(),
            ["message 1", "message 2", "message 3"]
        );
        assert!(shown[0].read_at.is_some());
    }

    #[test]
    fn a_newest_page_that_knows_nothing_shown_starts_the_list_again() {
        let mut shown = vec![message(1, Sender::Patient, false)];
        let merged = merge(
            &mut shown,
            vec![
                message(9, Sender::Doctor, false),
                message(8, Sender::Doctor, false),
            ],
            true,
        );
        assert!(merged.reset);
        assert_eq!(shown.len(), 2);
        // Earlier pages are added, never reset.
        let merged = merge(&mut shown, vec![message(5, Sender::Patient, false)], false);
        assert!(!merged.reset);
        assert_eq!(shown.first().map(|m| m.text.as_str()), Some("message 5"));
    }
}
