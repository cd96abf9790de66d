//! Typed identifiers: a `UserId` cannot be passed where an `AppointmentId` is
//! expected. Ids are UUIDs (the server makes time-ordered UUIDv7s) and read as
//! text in paths and JSON; anything that is not a UUID is refused on the way in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = "uuid"))]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID made by the server.
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The UUID inside.
            pub fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(text).map(Self)
            }
        }
    };
}

typed_id!(
    /// A person with an account: patient, doctor or admin.
    UserId
);

typed_id!(
    /// An appointment.
    AppointmentId
);

typed_id!(
    /// A notification.
    NotificationId
);

typed_id!(
    /// A medication on a patient's list.
    MedicationId
);

typed_id!(
    /// A problem (condition) on a patient's record.
    ProblemId
);

typed_id!(
    /// An allergy or intolerance on a patient's record.
    AllergyId
);

typed_id!(
    /// An entry of a patient's mood log. Its UUIDv7 carries the time the
    /// mood was felt, so the log's order is the id's order.
    MoodEntryId
);

typed_id!(
    /// A PHQ-9 questionnaire a patient answered.
    Phq9Id
);

typed_id!(
    /// A document in a patient's vault (all its versions).
    DocumentId
);

typed_id!(
    /// A conversation between a patient and one of their doctors.
    ThreadId
);

typed_id!(
    /// A message in a thread. Its UUIDv7 carries the time it was sent, so a
    /// thread's order is the id's order.
    MessageId
);

typed_id!(
    /// An invoice (or, when it is a correction, a further invoice).
    InvoiceId
);

typed_id!(
    /// An entry of an invoice's ledger. Its UUIDv7 carries the time it was
    /// posted, so a ledger's order is the id's order.
    EntryId
);

typed_id!(
    /// An insurance policy of a patient.
    PolicyId
);

typed_id!(
    /// An insurance claim for an invoice.
    ClaimId
);

typed_id!(
    /// A unit of blood or a blood component, from donation to transfusion.
    UnitId
);

typed_id!(
    /// A doctor's request for blood for a patient.
    BloodRequestId
);

typed_id!(
    /// The blood bank's call to donors of a group.
    DonorCallId
);

typed_id!(
    /// A department of the clinic (wards belong to one).
    DepartmentId
);

typed_id!(
    /// A ward.
    WardId
);

typed_id!(
    /// A bed in a ward.
    BedId
);

typed_id!(
    /// A patient's stay in the clinic, from admission to discharge.
    AdmissionId
);

typed_id!(
    /// A signed-in session (one per sign-in, renewed by its refresh tokens).
    SessionId
);

typed_id!(
    /// A patient's symptom triage. Its UUIDv7 carries the time it was
    /// made, so the patient's list is newest first by id.
    TriageId
);

/// A scheduled job: its kind and what it is about, e.g.
/// `dose:<medication>` or `missed:<medication>:<millis>`. Ids and numbers
/// only, never personal data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, example = "dose:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"))]
#[serde(try_from = "String", into = "String")]
pub struct JobId(String);

/// Why text is not a job id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidJobId;

impl fmt::Display for InvalidJobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a job id")
    }
}

impl std::error::Error for InvalidJobId {}

impl JobId {
    /// The longest job id.
    pub const MAX_LEN: usize = 200;

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An id made by the server from the job's kind and the ids and numbers
    /// it is about, e.g. `missed:<medication>:<millis>`.
    pub fn compose(kind: &str, parts: &[&dyn fmt::Display]) -> Self {
        let mut id = kind.to_owned();
        for part in parts {
            id.push(':');
            id.push_str(&part.to_string());
        }
        Self(id)
    }
}

impl FromStr for JobId {
    type Err = InvalidJobId;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_');
        if text.is_empty() || text.len() > Self::MAX_LEN || !text.chars().all(allowed) {
            return Err(InvalidJobId);
        }
        Ok(Self(text.to_owned()))
    }
}

impl TryFrom<String> for JobId {
    type Error = InvalidJobId;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<JobId> for String {
    fn from(id: JobId) -> Self {
        id.0
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
