//! The admins' forms of the ward setup: a department, a ward (new or
//! changed: its name, department, kind and doctors), and beds added to a
//! room of a ward.

use std::collections::BTreeMap;

use leptos::prelude::*;
use medtrack_shared::wards::{
    Bed, Department, NewBeds, NewDepartment, NewWard, Ward, WardKind, MAX_NAME_CHARS,
};
use medtrack_shared::{DepartmentId, Specialization, SpecializationSlug, UserId, WardId};

use super::admit::Person;
use super::choice::{named, Choice};
use super::{beds, kind_options, refused};
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{chosen, option_value, Field, Problems, Select};

/// A department: its name, and the specialization it practises.
#[component]
pub fn DepartmentForm(
    specializations: Vec<Specialization>,
    /// Told the department added.
    on_done: Callback<Department>,
) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let specialization = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let name_error = problems.of("name", "The name");
    let specialization_error = problems.of("specialization", "The specialization");
    let choices = specializations
        .into_iter()
        .map(|s| (s.slug.to_string(), s.name))
        .collect();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let input = NewDepartment {
            name: name.get_untracked().trim().to_owned(),
            specialization: SpecializationSlug::parse(&specialization.get_untracked()).ok(),
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.add_department(&input)
                .await
                .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |added: Department| on_done.run(added));
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="department-form">
            <Field label="Name" id="department-name" value=name max=MAX_NAME_CHARS error=name_error/>
            <Choice label="Specialization (optional)" id="department-specialization" value=specialization
                choices placeholder="None" optional=true error=specialization_error/>
            <Outcome act testid="department-outcome"/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Add department"</button></div>
        </form>
    }
}

/// A ward: new, or `editing` one (then its fields to start with).
#[component]
pub fn WardForm(
    departments: Vec<Department>,
    /// The approved doctors, by name.
    doctors: Vec<Person>,
    #[prop(optional)] editing: Option<Ward>,
    /// Told the ward as saved, and what to say.
    on_done: Callback<(Ward, String)>,
    /// Closes the form, when it edits.
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let api = use_api();
    let prefix = editing
        .as_ref()
        .map_or("new-ward".to_owned(), |w| format!("ward-{}", w.id));
    let id: Option<WardId> = editing.as_ref().map(|w| w.id);
    let name = RwSignal::new(editing.as_ref().map(|w| w.name.clone()).unwrap_or_default());
    let department = RwSignal::new(
        editing
            .as_ref()
            .map(|w| w.department.to_string())
            .or_else(|| {
                (departments.len() == 1)
                    .then(|| departments.first().map(|d| d.id.to_string()))
                    .flatten()
            })
            .unwrap_or_default(),
    );
    let kind = RwSignal::new(option_value(
        &editing.as_ref().map_or(WardKind::General, |w| w.kind),
    ));
    let picked = RwSignal::new(
        editing
            .as_ref()
            .map(|w| w.doctors.iter().map(|d| d.id).collect::<Vec<UserId>>())
            .unwrap_or_default(),
    );
    let act = Act::new();
    let problems = Problems::new();
    let name_error = problems.of("name", "The name");
    let department_error = problems.of("department", "The department");
    let doctors_error = problems.of("doctors", "The doctors");
    let department_choices = named(
        departments
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect::<Vec<_>>(),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Ok(of) = department.get_untracked().parse::<DepartmentId>() else {
            let mut found = BTreeMap::new();
            found.insert("department".to_owned(), "is required".to_owned());
            return act.fail(problems.show(found));
        };
        let input = NewWard {
            name: name.get_untracked().trim().to_owned(),
            department: of,
            kind: chosen(kind.get_untracked()).unwrap_or(WardKind::General),
            doctors: picked.get_untracked(),
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            match id {
                Some(id) => api.change_ward(id, &input).await,
                None => api.add_ward(&input).await,
            }
            .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |ward: Ward| {
            let said = if id.is_some() {
                format!("{} saved.", ward.name)
            } else {
                name.set(String::new());
                picked.set(Vec::new());
                format!("{} added.", ward.name)
            };
            on_done.run((ward, said));
        });
    };
    let legend = format!("{prefix}-doctors");
    view! {
        <form class="form ward-form" on:submit=submit novalidate data-testid="ward-form">
            <Field label="Name" id=format!("{prefix}-name") value=name max=MAX_NAME_CHARS error=name_error/>
            <Choice label="Department" id=format!("{prefix}-department") value=department choices=department_choices
                placeholder="Choose a department" error=department_error/>
            <Select label="Kind" id=format!("{prefix}-kind") value=kind options=kind_options()/>
            <fieldset class="ward-doctors" aria-describedby=format!("{legend}-error")>
                <legend>"The ward's doctors"</legend>
                <p class="hint">"They may read the records of the ward's patients while they are admitted."</p>
                {if doctors.is_empty() {
                    view! { <p class="hint">"No approved doctors yet."</p> }.into_any()
                } else {
                    doctors.into_iter().map(|(doctor, who)| view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || picked.with(|p| p.contains(&doctor))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    picked.update(|p| {
                                        p.retain(|d| *d != doctor);
                                        if on { p.push(doctor); }
                                    });
                                }/>
                            {who}
                        </label>
                    }).collect_view().into_any()
                }}
                <p class="field-error" id=format!("{legend}-error") role="alert">{move || doctors_error.get()}</p>
            </fieldset>
            <Outcome act testid="ward-outcome"/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>{if id.is_some() { "Save ward" } else { "Add ward" }}</button>
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="secondary" on:click=move |_| cancel.run(())>"Cancel"</button>
                })}
            </div>
        </form>
    }
}

/// The bed names of "A, B, C": each trimmed, the empty ones left out.
pub(super) fn labels(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|label| !label.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Beds added to a room of a ward: the room, and the beds' names.
#[component]
pub fn BedsForm(
    wards: Vec<Ward>,
    /// Told what to say once the beds are added.
    on_done: Callback<String>,
) -> impl IntoView {
    let api = use_api();
    let ward = RwSignal::new(
        (wards.len() == 1)
            .then(|| wards.first().map(|w| w.id.to_string()))
            .flatten()
            .unwrap_or_default(),
    );
    let room = RwSignal::new(String::new());
    let names = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let ward_error = problems.of("ward", "The ward");
    let room_error = problems.of("room", "The room");
    let labels_error = problems.of("labels", "The beds");
    let choices = named(
        wards
            .into_iter()
            .map(|w| (w.id, w.name))
            .collect::<Vec<_>>(),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Ok(to) = ward.get_untracked().parse::<WardId>() else {
            let mut found = BTreeMap::new();
            found.insert("ward".to_owned(), "is required".to_owned());
            return act.fail(problems.show(found));
        };
        let input = NewBeds {
            room: room.get_untracked().trim().to_owned(),
            labels: labels(&names.get_untracked()),
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.add_beds(to, &input)
                .await
                .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |added: Vec<Bed>| {
            let room_name = added.first().map(|b| b.room.clone()).unwrap_or_default();
            names.set(String::new());
            on_done.run(format!(
                "{} added to {room_name}.",
                beds(added.len() as u64)
            ));
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="beds-form">
            <Choice label="Ward" id="beds-ward" value=ward choices placeholder="Choose a ward" error=ward_error/>
            <Field label="Room" id="beds-room" value=room max=MAX_NAME_CHARS error=room_error
                hint="A room of the ward, e.g. Room 12; a new name adds a room."/>
            <Field label="Beds" id="beds-labels" value=names error=labels_error
                hint="Their names in the room, separated by commas, e.g. A, B, C."/>
            <Outcome act testid="beds-outcome"/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Add beds"</button></div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bed_names_are_split_at_commas() {
        assert_eq!(labels(" A, B ,,C "), ["A", "B", "C"]);
        assert!(labels(" , ").is_empty());
    }
}
