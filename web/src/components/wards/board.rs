//! The bed board: the departments' occupancy, then each ward as a card
//! with its occupancy and its beds as tiles, room by room. It reads the
//! board again every 5 seconds while it is shown; a bed is drawn again only
//! when it changed, so a form or menu open on the others stays as it is.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::wards::{Bed, BedBoard, BoardWard, Occupancy};
use medtrack_shared::{BedId, DepartmentId, WardId};

use super::admit::AdmitForm;
use super::bed::BedTile;
use super::{bed_name, beds, counts, occupied_words, percent_words, rooms};
use crate::api::use_api;
use crate::components::action::Act;

/// How often the board is read again while it is shown.
const REFRESH: Duration = Duration::from_secs(5);

/// What the parts of the board share: the board as last read, the bed whose
/// admission form is open, who is looking, and how to say what was done.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shared {
    pub live: RwSignal<BedBoard>,
    pub chosen: RwSignal<Option<BedId>>,
    pub admin: bool,
    pub told: Act,
    /// Reads the board again now (an older read under way is dropped).
    pub refresh: Callback<()>,
}

impl Shared {
    /// Shows `bed` as the server answered it, until the board is read again.
    pub fn put(self, bed: Bed) {
        self.live.update(|board| {
            for ward in board.wards.iter_mut().filter(|w| w.ward.id == bed.ward) {
                if let Some(shown) = ward.beds.iter_mut().find(|b| b.id == bed.id) {
                    *shown = bed.clone();
                }
                ward.occupancy = Occupancy::of(&ward.beds);
            }
        });
        self.refresh.run(());
    }
}

/// The board of `department` (every department when none), first as
/// `initial`, then as read every 5 seconds until it is left.
#[component]
pub fn Board(
    initial: BedBoard,
    department: Option<DepartmentId>,
    admin: bool,
    /// Where what was done is said.
    told: Act,
) -> impl IntoView {
    let api = use_api();
    let live = RwSignal::new(initial);
    // The newest read asked for: an answer to an older one (asked before a
    // change the page made) is dropped.
    let latest = StoredValue::new(0_u64);
    let reading = StoredValue::new(false);
    let refresh = Callback::new(move |()| {
        latest.update_value(|n| *n += 1);
        let mine = latest.get_value();
        reading.set_value(true);
        spawn_local(async move {
            let fresh = api.bed_board(department).await;
            if latest.try_get_value() != Some(mine) {
                return;
            }
            reading.try_set_value(false);
            // A failed read keeps the board shown; the next one may succeed.
            if let Ok(fresh) = fresh {
                if live.try_with_untracked(|shown| *shown != fresh) == Some(true) {
                    live.try_set(fresh);
                }
            }
        });
    });
    // Every 5 seconds, unless the last read is still under way.
    let tick = move || {
        if reading.try_get_value() == Some(false) {
            refresh.run(());
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, REFRESH) {
        on_cleanup(move || handle.clear());
    }
    let shared = Shared {
        live,
        chosen: RwSignal::new(None),
        admin,
        told,
        refresh,
    };
    // A bed taken (or closed) meanwhile closes its admission form.
    Effect::new(move |_| {
        let Some(chosen) = shared.chosen.get() else {
            return;
        };
        let takes = live.with(|board| {
            board
                .wards
                .iter()
                .flat_map(|w| w.beds.iter())
                .any(|b| b.id == chosen && b.state.takes_patients())
        });
        if !takes {
            shared.chosen.set(None);
        }
    });
    let ward_ids = move || {
        live.with(|board| {
            board
                .wards
                .iter()
                .map(|w| w.ward.id)
                .collect::<Vec<WardId>>()
        })
    };
    view! {
        <Departments live/>
        {move || live.with(|b| b.wards.is_empty()).then(|| view! {
            <p class="empty" data-testid="no-wards">
                {if admin { "No wards yet. Add departments, wards and their beds on the ward setup page." } else { "No wards yet. An administrator sets up the wards and their beds." }}
            </p>
        })}
        <div class="ward-cards">
            <For each=ward_ids key=|id| *id let:id>
                <WardCard id shared/>
            </For>
        </div>
    }
}

/// Each department's occupancy, when there is more than one.
#[component]
fn Departments(live: RwSignal<BedBoard>) -> impl IntoView {
    move || {
        let departments = live.with(|b| b.departments.clone());
        (departments.len() > 1).then(|| {
            view! {
                <ul class="department-occupancy" data-testid="departments">
                    {departments.into_iter().map(|d| view! {
                        <li class="card" data-testid="department" data-department=d.department.name.clone()>
                            <h2 class="department-name">{d.department.name.clone()}</h2>
                            <p><strong>{percent_words(&d.occupancy)}</strong></p>
                            <p>{occupied_words(&d.occupancy)}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }
        })
    }
}

/// One ward: its name, kind and department, its occupancy, its rooms.
#[component]
fn WardCard(id: WardId, shared: Shared) -> impl IntoView {
    let live = shared.live;
    let ward = Memo::new(move |_| {
        live.with(|board| board.wards.iter().find(|w| w.ward.id == id).cloned())
    });
    let department = Memo::new(move |_| {
        let of = ward.with(|w| w.as_ref().map(|w| w.ward.department));
        live.with(|board| {
            board
                .departments
                .iter()
                .find(|d| Some(d.department.id) == of)
                .map(|d| d.department.name.clone())
        })
    });
    let heading = format!("ward-{id}");
    let labelled = heading.clone();
    let room_names = move || ward.with(|w| w.as_ref().map(|w| rooms(&w.beds)).unwrap_or_default());
    view! {
        <article class="card ward-card" aria-labelledby=labelled data-testid="ward"
            data-ward=move || ward.with(|w| w.as_ref().map(|w| w.ward.name.clone()))>
            <header class="ward-head">
                <h2 id=heading>{move || ward.with(|w| w.as_ref().map(|w| w.ward.name.clone()))}</h2>
                <span class="badge">{move || ward.with(|w| w.as_ref().map(|w| w.ward.kind.label()))}</span>
            </header>
            <p class="hint">{move || department.get()}</p>
            {move || ward.get().map(|w| view! { <WardOccupancy ward=w/> })}
            <For each=room_names key=|room| room.clone() let:room>
                <Room ward=id room shared/>
            </For>
            {move || ward.with(|w| w.as_ref().is_some_and(|w| w.beds.is_empty())).then(|| view! {
                <p class="empty">"No beds yet."</p>
            })}
        </article>
    }
}

/// A ward's occupancy: the share of beds in service that are occupied, as
/// a figure and a bar, and the beds in each state.
#[component]
fn WardOccupancy(ward: BoardWard) -> impl IntoView {
    let total = ward.beds.len().max(1) as f64;
    let counts = counts(&ward.beds);
    let segments = counts.clone();
    view! {
        <div class="ward-occupancy">
            <p class="ward-percent">
                <strong data-testid="ward-percent">{percent_words(&ward.occupancy)}</strong>
                <span class="hint">{format!(" · {}", occupied_words(&ward.occupancy))}</span>
            </p>
            <div class="occupancy-bar" aria-hidden="true">
                {segments.into_iter().map(|(state, n)| view! {
                    <span class=format!("bed-{}", state.as_str()) style=format!("width: {:.2}%", n as f64 / total * 100.0)></span>
                }).collect_view()}
            </div>
            <ul class="ward-counts" data-testid="ward-counts">
                {counts.into_iter().map(|(state, n)| view! {
                    <li data-state=state.as_str()>
                        <span class=format!("swatch bed-{}", state.as_str()) aria-hidden="true"></span>
                        {format!("{}: {n}", state.label())}
                    </li>
                }).collect_view()}
                {(ward.beds.is_empty()).then(|| view! { <li>{beds(0_u32)}</li> })}
            </ul>
        </div>
    }
}

/// A room's beds as tiles, and the admission form of the one chosen.
#[component]
fn Room(ward: WardId, room: String, shared: Shared) -> impl IntoView {
    let live = shared.live;
    let name = room.clone();
    let of_room = move || {
        live.with(|board| {
            board
                .wards
                .iter()
                .filter(|w| w.ward.id == ward)
                .flat_map(|w| w.beds.iter())
                .filter(|b| b.room == name)
                .cloned()
                .collect::<Vec<Bed>>()
        })
    };
    let mine = room.clone();
    let data_room = room.clone();
    // The form is drawn when a bed of this room is chosen, and kept while
    // the board is read again.
    let admitting = move || {
        let chosen = shared.chosen.get()?;
        let bed = live.with_untracked(|board| {
            board
                .wards
                .iter()
                .flat_map(|w| w.beds.iter())
                .find(|b| b.id == chosen && b.room == mine && b.ward == ward)
                .cloned()
        })?;
        let ward_name = live.with_untracked(|board| {
            board
                .wards
                .iter()
                .find(|w| w.ward.id == ward)
                .map(|w| w.ward.name.clone())
        })?;
        Some(view! {
            <AdmitForm bed=bed.id place=format!("{ward_name} · {}", bed_name(&bed)) admin=shared.admin
                on_cancel=Callback::new(move |()| shared.chosen.set(None))/>
        })
    };
    view! {
        <section class="room" data-testid="room" data-room=data_room>
            <h3>{room}</h3>
            <ul class="bed-tiles">
                <For each=of_room key=|bed| (bed.id, bed.updated_at, bed.state) let:bed>
                    <BedTile bed shared/>
                </For>
            </ul>
            {admitting}
        </section>
    }
}
