//! The units' recent changes, newest first: when, which unit, from what
//! to what, who (or the scheduler) and the note or reason kept.

use leptos::prelude::*;
use medtrack_shared::blood::units::{UnitEvent, UnitState};
use medtrack_shared::Page;

use super::group_name;
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// A change in words: `Collected`, `Quarantined → Available`, with the
/// reason of a discard.
pub(super) fn change_words(event: &UnitEvent) -> String {
    let to = match (event.to, event.discarded) {
        (UnitState::Discarded, Some(reason)) => {
            format!("Discarded ({})", reason.label().to_lowercase())
        }
        (state, _) => state.label().to_owned(),
    };
    match event.from {
        None => format!("Collected: {}", to.to_lowercase()),
        Some(from) => format!("{} → {to}", from.label()),
    }
}

/// The history's table.
#[component]
pub fn UnitHistory(events: Loader<Page<UnitEvent>>) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.unit_history(Some(cursor)), move |page| {
            events.append(page)
        });
    };
    view! {
        <Loaded from=events what="the units' history" let:page>
            {if page.items.is_empty() {
                view! { <p class="empty" data-testid="history-empty">"Nothing has happened to a unit yet."</p> }.into_any()
            } else {
                let zone = zone.clone();
                view! {
                    <table class="table history-table grid-cards" data-testid="unit-history">
                        <thead><tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Unit"</th>
                            <th scope="col">"Change"</th>
                            <th scope="col">"By"</th>
                            <th scope="col">"Note"</th>
                        </tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|event| view! {
                                <tr data-testid="unit-event">
                                    <td data-label="When">{format::when(event.at, &zone)}</td>
                                    <th scope="row" data-label="Unit">{format!("{} · {} {}", event.donation_number,
                                        event.component.label(), group_name(event.group))}</th>
                                    <td data-label="Change" class="wide">{change_words(&event)}</td>
                                    <td data-label="By">{event.by.as_ref().map_or_else(|| "Scheduler".to_owned(), |by| by.name.clone())}</td>
                                    <td data-label="Note" class="note wide">{event.note.clone().unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}
