//! Whether the account's email address is confirmed, and the button that
//! sends a new confirmation link: on the account page, and on the page a
//! confirmation link opens when that link no longer works.

use leptos::prelude::*;
use medtrack_shared::{ErrorCode, Me, Role};

use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::state::session::{use_session, Session};

/// How asking for a new link ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resent {
    Sent,
    AlreadyConfirmed,
    /// A link went out less than a minute ago.
    TooSoon,
}

/// Records in the session that the address is confirmed.
pub fn remember_confirmed(session: Session) {
    session.current.update(|current| {
        if let Some(current) = current {
            current.me.email_verified = true;
        }
    });
}

/// "Send confirmation link again": 202 sent, 409 already confirmed
/// (`on_confirmed` runs), 429 a link went out less than a minute ago.
#[component]
pub fn ResendLink(
    /// The address the link goes to.
    address: String,
    /// Runs when the server says the address is confirmed already.
    on_confirmed: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let act = Act::new();
    let address = StoredValue::new(address);
    let send = move |_| {
        let asked = async move {
            match api.resend_confirmation().await {
                Ok(()) => Ok(Resent::Sent),
                Err(e) if e.code() == Some(ErrorCode::AlreadyConfirmed) => {
                    Ok(Resent::AlreadyConfirmed)
                }
                Err(e) if e.status() == Some(429) => Ok(Resent::TooSoon),
                Err(e) => Err(e.to_string()),
            }
        };
        act.run(asked, move |resent| match resent {
            Resent::Sent => act.done(format!(
                "We sent a new link to {}. It works once, for 48 hours; earlier links no longer work.",
                address.try_get_value().unwrap_or_default()
            )),
            Resent::TooSoon => act.done(
                "We sent you a link less than a minute ago. Look for it in your inbox and spam folder, or ask again in a minute.",
            ),
            Resent::AlreadyConfirmed => {
                act.done("Your email address is already confirmed. Nothing more to do.");
                remember_confirmed(session);
                on_confirmed.try_run(());
            }
        });
    };
    view! {
        <div class="resend">
            <button type="button" class="secondary" disabled=move || act.pending() on:click=send>"Send confirmation link again"</button>
            <Outcome act testid="confirmation-message"/>
        </div>
    }
}

/// The address, whether it is confirmed, and the way to confirm it.
#[component]
pub fn EmailConfirmation(me: Me) -> impl IntoView {
    let confirmed = RwSignal::new(me.email_verified);
    let address = me.email.clone();
    let why = match me.role {
        Role::Doctor => "Until you confirm it, MedTrack emails you nothing, and administrators do not see your account for approval.",
        Role::Patient | Role::Admin => "Until you confirm it, MedTrack emails you nothing: no reminders, no alerts.",
    };
    view! {
        <p data-testid="email-confirmation">
            {address.clone()} " "
            {move || if confirmed.get() {
                view! { <span class="badge ok">"Confirmed"</span> }.into_any()
            } else {
                view! { <span class="badge warn">"Not confirmed yet"</span> }.into_any()
            }}
        </p>
        {move || (!confirmed.get()).then(|| view! {
            <p class="hint">"We emailed you a link to confirm this address when you registered. " {why}</p>
        })}
        // Kept after the server says it is confirmed, so that its message stays in view.
        {(!me.email_verified).then(|| view! {
            <ResendLink address on_confirmed=Callback::new(move |()| confirmed.set(true))/>
        })}
    }
}
