//! Types and validation rules shared by the MedTrack API server and its web
//! client. No I/O: everything here compiles for native targets and for wasm32.
//!
//! With the `openapi` feature, the types derive `utoipa::ToSchema` so that the
//! server's OpenAPI document describes exactly what the client deserializes.

pub mod account;
pub mod analytics;
pub mod appointment;
pub mod billing;
pub mod blood;
pub mod calendar;
pub mod delivery;
pub mod error;
pub mod health;
pub mod ids;
pub mod medication;
pub mod messaging;
pub mod notification;
pub mod pagination;
pub mod practice;
pub mod record;
pub mod rules;
pub mod safety;
#[cfg(feature = "openapi")]
pub mod schema;
pub mod specialization;
#[cfg(feature = "triage")]
pub mod triage;
pub mod validation;
pub mod vault;
pub mod wards;

pub use account::{AccountStatus, Me, Role};
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use ids::{
    AdmissionId, AllergyId, AppointmentId, BedId, BloodRequestId, ClaimId, DepartmentId,
    DocumentId, DonorCallId, EntryId, InvoiceId, JobId, MedicationId, MessageId, MoodEntryId,
    NotificationId, Phq9Id, PolicyId, ProblemId, SessionId, ThreadId, TriageId, UnitId, UserId,
    WardId,
};
pub use pagination::{Page, PageQuery};
pub use specialization::{Specialization, SpecializationSlug};
pub use validation::{FieldErrors, ValidationError};
