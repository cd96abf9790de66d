//! The doctor's blood requests: a new request for one of their patients
//! (given by `?patient=` when the page is opened from a record), and their
//! requests, newest first, each leading to its page.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use medtrack_shared::UserId;

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::blood::{NewRequestForm, RequestTable};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};

/// The doctor's Blood page.
#[component]
pub fn DoctorBloodPage() -> impl IntoView {
    let api = use_api();
    let given =
        use_query_map().with_untracked(|q| q.get("patient").and_then(|p| p.parse::<UserId>().ok()));
    let requests = Loader::new(|api| api.blood_requests(None, None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.blood_requests(None, Some(cursor)), move |page| {
            requests.append(page)
        });
    };
    view! {
        <h1>"Blood"</h1>
        <p class="lead">"Ask the blood bank for units for a patient. Units are matched to the patient's confirmed blood group, which you record on their record."</p>
        <div class="blood-doctor">
            <section class="card" aria-labelledby="new-request-heading">
                <h2 id="new-request-heading">"New request"</h2>
                <NewRequestForm given/>
            </section>
            <section aria-labelledby="my-requests-heading">
                <h2 id="my-requests-heading">"My requests"</h2>
                <Loaded from=requests what="your requests" let:page>
                    <RequestTable items=page.items testid="my-requests"
                        empty="No requests yet. A request you send appears here with where it stands."/>
                    <ShowMore cursor=page.next_cursor act=more show_more/>
                </Loaded>
                <Failure act=more/>
            </section>
        </div>
    }
}
