//! The account page: the email address and its confirmation, profile,
//! password, two-factor sign-in, calendar feed.

use leptos::prelude::*;
use medtrack_shared::account::{PasswordChange, ProfileChanges, TwoFactorEnrolment};
use medtrack_shared::{rules, AccountStatus, Me, Role};

use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::email::EmailConfirmation;
use crate::components::form::{Field, Problems};
use crate::components::status::{Loaded, Loader};
use crate::state::session::use_session;

/// The account page.
#[component]
pub fn Account() -> impl IntoView {
    // Read once: later changes to the account (saved here) must not rebuild
    // the forms and lose what they show.
    use_session().me().map(|me| {
        // Two-factor sign-in and the calendar feed are for active accounts
        // (not doctors waiting for approval); admins have no appointments.
        let active = me.status == AccountStatus::Active;
        let calendar = active && me.role != Role::Admin;
        let patient = active && me.role == Role::Patient;
        // An admin can do nothing else until it is on: it comes first.
        let two_factor_first = me.role == Role::Admin && !me.two_factor_enabled;
        let two_factor = move || view! { <TwoFactor enabled=me.two_factor_enabled/> };
        view! {
            <h1>"Your account"</h1>
            <p><a href="/account/notifications">"Notification settings: email, text messages, quiet hours"</a></p>
            {patient.then(|| view! { <p><a href="/access-log">"Who read my record: your access log"</a></p> })}
            {(active && two_factor_first).then(two_factor)}
            <EmailAddress/>
            <Profile me=me.clone()/>
            <Password/>
            {(active && !two_factor_first).then(two_factor)}
            {calendar.then(|| view! { <CalendarFeed/> })}
        }
    })
}

/// The sign-in address and whether it is confirmed, read fresh (it may have
/// been confirmed from another tab).
#[component]
fn EmailAddress() -> impl IntoView {
    let me = Loader::new(|api| api.me());
    view! {
        <h2>"Email address"</h2>
        <Loaded from=me what="your email address" let:me>
            <EmailConfirmation me/>
        </Loaded>
    }
}

#[component]
fn Profile(me: Me) -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let name = RwSignal::new(me.name);
    let phone = RwSignal::new(me.phone.unwrap_or_default());
    let time_zone = RwSignal::new(me.time_zone);
    let act = Act::new();
    let problems = Problems::new();
    let name_error = problems.of("name", "Full name");
    let phone_error = problems.of("phone", "Phone");
    let zone_error = problems.of("time_zone", "Time zone");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let changes = ProfileChanges {
            name: Some(name.get_untracked()),
            phone: Some(phone.get_untracked()),
            time_zone: Some(time_zone.get_untracked()),
        };
        if let Err(errors) = changes.check() {
            return act.fail(problems.found(errors));
        }
        let saved = async move {
            api.update_profile(changes)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(saved, move |me| {
            session.current.update(|current| {
                if let Some(current) = current {
                    current.me = me;
                }
            });
            act.done("Saved.");
        });
    };
    view! {
        <h2>"Profile"</h2>
        <form class="form" on:submit=submit novalidate>
            <Field label="Full name" id="profile-name" autocomplete="name" max=rules::MAX_NAME_CHARS value=name error=name_error/>
            <Field label="Phone (optional)" id="profile-phone" kind="tel" autocomplete="tel" max=rules::MAX_PHONE_CHARS value=phone error=phone_error/>
            <Field label="Time zone" id="profile-time-zone" hint="IANA name, e.g. Europe/Lisbon." max=rules::MAX_TIME_ZONE_CHARS value=time_zone error=zone_error/>
            <Outcome act/>
            <button type="submit" disabled=move || act.pending()>"Save profile"</button>
        </form>
    }
}

#[component]
fn Password() -> impl IntoView {
    let api = use_api();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let current_error = problems.of("current_password", "Current password");
    let new_error = problems.of("new_password", "New password");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let change = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        if let Err(errors) = change.check() {
            return act.fail(problems.found(errors));
        }
        let changed = async move {
            api.change_password(change)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(changed, move |()| {
            act.done("Password changed. Your other sessions have ended.")
        });
    };
    view! {
        <h2>"Password"</h2>
        <form class="form" on:submit=submit novalidate>
            <Field label="Current password" id="current-password" kind="password" autocomplete="current-password" max=rules::MAX_PASSWORD_CHARS value=current error=current_error/>
            <Field label="New password" id="new-password" kind="password" autocomplete="new-password" max=rules::MAX_PASSWORD_CHARS value=new error=new_error/>
            <Outcome act/>
            <button type="submit" disabled=move || act.pending()>"Change password"</button>
        </form>
    }
}

#[component]
fn TwoFactor(enabled: bool) -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let enrolment = RwSignal::new(None::<TwoFactorEnrolment>);
    let recovery = RwSignal::new(Vec::<String>::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let act = Act::new();
    let on = RwSignal::new(enabled);
    // The account in the session follows, so that admin pages open at once.
    let remember = move |enabled: bool| {
        session.current.update(|c| {
            if let Some(c) = c {
                c.me.two_factor_enabled = enabled;
            }
        })
    };

    let begin = move |_| {
        act.run(api.begin_two_factor(), move |started| {
            enrolment.set(Some(started))
        })
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        act.run(api.confirm_two_factor(code.get_untracked()), move |codes| {
            recovery.set(codes.codes);
            enrolment.set(None);
            on.set(true);
            code.set(String::new());
            remember(true);
        });
    };
    let disable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let off = api.disable_two_factor(password.get_untracked(), code.get_untracked());
        act.run(off, move |()| {
            on.set(false);
            recovery.set(Vec::new());
            act.done("Two-factor sign-in is off.");
            remember(false);
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
        <h2 id="two-factor">"Two-factor sign-in"</h2>
        <Outcome act testid="two-factor-message"/>
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
                        <Field label="Code from the app" id="enrol-code" autocomplete="one-time-code" max=rules::MAX_CODE_CHARS value=code/>
                        <button type="submit" disabled=move || act.pending()>"Turn on"</button>
                    </form>
                }
                .into_any()
            } else if on.get() {
                view! {
                    <p>"Two-factor sign-in is on."</p>
                    <form class="form" on:submit=disable novalidate>
                        <Field label="Password" id="disable-password" kind="password" autocomplete="current-password" max=rules::MAX_PASSWORD_CHARS value=password/>
                        <Field label="Code from the app, or a recovery code" id="disable-code" autocomplete="one-time-code" max=rules::MAX_CODE_CHARS value=code/>
                        <button type="submit" class="secondary" disabled=move || act.pending()>"Turn off"</button>
                    </form>
                }
                .into_any()
            } else {
                view! {
                    <p>"Add a code from an authenticator app to every sign-in."</p>
                    <button on:click=begin disabled=move || act.pending()>"Set up two-factor sign-in"</button>
                }
                .into_any()
            }
        }}
    }
}

/// The secret calendar address: made, replaced or revoked here; shown once.
#[component]
fn CalendarFeed() -> impl IntoView {
    let api = use_api();
    let status = Loader::new(|api| async move {
        api.feed_status()
            .await
            .map(|status| status.created_at.is_some())
    });
    let address = RwSignal::new(None::<String>);
    let act = Act::new();
    let make = move |_| {
        act.run(api.rotate_feed(), move |feed| {
            address.set(Some(feed.url));
            status.set(true);
        })
    };
    let revoke = move |_| {
        act.run(api.revoke_feed(), move |()| {
            address.set(None);
            status.set(false);
        })
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
        <Loaded from=status what="your calendar feed" let:live>
            <div class="actions">
                <button on:click=make disabled=move || act.pending()>{if live { "Make a new address" } else { "Make a feed address" }}</button>
                " "
                {live.then(|| view! { <button class="secondary" on:click=revoke disabled=move || act.pending()>"Turn the feed off"</button> })}
            </div>
        </Loaded>
        <Outcome act/>
    }
}
