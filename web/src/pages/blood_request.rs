//! A request for blood, for its doctor and the admins: the request, the
//! patient's confirmed group, the units held or issued, the units on offer
//! with how each suits the patient and their reservation, the crossmatch,
//! the issue (admins) and the cancellation. The read is in the patient's
//! access log.

use leptos::prelude::*;
use medtrack_shared::blood::requests::RequestDetail;
use medtrack_shared::blood::requests::RequestState;
use medtrack_shared::{BloodRequestId, Role};

use crate::components::action::{Act, Outcome};
use crate::components::blood::{
    units, CancelRequest, CrossmatchForm, Exceptions, HeldUnits, IssueForm, RequestFacts,
    ReserveForm, TypingNotice,
};
use crate::components::status::{Loaded, Loader};
use crate::state::session::use_session;

/// The request page.
#[component]
pub fn BloodRequestPage() -> impl IntoView {
    let admin = use_session().me().is_some_and(|me| me.role == Role::Admin);
    let detail = Loader::by_route_id(|api, id: BloodRequestId| api.blood_request(id));
    let told = Act::new();
    let changed = Callback::new(move |(fresh, said): (RequestDetail, String)| {
        detail.set(fresh);
        told.done(said);
    });
    let returned = Callback::new(move |said: String| {
        detail.reload();
        told.done(said);
    });
    let (back, back_label) = if admin {
        ("/admin/blood#requests-heading", "Blood bank")
    } else {
        ("/doctor/blood", "My blood requests")
    };
    view! {
        <p class="back"><a href=back>{back_label}</a></p>
        <Loaded from=detail what="the request" let:detail>
            <RequestView detail admin changed returned/>
        </Loaded>
        // After the page: the address of a request that is not one shows its error first.
        <Outcome act=told testid="request-told"/>
    }
}

#[component]
fn RequestView(
    detail: RequestDetail,
    admin: bool,
    changed: Callback<(RequestDetail, String)>,
    returned: Callback<String>,
) -> impl IntoView {
    let request = detail.request.clone();
    let live = request.state.is_live();
    let open = request.state == RequestState::Open;
    let held = live && !request.reserved.is_empty();
    let crossmatch = admin && held && request.component.needs_crossmatch();
    let typed_at = detail.typing.as_ref().map(|t| t.recorded_at);
    let held_units: Vec<_> = (detail.units.iter())
        .filter(|u| request.reserved.contains(&u.id))
        .cloned()
        .collect();
    let issue = admin && held;
    let title = format!("{} for {}", request.component.label(), request.patient.name);
    view! {
        <h1 data-testid="request-title">{title}</h1>
        <p class="lead">{format!("A request for {}.", units(request.units))}</p>
        <div class="request-grid">
            <section class="card" aria-labelledby="request-heading">
                <h2 id="request-heading">"The request"</h2>
                <RequestFacts request=request.clone()/>
            </section>
            <section class="card" aria-labelledby="typing-heading">
                <h2 id="typing-heading">"Patient's blood group"</h2>
                <TypingNotice typing=detail.typing.clone() patient=request.patient.id/>
            </section>
        </div>
        <section aria-labelledby="held-heading">
            <h2 id="held-heading">"Units held and issued"</h2>
            <HeldUnits detail=detail.clone() admin on_return=returned/>
            {(!admin && held).then(|| view! {
                <p class="hint" data-testid="waiting-issue">"The units are held for your patient; the blood bank crossmatches and issues them."</p>
            })}
        </section>
        <Exceptions detail=detail.clone()/>
        {open.then(|| view! {
            <section aria-labelledby="offer-heading" data-testid="offer">
                <h2 id="offer-heading">"Units on offer"</h2>
                <ReserveForm detail=detail.clone() on_done=changed/>
            </section>
        })}
        {crossmatch.then(|| view! {
            <section aria-labelledby="crossmatch-heading">
                <h2 id="crossmatch-heading">"Crossmatch"</h2>
                <p class="hint">"Red cells and whole blood are issued only after a compatible crossmatch or a negative antibody screen of the units held. A result covers the units held now; an incompatible one sends them back to stock, and they are not offered for this patient again."</p>
                <CrossmatchForm request=request.clone() held=held_units.clone() on_done=changed/>
            </section>
        })}
        {issue.then(|| view! {
            <section aria-labelledby="issue-heading">
                <h2 id="issue-heading">"Issue"</h2>
                <IssueForm request=request.clone() typed_at on_done=changed/>
            </section>
        })}
        {live.then(|| view! {
            <section aria-labelledby="cancel-heading">
                <h2 id="cancel-heading">"Cancel"</h2>
                <CancelRequest request=request.clone() on_done=changed/>
            </section>
        })}
    }
}
