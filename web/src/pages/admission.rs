//! An admission: the patient, the admitting doctor, why, since when and
//! until when expected, every bed of the stay as a timeline, and the
//! discharge once the patient has left. While the patient is in hospital,
//! staff move them to another free bed or discharge them; the patient
//! reads their own stay.

use leptos::prelude::*;
use medtrack_shared::wards::admissions::{Admission, AdmissionState};
use medtrack_shared::{AdmissionId, Role};

use crate::components::action::{Act, Outcome};
use crate::components::status::{Loaded, Loader};
use crate::components::wards::{
    AdmissionFacts, DischargeFacts, DischargeForm, StayTimeline, TransferForm,
};
use crate::format;
use crate::state::session::use_session;

/// The admission page.
#[component]
pub fn AdmissionPage() -> impl IntoView {
    let staff = use_session()
        .me()
        .is_some_and(|me| matches!(me.role, Role::Doctor | Role::Admin));
    let admission = Loader::by_route_id(|api, id: AdmissionId| api.admission(id));
    let told = Act::new();
    let changed = Callback::new(move |(fresh, said): (Admission, String)| {
        admission.set(fresh);
        told.done(said);
    });
    let (back, back_label) = if staff {
        ("/wards", "Wards")
    } else {
        ("/record#stays-heading", "My record")
    };
    view! {
        <p class="back"><a href=back>{back_label}</a></p>
        <Loaded from=admission what="the admission" let:admission>
            <AdmissionView admission staff changed/>
        </Loaded>
        // After the page: the address of an admission that is not one shows its error first.
        <Outcome act=told testid="admission-told"/>
    }
}

#[component]
fn AdmissionView(
    admission: Admission,
    staff: bool,
    changed: Callback<(Admission, String)>,
) -> impl IntoView {
    let zone = use_session().zone();
    let active = admission.state == AdmissionState::Active;
    let title = if staff {
        admission.patient.name.clone()
    } else {
        "Your hospital stay".to_owned()
    };
    let lead = match &admission.discharge {
        Some(discharge) => format!(
            "Admitted {}, discharged {}.",
            format::when(admission.admitted_at, &zone),
            format::when(discharge.at, &zone)
        ),
        None => format!(
            "In hospital since {}.",
            format::when(admission.admitted_at, &zone)
        ),
    };
    view! {
        <h1 data-testid="admission-title">{title}</h1>
        <p class="lead">{lead}</p>
        <div class="admission-grid">
            <section class="card" aria-labelledby="admission-heading">
                <h2 id="admission-heading">"The admission"</h2>
                <AdmissionFacts admission=admission.clone() linked=staff/>
            </section>
            <section class="card" aria-labelledby="stays-heading">
                <h2 id="stays-heading">"Beds"</h2>
                <StayTimeline stays=admission.stays.clone()/>
            </section>
        </div>
        {admission.discharge.clone().map(|discharge| view! {
            <section aria-labelledby="discharge-heading">
                <h2 id="discharge-heading">"Discharge"</h2>
                <DischargeFacts discharge/>
            </section>
        })}
        {(staff && active).then(|| view! {
            <div class="admission-actions">
                <section class="card" aria-labelledby="transfer-heading">
                    <h2 id="transfer-heading">"Move to another bed"</h2>
                    <TransferForm admission=admission.clone() on_done=changed/>
                </section>
                <section class="card" aria-labelledby="discharge-form-heading">
                    <h2 id="discharge-form-heading">"Discharge"</h2>
                    <DischargeForm admission=admission.clone() on_done=changed/>
                </section>
            </div>
        })}
    }
}
