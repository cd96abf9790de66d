//! The HTTP surface: one module per resource, handlers thin. This file is the
//! map of the API.

pub mod admin;
pub mod analytics;
pub mod appointments;
pub mod auth;
pub mod billing;
pub mod blood;
pub mod blood_requests;
pub mod calendar;
pub mod deliveries;
pub mod docs;
pub mod doctors;
pub mod donors;
pub mod events;
pub mod extract;
pub mod fhir;
pub mod guard;
pub mod headers;
pub mod health;
pub mod insurance;
pub mod me;
pub mod medications;
pub mod messaging;
pub mod notifications;
pub mod params;
pub mod patients;
pub mod record;
pub mod responses;
pub mod spa;
pub mod specializations;
mod state;
pub mod triage;
pub mod vault;
pub mod wards;
pub mod wellbeing;

use actix_web::dev::{ServiceFactory, ServiceRequest};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, UtoipaApp};

use crate::error::ApiError;
pub use state::AppState;

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
        (name = "record", description = "The clinical record: problems and allergies, their history, the allergy check made when medicines are prescribed, and the record's timeline."),
        (name = "wellbeing", description = "The mood log and its chart, the PHQ-9 with doctors' requests and crisis alerts, and the clinic's safety information."),
        (name = "vault", description = "The document vault: files uploaded by patients and their doctors, checked for type, size and malware, kept in versions, shared with doctors, and opened through short-lived links recorded in the patient's access log."),
        (name = "messaging", description = "Messages between a patient and their doctors: threads with read marks and attachments from the vault, the doctor's reply time, urgent messages, the admins' overview, and live changes as Server-Sent Events."),
        (name = "billing", description = "Invoices made from completed visits, numbered when issued and never edited after; an append-only ledger of charges, payments, refunds, write-offs and credit notes whose balance is the sum of its entries; insurance policies and claims; the admins' billing overview and its CSV export. Amounts are integers in the currency's minor unit with an ISO 4217 code."),
        (name = "blood", description = "The blood bank: units tracked one by one from donation to transfusion (quarantine, stock, reservation, issue, discard, expiry), stock per group and component with days of cover and thresholds, doctors' requests matched against the patient's confirmed typing with one compatibility table, crossmatches, donors with the intervals between donations, and calls to donors."),
        (name = "analytics", description = "The clinic's and each doctor's dashboards over a range of days, read from day counters kept with every change: appointments by status, no-shows, cancellations, utilisation, lead times, consultations, bed occupancy and stays, dose adherence."),
        (name = "wards", description = "Departments, wards, rooms and beds with their HL7 states; admissions, transfers and discharges that never put two patients in one bed or one patient in two; and the bed board."),
        (name = "triage", description = "Symptom triage for patients: red flags first, an urgency with every rule that fired, and the suggested specialization's earliest free slots. Not a diagnosis; kept for the patient only."),
        (name = "fhir", description = "The record as FHIR R4 (4.0.1) for integrations, under `/api/fhir/r4`: the CapabilityStatement, reads by id, searches by patient and `Patient/{id}/$everything`, in `application/fhir+json`. Lists are searchset Bundles whose `next` link keeps every parameter and ends with the data; errors are OperationOutcomes. The record's access rules apply, and every read is in the patient's access log."),
        (name = "calendar", description = "Secret iCalendar feeds of a person's appointments."),
        (name = "catalogue", description = "Reference data: medical specializations."),
        (name = "operations", description = "Probes."),
    ),
    components(schemas(
        medtrack_shared::ErrorBody,
        medtrack_shared::appointment::When,
        medtrack_shared::billing::overview::Panel,
        fhir::outcome::OperationOutcome,
        fhir::FhirType
    )),
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

/// Registers every documented service on `app`: the map of the API.
pub fn register<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    use scope::scope;
    let api = scope("/api/v1")
        .service(
            scope("/auth")
                .service(auth::register)
                .service(auth::login)
                .service(auth::refresh)
                .service(auth::logout)
                .service(auth::request_password_reset)
                .service(auth::reset_password)
                .service(auth::confirm_email),
        )
        .service(
            scope("/me")
                .service(me::me)
                .service(me::update)
                .service(me::change_password)
                .service(me::resend_confirmation)
                .service(patients::my_access_log)
                .service(medications::add)
                .service(calendar::status)
                .service(calendar::rotate)
                .service(calendar::revoke)
                .service(events::events)
                .service(billing::mine)
                .service(insurance::my_claims)
                .service(
                    scope("/two-factor")
                        .service(me::begin)
                        .service(me::confirm)
                        .service(me::disable),
                )
                .service(
                    scope("/notifications")
                        .service(notifications::list)
                        .service(notifications::unread_count)
                        .service(notifications::mark_all_read)
                        .service(notifications::mark_read),
                )
                .service(
                    scope("/notification-settings")
                        .service(notifications::view)
                        .service(notifications::set_preferences)
                        .service(notifications::set_email)
                        .service(notifications::remove_email)
                        .service(notifications::set_phone)
                        .service(notifications::verify_phone)
                        .service(notifications::remove_phone),
                ),
        )
        .service(
            scope("/patients/{id}")
                .service(patients::profile)
                .service(patients::emergency_access)
                .service(appointments::of_patient)
                .service(appointments::history)
                .service(medications::list)
                .service(medications::day)
                .service(medications::adherence)
                .service(record::list_problems)
                .service(record::add_problem)
                .service(record::change_problem)
                .service(record::problem_history)
                .service(record::list_allergies)
                .service(record::add_allergy)
                .service(record::no_known_allergies)
                .service(record::change_allergy)
                .service(record::allergy_history)
                .service(record::timeline)
                .service(record::allergy_check)
                .service(wards::of_patient)
                .service(wellbeing::list_mood)
                .service(wellbeing::add_mood)
                .service(wellbeing::mood_chart)
                .service(wellbeing::change_mood)
                .service(wellbeing::delete_mood)
                .service(wellbeing::list_phq9)
                .service(wellbeing::submit_phq9)
                .service(wellbeing::list_phq9_requests)
                .service(wellbeing::ask_for_phq9)
                .service(wellbeing::stop_phq9_request)
                .service(wellbeing::acknowledge)
                .service(vault::list)
                .service(vault::upload)
                .service(vault::get)
                .service(vault::change)
                .service(vault::remove)
                .service(vault::versions)
                .service(vault::add_version)
                .service(vault::share)
                .service(vault::revoke)
                .service(vault::download_link)
                .service(vault::content)
                .service(insurance::list_policies)
                .service(insurance::add_policy)
                .service(insurance::remove_policy)
                .service(blood_requests::get_typing)
                .service(blood_requests::record_typing),
        )
        .service(
            scope("/blood")
                .service(blood::stock_lines)
                .service(blood::by_group)
                .service(blood::set_threshold)
                .service(blood::remove_threshold)
                .service(blood::record_donation)
                .service(blood::list_units)
                .service(blood::get_unit)
                .service(blood::test_unit)
                .service(blood::discard_unit)
                .service(blood::return_unit)
                .service(blood::history)
                .service(blood_requests::create)
                .service(blood_requests::list)
                .service(blood_requests::get)
                .service(blood_requests::reserve_units)
                .service(blood_requests::crossmatch)
                .service(blood_requests::issue)
                .service(blood_requests::cancel)
                .service(donors::my_page)
                .service(donors::register)
                .service(donors::withdraw)
                .service(donors::list)
                .service(donors::confirm)
                .service(donors::call)
                .service(donors::list_calls)
                .service(donors::invitations)
                .service(donors::answer),
        )
        .service(
            scope("/billing")
                .service(billing::create)
                .service(billing::get)
                .service(billing::add_line)
                .service(billing::remove_line)
                .service(billing::issue_invoice)
                .service(billing::credit)
                .service(billing::pay)
                .service(billing::refund)
                .service(billing::write_off)
                .service(insurance::make_claim)
                .service(insurance::get_claim)
                .service(insurance::step),
        )
        .service(
            scope("/messages")
                .service(messaging::list)
                .service(messaging::waiting)
                .service(messaging::start)
                .service(messaging::get)
                .service(messaging::messages)
                .service(messaging::send)
                .service(messaging::read)
                .service(messaging::acknowledge)
                .service(messaging::unread)
                .service(messaging::contacts),
        )
        .service(
            scope("/triage")
                .service(triage::triage_questions)
                .service(triage::assess_symptoms)
                .service(triage::list_triages)
                .service(triage::get_triage)
                .service(triage::delete_triage),
        )
        .service(scope("/crisis-alerts").service(wellbeing::open_alerts))
        .service(scope("/safety").service(wellbeing::safety))
        .service(
            scope("/doctors")
                .service(doctors::directory)
                .service(
                    scope("/me")
                        .service(doctors::my_practice)
                        .service(doctors::update_practice)
                        .service(doctors::my_day)
                        .service(doctors::my_requests)
                        .service(doctors::my_week)
                        .service(billing::doctors),
                )
                .service(doctors::card)
                .service(doctors::slots)
                .service(messaging::reply_time),
        )
        .service(
            scope("/appointments")
                .service(appointments::book)
                .service(appointments::get)
                .service(appointments::act)
                .service(medications::add_prescription)
                .service(vault::of_visit)
                .service(vault::attach),
        )
        .service(
            scope("/medications/{id}")
                .service(medications::get)
                .service(medications::edit)
                .service(medications::remove)
                .service(medications::act)
                .service(medications::pause)
                .service(medications::resume),
        )
        .service(
            scope("/departments")
                .service(wards::add_department)
                .service(wards::list_departments),
        )
        .service(
            scope("/wards")
                .service(wards::add_ward)
                .service(wards::list_wards)
                .service(wards::change_ward)
                .service(wards::add_beds),
        )
        .service(
            scope("/beds")
                .service(wards::board)
                .service(wards::set_bed_state),
        )
        .service(
            scope("/admissions")
                .service(wards::admit)
                .service(wards::list_admissions)
                .service(wards::get_admission)
                .service(wards::transfer)
                .service(wards::discharge),
        )
        .service(
            scope("/analytics")
                .service(analytics::clinic)
                .service(analytics::doctor),
        )
        .service(scope("/calendar").service(calendar::feed))
        .service(scope("/files").service(vault::file))
        .service(scope("/specializations").service(specializations::list))
        .service(
            scope("/admin")
                .service(admin::list_users)
                .service(admin::decide)
                .service(patients::access_log_query)
                .service(appointments::oversee)
                .service(deliveries::dead_letters)
                .service(deliveries::retry_dead_letter)
                .service(deliveries::sent_messages)
                .service(deliveries::stopped_jobs)
                .service(deliveries::retry_stopped_job)
                .service(vault::quarantine)
                .service(messaging::overview)
                .service(billing::all)
                .service(insurance::all_claims)
                .service(insurance::billing_overview)
                .service(insurance::export),
        );
    let fhir = scope("/api/fhir/r4")
        .service(fhir::metadata)
        .service(fhir::everything)
        .service(fhir::search_by_patient)
        .service(fhir::read_resource);
    app.openapi(ApiDoc::openapi())
        .service(api)
        .service(fhir)
        .service(health::healthz)
        .service(health::readyz)
}

/// The OpenAPI document the server serves (`medtrack openapi` prints it).
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    use utoipa_actix_web::AppExt;
    let mut document = register(actix_web::App::new().into_utoipa_app())
        .split_for_parts()
        .1;
    responses::Refusals.modify(&mut document);
    docs::unique_operation_ids(&mut document);
    document
}
