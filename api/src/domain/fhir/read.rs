//! Reads by id. For an id that names its patient (a composite id) the
//! caller's access is checked before anything is looked up; for one that
//! does not, the record is found first, then its patient's access checked.
//! An id this server did not make is simply not found.

use jiff::Timestamp;
use medtrack_shared::appointment::Appointment;
use medtrack_shared::billing::claims::Claim;
use medtrack_shared::billing::Invoice;
use medtrack_shared::medication::Medication;
use medtrack_shared::wards::admissions::Admission;
use medtrack_shared::{
    AdmissionId, AllergyId, AppointmentId, ClaimId, DocumentId, InvoiceId, MedicationId,
    MoodEntryId, Phq9Id, PolicyId, ProblemId, UserId,
};
use serde_json::Value;
use uuid::Uuid;

use super::ids::{Composite, Kind};
use super::map::{self, Env};
use super::sections::Section;
use super::{open, people, ResourceType};
use crate::domain::accounts::{self, Account};
use crate::domain::{Context, DomainError};
use crate::store::{keys, Item, Key};

/// A practitioner or their role: the directory's, for anyone signed in.
pub async fn practitioner(
    ctx: &Context,
    kind: ResourceType,
    id: &str,
) -> Result<Value, DomainError> {
    let id: UserId = id.parse().map_err(|_| DomainError::NotFound)?;
    let doctor = accounts::get(&ctx.store, &id)
        .await?
        .filter(people::is_doctor)
        .ok_or(DomainError::NotFound)?;
    Ok(match kind {
        ResourceType::PractitionerRole => people::practitioner_role(ctx, &doctor).await?.resource,
        _ => people::practitioner(&doctor).resource,
    })
}

/// The resource `kind`/`id`, for a caller who may read its patient's record.
pub async fn read(
    ctx: &Context,
    caller: &Account,
    kind: ResourceType,
    id: &str,
) -> Result<Value, DomainError> {
    use ResourceType as R;
    if matches!(kind, R::Practitioner | R::PractitionerRole) {
        return practitioner(ctx, kind, id).await;
    }
    let what = format!("{} (FHIR read)", kind.name());
    let found = match Composite::parse(id) {
        Some(composite) => by_composite(ctx, caller, kind, &composite, &what).await?,
        None => {
            let uuid = Uuid::parse_str(id).map_err(|_| DomainError::NotFound)?;
            by_uuid(ctx, caller, kind, uuid, &what).await?
        }
    };
    found
        .into_iter()
        .find(|resource| resource["id"] == id && resource["resourceType"] == kind.name())
        .ok_or(DomainError::NotFound)
}

/// The resources of one stored item, as its section maps them.
async fn resources(
    ctx: &Context,
    patient: &UserId,
    section: Section,
    item: Option<Item>,
) -> Result<Vec<Value>, DomainError> {
    let Some(item) = item else {
        return Ok(Vec::new());
    };
    let env = Env::new(ctx);
    let mapped = map::item(ctx, &env, patient, section, &item).await?;
    Ok(mapped.into_iter().map(|m| m.resource).collect())
}

async fn get(ctx: &Context, key: &Key) -> Result<Option<Item>, DomainError> {
    Ok(ctx.store.get(key).await?)
}

async fn by_composite(
    ctx: &Context,
    caller: &Account,
    kind: ResourceType,
    id: &Composite,
    what: &str,
) -> Result<Vec<Value>, DomainError> {
    use ResourceType as R;
    let item = id.item_uuid();
    // Prescriptions and doses hang from a visit or a medication.
    match (kind, id.kind) {
        (R::MedicationRequest, Kind::Prescription) => {
            let visit = AppointmentId::from_uuid(id.owner);
            return from_appointment(ctx, caller, visit, Section::Prescriptions, what).await;
        }
        (R::MedicationAdministration, Kind::Dose) => {
            let medication = MedicationId::from_uuid(id.owner);
            let Some(found) = get(ctx, &keys::medication(&medication)).await? else {
                return Ok(Vec::new());
            };
            let patient = found.record::<Medication>()?.patient;
            open(ctx, caller, &patient, what).await?;
            let millis = i64::try_from(id.item).map_err(|_| DomainError::NotFound)?;
            let at = Timestamp::from_millisecond(millis).map_err(|_| DomainError::NotFound)?;
            let dose = get(ctx, &keys::dose(&patient, at, &medication)).await?;
            return resources(ctx, &patient, Section::Doses, dose).await;
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
    open(ctx, caller, &patient, what).await?;
    let found = get(ctx, &key).await?;
    resources(ctx, &patient, section, found).await
}

async fn from_appointment(
    ctx: &Context,
    caller: &Account,
    id: AppointmentId,
    section: Section,
    what: &str,
) -> Result<Vec<Value>, DomainError> {
    let Some(item) = get(ctx, &keys::appointment(&id)).await? else {
        return Ok(Vec::new());
    };
    let patient = item.record::<Appointment>()?.patient.id;
    open(ctx, caller, &patient, what).await?;
    resources(ctx, &patient, section, Some(item)).await
}

async fn by_uuid(
    ctx: &Context,
    caller: &Account,
    kind: ResourceType,
    uuid: Uuid,
    what: &str,
) -> Result<Vec<Value>, DomainError> {
    use ResourceType as R;
    let (section, key) = match kind {
        R::Patient => {
            let patient = UserId::from_uuid(uuid);
            open(ctx, caller, &patient, what).await?;
            let found = get(ctx, &keys::user(&patient)).await?;
            return resources(ctx, &patient, Section::Patient, found).await;
        }
        R::Appointment => {
            return from_appointment(
                ctx,
                caller,
                AppointmentId::from_uuid(uuid),
                Section::Appointments,
                what,
            )
            .await
        }
        R::Condition => {
            return from_appointment(
                ctx,
                caller,
                AppointmentId::from_uuid(uuid),
                Section::Diagnoses,
                what,
            )
            .await
        }
        R::Encounter => {
            let visit = AppointmentId::from_uuid(uuid);
            if get(ctx, &keys::appointment(&visit)).await?.is_some() {
                return from_appointment(ctx, caller, visit, Section::VisitEncounters, what).await;
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
    open(ctx, caller, &patient, what).await?;
    resources(ctx, &patient, section, Some(item)).await
}
