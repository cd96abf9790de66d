//! How quickly patients' messages are answered: the threads waiting for a
//! doctor's reply, those past the reply time, those with an urgent message
//! not acknowledged, and the list of those that need attention. Who and how
//! long only: admins never see a subject or a message's words.

use leptos::prelude::*;
use medtrack_shared::messaging::{MessagingOverview, WaitingThread};

use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The messages page of admins.
#[component]
pub fn MessagingPage() -> impl IntoView {
    let overview = Loader::new(|api| api.messaging_overview());
    view! {
        <h1>"Messages"</h1>
        <p class="lead">"How quickly patients' messages are answered. You see who waits and for how long, never a subject or what anyone wrote."</p>
        <Loaded from=overview what="the messages overview" let:overview>
            <Figures overview=overview.clone()/>
            <h2 id="attention-heading">"Needing attention"</h2>
            <p class="hint">"Conversations past the doctor's reply time, and those with an urgent message the doctor has not acknowledged; the longest waiting first."</p>
            <Attention items=overview.attention/>
        </Loaded>
    }
}

/// The three counts as tiles.
#[component]
fn Figures(overview: MessagingOverview) -> impl IntoView {
    let tile = |figure: u32, label: &'static str, alert: bool, testid: &'static str| {
        view! {
            <li>
                <div class="tile" data-testid=testid>
                    <span class="figure" class:alert=alert>{figure.to_string()}</span>
                    <span class="label">{label}</span>
                </div>
            </li>
        }
    };
    view! {
        <ul class="tiles" aria-label="Messages now">
            {tile(overview.waiting, "conversations waiting for a doctor's reply", false, "waiting-figure")}
            {tile(overview.overdue, "of them past the reply time", overview.overdue > 0, "overdue-figure")}
            {tile(overview.urgent, "of them urgent and not acknowledged", overview.urgent > 0, "urgent-figure")}
        </ul>
    }
}

/// The threads that need attention, as a table (cards on a phone).
#[component]
fn Attention(items: Vec<WaitingThread>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="empty" data-testid="attention-empty">"No conversation is overdue or urgent."</p> }
            .into_any();
    }
    let zone = use_session().zone();
    view! {
        <table class="table attention" aria-labelledby="attention-heading" data-testid="attention">
            <thead>
                <tr>
                    <th scope="col">"Patient"</th>
                    <th scope="col">"Doctor"</th>
                    <th scope="col">"Waiting since"</th>
                    <th scope="col">"Reply due"</th>
                    <th scope="col">"Urgent"</th>
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|item| {
                    let waiting = item.waiting;
                    view! {
                        <tr data-testid="attention-row">
                            <td data-label="Patient"><a href=format!("/patients/{}", item.patient.id)>{item.patient.name.clone()}</a></td>
                            <td data-label="Doctor">{item.doctor.name.clone()}</td>
                            <td data-label="Waiting since">{format::when(waiting.since, &zone)}</td>
                            <td data-label="Reply due">{format::when(waiting.due, &zone)}
                                {waiting.overdue.then(|| view! { " " <span class="badge alert">"Overdue"</span> })}</td>
                            <td data-label="Urgent">{if item.urgent {
                                view! { <span class="badge alert" data-testid="attention-urgent">"Urgent"</span> }.into_any()
                            } else {
                                view! { "No" }.into_any()
                            }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
