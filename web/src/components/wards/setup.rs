//! The admins' lists of the ward setup: the departments, and the wards with
//! their department, kind, doctors and beds room by room, each opened for
//! a change.

use leptos::prelude::*;
use medtrack_shared::wards::{BedBoard, Department, Ward};
use medtrack_shared::WardId;

use super::admit::Person;
use super::{beds, rooms, WardForm};
use crate::components::status::Loader;
use crate::state::catalogue::use_catalogue;

/// The departments, by name.
#[component]
pub fn DepartmentList(departments: Vec<Department>) -> impl IntoView {
    if departments.is_empty() {
        return view! { <p class="empty" data-testid="no-departments">"No departments yet: add the first below."</p> }
            .into_any();
    }
    let catalogue = use_catalogue();
    view! {
        <ul class="department-list" data-testid="departments">
            {departments.into_iter().map(|d| {
                // The catalogue's name fills in once it is read.
                let practises = d.specialization.clone().map(|slug| move || format!(" · {}", catalogue.name(&slug)));
                view! {
                    <li data-testid="department">
                        <strong>{d.name.clone()}</strong>
                        {practises.map(|p| view! { <span class="hint">{p}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A ward's rooms with their beds: `Room 1: 2 beds · Room 2: 1 bed`.
fn room_words(board: &BedBoard, ward: WardId) -> String {
    let Some(of_ward) = board.wards.iter().find(|w| w.ward.id == ward) else {
        return "No beds yet".to_owned();
    };
    let words: Vec<String> = rooms(&of_ward.beds)
        .into_iter()
        .map(|room| {
            let n = of_ward.beds.iter().filter(|b| b.room == room).count();
            format!("{room}: {}", beds(n as u64))
        })
        .collect();
    if words.is_empty() {
        "No beds yet".to_owned()
    } else {
        words.join(" · ")
    }
}

/// The wards, each with its beds and an "Edit" that opens its form.
#[component]
pub fn WardList(
    wards: Vec<Ward>,
    departments: Vec<Department>,
    doctors: Vec<Person>,
    /// The board, to show each ward's rooms and beds.
    beds: Loader<BedBoard>,
    /// Told a changed ward, and what to say.
    on_done: Callback<(Ward, String)>,
) -> impl IntoView {
    if wards.is_empty() {
        return view! { <p class="empty" data-testid="no-setup-wards">"No wards yet: add the first below."</p> }
            .into_any();
    }
    let editing = RwSignal::new(None);
    let saved = Callback::new(move |done: (Ward, String)| {
        editing.set(None);
        on_done.run(done);
    });
    let departments = StoredValue::new(departments);
    let doctors = StoredValue::new(doctors);
    view! {
        <ul class="cards setup-wards" data-testid="setup-wards">
            {wards.into_iter().map(|ward| {
                let id = ward.id;
                let in_rooms = move || beds.data().map(|board| room_words(&board, id));
                let department = departments.with_value(|all| {
                    all.iter().find(|d| d.id == ward.department).map(|d| d.name.clone())
                });
                let names = ward.doctors.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", ");
                let for_form = ward.clone();
                view! {
                    <li class="card setup-ward" data-testid="setup-ward" data-ward=ward.name.clone()>
                        <h3>{ward.name.clone()}</h3>
                        <p>{format!("{} · {}", department.unwrap_or_default(), ward.kind.label())}</p>
                        <p>{if names.is_empty() { "No ward doctors".to_owned() } else { format!("Doctors: {names}") }}</p>
                        <p data-testid="ward-rooms">{in_rooms}</p>
                        <div class="actions">
                            <button type="button" class="link" aria-expanded=move || (editing.get() == Some(id)).to_string()
                                on:click=move |_| editing.update(|e| *e = if *e == Some(id) { None } else { Some(id) })>
                                "Edit"<span class="visually-hidden">{format!(" {}", ward.name)}</span>
                            </button>
                        </div>
                        {move || (editing.get() == Some(id)).then(|| view! {
                            <WardForm departments=departments.get_value() doctors=doctors.get_value()
                                editing=for_form.clone() on_done=saved on_cancel=Callback::new(move |()| editing.set(None))/>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
