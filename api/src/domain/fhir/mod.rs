//! The record as FHIR R4 for integrations: a patient's compartment read
//! section by section (`sections`), each stored record mapped to its
//! resources (`map` and the files per area), `$everything` and searches
//! paged by an opaque cursor with no cap on what a walk returns, and reads
//! by id (`read`). Access is the record's: the patient, their doctors,
//! admins, each shown what the rest of the API shows them (`map::shown`);
//! a read is in the patient's access log before it is answered (once per
//! walk). Resources are JSON values built here; the HTTP layer says where
//! a document's content is and wraps resources in Bundles.
//!
//! Not exported: symptom checks (kept for the patient alone), messages
//! (a conversation, not the record) and the blood bank's units.

mod billing;
mod common;
mod documents;
mod ids;
mod map;
mod medication;
mod people;
mod read;
mod record;
mod sections;
mod visits;

pub use map::ContentPath;
pub use read::{practitioner, read};

use jiff::Timestamp;
use medtrack_shared::{Role, UserId};
use serde_json::Value;

use super::accounts::{self, Account};
use super::patients::{self, Access};
use super::{Context, DomainError};
use sections::Section;

/// The resource types MedTrack exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceType {
    Patient,
    Practitioner,
    PractitionerRole,
    Appointment,
    Encounter,
    Condition,
    AllergyIntolerance,
    MedicationRequest,
    MedicationAdministration,
    Observation,
    DocumentReference,
    Coverage,
    Invoice,
    Claim,
}

impl ResourceType {
    pub const ALL: [ResourceType; 14] = [
        Self::Patient,
        Self::Practitioner,
        Self::PractitionerRole,
        Self::Appointment,
        Self::Encounter,
        Self::Condition,
        Self::AllergyIntolerance,
        Self::MedicationRequest,
        Self::MedicationAdministration,
        Self::Observation,
        Self::DocumentReference,
        Self::Coverage,
        Self::Invoice,
        Self::Claim,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Patient => "Patient",
            Self::Practitioner => "Practitioner",
            Self::PractitionerRole => "PractitionerRole",
            Self::Appointment => "Appointment",
            Self::Encounter => "Encounter",
            Self::Condition => "Condition",
            Self::AllergyIntolerance => "AllergyIntolerance",
            Self::MedicationRequest => "MedicationRequest",
            Self::MedicationAdministration => "MedicationAdministration",
            Self::Observation => "Observation",
            Self::DocumentReference => "DocumentReference",
            Self::Coverage => "Coverage",
            Self::Invoice => "Invoice",
            Self::Claim => "Claim",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == text)
    }

    /// Whether a search by patient lists it (people are read by id, and
    /// come with `$everything` as what the record refers to).
    pub fn searchable(self) -> bool {
        !matches!(self, Self::Practitioner | Self::PractitionerRole)
    }
}

/// Resources on a page when the caller does not say.
pub const DEFAULT_COUNT: usize = 50;
/// The most a page holds; a larger `_count` gets pages of this size, and
/// the next links go on to the end.
pub const MAX_COUNT: usize = 200;

/// A search's filters, parsed by the caller.
#[derive(Debug, Clone)]
pub struct Search {
    /// The types to give (all when empty).
    pub types: Vec<ResourceType>,
    /// Only what changed at or after this time.
    pub since: Option<Timestamp>,
    /// Only care at or after this time.
    pub start: Option<Timestamp>,
    /// Only care at or before this time.
    pub end: Option<Timestamp>,
    /// Resources per page, 1 to [`MAX_COUNT`].
    pub count: usize,
}

impl Search {
    fn admits(&self, m: &common::Mapped) -> bool {
        if let (Some(since), Some(updated)) = (self.since, m.updated) {
            if updated < since {
                return false;
            }
        }
        match m.care {
            Some((from, until)) => {
                self.start.is_none_or(|start| until >= start)
                    && self.end.is_none_or(|end| from <= end)
            }
            None => true,
        }
    }
}

/// A resource on a page, and whether it matched the search or comes with
/// it as something a match refers to (a practitioner).
#[derive(Debug, Clone)]
pub struct Found {
    pub resource: Value,
    pub included: bool,
}

/// A page of resources and the cursor of the next one.
#[derive(Debug, Clone)]
pub struct Page {
    pub entries: Vec<Found>,
    pub next: Option<String>,
}

/// Who reads: the caller, why they may read the patient's record, and
/// where the HTTP layer serves a document's content.
pub struct Reader<'a> {
    pub caller: &'a Account,
    pub content_path: ContentPath,
}

/// Why the caller may read the patient's record, once the patient is known
/// to exist and `sections` hold something the caller may see; the read is
/// recorded as `what` when `log` (the first page of a walk, each read).
async fn open(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    sections: &[Section],
    what: Option<&str>,
) -> Result<Access, DomainError> {
    let access = patients::access(&ctx.store, caller, patient).await?;
    accounts::get(&ctx.store, patient)
        .await?
        .filter(|a| a.role == Role::Patient)
        .ok_or(DomainError::NotFound)?;
    if !sections.iter().any(|s| map::shown(access, *s)) {
        return Err(DomainError::Forbidden);
    }
    if let Some(what) = what {
        patients::record_read(ctx, caller, access, patient, what).await?;
    }
    Ok(access)
}

async fn walk(
    ctx: &Context,
    reader: &Reader<'_>,
    patient: &UserId,
    sections: &[Section],
    search: &Search,
    cursor: Option<&str>,
    what: &str,
) -> Result<Page, DomainError> {
    // One access-log entry per walk, on its first page; every page checks.
    let logged = cursor.is_none().then_some(what);
    let access = open(ctx, reader.caller, patient, sections, logged).await?;
    let env = map::Env::new(ctx, reader.caller, access, reader.content_path);
    let (found, next) = sections::walk(ctx, &env, patient, sections, search, cursor).await?;
    let entries = found
        .into_iter()
        .map(|(section, m)| Found {
            resource: m.resource,
            included: !section.resource_type().searchable(),
        })
        .collect();
    Ok(Page { entries, next })
}

/// `Patient/{id}/$everything`: the patient's compartment and the doctors
/// in their care relationships, page by page.
pub async fn everything(
    ctx: &Context,
    reader: &Reader<'_>,
    patient: &UserId,
    search: &Search,
    cursor: Option<&str>,
) -> Result<Page, DomainError> {
    let types = if search.types.is_empty() {
        ResourceType::ALL.to_vec()
    } else {
        search.types.clone()
    };
    let sections = Section::of(&types);
    let what = "whole record (FHIR export)";
    walk(ctx, reader, patient, &sections, search, cursor, what).await
}

/// `{type}?patient={id}`: one type of the patient's compartment.
pub async fn search(
    ctx: &Context,
    reader: &Reader<'_>,
    kind: ResourceType,
    patient: &UserId,
    search: &Search,
    cursor: Option<&str>,
) -> Result<Page, DomainError> {
    if !kind.searchable() {
        return Err(DomainError::NotFound);
    }
    let what = format!("{} (FHIR search)", kind.name());
    let sections = Section::of(&[kind]);
    walk(ctx, reader, patient, &sections, search, cursor, &what).await
}
