//! The admins' view of deliveries: notifications and scheduled jobs given up
//! on, each with a retry button, and what the development sink kept instead
//! of sending.

use leptos::prelude::*;
use medtrack_shared::delivery::{Channel, DeadLetter, SentMessage, StoppedJob};
use medtrack_shared::Page;

use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::status::{Loaded, Loader};
use crate::state::session::use_session;
use crate::time;

/// The deliveries page.
#[component]
pub fn DeliveriesPage() -> impl IntoView {
    let dead = Loader::new(|api| api.dead_letters(None));
    let jobs = Loader::new(|api| api.stopped_jobs(None));
    let sent = Loader::new(|api| api.sent_messages(None));
    view! {
        <h1>"Deliveries"</h1>
        <h2>"Dead letters"</h2>
        <p class="hint">"Email and text messages that failed every try. Send one again once the cause is fixed."</p>
        <Loaded from=dead what="dead letters" let:page>
            <DeadLetters page on_retry=move || dead.reload()/>
        </Loaded>
        <h2>"Stopped jobs"</h2>
        <p class="hint">"Reminders and checks that failed every try. Run one again once the cause is fixed."</p>
        <Loaded from=jobs what="stopped jobs" let:page>
            <StoppedJobs page on_retry=move || jobs.reload()/>
        </Loaded>
        <h2>"Development sink"</h2>
        <p class="hint">"With no SNS configured, email and text messages stop here, newest first."</p>
        <p><button class="secondary" on:click=move |_| sent.reload()>"Refresh"</button></p>
        <Loaded from=sent what="kept messages" let:page>
            <Sent page/>
        </Loaded>
    }
}

#[component]
fn DeadLetters(
    page: Page<DeadLetter>,
    on_retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p data-testid="no-dead-letters">"None."</p> }.into_any();
    }
    let api = use_api();
    let act = Act::new();
    let zone = use_session().zone();
    view! {
        <Outcome act/>
        <table data-testid="dead-letters">
            <thead>
                <tr><th scope="col">"Given up"</th><th scope="col">"Event"</th><th scope="col">"Channel"</th><th scope="col">"Tries"</th><th scope="col">"Last error"</th><th scope="col">"Action"</th></tr>
            </thead>
            <tbody>
                {page.items.into_iter().map(|letter| {
                    let (id, channel) = (letter.notification, letter.channel);
                    let retry = move |_| {
                        act.run(api.retry_dead_letter(id, channel), move |()| {
                            act.done("Queued again.");
                            on_retry();
                        })
                    };
                    view! {
                        <tr>
                            <td>{time::local(letter.died_at, &zone)}</td>
                            <td>{letter.event.clone()}</td>
                            <td>{channel.as_str()}</td>
                            <td>{letter.attempts}</td>
                            <td>{letter.error.clone()}</td>
                            <td><button class="secondary" disabled=move || act.pending() on:click=retry>"Retry"</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn StoppedJobs(
    page: Page<StoppedJob>,
    on_retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p data-testid="no-stopped-jobs">"None."</p> }.into_any();
    }
    let api = use_api();
    let act = Act::new();
    let zone = use_session().zone();
    view! {
        <Outcome act/>
        <table data-testid="stopped-jobs">
            <thead>
                <tr><th scope="col">"Stopped"</th><th scope="col">"Job"</th><th scope="col">"Was due"</th><th scope="col">"Tries"</th><th scope="col">"Last error"</th><th scope="col">"Action"</th></tr>
            </thead>
            <tbody>
                {page.items.into_iter().map(|job| {
                    let id = job.id.clone();
                    let retry = move |_| {
                        act.run(api.retry_job(id.clone()), move |()| {
                            act.done("Scheduled again.");
                            on_retry();
                        })
                    };
                    view! {
                        <tr>
                            <td>{time::local(job.stopped_at, &zone)}</td>
                            <td>{job.kind.replace('_', " ")}</td>
                            <td>{job.due_at.map(|at| time::local(at, &zone))}</td>
                            <td>{job.attempts}</td>
                            <td>{job.error.clone()}</td>
                            <td><button class="secondary" disabled=move || act.pending() on:click=retry>"Run again"</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn Sent(page: Page<SentMessage>) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p data-testid="sink-empty">"Nothing kept."</p> }.into_any();
    }
    let zone = use_session().zone();
    view! {
        <ul class="cards" data-testid="sink">
            {page.items.into_iter().map(|message| {
                let by = match message.channel {
                    Channel::Sms => "Text",
                    Channel::Email => "Email",
                    Channel::InApp => "In-app message",
                };
                view! {
                    <li class="card" data-channel=message.channel.as_str() data-event=message.event.clone()>
                        <h3>{format!("{by} to {}", message.to)}</h3>
                        {message.subject.clone().map(|s| view! { <p><strong>{s}</strong></p> })}
                        <p class="message-body">{message.body.clone()}</p>
                        <p class="hint">{format!("{} · {}", message.event, time::local(message.sent_at, &zone))}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
