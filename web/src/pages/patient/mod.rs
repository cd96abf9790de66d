//! The patient's pages.

pub mod access_log;
pub mod appointments;
pub mod billing;
pub mod doctors;
pub mod documents;
pub mod donor;
pub mod history;
pub mod home;
pub mod medication_form;
pub mod medication_more;
pub mod medication_when;
pub mod medications;
pub mod mood;
pub mod mood_entries;
pub mod phq9;
pub mod prescription;
pub mod record;
pub mod triage;
