//! An admission as people read it: its facts, every bed of the stay as a
//! timeline, and how it ended; and the "Hospital stays" panel of a
//! patient's record.

use jiff::Timestamp;
use leptos::prelude::*;
use medtrack_shared::wards::admissions::{Admission, AdmissionState, Discharge, Stay};
use medtrack_shared::UserId;

use super::{admission_href, stay_place, AdmissionBadge};
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The admission's facts: who, why, since when, until when expected, and
/// where the patient is (or was last).
#[component]
pub fn AdmissionFacts(
    admission: Admission,
    /// Whether the patient's name leads to their record (staff).
    #[prop(default = false)]
    linked: bool,
) -> impl IntoView {
    let zone = use_session().zone();
    let patient = admission.patient.clone();
    let place = admission.current().map(stay_place).unwrap_or_default();
    let where_label = match admission.state {
        AdmissionState::Active => "Now in",
        AdmissionState::Discharged => "Last bed",
    };
    view! {
        <dl class="facts admission-facts" data-testid="admission-facts">
            <dt>"Patient"</dt>
            <dd>{if linked {
                view! { <a href=format!("/patients/{}", patient.id)>{patient.name.clone()}</a> }.into_any()
            } else {
                view! { <span>{patient.name.clone()}</span> }.into_any()
            }}</dd>
            <dt>"Status"</dt><dd><AdmissionBadge state=admission.state/></dd>
            <dt>"Admitting doctor"</dt><dd data-testid="admitting-doctor">{admission.doctor.name.clone()}</dd>
            <dt>"Reason"</dt><dd data-testid="admission-reason">{admission.reason.clone()}</dd>
            <dt>"Admitted"</dt><dd>{format::when(admission.admitted_at, &zone)}</dd>
            <dt>"Expected discharge"</dt>
            <dd data-testid="expected-discharge">{admission.expected_discharge.map(format::date).unwrap_or_else(|| "Not given".to_owned())}</dd>
            <dt>{where_label}</dt><dd data-testid="admission-place">{place}</dd>
        </dl>
    }
}

/// Until when a stay lasted: only the time when it ended the day it began,
/// "now" while it goes on.
fn until_words(from: Timestamp, until: Option<Timestamp>, zone: &str) -> String {
    match until {
        Some(until) if format::day_of(until, zone) == format::day_of(from, zone) => {
            format::clock(until, zone)
        }
        Some(until) => format::when(until, zone),
        None => "now".to_owned(),
    }
}

/// Every bed of the stay, first to last, with when and who moved the
/// patient there, and why.
#[component]
pub fn StayTimeline(stays: Vec<Stay>) -> impl IntoView {
    let zone = use_session().zone();
    view! {
        <ol class="stay-timeline" data-testid="stays">
            {stays.into_iter().enumerate().map(|(at, stay)| {
                let kind = if at == 0 { "Admitted to" } else { "Moved to" };
                let current = stay.until.is_none();
                let until = until_words(stay.from, stay.until, &zone);
                view! {
                    <li class="stay" class:current=current data-testid="stay" data-current=current.to_string()>
                        <span class="stay-kind">{kind}</span>
                        <span class="stay-place">{stay_place(&stay)}</span>
                        <span class="hint">
                            <time datetime=stay.from.to_string()>{format::when(stay.from, &zone)}</time>
                            {format!(" – {until} · by {}", stay.by.name)}
                        </span>
                        {stay.reason.clone().map(|reason| view! { <span class="stay-reason">{reason}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// How the stay ended: the summary, where the patient went, when and by
/// whom.
#[component]
pub fn DischargeFacts(discharge: Discharge) -> impl IntoView {
    let zone = use_session().zone();
    view! {
        <div class="discharge" data-testid="discharge">
            <p class="discharge-summary" data-testid="discharge-summary">{discharge.summary.clone()}</p>
            <p class="hint">{format!("Went to: {} · discharged {} by {}", discharge.destination.label(),
                format::when(discharge.at, &zone), discharge.by.name)}</p>
        </div>
    }
}

/// The "Hospital stays" panel of `patient`'s record: every admission,
/// newest first.
#[component]
pub fn HospitalStays(patient: UserId) -> impl IntoView {
    let api = use_api();
    let stays = Loader::new(move |api| api.admissions_of(patient, None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.admissions_of(patient, Some(cursor)), move |page| {
            stays.append(page)
        });
    };
    view! {
        <section class="hospital-stays" aria-labelledby="stays-heading" data-testid="hospital-stays">
            <h2 id="stays-heading">"Hospital stays"</h2>
            <Loaded from=stays what="the hospital stays" let:page>
                {if page.items.is_empty() {
                    view! { <p class="empty" data-testid="no-stays">"No hospital stays."</p> }.into_any()
                } else {
                    view! {
                        <ul class="stay-cards">
                            {page.items.into_iter().map(|admission| view! { <StayCard admission/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <ShowMore cursor=page.next_cursor act=more show_more/>
            </Loaded>
            <Failure act=more/>
        </section>
    }
}

/// One admission on the record.
#[component]
fn StayCard(admission: Admission) -> impl IntoView {
    let zone = use_session().zone();
    let admitted = format::date_at(admission.admitted_at, &zone);
    let dates = match &admission.discharge {
        Some(discharge) => format!("{admitted} – {}", format::date_at(discharge.at, &zone)),
        None => format!("Since {admitted}"),
    };
    let place = admission.current().map(stay_place).unwrap_or_default();
    view! {
        <li class="card stay-card" data-testid="hospital-stay" data-state=admission.state.as_str()>
            <div class="stay-head">
                <h3><a href=admission_href(&admission)>{dates}</a></h3>
                <AdmissionBadge state=admission.state/>
            </div>
            <p data-testid="stay-place">{place}</p>
            <p class="reason">{admission.reason.clone()}</p>
            <p>{format!("Admitted by {}", admission.doctor.name)}</p>
            {admission.discharge.clone().map(|discharge| view! {
                <div class="stay-discharge">
                    <p class="reason" data-testid="stay-summary">{discharge.summary.clone()}</p>
                    <p>{format!("Went to: {}", discharge.destination.label())}</p>
                </div>
            })}
        </li>
    }
}
