//! The patient's dashboard: the way to their pages, today's doses and who
//! read their record.

use leptos::prelude::*;

use crate::components::doses::TodayDoses;
use crate::components::status::{Loaded, Loader};

/// The patient's part of the dashboard.
#[component]
pub fn PatientHome() -> impl IntoView {
    let entries = Loader::new(|api| async move { api.access_log().await.map(|page| page.items) });
    view! {
        <p class="actions">
            <a href="/doctors">"Book an appointment"</a>" · "
            <a href="/appointments">"My appointments"</a>" · "
            <a href="/history">"My medical history"</a>" · "
            <a href="/medications">"My medications"</a>
        </p>
        <TodayDoses/>
        <h2 id="access-log-heading">"Who accessed my record"</h2>
        <Loaded from=entries what="your access log" let:list>
            {if list.is_empty() {
                view! { <p data-testid="access-log-empty">"Nobody but you has opened your record."</p> }.into_any()
            } else {
                view! {
                    <ul class="cards" aria-labelledby="access-log-heading" data-testid="access-log">
                        {list.into_iter().map(|entry| view! {
                            <li class="card">
                                <h3>{entry.actor_name}</h3>
                                <p>{format!("{} · read your {} · {}", entry.actor_role.as_str(), entry.what, entry.at)}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loaded>
    }
}
