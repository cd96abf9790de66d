//! The start page: what MedTrack is, and the specializations it covers.

use leptos::prelude::*;

use crate::api;
use crate::components::action::{Act, Failure};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};

/// The landing page.
#[component]
pub fn Landing() -> impl IntoView {
    // The catalogue is public: no sign-in, so the handle goes unused.
    let catalogue = Loader::new(|_| api::catalogue::specializations(None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(
            async move { api::catalogue::specializations(Some(&cursor)).await },
            move |page| catalogue.append(page),
        )
    };
    view! {
        <h1>"Care, appointments and medication in one place"</h1>
        <p class="lead">
            "MedTrack connects patients, doctors and clinic administrators. "
            "Find a doctor by specialization, follow your appointments and keep your medication on schedule."
        </p>
        <h2 id="specializations-heading">"Specializations"</h2>
        <Loaded from=catalogue what="specializations" let:page>
            <ul class="cards" aria-labelledby="specializations-heading" data-testid="specializations">
                {page.items.into_iter().map(|spec| view! {
                    <li class="card">
                        <h3>{spec.name}</h3>
                        <p>{spec.description}</p>
                    </li>
                }).collect_view()}
            </ul>
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}
