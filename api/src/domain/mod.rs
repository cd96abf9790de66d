//! Rules of the product, written once against the storage trait: no HTTP
//! here, and no driver-specific code. Every operation runs with a
//! [`Context`] (the store, the outbound ports, the clock, the workers'
//! wake-up signals) and writes through it.

pub mod access_log;
pub mod accounts;
pub mod analytics;
pub mod appointments;
pub mod billing;
pub mod blood;
pub mod calendar_feed;
mod context;
pub mod counters;
pub mod devices;
mod error;
pub mod fhir;
pub mod jobs;
pub mod medications;
pub mod messaging;
pub mod notifications;
pub(crate) mod paging;
pub mod patients;
pub mod ports;
pub mod practice;
pub mod record;
mod retry;
pub mod secrets;
pub mod sessions;
pub mod slots;
pub mod specializations;
pub mod triage;
pub mod two_factor;
pub mod vault;
pub mod wards;
mod zone;

pub use context::{Clock, Context, Crisis, Vault, Wakes, Work};
pub use error::DomainError;
pub use zone::Zone;
