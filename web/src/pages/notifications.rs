//! Notification settings: the email address and phone number used, and what
//! goes where, with quiet hours.

use leptos::prelude::*;
use medtrack_shared::delivery::{
    ChannelChoice, DeliveryMode, EmailContent, EmailStatus, NotificationSettings, Preferences,
    QuietHours,
};
use medtrack_shared::notification::Category;
use medtrack_shared::{rules, Role};

use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{Field, Problems};
use crate::components::status::{Loaded, Loader};
use crate::state::session::use_session;

/// The notification settings page.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let settings = Loader::new(|api| api.notification_settings());
    view! {
        <h1>"Notifications"</h1>
        <p>"Everything reaches your inbox in MedTrack. Choose what also comes by email or text message."</p>
        <Loaded from=settings what="your notification settings" let:settings>
            <Settings settings/>
        </Loaded>
    }
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
    let api = use_api();
    let own = use_session().me().map(|me| me.email).unwrap_or_default();
    let address = RwSignal::new(
        current
            .get_untracked()
            .email
            .map(|e| e.address)
            .unwrap_or(own),
    );
    let act = Act::new();
    let problems = Problems::new();
    let address_error = problems.of("address", "The address");
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let saved = async move {
            api.set_email(address.get_untracked())
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(saved, move |answer| {
            current.set(answer);
            act.done("Saved.");
        });
    };
    let stop = move |_| {
        act.run(api.remove_email(), move |answer| {
            current.set(answer);
            act.done("Email stopped.");
        })
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
            <Field label="Email address for notifications" id="notify-email" kind="email" autocomplete="email" max=rules::MAX_EMAIL_CHARS value=address error=address_error/>
            <Outcome act/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Use this address"</button>
                {move || current.with(|s| s.email.is_some()).then(|| view! {
                    <button type="button" class="secondary" on:click=stop>"Stop email"</button>
                })}
            </div>
        </form>
    }
}

#[component]
fn PhoneChannel(current: RwSignal<NotificationSettings>) -> impl IntoView {
    let api = use_api();
    let profile_phone = use_session()
        .me()
        .and_then(|me| me.phone)
        .unwrap_or_default();
    let number = RwSignal::new(
        current
            .get_untracked()
            .phone
            .map(|p| p.number)
            .unwrap_or(profile_phone),
    );
    let code = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let number_error = problems.of("number", "The number");
    let code_error = problems.of("code", "The code");
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let sent = async move {
            api.set_phone(number.get_untracked().trim().to_owned())
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |answer| {
            let opted_out = answer.phone.as_ref().is_some_and(|p| p.opted_out);
            current.set(answer);
            act.done(if opted_out {
                "No code sent: this number opted out of our text messages."
            } else {
                "We sent a code by text message. Enter it below."
            });
        });
    };
    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let verified = async move {
            api.verify_phone(code.get_untracked())
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(verified, move |answer| {
            current.set(answer);
            code.set(String::new());
            act.done("Your number is verified.");
        });
    };
    let remove = move |_| {
        act.run(api.remove_phone(), move |answer| {
            current.set(answer);
            act.done("Text messages stopped.");
        })
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
            <Field label="Phone number" id="notify-phone" kind="tel" autocomplete="tel" hint="International form, e.g. +14155550123." max=rules::MAX_PHONE_CHARS value=number error=number_error/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Send code"</button>
                {move || current.with(|s| s.phone.is_some()).then(|| view! {
                    <button type="button" class="secondary" on:click=remove>"Remove number"</button>
                })}
            </div>
        </form>
        {move || waiting().then(|| view! {
            <form class="form" on:submit=verify novalidate>
                <Field label="Code" id="notify-code" autocomplete="one-time-code" max=rules::MAX_CODE_CHARS value=code error=code_error/>
                <button type="submit" disabled=move || act.pending()>"Verify"</button>
            </form>
        })}
        <Outcome act testid="phone-message"/>
    }
}

#[component]
fn PreferencesForm(
    preferences: Preferences,
    current: RwSignal<NotificationSettings>,
) -> impl IntoView {
    let api = use_api();
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
    // Read alerts are for patients; anyone else keeps what is stored.
    let patient = use_session()
        .me()
        .is_some_and(|me| me.role == Role::Patient);
    let read_alerts = RwSignal::new(preferences.record_read_alerts);
    let act = Act::new();
    let problems = Problems::new();
    let quiet_error = problems.of("quiet_hours", "Quiet hours");
    let rows = choices.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
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
                _ => return act.fail("Quiet hours need two times, e.g. 22:00 and 07:00."),
            }
        } else {
            None
        };
        let preferences = Preferences {
            appointments: choice(Category::Appointments),
            medication_reminders: choice(Category::MedicationReminders),
            messages: choice(Category::Messages),
            account_and_security: choice(Category::AccountAndSecurity),
            care_alerts: choice(Category::CareAlerts),
            documents: choice(Category::Documents),
            billing: choice(Category::Billing),
            blood_bank: choice(Category::BloodBank),
            quiet_hours,
            email_content: content.get_untracked(),
            record_read_alerts: if patient {
                read_alerts.get_untracked()
            } else {
                current.with_untracked(|c| c.preferences.record_read_alerts)
            },
        };
        if let Err(errors) = preferences.check() {
            return act.fail(problems.found(errors));
        }
        let saved = async move {
            api.set_preferences(preferences)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(saved, move |answer| {
            current.set(answer);
            act.done("Preferences saved.");
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
                <p class="hint">"Email and text messages about appointments, messages and questionnaires wait until the quiet hours end, on your own clock. Security alerts, medication reminders and urgent care alerts do not wait."</p>
                <label>
                    <input type="checkbox" id="quiet-on" prop:checked=move || quiet.get() on:change=move |ev| quiet.set(event_target_checked(&ev))/>
                    " Keep quiet hours"
                </label>
                // Off means no quiet hours at all: the times cannot be edited then.
                <fieldset class="plain" prop:disabled=move || !quiet.get()>
                    <legend class="visually-hidden">"Quiet hours' times"</legend>
                    <Field label="From" id="quiet-from" kind="time" value=from error=quiet_error/>
                    <Field label="Until" id="quiet-until" kind="time" value=until/>
                </fieldset>
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
            {patient.then(|| view! { <ReadAlerts on=read_alerts/> })}
            <Outcome act testid="preferences-message"/>
            <button type="submit" disabled=move || act.pending()>"Save preferences"</button>
        </form>
    }
}

/// A patient's choice to hear of every read of their record by someone who
/// is not one of their doctors.
#[component]
fn ReadAlerts(on: RwSignal<bool>) -> impl IntoView {
    view! {
        <fieldset data-testid="read-alerts">
            <legend>"Who reads my record"</legend>
            <label>
                <input type="checkbox" id="record-read-alerts" aria-describedby="record-read-alerts-hint"
                    prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev))/>
                " Tell me when someone who is not one of my doctors reads my record"
            </label>
            <p class="hint" id="record-read-alerts-hint">
                "For example an administrator of the clinic. You hear of each reader once a day, in your inbox and by the channels chosen for account and security above. "
                "Reads by your own doctors are only listed in your access log. A doctor who opens your record in an emergency is always told to you at once, whatever you choose here."
            </p>
            <p><a href="/access-log">"See who read my record"</a></p>
        </fieldset>
    }
}
