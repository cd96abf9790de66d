//! The record's timeline: visits, problems recorded and resolved, allergies
//! recorded, newest first, a page at a time. An entry later marked entered
//! in error stays, struck through.

use leptos::prelude::*;
use medtrack_shared::record::{TimelineEvent, TimelineKind};
use medtrack_shared::UserId;

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The class of an event's marker.
fn kind_class(kind: TimelineKind) -> &'static str {
    match kind {
        TimelineKind::Visit => "visit",
        TimelineKind::ProblemRecorded => "problem",
        TimelineKind::ProblemResolved => "resolved",
        TimelineKind::AllergyRecorded => "allergy",
    }
}

/// The timeline of `patient`, under its own heading.
#[component]
pub fn Timeline(patient: UserId) -> impl IntoView {
    let api = use_api();
    let events = Loader::new(move |api| api.timeline(patient, None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.timeline(patient, Some(cursor)), move |page| {
            events.append(page)
        });
    };
    view! {
        <section aria-labelledby="timeline-heading" data-testid="record-timeline">
            <h2 id="timeline-heading">"Timeline"</h2>
            <Loaded from=events what="the timeline" let:page>
                {if page.items.is_empty() {
                    view! { <p class="empty" data-testid="timeline-empty">"Nothing on the timeline yet: visits, problems and allergies show here as they are recorded."</p> }.into_any()
                } else {
                    view! {
                        <ol class="record-timeline" data-testid="timeline">
                            {page.items.into_iter().map(|event| view! { <Event event/> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
                <ShowMore cursor=page.next_cursor act=more show_more/>
            </Loaded>
            <Failure act=more/>
        </section>
    }
}

#[component]
fn Event(event: TimelineEvent) -> impl IntoView {
    let zone = use_session().zone();
    let when = format::when(event.at, &zone);
    let by = match event.kind {
        TimelineKind::Visit => String::new(),
        _ => format!(" · by {}", event.by.name),
    };
    let title = if event.entered_in_error {
        view! { <s>{event.title.clone()}</s>" "<span class="badge alert">"Entered in error"</span> }
            .into_any()
    } else {
        view! { <span>{event.title.clone()}</span> }.into_any()
    };
    view! {
        <li class=format!("event {}", kind_class(event.kind)) data-testid="timeline-event"
            data-kind=kind_class(event.kind) data-error=event.entered_in_error.to_string()>
            <span class="event-kind">{event.kind.label()}</span>
            <span class="event-title">{title}</span>
            <span class="hint"><time datetime=event.at.to_string()>{when}</time>{by}</span>
        </li>
    }
}
