//! Notification settings: the email address and phone number used, and what
//! goes where, with quiet hours.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::delivery::{
    ChannelChoice, DeliveryMode, EmailContent, EmailStatus, NotificationSettings, Preferences,
    QuietHours,
};
use medtrack_shared::notification::Category;

use crate::api::{self, ApiError};
use crate::components::form::{describe, Field};
use crate::components::status::{load_with_token, LoadError, Loading};
use crate::state::session::{require_sign_in, use_session};

/// The notification settings page.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    require_sign_in();
    let (loaded, reload) =
        load_with_token(|token| async move { api::delivery::settings(&token).await });
    view! {
        <h1>"Notifications"</h1>
        <p>"Everything reaches your inbox in MedTrack. Choose what also comes by email or text message."</p>
        {move || match loaded.get() {
            None => view! { <Loading what="your notification settings"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=reload/> }.into_any(),
            Some(Ok(settings)) => view! { <Settings settings/> }.into_any(),
        }}
    }
}

/// An error's words, naming the field when the server named one.
fn say(error: &ApiError, field: &str, label: &str) -> String {
    error
        .field(field)
        .map(|m| format!("{label} {m}"))
        .unwrap_or_else(|| error.to_string())
}

#[component]
fn Settings(settings: NotificationSettings) -> impl IntoView {
    let sink = settings.delivery == DeliveryMode::DevelopmentSink;
    let preferences = settings.preferences;
    let current = RwSignal::new(settings);
    view! {
        {sink.then(|| view! {
            <p class="card" data-testid="sink-note">
                "This server sends no email or text messages: an administrator can read what would have been sent."
            </p>
        })}
        <EmailChannel current/>
        <PhoneChannel current/>
        <PreferencesForm preferences current/>
    }
}

#[component]
fn EmailChannel(current: RwSignal<NotificationSettings>) -> impl IntoView {
    let session = use_session();
    let own = session
        .current
        .get_untracked()
        .map(|s| s.me.email)
        .unwrap_or_default();
    let address = RwSignal::new(
        current
            .get_untracked()
            .email
            .map(|e| e.address)
            .unwrap_or(own),
    );
    let message = RwSignal::new(None::<String>);
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            match api::delivery::set_email(&token, address.get_untracked()).await {
                Ok(answer) => {
                    current.set(answer);
                    message.set(Some("Saved.".into()));
                }
                Err(error) => message.set(Some(say(&error, "address", "The address"))),
            }
        });
    };
    let stop = move |_| {
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            let answer = match api::delivery::remove_email(&token).await {
                Ok(()) => api::delivery::settings(&token).await,
                Err(error) => Err(error),
            };
            match answer {
                Ok(answer) => {
                    current.set(answer);
                    message.set(Some("Email stopped.".into()));
                }
                Err(error) => message.set(Some(error.to_string())),
            }
        });
    };
    view! {
        <h2>"Email"</h2>
        <p data-testid="email-status">
            {move || match current.with(|s| s.email.clone()) {
                None => "No email address receives notifications.".to_owned(),
                Some(email) if email.status == EmailStatus::Active => format!("Notifications go to {}.", email.address),
                Some(email) => format!("Waiting for you to confirm {}: follow the link in the email we sent.", email.address),
            }}
        </p>
        <form class="form" on:submit=confirm novalidate>
            <Field label="Email address for notifications" id="notify-email" kind="email" autocomplete="email" value=address/>
            <p class="status" role="status">{move || message.get()}</p>
            <div class="actions">
                <button type="submit">"Use this address"</button>
                {move || current.with(|s| s.email.is_some()).then(|| view! {
                    <button type="button" class="secondary" on:click=stop>"Stop email"</button>
                })}
            </div>
        </form>
    }
}

#[component]
fn PhoneChannel(current: RwSignal<NotificationSettings>) -> impl IntoView {
    let session = use_session();
    let profile_phone = session
        .current
        .get_untracked()
        .and_then(|s| s.me.phone)
        .unwrap_or_default();
    let number = RwSignal::new(
        current
            .get_untracked()
            .phone
            .map(|p| p.number)
            .unwrap_or(profile_phone),
    );
    let code = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            match api::delivery::set_phone(&token, number.get_untracked().trim().to_owned()).await {
                Ok(answer) => {
                    let opted_out = answer.phone.as_ref().is_some_and(|p| p.opted_out);
                    current.set(answer);
                    message.set(Some(if opted_out {
                        "No code sent: this number opted out of our text messages.".into()
                    } else {
                        "We sent a code by text message. Enter it below.".into()
                    }));
                }
                Err(error) => message.set(Some(say(&error, "number", "The number"))),
            }
        });
    };
    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            match api::delivery::verify_phone(&token, code.get_untracked()).await {
                Ok(answer) => {
                    current.set(answer);
                    code.set(String::new());
                    message.set(Some("Your number is verified.".into()));
                }
                Err(error) => message.set(Some(say(&error, "code", "The code"))),
            }
        });
    };
    let remove = move |_| {
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            let answer = match api::delivery::remove_phone(&token).await {
                Ok(()) => api::delivery::settings(&token).await,
                Err(error) => Err(error),
            };
            match answer {
                Ok(answer) => {
                    current.set(answer);
                    message.set(Some("Text messages stopped.".into()));
                }
                Err(error) => message.set(Some(error.to_string())),
            }
        });
    };
    let waiting = move || {
        current.with(|s| {
            s.phone
                .as_ref()
                .is_some_and(|p| !p.verified && !p.opted_out)
        })
    };
    view! {
        <h2>"Text messages"</h2>
        <p data-testid="phone-status">
            {move || match current.with(|s| s.phone.clone()) {
                None => "No phone number receives text messages.".to_owned(),
                Some(phone) if phone.opted_out => format!(
                    "{} opted out of our text messages (it replied STOP). Reply START to one of them, then send a code again.",
                    phone.number
                ),
                Some(phone) if phone.verified => format!("Text messages go to {}.", phone.number),
                Some(phone) => format!("{} is waiting for its code.", phone.number),
            }}
        </p>
        <p class="hint">"Text messages never carry medical details: they tell you to open MedTrack."</p>
        <form class="form" on:submit=send novalidate>
            <Field label="Phone number" id="notify-phone" kind="tel" autocomplete="tel" hint="International form, e.g. +14155550123." value=number/>
            <div class="actions">
                <button type="submit">"Send code"</button>
                {move || current.with(|s| s.phone.is_some()).then(|| view! {
                    <button type="button" class="secondary" on:click=remove>"Remove number"</button>
                })}
            </div>
        </form>
        {move || waiting().then(|| view! {
            <form class="form" on:submit=verify novalidate>
                <Field label="Code" id="notify-code" autocomplete="one-time-code" value=code/>
                <button type="submit">"Verify"</button>
            </form>
        })}
        <p class="status" role="status" data-testid="phone-message">{move || message.get()}</p>
    }
}

#[component]
fn PreferencesForm(
    preferences: Preferences,
    current: RwSignal<NotificationSettings>,
) -> impl IntoView {
    let session = use_session();
    let choices: Vec<(Category, RwSignal<bool>, RwSignal<bool>)> = Category::ALL
        .iter()
        .map(|category| {
            let choice = preferences.choice(*category);
            (
                *category,
                RwSignal::new(choice.email),
                RwSignal::new(choice.sms),
            )
        })
        .collect();
    let quiet = RwSignal::new(preferences.quiet_hours.is_some());
    let (from, until) = preferences
        .quiet_hours
        .map(|q| {
            (
                q.from.strftime("%H:%M").to_string(),
                q.until.strftime("%H:%M").to_string(),
            )
        })
        .unwrap_or_else(|| ("22:00".into(), "07:00".into()));
    let from = RwSignal::new(from);
    let until = RwSignal::new(until);
    let content = RwSignal::new(preferences.email_content);
    let message = RwSignal::new(None::<String>);
    let rows = choices.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let choice = |category: Category| {
            choices
                .iter()
                .find(|(c, _, _)| *c == category)
                .map(|(_, email, sms)| ChannelChoice {
                    email: email.get_untracked(),
                    sms: sms.get_untracked(),
                })
                .unwrap_or(ChannelChoice {
                    email: false,
                    sms: false,
                })
        };
        let quiet_hours = if quiet.get_untracked() {
            match (from.get_untracked().parse(), until.get_untracked().parse()) {
                (Ok(from), Ok(until)) => Some(QuietHours { from, until }),
                _ => {
                    message.set(Some(
                        "Quiet hours need two times, e.g. 22:00 and 07:00.".into(),
                    ));
                    return;
                }
            }
        } else {
            None
        };
        let preferences = Preferences {
            appointments: choice(Category::Appointments),
            medication_reminders: choice(Category::MedicationReminders),
            messages: choice(Category::Messages),
            account_and_security: choice(Category::AccountAndSecurity),
            quiet_hours,
            email_content: content.get_untracked(),
        };
        if let Err(errors) = preferences.check() {
            message.set(Some(describe(errors)));
            return;
        }
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            match api::delivery::set_preferences(&token, &preferences).await {
                Ok(answer) => {
                    current.set(answer);
                    message.set(Some("Preferences saved.".into()));
                }
                Err(error) => message.set(Some(error.to_string())),
            }
        });
    };
    view! {
        <h2>"What goes where"</h2>
        <form class="form" on:submit=save novalidate>
            <table class="preferences" data-testid="preferences">
                <thead>
                    <tr><th scope="col">"Category"</th><th scope="col">"In the app"</th><th scope="col">"Email"</th><th scope="col">"Text message"</th></tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(category, email, sms)| {
                        let label = category.label();
                        view! {
                            <tr>
                                <th scope="row">{label}</th>
                                <td><input type="checkbox" checked=true disabled=true aria-label=format!("{label} in the app (always)")/></td>
                                <td><input type="checkbox" aria-label=format!("{label} by email")
                                    prop:checked=move || email.get()
                                    on:change=move |ev| email.set(event_target_checked(&ev))/></td>
                                <td><input type="checkbox" aria-label=format!("{label} by text message")
                                    prop:checked=move || sms.get()
                                    on:change=move |ev| sms.set(event_target_checked(&ev))/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <fieldset>
                <legend>"Quiet hours"</legend>
                <p class="hint">"Email and text messages about appointments and messages wait until the quiet hours end, on your own clock. Security alerts and medication reminders do not wait."</p>
                <label>
                    <input type="checkbox" id="quiet-on" prop:checked=move || quiet.get() on:change=move |ev| quiet.set(event_target_checked(&ev))/>
                    " Keep quiet hours"
                </label>
                <Field label="From" id="quiet-from" kind="time" value=from/>
                <Field label="Until" id="quiet-until" kind="time" value=until/>
            </fieldset>
            <fieldset>
                <legend>"What emails say"</legend>
                <label>
                    <input type="radio" name="email-content" prop:checked=move || content.get() == EmailContent::Details
                        on:change=move |_| content.set(EmailContent::Details)/>
                    " The details"
                </label>
                <label>
                    <input type="radio" name="email-content" prop:checked=move || content.get() == EmailContent::OpenApp
                        on:change=move |_| content.set(EmailContent::OpenApp)/>
                    " Just tell me to open MedTrack"
                </label>
            </fieldset>
            <p class="status" role="status" data-testid="preferences-message">{move || message.get()}</p>
            <button type="submit">"Save preferences"</button>
        </form>
    }
}
