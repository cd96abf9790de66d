//! One bed on the board: its name, its state in words and colour, who is
//! in it (leading to their admission), and what may be done: admit a
//! patient to a free bed; for admins, mark a bed cleaned or reopen it, and
//! the other changes of state in a small menu.

use leptos::prelude::*;
use medtrack_shared::wards::{Bed, BedState};

use super::board::Shared;
use super::{bed_name, explain, first_move, moved_words, moves};
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::format;
use crate::state::session::use_session;

/// A bed as a tile.
#[component]
pub(super) fn BedTile(bed: Bed, shared: Shared) -> impl IntoView {
    let zone = use_session().zone();
    let name = bed_name(&bed);
    let state = bed.state;
    let occupant = bed.occupant.clone().map(|o| {
        let since = format!("since {}", format::when(o.since, &zone));
        view! {
            <a class="bed-occupant" href=format!("/admissions/{}", o.admission) data-testid="occupant">
                {o.patient.name.clone()}
                <span class="visually-hidden">{format!(" in {name}: open the admission")}</span>
            </a>
            <span class="bed-since">{since}</span>
        }
    });
    let id = bed.id;
    let takes = state.takes_patients();
    let open = move || shared.chosen.get() == Some(id);
    let label = bed.label.clone();
    let data_bed = label.clone();
    view! {
        <li class=format!("bed-tile bed-{}", state.as_str()) data-testid="bed" data-bed=data_bed
            data-room=bed.room.clone() data-state=state.as_str()>
            <span class="bed-name"><span class="visually-hidden">"Bed "</span>{label}</span>
            <span class="bed-state" data-testid="bed-state">{state.label()}</span>
            {occupant}
            <div class="bed-actions">
                {takes.then(|| view! {
                    <button type="button" class="bed-admit" aria-expanded=move || open().to_string()
                        on:click=move |_| shared.chosen.update(|c| *c = if *c == Some(id) { None } else { Some(id) })>
                        "Admit"<span class="visually-hidden">{format!(" to {}", bed_name(&bed))}</span>
                    </button>
                })}
                {(shared.admin && state != BedState::Occupied).then(|| view! { <StateActions bed=bed.clone() shared/> })}
            </div>
        </li>
    }
}

/// An admin's changes of a bed's state: the usual one as a button, the
/// others in a menu.
#[component]
fn StateActions(bed: Bed, shared: Shared) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let first = first_move(bed.state);
    let others: Vec<_> = moves(bed.state)
        .into_iter()
        .filter(|(to, _)| first.is_none_or(|(f, _)| f != *to))
        .collect();
    let name = StoredValue::new(bed_name(&bed));
    let id = bed.id;
    let set = move |to: BedState| {
        let sent = async move { api.set_bed_state(id, to).await.map_err(|e| explain(&e)) };
        act.run(sent, move |changed: Bed| {
            shared.told.done(moved_words(&changed));
            shared.put(changed);
        });
    };
    view! {
        {first.map(|(to, words)| view! {
            <button type="button" class="secondary" disabled=move || act.pending() on:click=move |_| set(to)>
                {words}<span class="visually-hidden">{format!(" ({})", name.get_value())}</span>
            </button>
        })}
        {(!others.is_empty()).then(|| view! {
            <details class="bed-menu" data-testid="bed-menu">
                <summary>"More"<span class="visually-hidden">{format!(" for {}", name.get_value())}</span></summary>
                <ul>
                    {others.into_iter().map(|(to, words)| view! {
                        <li><button type="button" class="link" disabled=move || act.pending() on:click=move |_| set(to)>{words}</button></li>
                    }).collect_view()}
                </ul>
            </details>
        })}
        <Failure act/>
    }
}
