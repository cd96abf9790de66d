//! Admitting a patient to a free bed, from the board: a doctor chooses one
//! of their patients by name (they admit as themselves); an admin chooses
//! the patient and the admitting doctor. The reason, and when the patient
//! is expected to leave. Admitted, it opens the admission's page.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use medtrack_shared::wards::admissions::{Admission, NewAdmission, MAX_REASON_CHARS};
use medtrack_shared::{AccountStatus, BedId, Role, UserId};

use super::choice::{named, Choice};
use super::{admission_href, refused};
use crate::api::{Api, ApiError};
use crate::components::action::{Act, Outcome};
use crate::components::form::{Field, Problems, TextArea};
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The most pages of people read for a choice.
const PEOPLE_PAGES: usize = 8;

/// Someone to choose: their id and name.
pub type Person = (UserId, String);

/// The doctor's patients, by name.
async fn my_patients(api: Api) -> Result<Vec<Person>, ApiError> {
    let mut all = Vec::new();
    let mut cursor = None;
    for _ in 0..PEOPLE_PAGES {
        let page = api.contacts(cursor).await?;
        all.extend(
            page.items
                .into_iter()
                .filter(|c| c.role == Role::Patient)
                .map(|c| (c.id, c.name)),
        );
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    all.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(all)
}

/// The active accounts of `role`, by name (admins).
pub async fn accounts(api: Api, role: Role) -> Result<Vec<Person>, ApiError> {
    let mut all = Vec::new();
    let mut cursor = None;
    for _ in 0..PEOPLE_PAGES {
        let page = api.users(role, AccountStatus::Active, cursor).await?;
        all.extend(
            page.items
                .into_iter()
                .map(|u| (u.account.id, u.account.name)),
        );
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    all.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(all)
}

/// Who may be admitted, and by whom: a doctor's patients; for an admin,
/// every active patient and every approved doctor.
#[derive(Debug, Clone, PartialEq, Eq)]
struct People {
    patients: Vec<Person>,
    /// None when the doctor admits as themselves.
    doctors: Option<Vec<Person>>,
}

/// The form of admitting a patient to `bed` (at `place`, in words).
#[component]
pub(super) fn AdmitForm(
    bed: BedId,
    place: String,
    admin: bool,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let people = Loader::new(move |api| async move {
        if admin {
            Ok(People {
                patients: accounts(api, Role::Patient).await?,
                doctors: Some(accounts(api, Role::Doctor).await?),
            })
        } else {
            Ok(People {
                patients: my_patients(api).await?,
                doctors: None,
            })
        }
    });
    let heading = format!("admit-{bed}");
    let labelled = heading.clone();
    view! {
        <section class="card admit-card" aria-labelledby=labelled data-testid="admit-form">
            <h4 id=heading>{format!("Admit a patient to {place}")}</h4>
            <Loaded from=people what="the patients" let:people>
                {if people.patients.is_empty() {
                    view! {
                        <p class="empty" data-testid="no-patients">
                            {if admin { "No active patients yet." } else { "You have no patients yet: a patient who books an appointment with you becomes one." }}
                        </p>
                    }.into_any()
                } else {
                    view! { <AdmitFields bed people on_cancel/> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn AdmitFields(bed: BedId, people: People, on_cancel: Callback<()>) -> impl IntoView {
    let api = crate::api::use_api();
    let navigate = use_navigate();
    let zone = use_session().zone();
    let today = format::today(&zone);
    let only = |list: &[Person]| {
        (list.len() == 1)
            .then(|| list.first().map(|p| p.0.to_string()))
            .flatten()
            .unwrap_or_default()
    };
    let patient = RwSignal::new(only(&people.patients));
    let doctor = RwSignal::new(people.doctors.as_deref().map(only).unwrap_or_default());
    let reason = RwSignal::new(String::new());
    let expected = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let patient_error = problems.of("patient", "The patient");
    let doctor_error = problems.of("doctor", "The admitting doctor");
    let reason_error = problems.of("reason", "The reason");
    let expected_error = problems.of("expected_discharge", "The expected discharge");
    let asks_doctor = people.doctors.is_some();
    // The form's own check does not read the patient: any of them does.
    let anyone = people.patients.first().map(|p| p.0);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let mut found = BTreeMap::new();
        let who = patient.get_untracked().parse::<UserId>().ok();
        if who.is_none() {
            found.insert("patient".to_owned(), "is required".to_owned());
        }
        let by = doctor.get_untracked().parse::<UserId>().ok();
        if asks_doctor && by.is_none() {
            found.insert("doctor".to_owned(), "is required".to_owned());
        }
        let day = expected.get_untracked();
        let day = day.trim();
        let leaves = if day.is_empty() {
            None
        } else if let Ok(date) = day.parse::<jiff::civil::Date>() {
            Some(date)
        } else {
            found.insert("expected_discharge".to_owned(), "must be a date".to_owned());
            None
        };
        let Some(checked) = who.or(anyone) else {
            return act.fail("Choose a patient.");
        };
        let input = NewAdmission {
            patient: checked,
            bed,
            reason: reason.get_untracked().trim().to_owned(),
            expected_discharge: leaves,
            doctor: by.filter(|_| asks_doctor),
        };
        if let Err(errors) = input.check(today) {
            for (field, message) in errors.into_map() {
                found.entry(field).or_insert(message);
            }
        }
        if !found.is_empty() {
            return act.fail(problems.show(found));
        }
        let navigate = navigate.clone();
        let sent = async move { api.admit(&input).await.map_err(|e| refused(problems, e)) };
        act.run(sent, move |admission: Admission| {
            navigate(&admission_href(&admission), Default::default());
        });
    };
    let doctors = people.doctors.clone();
    view! {
        <form class="form" on:submit=submit novalidate>
            <Choice label="Patient" id=format!("admit-patient-{bed}") value=patient choices=named(people.patients)
                placeholder="Choose a patient" error=patient_error/>
            {doctors.map(|doctors| view! {
                <Choice label="Admitting doctor" id=format!("admit-doctor-{bed}") value=doctor choices=named(doctors)
                    placeholder="Choose the doctor" error=doctor_error/>
            })}
            <TextArea label="Reason for admission" id=format!("admit-reason-{bed}") value=reason max=MAX_REASON_CHARS
                error=reason_error rows=2/>
            <Field label="Expected discharge (optional)" id=format!("admit-expected-{bed}") value=expected kind="date"
                error=expected_error/>
            <Outcome act testid="admit-outcome"/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Admit patient"</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
