//! Confirming an email address from the emailed link
//! (`/confirm-email#token=…`): the page sends the link's secret at once and
//! says how it went. A link that no longer works offers a new one to
//! whoever is signed in.

use leptos::prelude::*;

use crate::api;
use crate::components::action::Act;
use crate::components::email::{remember_confirmed, ResendLink};
use crate::components::status::{LoadError, Loading};
use crate::pages::emailed_link::{on_new_link, take_token, LinkProblem};
use crate::state::session::use_session;

/// Where the confirmation stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    Confirming,
    Confirmed,
    /// The link carries no secret.
    Missing,
    /// The link expired, was used, or a newer one replaced it.
    DeadLink,
    /// The server could not be asked, or failed.
    Failed(String),
}

/// The confirm-email page.
#[component]
pub fn ConfirmEmail() -> impl IntoView {
    let session = use_session();
    let token = StoredValue::new(take_token());
    let stage = RwSignal::new(Stage::Confirming);
    let act = Act::new();
    let confirm = move || {
        let Some(token) = token.get_value() else {
            stage.set(Stage::Missing);
            return;
        };
        stage.set(Stage::Confirming);
        let sent = async move {
            match api::auth::confirm_email(token).await {
                Ok(()) => Ok(Stage::Confirmed),
                Err(e) if e.field("token").is_some() => Ok(Stage::DeadLink),
                Err(e) => Ok::<_, String>(Stage::Failed(e.to_string())),
            }
        };
        act.run(sent, move |reached| {
            if reached == Stage::Confirmed {
                remember_confirmed(session);
            }
            stage.set(reached);
        });
    };
    confirm();
    on_new_link(move |fresh| {
        token.set_value(Some(fresh));
        confirm();
    });

    view! {
        <h1>"Confirm your email address"</h1>
        {move || match stage.get() {
            Stage::Confirming => view! { <Loading what="the confirmation of your address"/> }.into_any(),
            Stage::Confirmed => view! { <Confirmed/> }.into_any(),
            Stage::Missing => view! {
                <LinkProblem what="This page opens from the link in the email we sent, and the link is missing or incomplete.">
                    <p>"Open the link from the email again."</p>
                    <Remedy/>
                </LinkProblem>
            }.into_any(),
            Stage::DeadLink => view! {
                <LinkProblem what="This link has expired or was already used.">
                    <p>"A confirmation link works once, for 48 hours, and only the newest one works."</p>
                    <Remedy/>
                </LinkProblem>
            }.into_any(),
            Stage::Failed(message) => view! { <LoadError message on_retry=confirm/> }.into_any(),
        }}
    }
}

#[component]
fn Confirmed() -> impl IntoView {
    let session = use_session();
    view! {
        <div class="notice done" role="status" data-testid="email-confirmed">
            <p><strong>"Your email address is confirmed."</strong></p>
            <p>"MedTrack can now email you reminders and alerts, as your notification settings say."</p>
        </div>
        <p class="actions">
            {move || if session.signed_in.get() == Some(true) {
                view! { <a href="/dashboard">"Go to your dashboard"</a> }.into_any()
            } else {
                view! { <a class="button" href="/signin">"Sign in"</a> }.into_any()
            }}
        </p>
    }
}

/// What to do about a link that does not work: ask for a new one when
/// signed in (unless the address is confirmed already), sign in otherwise.
#[component]
fn Remedy() -> impl IntoView {
    let session = use_session();
    let confirmed = RwSignal::new(false);
    move || {
        match session.signed_in.get() {
        None => view! { <Loading what="your account"/> }.into_any(),
        Some(false) => view! {
            <p>"Sign in, then ask for a new link on your account page."</p>
            <p><a class="button" href="/signin">"Sign in"</a></p>
        }
        .into_any(),
        Some(true) => match session.me() {
            Some(me) if me.email_verified || confirmed.get_untracked() => view! {
                <p data-testid="already-confirmed">"Your address is confirmed already: there is nothing more to do."</p>
                <p><a href="/dashboard">"Go to your dashboard"</a></p>
            }
            .into_any(),
            me => view! {
                <p>"Ask for a new link below; it goes to your address."</p>
                <ResendLink
                    address=me.map(|me| me.email).unwrap_or_default()
                    on_confirmed=Callback::new(move |()| confirmed.set(true))
                />
            }
            .into_any(),
        },
    }
    }
}
