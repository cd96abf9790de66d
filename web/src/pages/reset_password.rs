//! Choosing a new password from the emailed reset link
//! (`/reset-password#token=…`): the new password twice, then sign in.

use leptos::prelude::*;
use medtrack_shared::account::PasswordReset;
use medtrack_shared::{rules, FieldErrors, ValidationError};

use crate::api;
use crate::components::action::{Act, Failure};
use crate::components::form::{Field, Problems};
use crate::components::strength::StrengthMeter;
use crate::pages::emailed_link::{on_new_link, take_token, LinkProblem};
use crate::state::session::use_session;

/// The reset-password page.
#[component]
pub fn ResetPassword() -> impl IntoView {
    let token = RwSignal::new(take_token());
    on_new_link(move |fresh| token.set(Some(fresh)));
    view! {
        <h1>"Choose a new password"</h1>
        {move || match token.get() {
            Some(token) => view! { <NewPassword token/> }.into_any(),
            None => view! {
                <LinkProblem what="This page opens from the link in the email we sent, and the link is missing or incomplete.">
                    <p>"Open the link from the email again, or ask for a new one."</p>
                    <p><a href="/forgot-password">"Ask for a new link"</a></p>
                </LinkProblem>
            }
            .into_any(),
        }}
    }
}

/// Where the form stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Choosing,
    /// The link expired or was used.
    DeadLink,
    Done,
}

#[component]
fn NewPassword(token: String) -> AnyView {
    let session = use_session();
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let stage = RwSignal::new(Stage::Choosing);
    let problems = Problems::new();
    let act = Act::new();
    let password_error = problems.of("new_password", "The new password");
    let again_error = problems.of("confirm_password", "The repeated password");
    let token = StoredValue::new(token);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let reset = PasswordReset {
            token: token.get_value(),
            new_password: password.get_untracked(),
        };
        let mut errors = FieldErrors::default();
        if let Err(error) = rules::password(&reset.new_password, &[]) {
            errors.add("new_password", error);
        }
        if again.get_untracked() != reset.new_password {
            let error = ValidationError::new("does not match the new password");
            errors.add("confirm_password", error);
        }
        if let Err(more) = reset.check() {
            for (field, message) in more.into_map() {
                errors.add(&field, ValidationError::new(message));
            }
        }
        if !errors.is_empty() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api::auth::reset_password(reset.token, reset.new_password)
                .await
                .map_err(|e| {
                    if e.field("token").is_some() {
                        stage.set(Stage::DeadLink);
                    }
                    problems.refused(e)
                })
        };
        act.run(sent, move |()| {
            stage.set(Stage::Done);
            // Every session ended on the server, this browser's too.
            if session.token().is_some() {
                session.sign_out();
            }
        });
    };

    (move || match stage.get() {
        Stage::Done => view! {
            <div class="notice done" role="status" data-testid="reset-done">
                <p><strong>"Your password is changed."</strong></p>
                <p>"For your safety you are signed out everywhere. Sign in with the new password; we also emailed you that it changed."</p>
            </div>
            <p class="actions"><a class="button" href="/signin">"Sign in"</a></p>
        }
        .into_any(),
        Stage::DeadLink => view! {
            <LinkProblem what="This link has expired or was already used.">
                <p>"A reset link works once, for 30 minutes. Ask for a new one; the newest link is the one that works."</p>
                <p><a href="/forgot-password">"Ask for a new link"</a></p>
            </LinkProblem>
        }
        .into_any(),
        Stage::Choosing => view! {
            <p class="lead">"Choose a new password for your MedTrack account. Signing in anywhere else ends once it is changed."</p>
            <form class="form" on:submit=submit novalidate>
                <Field
                    label="New password"
                    id="new-password"
                    kind="password"
                    autocomplete="new-password"
                    hint="At least 12 characters. A few unrelated words make a strong one."
                    max=rules::MAX_PASSWORD_CHARS
                    value=password
                    error=password_error
                />
                <StrengthMeter password/>
                <Field
                    label="New password again"
                    id="confirm-password"
                    kind="password"
                    autocomplete="new-password"
                    max=rules::MAX_PASSWORD_CHARS
                    value=again
                    error=again_error
                />
                <Failure act/>
                <button type="submit" disabled=move || act.pending()>"Set the new password"</button>
            </form>
        }
        .into_any(),
    })
    .into_any()
}
