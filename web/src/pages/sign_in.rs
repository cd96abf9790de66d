//! Signing in, with the authenticator step for accounts that have it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api;
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
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        busy.set(true);
        error.set(None);
        let code_given = needs_code.get_untracked().then(|| code.get_untracked());
        spawn_local(async move {
            let result = api::auth::login(
                &email.get_untracked(),
                &password.get_untracked(),
                code_given,
            )
            .await;
            match result {
                Ok(tokens) => match session.start(tokens).await {
                    Ok(()) => navigate("/dashboard", Default::default()),
                    Err(e) => error.set(Some(e.to_string())),
                },
                Err(e) if e.code() == Some("two_factor_required") => needs_code.set(true),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };

    view! {
        <h1>"Sign in"</h1>
        <form class="form" on:submit=submit novalidate>
            <Field label="Email" id="email" kind="email" autocomplete="username" value=email/>
            <Field label="Password" id="password" kind="password" autocomplete="current-password" value=password/>
            <Show when=move || needs_code.get()>
                <Field
                    label="Code from your authenticator app"
                    id="two-factor-code"
                    autocomplete="one-time-code"
                    hint="Six digits from the app, or one of your recovery codes."
                    value=code

                />
            </Show>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <button type="submit" disabled=move || busy.get()>"Sign in"</button>
        </form>
        <p>"New to MedTrack? " <a href="/register">"Create an account"</a></p>
    }
}
