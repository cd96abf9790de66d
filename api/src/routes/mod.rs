//! The HTTP surface: one module per resource, handlers thin. This file is the
//! map of the API.

pub mod admin;
pub mod appointments;
pub mod auth;
pub mod calendar;
pub mod docs;
pub mod doctors;
pub mod health;
pub mod inbox;
pub mod me;
pub mod medications;
pub mod notification_settings;
pub mod patients;
pub mod spa;
pub mod specializations;
pub mod stopped_jobs;
pub mod two_factor;

use actix_web::dev::{ServiceFactory, ServiceRequest};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, UtoipaApp};

use crate::auth::throttle::SignInThrottle;
use crate::auth::tokens::TokenKeys;
use crate::error::ApiError;
use crate::notify::{Gateway, OutboxSignal};
use crate::schedule::JobSignal;
use crate::store::Store;

/// What handlers share.
pub struct AppState {
    /// The store, whichever driver.
    pub store: Store,
    /// Signs and checks access tokens.
    pub tokens: TokenKeys,
    /// Whether cookies carry the Secure flag (production: served over HTTPS).
    pub secure_cookies: bool,
    /// Limits sign-in attempts.
    pub sign_in_throttle: SignInThrottle,
    /// Whether the client's address comes from X-Forwarded-For (behind a load balancer).
    pub trust_x_forwarded_for: bool,
    /// Wakes this process's notification dispatcher.
    pub outbox: OutboxSignal,
    /// Sends email and SMS (phone codes, subscriptions).
    pub gateway: Gateway,
    /// Wakes this process's scheduler (a snooze due soon).
    pub jobs: JobSignal,
}

/// The page size a list request asks for, checked (with its cursor's length).
pub fn page_limit(limit: Option<u32>, cursor: &Option<String>) -> Result<u32, ApiError> {
    Ok(medtrack_shared::PageQuery {
        limit,
        cursor: cursor.clone(),
    }
    .checked_limit()?)
}

/// The document's fixed parts; paths and schemas are collected from the
/// services as they are registered, so the document cannot drift from the router.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "MedTrack API",
        description = "Patients, doctors and administrators in one healthcare system. \
            Errors have the body `{\"error\": {\"code\", \"message\", \"fields\"}}`; \
            lists are paginated with `limit` and an opaque `cursor`.",
        license(name = "Apache-2.0"),
    ),
    tags(
        (name = "auth", description = "Accounts and sessions."),
        (name = "admin", description = "Administration: accounts, the access log, deliveries (dead letters, the development sink) and stopped jobs."),
        (name = "patients", description = "Patients' records and who read them."),
        (name = "doctors", description = "The directory, practices, free slots, and a doctor's day."),
        (name = "appointments", description = "Booking and the visit workflow."),
        (name = "notifications", description = "The in-app inbox, and the channels and preferences for email and SMS."),
        (name = "medications", description = "Medication schedules, dose reminders and the dose log."),
        (name = "calendar", description = "Secret iCalendar feeds of a person's appointments."),
        (name = "catalogue", description = "Reference data: medical specializations."),
        (name = "operations", description = "Probes and metrics."),
    ),
    components(schemas(medtrack_shared::ErrorBody)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// Declares the `bearer` security scheme that protected operations name.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("JWT")
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// Registers every documented service on `app`.
pub fn register<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.openapi(ApiDoc::openapi())
        .service(
            scope::scope("/api/v1")
                .service(auth::register)
                .service(auth::login)
                .service(auth::refresh)
                .service(auth::logout)
                .service(me::me)
                .service(me::update)
                .service(me::change_password)
                .service(two_factor::begin)
                .service(two_factor::confirm)
                .service(two_factor::disable)
                .service(admin::list_users)
                .service(admin::decide)
                .service(patients::profile)
                .service(patients::my_access_log)
                .service(patients::access_log_query)
                .service(doctors::directory)
                .service(doctors::my_practice)
                .service(doctors::update_practice)
                .service(doctors::my_day)
                .service(doctors::my_requests)
                .service(doctors::my_week)
                .service(doctors::card)
                .service(doctors::slots)
                .service(appointments::book)
                .service(appointments::get)
                .service(appointments::act)
                .service(appointments::of_patient)
                .service(appointments::history)
                .service(appointments::oversee)
                .service(inbox::list)
                .service(inbox::unread_count)
                .service(inbox::mark_read)
                .service(inbox::mark_all_read)
                .service(notification_settings::view)
                .service(notification_settings::set_preferences)
                .service(notification_settings::set_email)
                .service(notification_settings::remove_email)
                .service(notification_settings::set_phone)
                .service(notification_settings::verify_phone)
                .service(notification_settings::remove_phone)
                .service(notification_settings::sent_messages)
                .service(notification_settings::dead_letters)
                .service(notification_settings::retry_dead_letter)
                .service(stopped_jobs::list)
                .service(stopped_jobs::retry)
                .service(medications::list)
                .service(medications::add)
                .service(medications::get)
                .service(medications::edit)
                .service(medications::pause)
                .service(medications::resume)
                .service(medications::remove)
                .service(medications::act)
                .service(medications::day)
                .service(medications::adherence)
                .service(medications::add_prescription)
                .service(calendar::status)
                .service(calendar::rotate)
                .service(calendar::revoke)
                .service(calendar::feed)
                .service(specializations::list),
        )
        .service(health::healthz)
        .service(health::readyz)
        .service(health::metrics)
}

/// The OpenAPI document the server serves (`medtrack openapi` prints it).
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    use utoipa_actix_web::AppExt;
    register(actix_web::App::new().into_utoipa_app())
        .split_for_parts()
        .1
}
