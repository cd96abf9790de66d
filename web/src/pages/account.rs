//! The account page: profile, password, two-factor sign-in, calendar feed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::account::{PasswordChange, ProfileChanges, TwoFactorEnrolment};

use crate::api;
use crate::components::form::{describe, Field};
use crate::state::session::{require_sign_in, use_session, SignedIn};

/// The account page; people who are not signed in go to the sign-in page.
#[component]
pub fn Account() -> impl IntoView {
    let session = use_session();
    require_sign_in();
    // Built once per sign-in: later changes to the account (saved here) must
    // not rebuild the forms and lose what they show.
    let signed_in = Memo::new(move |_| session.current.with(Option::is_some));
    move || {
        signed_in
            .get()
            .then(|| session.current.get_untracked())
            .flatten()
            .map(|signed_in| {
                view! {
                    <h1>"Your account"</h1>
                    <p><a href="/account/notifications">"Notification settings: email, text messages, quiet hours"</a></p>
                    <Profile signed_in=signed_in.clone()/>
                    <Password/>
                    <TwoFactor enabled=signed_in.me.two_factor_enabled/>
                    {(signed_in.me.role != medtrack_shared::Role::Admin).then(|| view! { <CalendarFeed/> })}
                }
            })
    }
}

#[component]
fn Profile(signed_in: SignedIn) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(signed_in.me.name.clone());
    let phone = RwSignal::new(signed_in.me.phone.clone().unwrap_or_default());
    let time_zone = RwSignal::new(signed_in.me.time_zone.clone());
    let message = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let changes = ProfileChanges {
            name: Some(name.get_untracked()),
            phone: Some(phone.get_untracked()),
            time_zone: Some(time_zone.get_untracked()),
        };
        if let Err(errors) = changes.check() {
            message.set(Some(describe(errors)));
            return;
        }
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            match api::auth::update_profile(&token, &changes).await {
                Ok(me) => {
                    session.current.update(|current| {
                        if let Some(current) = current {
                            current.me = me;
                        }
                    });
                    message.set(Some("Saved.".into()));
                }
                Err(error) => message.set(Some(error.to_string())),
            }
        });
    };
    view! {
        <h2>"Profile"</h2>
        <form class="form" on:submit=submit novalidate>
            <Field label="Full name" id="profile-name" autocomplete="name" value=name/>
            <Field label="Phone (optional)" id="profile-phone" kind="tel" autocomplete="tel" value=phone/>
            <Field label="Time zone" id="profile-time-zone" hint="IANA name, e.g. Europe/Lisbon." value=time_zone/>
            <p class="status" role="status">{move || message.get()}</p>
            <button type="submit">"Save profile"</button>
        </form>
    }
}

#[component]
fn Password() -> impl IntoView {
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let change = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            let text = match api::auth::change_password(&token, &change).await {
                Ok(()) => "Password changed. Your other sessions have ended.".to_owned(),
                Err(error) => error
                    .field("new_password")
                    .map(|m| format!("New password {m}"))
                    .unwrap_or_else(|| error.to_string()),
            };
            message.set(Some(text));
        });
    };
    view! {
        <h2>"Password"</h2>
        <form class="form" on:submit=submit novalidate>
            <Field label="Current password" id="current-password" kind="password" autocomplete="current-password" value=current/>
            <Field label="New password" id="new-password" kind="password" autocomplete="new-password" value=new/>
            <p class="status" role="status">{move || message.get()}</p>
            <button type="submit">"Change password"</button>
        </form>
    }
}

#[component]
fn TwoFactor(enabled: bool) -> impl IntoView {
    let session = use_session();
    let enrolment = RwSignal::new(None::<TwoFactorEnrolment>);
    let recovery = RwSignal::new(Vec::<String>::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let on = RwSignal::new(enabled);

    let begin = move |_| {
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            match api::auth::begin_two_factor(&token).await {
                Ok(started) => enrolment.set(Some(started)),
                Err(error) => message.set(Some(error.to_string())),
            }
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            match api::auth::confirm_two_factor(&token, &code.get_untracked()).await {
                Ok(codes) => {
                    recovery.set(codes.codes);
                    enrolment.set(None);
                    on.set(true);
                    code.set(String::new());
                    session.current.update(|c| {
                        if let Some(c) = c {
                            c.me.two_factor_enabled = true;
                        }
                    });
                }
                Err(error) => message.set(Some(error.to_string())),
            }
        });
    };
    let disable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            match api::auth::disable_two_factor(
                &token,
                &password.get_untracked(),
                &code.get_untracked(),
            )
            .await
            {
                Ok(()) => {
                    on.set(false);
                    recovery.set(Vec::new());
                    message.set(Some("Two-factor sign-in is off.".into()));
                    session.current.update(|c| {
                        if let Some(c) = c {
                            c.me.two_factor_enabled = false;
                        }
                    });
                }
                Err(error) => message.set(Some(error.to_string())),
            }
        });
    };
    // The QR code as an image: an SVG in an <img> cannot run anything.
    let qr = move || {
        enrolment.get().map(|e| {
            format!(
                "data:image/svg+xml;charset=utf-8,{}",
                String::from(js_sys::encode_uri_component(&e.qr_svg))
            )
        })
    };

    view! {
        <h2>"Two-factor sign-in"</h2>
        <p class="status" role="status" data-testid="two-factor-message">{move || message.get()}</p>
        {move || {
            if !recovery.get().is_empty() {
                view! {
                    <p>"Two-factor sign-in is on. Keep these recovery codes somewhere safe: each works once, and they are shown only now."</p>
                    <ul class="codes" data-testid="recovery-codes">
                        {recovery.get().into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            } else if let Some(started) = enrolment.get() {
                view! {
                    <p>"Scan this code with your authenticator app, or type the secret, then enter the code it shows."</p>
                    <img class="qr" src=qr alt="QR code of the authenticator secret" width="200" height="200"/>
                    <p>"Secret: " <code data-testid="two-factor-secret">{started.secret}</code></p>
                    <form class="form" on:submit=confirm novalidate>
                        <Field label="Code from the app" id="enrol-code" autocomplete="one-time-code" value=code/>
                        <button type="submit">"Turn on"</button>
                    </form>
                }
                .into_any()
            } else if on.get() {
                view! {
                    <p>"Two-factor sign-in is on."</p>
                    <form class="form" on:submit=disable novalidate>
                        <Field label="Password" id="disable-password" kind="password" autocomplete="current-password" value=password/>
                        <Field label="Code from the app, or a recovery code" id="disable-code" autocomplete="one-time-code" value=code/>
                        <button type="submit" class="secondary">"Turn off"</button>
                    </form>
                }
                .into_any()
            } else {
                view! {
                    <p>"Add a code from an authenticator app to every sign-in."</p>
                    <button on:click=begin>"Set up two-factor sign-in"</button>
                }
                .into_any()
            }
        }}
    }
}

/// The secret calendar address: made, replaced or revoked here; shown once.
#[component]
fn CalendarFeed() -> impl IntoView {
    let session = use_session();
    let live = RwSignal::new(None::<bool>);
    let address = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        let Some(token) = session.token() else { return };
        if let Ok(status) = api::appointments::feed_status(&token).await {
            live.set(Some(status.created_at.is_some()));
        }
    });
    let make = move |_| {
        let Some(token) = session.token() else { return };
        spawn_local(async move {
            match api::appointments::rotate_feed(&token).await {
                Ok(feed) => {
                    address.set(Some(feed.url));
                    live.set(Some(true));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let revoke = move |_| {
        let Some(token) = session.token() else { return };
        spawn_local(async move {
            match api::appointments::revoke_feed(&token).await {
                Ok(()) => {
                    address.set(None);
                    live.set(Some(false));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <h2>"Calendar feed"</h2>
        <p>"Subscribe to your appointments from your phone or desktop calendar. Anyone with the address can read the feed, so keep it to yourself; make a new one if it leaks."</p>
        {move || address.get().map(|url| view! {
            <div class="field">
                <label for="feed-url">"Your feed address (shown only now)"</label>
                <input id="feed-url" readonly value=url data-testid="feed-url"/>
            </div>
        })}
        <div class="actions">
            <button on:click=make>{move || if live.get() == Some(true) { "Make a new address" } else { "Make a feed address" }}</button>
            " "
            {move || (live.get() == Some(true)).then(|| view! { <button class="secondary" on:click=revoke>"Turn the feed off"</button> })}
        </div>
        <p class="form-error" role="alert">{move || error.get()}</p>
    }
}
