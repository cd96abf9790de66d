//! What a request page shows of the request: its facts, the patient's
//! confirmed group (or that there is none), the units held for it or
//! issued to it with their expiry and hold, and the exceptions taken with
//! their reasons.

use leptos::prelude::*;
use medtrack_shared::blood::requests::{BloodRequest, CrossmatchMethod, RequestDetail, Typing};
use medtrack_shared::blood::units::{Unit, UnitState};

use super::request_list::progress;
use super::units::unit_label;
use super::{explain, group_name, units, RequestBadge, UnitBadge, UrgencyBadge};
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::format;
use crate::state::session::use_session;

/// A crossmatch's method in words.
pub fn method_label(method: CrossmatchMethod) -> &'static str {
    match method {
        CrossmatchMethod::Crossmatch => "Crossmatch",
        CrossmatchMethod::AntibodyScreen => "Antibody screen",
    }
}

/// The request's facts.
#[component]
pub fn RequestFacts(request: BloodRequest) -> impl IntoView {
    let zone = use_session().zone();
    let crossmatch = match request.crossmatches.last() {
        Some(found) => format!(
            "{}: {} for {}, recorded by {}, {}",
            method_label(found.method),
            if found.compatible {
                "compatible"
            } else {
                "incompatible"
            },
            units(found.units.len() as u64),
            found.by.name,
            format::when(found.at, &zone)
        ),
        None if request.component.needs_crossmatch() => "None recorded yet".to_owned(),
        None => format!(
            "Not needed for {}",
            request.component.label().to_lowercase()
        ),
    };
    view! {
        <dl class="facts request-facts" data-testid="request-facts">
            <dt>"Patient"</dt>
            <dd><a href=format!("/patients/{}", request.patient.id) data-testid="request-patient">{request.patient.name.clone()}</a></dd>
            <dt>"Requested by"</dt><dd>{request.doctor.name.clone()}</dd>
            <dt>"Needed"</dt><dd data-testid="request-needed">{format!("{}: {}", request.component.label(), progress(&request))}</dd>
            <dt>"Urgency"</dt><dd><UrgencyBadge urgency=request.urgency/></dd>
            <dt>"Indication"</dt><dd class="message-body">{request.indication.clone()}</dd>
            <dt>"Requested"</dt><dd>{format::when(request.created_at, &zone)}</dd>
            <dt>"Status"</dt><dd><RequestBadge state=request.state/></dd>
            {request.hold_until.map(|until| view! {
                <dt>"Held until"</dt><dd data-testid="hold-until">{format!("{} ({})", format::when(until, &zone), format::relative(until))}</dd>
            })}
            <dt>"Crossmatch"</dt><dd data-testid="crossmatch">{crossmatch}</dd>
        </dl>
    }
}

/// The patient's confirmed group, or a warning that there is none.
#[component]
pub fn TypingNotice(typing: Option<Typing>, patient: medtrack_shared::UserId) -> impl IntoView {
    match typing {
        Some(typing) => view! {
            <p class="typing" data-testid="request-typing">
                <span class="blood-group-big" data-testid="typing-group">{group_name(typing.group)}</span>
                <span>{format!("The patient's confirmed group, tested on {}.", format::date(typing.tested_on))}</span>
            </p>
        }
        .into_any(),
        None => view! {
            <div class="notice warning" role="status" data-testid="no-typing">
                <p><strong>"No confirmed blood group yet."</strong>" Only universal units may go out, in an emergency and with a reason. "
                    <a href=format!("/patients/{patient}#blood-group-heading")>"Record the group on the patient's record"</a>"."</p>
            </div>
        }
        .into_any(),
    }
}

/// The units held for the request or issued to it; an admin may return an
/// issued unit that came back unused.
#[component]
pub fn HeldUnits(
    detail: RequestDetail,
    admin: bool,
    /// Told once a unit is back in stock.
    on_return: Callback<String>,
) -> impl IntoView {
    if detail.units.is_empty() {
        return view! { <p class="empty" data-testid="held-empty">"No units are held for this request yet."</p> }.into_any();
    }
    let zone = use_session().zone();
    view! {
        <table class="table held-table grid-cards" data-testid="held-units">
            <thead><tr>
                <th scope="col">"Unit"</th>
                <th scope="col">"Group"</th>
                <th scope="col">"Status"</th>
                <th scope="col">"Expires"</th>
                <th scope="col">"Held until"</th>
                {admin.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
            </tr></thead>
            <tbody>
                {detail.units.into_iter().map(|unit| {
                    let zone = zone.clone();
                    view! {
                        <tr data-testid="held-unit" data-number=unit.donation_number.clone()>
                            <th scope="row" data-label="Unit">{unit_label(&unit)}</th>
                            <td data-label="Group">{group_name(unit.group)}</td>
                            <td data-label="Status"><UnitBadge state=unit.state/></td>
                            <td data-label="Expires">{format::when(unit.expires_at, &zone)}</td>
                            <td data-label="Held until">{unit.hold_until.filter(|_| unit.state == UnitState::Reserved)
                                .map(|until| format::when(until, &zone)).unwrap_or_else(|| "—".to_owned())}</td>
                            {admin.then(|| view! { <td class="wide"><ReturnButton unit=unit.clone() on_return/></td> })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// "Return to stock" for an issued unit that came back unused.
#[component]
fn ReturnButton(unit: Unit, on_return: Callback<String>) -> impl IntoView {
    if unit.state != UnitState::Issued {
        return ().into_any();
    }
    let api = use_api();
    let act = Act::new();
    let id = unit.id;
    let label = unit_label(&unit);
    let aria = format!("Return {label} to stock");
    let back = move |_| {
        let label = label.clone();
        let sent = async move { api.return_unit(id).await.map_err(|e| explain(&e)) };
        act.run(sent, move |_| {
            on_return.run(format!("{label} is back in stock."))
        });
    };
    view! {
        <button type="button" class="link" aria-label=aria disabled=move || act.pending() on:click=back>"Return to stock"</button>
        <Failure act/>
    }
    .into_any()
}

/// The exceptions taken for the request, with their reasons.
#[component]
pub fn Exceptions(detail: RequestDetail) -> impl IntoView {
    let request = detail.request;
    if request.exceptions.is_empty() {
        return ().into_any();
    }
    let zone = use_session().zone();
    let name_of = |id: medtrack_shared::UnitId| {
        detail
            .units
            .iter()
            .find(|u| u.id == id)
            .map(unit_label)
            .unwrap_or_else(|| "A unit".to_owned())
    };
    view! {
        <section aria-labelledby="exceptions-heading" data-testid="exceptions">
            <h2 id="exceptions-heading">"Exceptions taken"</h2>
            <ul class="exceptions-taken">
                {request.exceptions.iter().map(|taken| view! {
                    <li>
                        <strong>{format!("{}: ", name_of(taken.unit))}</strong>
                        {taken.exception.label()}
                        <span class="reason">{format!(" Reason: “{}” ({}, {})", taken.reason, taken.by.name, format::when(taken.at, &zone))}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
