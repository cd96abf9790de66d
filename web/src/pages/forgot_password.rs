//! A forgotten password: the address to send a reset link to. The answer
//! never says whether the address has an account.

use leptos::prelude::*;
use medtrack_shared::account::PasswordResetRequest;
use medtrack_shared::rules;

use crate::api;
use crate::components::action::{Act, Failure};
use crate::components::form::{Field, Problems};

/// The forgot-password page.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let sent_to = RwSignal::new(None::<String>);
    let problems = Problems::new();
    let act = Act::new();
    let email_error = problems.of("email", "Email");

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let request = PasswordResetRequest {
            email: email.get_untracked().trim().to_owned(),
        };
        if let Err(errors) = request.check() {
            return act.fail(problems.found(errors));
        }
        let address = request.email.clone();
        let asked = async move {
            api::auth::request_password_reset(request.email)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(asked, move |()| sent_to.set(Some(address)));
    };

    view! {
        <h1>"Forgot your password?"</h1>
        {move || match sent_to.get() {
            Some(address) => view! {
                <div class="notice" role="status" data-testid="reset-sent">
                    <p><strong>{format!("If an account exists for {address}, we sent it a link to choose a new password.")}</strong></p>
                    <p>"The link works once, for 30 minutes. If nothing arrives, look in your spam folder, check the address, or ask again in a minute."</p>
                </div>
                <p class="actions">
                    <a href="/signin">"Back to sign in"</a>
                    " · "
                    <button type="button" class="link-inline" on:click=move |_| sent_to.set(None)>"Use another address"</button>
                </p>
            }
            .into_any(),
            None => view! {
                <p class="lead">"Enter the email address you sign in with. If it has an account, we email it a link to choose a new password."</p>
                <form class="form" on:submit=submit novalidate>
                    <Field label="Email" id="email" kind="email" autocomplete="username" max=rules::MAX_EMAIL_CHARS value=email error=email_error/>
                    <Failure act/>
                    <button type="submit" disabled=move || act.pending()>"Send me a link"</button>
                </form>
                <p>"Remembered it? " <a href="/signin">"Sign in"</a></p>
            }
            .into_any(),
        }}
    }
}
