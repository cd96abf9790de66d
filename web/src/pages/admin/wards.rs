//! The ward setup, for admins: the departments, the wards (each with its
//! department, kind, doctors and beds, and changed here), and the forms of
//! a new department, a new ward, and beds added to a room.

use leptos::prelude::*;
use medtrack_shared::wards::{Department, Ward};
use medtrack_shared::{Role, Specialization};

use crate::api::{self, ApiError};
use crate::components::action::{Act, Outcome};
use crate::components::status::{Loaded, Loader};
use crate::components::wards::{
    accounts, BedsForm, DepartmentForm, DepartmentList, WardForm, WardList,
};

/// The most pages of the catalogue read for the choice of specialization.
const CATALOGUE_PAGES: usize = 4;

/// Every specialization of the catalogue, by name.
async fn specializations() -> Result<Vec<Specialization>, ApiError> {
    let mut all = Vec::new();
    let mut cursor = None::<String>;
    for _ in 0..CATALOGUE_PAGES {
        let page = api::catalogue::specializations(cursor.as_deref()).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}

/// The ward setup page. Each part reads what it shows, so that a change
/// draws again only the parts it changes: beds added keep the form of the
/// beds as it is, for the next room.
#[component]
pub fn WardSetupPage() -> impl IntoView {
    let departments = Loader::new(|api| api.departments());
    let wards = Loader::new(|api| api.wards());
    let doctors = Loader::new(|api| accounts(api, Role::Doctor));
    let board = Loader::new(|api| api.bed_board(None));
    let catalogue = Loader::new(|_| specializations());
    let told = Act::new();
    let department_added = Callback::new(move |added: Department| {
        departments.reload();
        told.done(format!("Department {} added.", added.name));
    });
    let ward_saved = Callback::new(move |(_, said): (Ward, String)| {
        wards.reload();
        board.reload();
        told.done(said);
    });
    let beds_added = Callback::new(move |said: String| {
        board.reload();
        told.done(said);
    });
    view! {
        <p class="back"><a href="/wards">"Wards"</a></p>
        <h1>"Ward setup"</h1>
        <p class="lead">"The clinic's departments, their wards with the doctors who look after the patients, and the beds of each room."</p>
        <Outcome act=told testid="setup-told"/>
        <section aria-labelledby="departments-heading">
            <h2 id="departments-heading">"Departments"</h2>
            <Loaded from=departments what="the departments" let:list>
                <DepartmentList departments=list/>
            </Loaded>
        </section>
        <section aria-labelledby="setup-wards-heading">
            <h2 id="setup-wards-heading">"Wards"</h2>
            <Loaded from=wards what="the wards" let:list>
                {
                    let list = list.clone();
                    view! {
                        <Loaded from=departments what="the departments" let:of>
                            {
                                let (list, of) = (list.clone(), of.clone());
                                view! {
                                    <Loaded from=doctors what="the doctors" let:people>
                                        <WardList wards=list.clone() departments=of.clone() doctors=people
                                            beds=board on_done=ward_saved/>
                                    </Loaded>
                                }
                            }
                        </Loaded>
                    }
                }
            </Loaded>
        </section>
        <div class="setup-forms">
            <section class="card" aria-labelledby="new-department-heading">
                <h2 id="new-department-heading">"Add a department"</h2>
                <Loaded from=catalogue what="the specializations" let:specializations>
                    <DepartmentForm specializations on_done=department_added/>
                </Loaded>
            </section>
            <section class="card" aria-labelledby="new-ward-heading">
                <h2 id="new-ward-heading">"Add a ward"</h2>
                <Loaded from=departments what="the departments" let:of>
                    {if of.is_empty() {
                        view! { <p class="empty">"Add a department first: every ward belongs to one."</p> }.into_any()
                    } else {
                        view! {
                            <Loaded from=doctors what="the doctors" let:people>
                                <WardForm departments=of.clone() doctors=people on_done=ward_saved/>
                            </Loaded>
                        }.into_any()
                    }}
                </Loaded>
            </section>
            <section class="card" aria-labelledby="new-beds-heading">
                <h2 id="new-beds-heading">"Add beds to a room"</h2>
                <Loaded from=wards what="the wards" let:list>
                    {if list.is_empty() {
                        view! { <p class="empty">"Add a ward first: beds are in the rooms of a ward."</p> }.into_any()
                    } else {
                        view! { <BedsForm wards=list on_done=beds_added/> }.into_any()
                    }}
                </Loaded>
            </section>
        </div>
    }
}
