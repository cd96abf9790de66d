//! Creating an account: a patient, or a doctor who waits for approval. The
//! rules are the server's own (`medtrack_shared`), checked as the person types.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use medtrack_shared::account::{AccountFields, Registration};
use medtrack_shared::{rules, ErrorCode, FieldErrors, SpecializationSlug};

use crate::api::{self, ApiError};
use crate::components::action::{Act, Failure};
use crate::components::form::Field;
use crate::components::status::{Loaded, Loader};
use crate::components::strength::StrengthMeter;
use crate::format;
use crate::state::session::use_session;

/// The registration page.
#[component]
pub fn Register() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let doctor = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let time_zone = RwSignal::new(format::browser_zone());
    let date_of_birth = RwSignal::new(String::new());
    let specialization = RwSignal::new(String::new());
    let licence = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let act = Act::new();
    let specializations = Loader::new(|_| async {
        api::catalogue::specializations(None)
            .await
            .map(|page| page.items)
    });

    let error = move |field: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(field).map(str::to_owned)))
    };
    let hints = Signal::derive(move || vec![email.get(), name.get()]);

    let registration = move || -> Result<Registration, FieldErrors> {
        let account = AccountFields {
            name: name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            phone: Some(phone.get_untracked()).filter(|p| !p.trim().is_empty()),
            time_zone: time_zone.get_untracked(),
        };
        let mut errors = FieldErrors::default();
        let registration = if doctor.get_untracked() {
            let slug = SpecializationSlug::parse(&specialization.get_untracked());
            if slug.is_err() {
                errors.add(
                    "specialization",
                    medtrack_shared::ValidationError::new("choose a specialization"),
                );
            }
            // A stand-in when none is chosen, so that the account's fields
            // are checked too and every error shows at once.
            slug.ok()
                .or_else(|| SpecializationSlug::parse("unchosen").ok())
                .map(|specialization| Registration::Doctor {
                    account,
                    specialization,
                    licence_number: licence.get_untracked(),
                })
        } else {
            let date = date_of_birth.get_untracked().parse::<jiff::civil::Date>();
            if date.is_err() {
                errors.add(
                    "date_of_birth",
                    medtrack_shared::ValidationError::new("is required"),
                );
            }
            Some(Registration::Patient {
                account,
                // A stand-in, as above; the missing date is already an error.
                date_of_birth: date.unwrap_or(jiff::civil::date(2000, 1, 1)),
            })
        };
        match registration {
            Some(registration) => {
                match registration.check(format::today(&format::browser_zone())) {
                    Ok(()) if errors.is_empty() => Ok(registration),
                    Ok(()) => Err(errors),
                    Err(more) => {
                        for (field, message) in more.into_map() {
                            if errors.get(&field).is_none() {
                                errors.add(&field, medtrack_shared::ValidationError::new(message));
                            }
                        }
                        Err(errors)
                    }
                }
            }
            None => Err(errors),
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let registration = match registration() {
            Ok(registration) => registration,
            Err(found) => {
                errors.set(found);
                return;
            }
        };
        errors.set(FieldErrors::default());
        let work = async move {
            let account = registration.account().clone();
            let signed_in = match api::auth::register(&registration).await {
                Ok(_) => api::auth::login(&account.email, &account.password, None).await,
                Err(e) => Err(e),
            };
            match signed_in {
                Ok(tokens) => session.start(tokens).await,
                Err(e) => {
                    errors.set(refused_fields(&e));
                    Err(e)
                }
            }
        };
        let navigate = navigate.clone();
        act.run(work, move |()| navigate("/dashboard", Default::default()));
    };

    view! {
        <h1>"Create an account"</h1>
        <form class="form" on:submit=submit novalidate>
            <fieldset class="choice">
                <legend>"I am"</legend>
                <label><input type="radio" name="role" checked=move || !doctor.get() on:change=move |_| doctor.set(false)/>" a patient"</label>
                <label><input type="radio" name="role" checked=move || doctor.get() on:change=move |_| doctor.set(true)/>" a doctor"</label>
            </fieldset>
            <Field label="Full name" id="name" autocomplete="name" max=rules::MAX_NAME_CHARS value=name error=error("name")/>
            <Field label="Email" id="email" kind="email" autocomplete="email" max=rules::MAX_EMAIL_CHARS value=email error=error("email")/>
            <Field
                label="Password"
                id="password"
                kind="password"
                autocomplete="new-password"
                hint="At least 12 characters. A few unrelated words make a strong one."
                max=rules::MAX_PASSWORD_CHARS
                value=password
                error=error("password")
            />
            <StrengthMeter password hints/>
            <Show
                when=move || doctor.get()
                fallback=move || view! {
                    <Field label="Date of birth" id="date_of_birth" kind="date" autocomplete="bday" value=date_of_birth error=error("date_of_birth")/>
                }
            >
                <div class="field">
                    <label for="specialization">"Specialization"</label>
                    <Loaded from=specializations what="specializations" let:list>
                        <select id="specialization" on:change=move |ev| specialization.set(event_target_value(&ev))>
                            <option value="">"Choose…"</option>
                            {list.into_iter().map(|spec| view! { <option value=spec.slug.to_string()>{spec.name}</option> }).collect_view()}
                        </select>
                    </Loaded>
                    <p class="field-error" role="alert">{move || error("specialization").get()}</p>
                </div>
                <Field label="Licence number" id="licence_number" max=rules::MAX_LICENCE_CHARS value=licence error=error("licence_number")/>
            </Show>
            <Field label="Phone (optional)" id="phone" kind="tel" autocomplete="tel" hint="International form, e.g. +14155550123." max=rules::MAX_PHONE_CHARS value=phone error=error("phone")/>
            <Field label="Time zone" id="time_zone" max=rules::MAX_TIME_ZONE_CHARS value=time_zone error=error("time_zone")/>
            <Failure act/>
            <button type="submit" disabled=move || act.pending()>"Create account"</button>
        </form>
        <p>"Already have an account? " <a href="/signin">"Sign in"</a></p>
    }
}

/// The fields the server refused, under each field.
fn refused_fields(error: &ApiError) -> FieldErrors {
    let mut found = FieldErrors::default();
    for field in [
        "name",
        "email",
        "password",
        "phone",
        "time_zone",
        "date_of_birth",
        "specialization",
        "licence_number",
    ] {
        if let Some(message) = error.field(field) {
            found.add(field, medtrack_shared::ValidationError::new(message));
        }
    }
    if error.code() == Some(ErrorCode::EmailTaken) {
        found.add(
            "email",
            medtrack_shared::ValidationError::new("already has an account"),
        );
    }
    found
}
