//! A new thread: whom to (a patient's doctor, a doctor's patient; given by
//! `?with=` when the page is opened from a doctor's page, an appointment or
//! a record), maybe about a visit (`?visit=`), the subject, the words and
//! the documents attached. Sent, it opens the thread.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use medtrack_shared::messaging::{Contact, Posted};
use medtrack_shared::{AppointmentId, UserId};

use crate::api::{Api, ApiError};
use crate::components::messaging::{Destination, Me, MessageForm};
use crate::components::status::{Loaded, Loader};

/// The most pages of contacts read for the choice.
const CONTACT_PAGES: usize = 5;

/// Everyone the caller can write to, by name.
async fn contacts(api: Api) -> Result<Vec<Contact>, ApiError> {
    let mut all = Vec::new();
    let mut cursor = None;
    for _ in 0..CONTACT_PAGES {
        let page = api.contacts(cursor).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}

/// The new message page.
#[component]
pub fn NewMessagePage() -> impl IntoView {
    let Some(me) = Me::now() else {
        return ().into_any();
    };
    let query = use_query_map();
    let given = query.with_untracked(|q| q.get("with").and_then(|w| w.parse::<UserId>().ok()));
    let visit =
        query.with_untracked(|q| q.get("visit").and_then(|v| v.parse::<AppointmentId>().ok()));
    let with = RwSignal::new(given);
    let people = Loader::new(contacts);
    let navigate = use_navigate();
    let posted = Callback::new(move |posted: Posted| {
        navigate(
            &format!("/messages/{}", posted.thread.id),
            Default::default(),
        );
    });
    let lead = if me.doctor() {
        "Write to one of your patients. They are told of your message by their chosen channels."
    } else {
        "Write to one of your doctors. They answer within the reply time of their practice."
    };
    view! {
        <p class="back"><a href="/messages">"All messages"</a></p>
        <h1>"New message"</h1>
        <p class="lead">{lead}
            {visit.map(|visit| view! { " " <a href=format!("/appointments/{visit}")>"It is about this appointment."</a> })}
        </p>
        <div class="compose">
            <Loaded from=people what="whom you can write to" let:people>
                <Recipient me people with given/>
            </Loaded>
            <MessageForm me to=Destination::New { with: with.into(), visit } on_posted=posted/>
        </div>
    }
    .into_any()
}

/// The choice of whom to write to.
#[component]
fn Recipient(
    me: Me,
    people: Vec<Contact>,
    with: RwSignal<Option<UserId>>,
    given: Option<UserId>,
) -> impl IntoView {
    let (label, placeholder) = if me.doctor() {
        ("To (your patient)", "Choose a patient")
    } else {
        ("To (your doctor)", "Choose a doctor")
    };
    // Someone named by the address who is not one of the caller's.
    let stranger = given.is_some_and(|id| !people.iter().any(|p| p.id == id));
    if stranger {
        with.set(None);
    } else if given.is_none() && people.len() == 1 {
        // The only one there is.
        with.set(people.first().map(|p| p.id));
    }
    if people.is_empty() {
        let text = if me.doctor() {
            view! { <p class="empty" data-testid="no-contacts">"You have no patients to write to yet: a patient who books an appointment with you becomes one."</p> }.into_any()
        } else {
            view! { <p class="empty" data-testid="no-contacts">"You have no doctors to write to yet. "<a href="/doctors">"Book an appointment"</a>" first: then you can write to that doctor."</p> }.into_any()
        };
        return text;
    }
    view! {
        {stranger.then(|| view! {
            <p class="notice warning" role="status" data-testid="not-a-contact">{if me.doctor() {
                "You can write only to your own patients: choose one below."
            } else {
                "You can write only to doctors you have booked an appointment with: choose one below."
            }}</p>
        })}
        <div class="field recipient">
            <label for="message-to">{label}</label>
            <select id="message-to" data-testid="message-to" on:change=move |ev| {
                with.set(event_target_value(&ev).parse().ok());
            }>
                <option value="" selected=move || with.with(Option::is_none) disabled>{placeholder}</option>
                {people.into_iter().map(|person| {
                    let id = person.id;
                    view! { <option value=id.to_string() selected=move || with.get() == Some(id)>{person.name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}
