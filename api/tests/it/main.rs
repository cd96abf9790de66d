//! Integration tests, linked into one binary: the storage conformance suite
//! (every behaviour on SQLite and on DynamoDB Local), the HTTP API on both
//! drivers, and the committed OpenAPI document.

// A failing fixture should stop its test with a message: that is what tests do.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod access;
mod access_analytics;
mod access_billing;
mod access_blood;
mod access_fhir;
mod access_messaging;
mod access_triage;
mod access_vault;
mod access_wards;
mod access_wellbeing;
mod admin;
mod analytics;
mod analytics_wards;
mod appointment_reminders;
mod appointments;
mod auth;
mod billing;
mod blood;
mod blood_crossmatch;
mod blood_donors;
mod calendar;
mod channels;
mod checks;
mod clamd;
mod cli;
mod clinic;
mod dispatch;
mod dynamodb_local;
mod emergency;
mod emulator;
mod fhir;
mod fhir_paging;
mod fhir_support;
mod group_commit;
mod helpers;
mod http;
mod layering;
mod letters;
mod limits;
mod medications;
mod messaging;
mod messaging_time;
mod moto;
mod notices;
mod openapi;
mod record_allergies;
mod record_allergy_check;
mod record_phq9;
mod record_problems;
mod record_wellbeing;
mod recovery;
mod sns;
mod stopped_jobs;
mod store_conformance;
mod store_records;
mod triage;
mod two_factor;
mod vault;
mod vault_crash;
mod vault_scan;
mod vault_support;
mod wards;
mod workflow;
