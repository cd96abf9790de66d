//! Requests for blood as a table (cards on a phone): the patient, the
//! doctor, what and how many, how soon, when, and where each stands, each
//! linking to its page.

use leptos::prelude::*;
use medtrack_shared::blood::requests::BloodRequest;

use super::{units, RequestBadge, UrgencyBadge};
use crate::format;
use crate::state::session::use_session;

/// The page of a request.
pub fn request_href(request: &BloodRequest) -> String {
    format!("/blood/requests/{}", request.id)
}

/// What a request asks for and holds: `2 of 3 units reserved`.
pub fn progress(request: &BloodRequest) -> String {
    let asked = u64::from(request.units);
    let reserved = request.reserved.len() as u64;
    let issued = request.issued.len() as u64;
    match (reserved, issued) {
        (0, 0) => units(asked),
        (r, 0) => format!("{r} of {} reserved", units(asked)),
        (0, i) => format!("{i} of {} issued", units(asked)),
        (r, i) => format!("{i} of {} issued, {r} reserved", units(asked)),
    }
}

/// `items` as a table; `empty` when there are none. The doctor is named
/// when `doctors` (the admins' lists).
#[component]
pub fn RequestTable(
    items: Vec<BloodRequest>,
    #[prop(default = false)] doctors: bool,
    empty: &'static str,
    #[prop(into)] testid: String,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="empty" data-testid=format!("{testid}-empty")>{empty}</p> }
            .into_any();
    }
    let zone = use_session().zone();
    view! {
        <table class="table requests-table grid-cards" data-testid=testid>
            <thead>
                <tr>
                    <th scope="col">"Patient"</th>
                    {doctors.then(|| view! { <th scope="col">"Doctor"</th> })}
                    <th scope="col">"Component"</th>
                    <th scope="col">"Units"</th>
                    <th scope="col">"Urgency"</th>
                    <th scope="col">"Requested"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|request| view! {
                    <tr data-testid="request-row" data-id=request.id.to_string()>
                        <th scope="row" data-label="Patient">
                            <a href=request_href(&request) aria-label=format!("Request for {}: {}, {}", request.patient.name,
                                request.component.label().to_lowercase(), units(request.units))>{request.patient.name.clone()}</a>
                        </th>
                        {doctors.then(|| view! { <td data-label="Doctor">{request.doctor.name.clone()}</td> })}
                        <td data-label="Component">{request.component.label()}</td>
                        <td data-label="Units">{progress(&request)}</td>
                        <td data-label="Urgency"><UrgencyBadge urgency=request.urgency/></td>
                        <td data-label="Requested">{format::when(request.created_at, &zone)}</td>
                        <td data-label="Status"><RequestBadge state=request.state/></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
