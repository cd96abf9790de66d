//! Reads by id. A composite id names the record's owner: for most kinds
//! the patient, whose access is checked before anything is looked up; for
//! a prescribed item the visit, and for a dose the medication, which are
//! read first for their patient. So are records with an id of their own.
//! A medication refused is answered as not found, as the rest of the API
//! does. An id this server did not make is simply not found.

use jiff::Timestamp;
use medtrack_shared::account::AccountStatus;
use medtrack_shared::appointment::Appointment;
use medtrack_shared::billing::claims::Claim;
use medtrack_shared::billing::Invoice;
use medtrack_shared::medication::Medication;
use medtrack_shared::wards::admissions::Admission;
use medtrack_shared::{
    AdmissionId, AllergyId, AppointmentId, ClaimId, DocumentId, InvoiceId, MedicationId,
    MoodEntryId, Phq9Id, PolicyId, ProblemId, Role, UserId,
};
use serde_json::Value;
use uuid::Uuid;

use super::ids::{Composite, Kind};
use super::map::{self, Env};
use super::sections::Section;
use super::{open, people, Reader, ResourceType};
use crate::domain::accounts::{self, Account};
use crate::domain::{Context, DomainError};
use crate::store::{keys, Item, Key};

/// A practitioner or their role, for anyone signed in: doctors in the
/// directory (approved and active); admins read any doctor's.
pub async fn practitioner(
    ctx: &Context,
    caller: &Account,
    kind: ResourceType,
    id: &str,
) -> Result<Value, DomainError> {
    let id: UserId = id.parse().map_err(|_| DomainError::NotFound)?;
    let doctor = accounts::get(&ctx.store, &id)
        .await?
        .filter(people::is_doctor)
        .filter(|d| caller.role == Role::Admin || d.status == AccountStatus::Active)
        .ok_or(DomainError::NotFound)?;
    Ok(match kind {
        ResourceType::PractitionerRole => people::practitioner_role(ctx, &doctor).await?.resource,
        _ => people::practitioner(&doctor).resource,
    })
}

/// The resource `kind`/`id`, for a caller who may read it in its patient's record.
pub async fn read(
    ctx: &Context,
    reader: &Reader<'_>,
    kind: ResourceType,
    id: &str,
) -> Result<Value, DomainError> {
    use ResourceType as R;
    if matches!(kind, R::Practitioner | R::PractitionerRole) {
        return practitioner(ctx, reader.caller, kind, id).await;
    }
    let found = match Composite::parse(id) {
        Some(composite) => by_composite(ctx, reader, kind, &composite).await?,
        None => {
            let uuid = Uuid::parse_str(id).map_err(|_| DomainError::NotFound)?;
            by_uuid(ctx, reader, kind, uuid).await?
        }
    };
    found
        .into_iter()
        .find(|resource| resource["id"] == id && resource["resourceType"] == kind.name())
        .ok_or(DomainError::NotFound)
}

/// The resources of `item`, once the reader's access to `patient` and to
/// the section is checked and the read recorded.
async fn resources(
    ctx: &Context,
    reader: &Reader<'_>,
    patient: &UserId,
    section: Section,
    item: Option<Item>,
) -> Result<Vec<Value>, DomainError> {
    let what = format!("{} (FHIR read)", section.resource_type().name());
    let access = open(ctx, reader.caller, patient, &[section], Some(&what)).await?;
    let Some(item) = item else {
        return Ok(Vec::new());
    };
    let env = Env::new(ctx, reader.caller, access, reader.content_path);
    let mapped = map::item(ctx, &env, patient, section, &item).await?;
    Ok(mapped.into_iter().map(|m| m.resource).collect())
}

async fn get(ctx: &Context, key: &Key) -> Result<Option<Item>, DomainError> {
    Ok(ctx.store.get(key).await?)
}

/// A refusal about a record found by an id of its own is told as "not
/// found" where the API hides such records' existence.
fn hidden(error: DomainError) -> DomainError {
    match error {
        DomainError::Forbidden => DomainError::NotFound,
        other => other,
    }
}

async fn by_composite(
    ctx: &Context,
    reader: &Reader<'_>,
    kind: ResourceType,
    id: &Composite,
) -> Result<Vec<Value>, DomainError> {
    use ResourceType as R;
    let item = id.item_uuid();
    match (kind, id.kind) {
        (R::MedicationRequest, Kind::Prescription) => {
            let visit = AppointmentId::from_uuid(id.owner);
            return from_appointment(ctx, reader, visit, Section::Prescriptions).await;
        }
        (R::MedicationAdministration, Kind::Dose) => {
            let medication = MedicationId::from_uuid(id.owner);
            let Some(found) = get(ctx, &keys::medication(&medication)).await? else {
                return Ok(Vec::new());
            };
            let patient = found.record::<Medication>()?.patient;
            let millis = i64::try_from(id.item).map_err(|_| DomainError::NotFound)?;
            let at = Timestamp::from_millisecond(millis).map_err(|_| DomainError::NotFound)?;
            let dose = get(ctx, &keys::dose(&patient, at, &medication)).await?;
            return resources(ctx, reader, &patient, Section::Doses, dose)
                .await
                .map_err(hidden);
        }
        _ => {}
    }
    let patient = UserId::from_uuid(id.owner);
    let (section, key) = match (kind, id.kind) {
        (R::Condition, Kind::Problem) => (
            Section::Problems,
            keys::problem(&patient, &ProblemId::from_uuid(item)),
        ),
        (R::AllergyIntolerance, Kind::Allergy) => (
            Section::Allergies,
            keys::allergy(&patient, &AllergyId::from_uuid(item)),
        ),
        (R::AllergyIntolerance, Kind::NoKnownAllergies) => (
            Section::NoKnownAllergies,
            keys::allergy_assessment(&patient),
        ),
        (R::Observation, Kind::Mood) => (
            Section::Moods,
            Key::new(
                keys::mood_log(&patient),
                MoodEntryId::from_uuid(item).to_string(),
            ),
        ),
        (R::Observation, Kind::Phq9) => (
            Section::Phq9,
            Key::new(
                keys::phq9_results(&patient),
                Phq9Id::from_uuid(item).to_string(),
            ),
        ),
        (R::DocumentReference, Kind::Document) => (
            Section::Documents,
            keys::document(&patient, &DocumentId::from_uuid(item)),
        ),
        (R::Coverage, Kind::Policy) => (
            Section::Policies,
            keys::policy(&patient, &PolicyId::from_uuid(item)),
        ),
        _ => return Ok(Vec::new()),
    };
    // The access check (in `resources`) comes before the lookup's answer.
    let access = crate::domain::patients::access(&ctx.store, reader.caller, &patient).await?;
    if !map::shown(access, section) {
        return Err(DomainError::Forbidden);
    }
    let found = get(ctx, &key).await?;
    resources(ctx, reader, &patient, section, found).await
}

async fn from_appointment(
    ctx: &Context,
    reader: &Reader<'_>,
    id: AppointmentId,
    section: Section,
) -> Result<Vec<Value>, DomainError> {
    let Some(item) = get(ctx, &keys::appointment(&id)).await? else {
        return Ok(Vec::new());
    };
    let patient = item.record::<Appointment>()?.patient.id;
    resources(ctx, reader, &patient, section, Some(item)).await
}

async fn by_uuid(
    ctx: &Context,
    reader: &Reader<'_>,
    kind: ResourceType,
    uuid: Uuid,
) -> Result<Vec<Value>, DomainError> {
    use ResourceType as R;
    let (section, key) = match kind {
        R::Patient => {
            let patient = UserId::from_uuid(uuid);
            crate::domain::patients::access(&ctx.store, reader.caller, &patient).await?;
            let found = get(ctx, &keys::user(&patient)).await?;
            return resources(ctx, reader, &patient, Section::Patient, found).await;
        }
        R::Appointment => {
            let visit = AppointmentId::from_uuid(uuid);
            return from_appointment(ctx, reader, visit, Section::Appointments).await;
        }
        R::Condition => {
            let visit = AppointmentId::from_uuid(uuid);
            return from_appointment(ctx, reader, visit, Section::Diagnoses).await;
        }
        R::Encounter => {
            let visit = AppointmentId::from_uuid(uuid);
            if get(ctx, &keys::appointment(&visit)).await?.is_some() {
                return from_appointment(ctx, reader, visit, Section::VisitEncounters).await;
            }
            (
                Section::Admissions,
                keys::admission(&AdmissionId::from_uuid(uuid)),
            )
        }
        R::MedicationRequest => (
            Section::Medications,
            keys::medication(&MedicationId::from_uuid(uuid)),
        ),
        R::Invoice => (
            Section::Invoices,
            keys::invoice(&InvoiceId::from_uuid(uuid)),
        ),
        R::Claim => (Section::Claims, keys::claim(&ClaimId::from_uuid(uuid))),
        _ => return Ok(Vec::new()),
    };
    let Some(item) = get(ctx, &key).await? else {
        return Ok(Vec::new());
    };
    let patient = match section {
        Section::Admissions => item.record::<Admission>()?.patient.id,
        Section::Medications => item.record::<Medication>()?.patient,
        Section::Invoices => item.record::<Invoice>()?.patient.id,
        _ => item.record::<Claim>()?.patient.id,
    };
    let answer = resources(ctx, reader, &patient, section, Some(item)).await;
    match section {
        Section::Medications => answer.map_err(hidden),
        _ => answer,
    }
}
