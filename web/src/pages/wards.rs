//! The bed board, for doctors and admins: the wards of every department
//! (or one), each with its occupancy and its beds room by room, read again
//! every 5 seconds; a free bed takes a patient, an occupied one leads to
//! the admission, and admins mark beds cleaned and change their state.
//! Below it, the patients in hospital and those discharged.

use leptos::prelude::*;
use medtrack_shared::{DepartmentId, Role};

use crate::components::action::{Act, Outcome};
use crate::components::status::{Loaded, Loader};
use crate::components::wards::{AdmissionList, Board};
use crate::state::session::use_session;

/// The Wards page.
#[component]
pub fn BedBoardPage() -> impl IntoView {
    let admin = use_session().me().is_some_and(|me| me.role == Role::Admin);
    let departments = Loader::new(|api| api.departments());
    let department = RwSignal::new(None::<DepartmentId>);
    let board = Loader::new(move |api| api.bed_board(department.get()));
    let told = Act::new();
    view! {
        <h1>"Wards"</h1>
        <p class="lead">"Every bed, room by room: who is in it, which are free and which are being cleaned. The board updates itself every few seconds."</p>
        {admin.then(|| view! {
            <p><a href="/admin/wards" data-testid="setup-link">"Set up departments, wards and beds"</a></p>
        })}
        {move || departments.data().filter(|list| list.len() > 1).map(|list| view! {
            <div class="filters">
                <div class="field">
                    <label for="board-department">"Department"</label>
                    <select id="board-department" on:change=move |ev| department.set(event_target_value(&ev).parse().ok())>
                        <option value="">"Every department"</option>
                        {list.into_iter().map(|d| {
                            let id = d.id;
                            view! { <option value=id.to_string() selected=move || department.get() == Some(id)>{d.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
        })}
        <Outcome act=told testid="board-told"/>
        <Loaded from=board what="the bed board" let:initial>
            <Board initial department=department.get_untracked() admin told/>
        </Loaded>
        <section aria-labelledby="admissions-heading">
            <h2 id="admissions-heading">"Admissions"</h2>
            <AdmissionList/>
        </section>
    }
}
