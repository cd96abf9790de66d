//! The admins' view of deliveries: notifications and scheduled jobs given up
//! on, each with a retry button, and what the development sink kept instead
//! of sending.

use std::future::Future;

use leptos::prelude::*;
use medtrack_shared::delivery::{Channel, DeadLetter, SentMessage, StoppedJob};
use medtrack_shared::Page;

use crate::api::{use_api, Api, ApiError};
use crate::components::action::{Act, Outcome};
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

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
    let zone = use_session().zone();
    view! {
        <RetryTable
            items=page.items
            testid="dead-letters"
            empty_testid="no-dead-letters"
            headings=["Given up", "Event", "Channel", "Tries", "Last error"]
            cells=move |letter: DeadLetter| view! {
                <td data-label="Given up">{format::when(letter.died_at, &zone)}</td>
                <td data-label="Event">{letter.event}</td>
                <td data-label="Channel">{letter.channel.label()}</td>
                <td data-label="Tries">{letter.attempts}</td>
                <td data-label="Last error">{letter.error}</td>
            }
            button="Retry"
            done="Queued again."
            retry=|api: Api, letter: DeadLetter| api.retry_dead_letter(letter.notification, letter.channel)
            on_retry
        />
    }
}

#[component]
fn StoppedJobs(
    page: Page<StoppedJob>,
    on_retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let zone = use_session().zone();
    view! {
        <RetryTable
            items=page.items
            testid="stopped-jobs"
            empty_testid="no-stopped-jobs"
            headings=["Stopped", "Job", "Was due", "Tries", "Last error"]
            cells=move |job: StoppedJob| view! {
                <td data-label="Stopped">{format::when(job.stopped_at, &zone)}</td>
                <td data-label="Job">{job.kind.replace('_', " ")}</td>
                <td data-label="Was due">{job.due_at.map(|at| format::when(at, &zone))}</td>
                <td data-label="Tries">{job.attempts}</td>
                <td data-label="Last error">{job.error}</td>
            }
            button="Run again"
            done="Scheduled again."
            retry=|api: Api, job: StoppedJob| api.retry_job(job.id)
            on_retry
        />
    }
}

/// What was given up on, a row each (its `cells`, then a button that tries
/// it again with `retry`); how a retry went shows above the table, and the
/// list is read again (`on_retry`) once it worked.
#[component]
fn RetryTable<T, C, V, R, Fut>(
    items: Vec<T>,
    testid: &'static str,
    /// The test id of what is said when there is nothing.
    empty_testid: &'static str,
    /// The headings of the columns before the action's.
    headings: [&'static str; 5],
    cells: C,
    /// The button's label.
    button: &'static str,
    /// What to say once a retry worked.
    done: &'static str,
    retry: R,
    on_retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    C: Fn(T) -> V + 'static,
    V: IntoView + 'static,
    R: Fn(Api, T) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    if items.is_empty() {
        return view! { <p data-testid=empty_testid>"None."</p> }.into_any();
    }
    let api = use_api();
    let act = Act::new();
    view! {
        <Outcome act/>
        <table class="table" data-testid=testid>
            <thead>
                <tr>
                    {headings.map(|heading| view! { <th scope="col">{heading}</th> }).collect_view()}
                    <th scope="col">"Action"</th>
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|item| {
                    let again = item.clone();
                    let run = move |_| {
                        act.run(retry(api, again.clone()), move |()| {
                            act.done(done);
                            on_retry();
                        })
                    };
                    view! {
                        <tr>
                            {cells(item)}
                            <td><button class="secondary" disabled=move || act.pending() on:click=run>{button}</button></td>
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
                        <p class="hint">{format!("{} · {}", message.event, format::when(message.sent_at, &zone))}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
