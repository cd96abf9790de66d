//! The admins' view of deliveries: notifications and scheduled jobs given up
//! on, each with a retry button, and what the development sink kept instead
//! of sending.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::delivery::{DeadLetter, SentMessage, StoppedJob};
use medtrack_shared::Page;

use crate::api;
use crate::components::status::{load_with_token, LoadError, Loading};
use crate::state::session::{require_sign_in, use_session};
use crate::time;

/// The deliveries page.
#[component]
pub fn DeliveriesPage() -> impl IntoView {
    require_sign_in();
    let (dead, reload_dead) =
        load_with_token(|token| async move { api::delivery::dead_letters(&token, None).await });
    let (jobs, reload_jobs) =
        load_with_token(|token| async move { api::delivery::stopped_jobs(&token, None).await });
    let (sent, reload_sent) =
        load_with_token(|token| async move { api::delivery::sent_messages(&token, None).await });
    view! {
        <h1>"Deliveries"</h1>
        <h2>"Dead letters"</h2>
        <p class="hint">"Email and text messages that failed every try. Send one again once the cause is fixed."</p>
        {move || match dead.get() {
            None => view! { <Loading what="dead letters"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload_dead/> }.into_any(),
            Some(Ok(page)) => view! { <DeadLetters page on_retry=reload_dead/> }.into_any(),
        }}
        <h2>"Stopped jobs"</h2>
        <p class="hint">"Reminders and checks that failed every try. Run one again once the cause is fixed."</p>
        {move || match jobs.get() {
            None => view! { <Loading what="stopped jobs"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload_jobs/> }.into_any(),
            Some(Ok(page)) => view! { <StoppedJobs page on_retry=reload_jobs/> }.into_any(),
        }}
        <h2>"Development sink"</h2>
        <p class="hint">"With no SNS configured, email and text messages stop here, newest first."</p>
        <p><button class="secondary" on:click=move |_| reload_sent()>"Refresh"</button></p>
        {move || match sent.get() {
            None => view! { <Loading what="kept messages"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload_sent/> }.into_any(),
            Some(Ok(page)) => view! { <Sent page/> }.into_any(),
        }}
    }
}

fn zone() -> String {
    use_session().zone()
}

#[component]
fn DeadLetters(
    page: Page<DeadLetter>,
    on_retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let message = RwSignal::new(None::<String>);
    if page.items.is_empty() {
        return view! { <p data-testid="no-dead-letters">"None."</p> }.into_any();
    }
    let zone = zone();
    view! {
        <p class="status" role="status">{move || message.get()}</p>
        <table data-testid="dead-letters">
            <thead>
                <tr><th scope="col">"Given up"</th><th scope="col">"Event"</th><th scope="col">"Channel"</th><th scope="col">"Tries"</th><th scope="col">"Last error"</th><th scope="col">"Action"</th></tr>
            </thead>
            <tbody>
                {page.items.into_iter().map(|letter| {
                    let (id, channel) = (letter.notification, letter.channel);
                    let retry = move |_| {
                        spawn_local(async move {
                            let Some(token) = session.token() else { return };
                            match api::delivery::retry(&token, &id, channel).await {
                                Ok(()) => {
                                    message.set(Some("Queued again.".into()));
                                    on_retry();
                                }
                                Err(error) => message.set(Some(error.to_string())),
                            }
                        });
                    };
                    view! {
                        <tr>
                            <td>{time::local(letter.died_at, &zone)}</td>
                            <td>{letter.event.clone()}</td>
                            <td>{channel.as_str()}</td>
                            <td>{letter.attempts}</td>
                            <td>{letter.error.clone()}</td>
                            <td><button class="secondary" on:click=retry>"Retry"</button></td>
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
    let session = use_session();
    let message = RwSignal::new(None::<String>);
    if page.items.is_empty() {
        return view! { <p data-testid="no-stopped-jobs">"None."</p> }.into_any();
    }
    let zone = zone();
    view! {
        <p class="status" role="status">{move || message.get()}</p>
        <table data-testid="stopped-jobs">
            <thead>
                <tr><th scope="col">"Stopped"</th><th scope="col">"Job"</th><th scope="col">"Was due"</th><th scope="col">"Tries"</th><th scope="col">"Last error"</th><th scope="col">"Action"</th></tr>
            </thead>
            <tbody>
                {page.items.into_iter().map(|job| {
                    let id = job.id.clone();
                    let retry = move |_| {
                        let id = id.clone();
                        spawn_local(async move {
                            let Some(token) = session.token() else { return };
                            match api::delivery::retry_job(&token, &id).await {
                                Ok(()) => {
                                    message.set(Some("Scheduled again.".into()));
                                    on_retry();
                                }
                                Err(error) => message.set(Some(error.to_string())),
                            }
                        });
                    };
                    view! {
                        <tr>
                            <td>{time::local(job.stopped_at, &zone)}</td>
                            <td>{job.kind.replace('_', " ")}</td>
                            <td>{job.due_at.map(|at| time::local(at, &zone))}</td>
                            <td>{job.attempts}</td>
                            <td>{job.error.clone()}</td>
                            <td><button class="secondary" on:click=retry>"Run again"</button></td>
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
    let zone = zone();
    view! {
        <ul class="cards" data-testid="sink">
            {page.items.into_iter().map(|message| view! {
                <li class="card" data-channel=message.channel.as_str() data-event=message.event.clone()>
                    <h3>{format!("{} to {}", if message.channel == medtrack_shared::delivery::Channel::Sms { "Text" } else { "Email" }, message.to)}</h3>
                    {message.subject.clone().map(|s| view! { <p><strong>{s}</strong></p> })}
                    <p class="message-body">{message.body.clone()}</p>
                    <p class="hint">{format!("{} · {}", message.event, time::local(message.sent_at, &zone))}</p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
