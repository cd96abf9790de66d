//! The clinic's admissions for staff: the patients in hospital now, or
//! those discharged, newest first, each leading to its page.

use leptos::prelude::*;
use medtrack_shared::wards::admissions::{Admission, AdmissionState};

use super::{admission_href, stay_place};
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The admissions in the state chosen, as a table (cards on a phone).
#[component]
pub fn AdmissionList() -> impl IntoView {
    let api = use_api();
    let state = RwSignal::new(AdmissionState::Active);
    let list = Loader::new(move |api| api.admissions(state.get(), None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(
            api.admissions(state.get_untracked(), Some(cursor)),
            move |page| list.append(page),
        );
    };
    let choices = [
        (AdmissionState::Active, "In hospital"),
        (AdmissionState::Discharged, "Discharged"),
    ];
    view! {
        <div class="chips" role="group" aria-label="Show" data-testid="admission-filter">
            {choices.map(|(choice, label)| view! {
                <button type="button" class="chip" aria-pressed=move || (state.get() == choice).to_string()
                    on:click=move |_| state.set(choice)>{label}</button>
            }).collect_view()}
        </div>
        <Loaded from=list what="the admissions" let:page>
            {
                let discharged = state.get_untracked() == AdmissionState::Discharged;
                view! { <AdmissionTable items=page.items discharged/> }
            }
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}

#[component]
fn AdmissionTable(items: Vec<Admission>, discharged: bool) -> impl IntoView {
    if items.is_empty() {
        let empty = if discharged {
            "No one has been discharged yet."
        } else {
            "No one is in hospital just now."
        };
        return view! { <p class="empty" data-testid="admissions-empty">{empty}</p> }.into_any();
    }
    let zone = use_session().zone();
    view! {
        <table class="table admissions-table grid-cards" data-testid="admissions">
            <thead>
                <tr>
                    <th scope="col">"Patient"</th>
                    <th scope="col">{if discharged { "Last bed" } else { "Bed" }}</th>
                    <th scope="col">"Admitting doctor"</th>
                    <th scope="col">"Admitted"</th>
                    <th scope="col">{if discharged { "Discharged" } else { "Expected discharge" }}</th>
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|admission| {
                    let last = match &admission.discharge {
                        Some(discharge) => format::when(discharge.at, &zone),
                        None => admission.expected_discharge.map(format::date).unwrap_or_else(|| "Not given".to_owned()),
                    };
                    view! {
                        <tr data-testid="admission-row">
                            <th scope="row" data-label="Patient">
                                <a href=admission_href(&admission)>{admission.patient.name.clone()}</a>
                            </th>
                            <td data-label=if discharged { "Last bed" } else { "Bed" }>{admission.current().map(stay_place).unwrap_or_default()}</td>
                            <td data-label="Admitting doctor">{admission.doctor.name.clone()}</td>
                            <td data-label="Admitted">{format::when(admission.admitted_at, &zone)}</td>
                            <td data-label=if discharged { "Discharged" } else { "Expected discharge" }>{last}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
