//! Signing in, with the authenticator step for accounts that have it.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use medtrack_shared::{rules, ErrorCode};

use crate::api;
use crate::components::action::{Act, Failure};
use crate::components::form::Field;
use crate::state::session::use_session;

/// The sign-in page.
#[component]
pub fn SignIn() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let needs_code = RwSignal::new(false);
    let act = Act::new();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code_given = needs_code.get_untracked().then(|| code.get_untracked());
        let (email, password) = (email.get_untracked(), password.get_untracked());
        let work = async move {
            match api::auth::login(&email, &password, code_given).await {
                Ok(tokens) => session.start(tokens).await.map(|()| true),
                Err(e) if e.code() == Some(ErrorCode::TwoFactorRequired) => Ok(false),
                Err(e) => Err(e),
            }
        };
        let navigate = navigate.clone();
        act.run(work, move |signed_in| {
            if signed_in {
                navigate("/dashboard", Default::default());
            } else {
                needs_code.set(true);
            }
        });
    };

    view! {
        <h1>"Sign in"</h1>
        <form class="form" on:submit=submit novalidate>
            <Field label="Email" id="email" kind="email" autocomplete="username" max=rules::MAX_EMAIL_CHARS value=email/>
            <Field label="Password" id="password" kind="password" autocomplete="current-password" max=rules::MAX_PASSWORD_CHARS value=password/>
            <p class="aside"><a href="/forgot-password">"Forgot password?"</a></p>
            <Show when=move || needs_code.get()>
                <Field
                    label="Code from your authenticator app"
                    id="two-factor-code"
                    autocomplete="one-time-code"
                    hint="Six digits from the app, or one of your recovery codes."
                    max=rules::MAX_CODE_CHARS
                    value=code
                />
            </Show>
            <Failure act/>
            <button type="submit" disabled=move || act.pending()>"Sign in"</button>
        </form>
        <p>"New to MedTrack? " <a href="/register">"Create an account"</a></p>
    }
}
