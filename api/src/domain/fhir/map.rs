//! From a stored item to its resources, by section: the one place that
//! knows which record each section's items hold.

use jiff::civil::Date;
use medtrack_shared::appointment::Appointment;
use medtrack_shared::billing::claims::{Claim, Policy};
use medtrack_shared::billing::Invoice;
use medtrack_shared::medication::{Dose, Medication};
use medtrack_shared::record::{Allergy, MoodEntry, Phq9Result, Problem};
use medtrack_shared::vault::Document;
use medtrack_shared::wards::admissions::Admission;
use medtrack_shared::UserId;

use super::common::{reference, Mapped};
use super::sections::Section;
use super::{billing, documents, medication, people, record, visits};
use crate::domain::accounts::{self, Account};
use crate::domain::record::allergies;
use crate::domain::{Context, DomainError};
use crate::store::{keys, Item};

/// What mappings need besides the item.
pub struct Env {
    /// Today in UTC: whether a schedule or a policy has ended.
    pub today: Date,
    /// The API's address, for attachment URLs (`…/api/v1`).
    pub api_base: String,
}

impl Env {
    pub fn new(ctx: &Context) -> Self {
        Self {
            today: ctx.now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
            api_base: format!("{}/api/v1", ctx.public_url),
        }
    }
}

/// A doctor's account, from a care relationship's item.
async fn doctor_of(ctx: &Context, item: &Item) -> Result<Option<Account>, DomainError> {
    let Some(doctor) = item
        .attrs
        .get("doctor")
        .and_then(|d| serde_json::from_value::<UserId>(d.clone()).ok())
    else {
        return Ok(None);
    };
    Ok(accounts::get(&ctx.store, &doctor)
        .await?
        .filter(people::is_doctor))
}

pub async fn item(
    ctx: &Context,
    env: &Env,
    patient: &UserId,
    section: Section,
    item: &Item,
) -> Result<Vec<Mapped>, DomainError> {
    let one = |m: Mapped| vec![m];
    Ok(match section {
        Section::Patient => one(people::patient(&item.record::<Account>()?)),
        Section::Practitioners => doctor_of(ctx, item)
            .await?
            .map(|d| people::practitioner(&d))
            .into_iter()
            .collect(),
        Section::PractitionerRoles => match doctor_of(ctx, item).await? {
            Some(d) => one(people::practitioner_role(ctx, &d).await?),
            None => Vec::new(),
        },
        Section::Appointments => one(visits::appointment(&item.record::<Appointment>()?)),
        Section::VisitEncounters => visits::encounter(&item.record::<Appointment>()?)
            .into_iter()
            .collect(),
        Section::Diagnoses => visits::diagnosis(&item.record::<Appointment>()?)
            .into_iter()
            .collect(),
        Section::Prescriptions => visits::prescriptions(&item.record::<Appointment>()?),
        Section::Admissions => one(visits::admission(&item.record::<Admission>()?)),
        Section::Problems => one(record::problem(&item.record::<Problem>()?)),
        Section::Allergies => one(record::allergy(&item.record::<Allergy>()?)),
        // The stored statement stands only while no allergy does: the
        // record's own reading decides.
        Section::NoKnownAllergies => {
            let assessment = allergies::assessment(&ctx.store, patient).await?;
            record::no_known_allergies(patient, &assessment)
                .into_iter()
                .collect()
        }
        Section::Medications => one(medication::request(
            &item.record::<Medication>()?,
            env.today,
        )),
        Section::Doses => medication::administration(patient, &item.record::<Dose>()?)
            .into_iter()
            .collect(),
        Section::Moods => one(record::mood(&item.record::<MoodEntry>()?)),
        Section::Phq9 => one(record::phq9(&item.record::<Phq9Result>()?)),
        Section::Documents => documents::document(&item.record::<Document>()?, &env.api_base)
            .into_iter()
            .collect(),
        Section::Policies => {
            let policy = item.record::<Policy>()?;
            // Policies keep no time of their own: their start stands for it.
            let added = super::common::day_span(policy.valid_from).0;
            one(billing::coverage(patient, &policy, env.today, added))
        }
        Section::Invoices => billing::invoice(&item.record::<Invoice>()?)
            .into_iter()
            .collect(),
        Section::Claims => {
            let claim = item.record::<Claim>()?;
            let invoice = ctx.store.get(&keys::invoice(&claim.invoice)).await?;
            let provider = invoice
                .map(|i| i.into_record::<Invoice>())
                .transpose()?
                .map(|i| reference("Practitioner", i.doctor.id, &i.doctor.name));
            one(billing::claim(&claim, provider))
        }
    })
}
