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
use medtrack_shared::{DocumentId, UserId};

use super::common::{reference, Mapped};
use super::sections::Section;
use super::{billing, documents, medication, people, record, visits};
use crate::domain::accounts::{self, Account};
use crate::domain::patients::Access;
use crate::domain::record::allergies;
use crate::domain::vault;
use crate::domain::{Context, DomainError};
use crate::store::{keys, Item};

/// Where a document's version's content is fetched, as a path on the
/// server, from the HTTP layer: the patient, the document, the version.
pub type ContentPath = fn(&UserId, &DocumentId, u32) -> String;

/// What mappings need besides the item: who reads, and why they may.
pub struct Env<'a> {
    /// Today in UTC: whether a schedule has ended.
    pub today: Date,
    pub caller: &'a Account,
    pub access: Access,
    content_path: ContentPath,
    /// The server's public address, before the content's path.
    public_url: String,
}

impl<'a> Env<'a> {
    pub fn new(
        ctx: &Context,
        caller: &'a Account,
        access: Access,
        content_path: ContentPath,
    ) -> Self {
        Self {
            today: ctx.now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
            caller,
            access,
            content_path,
            public_url: ctx.public_url.clone(),
        }
    }

    /// The absolute address of a document version's content.
    pub fn content_url(&self, patient: &UserId, document: &DocumentId, version: u32) -> String {
        format!(
            "{}{}",
            self.public_url,
            (self.content_path)(patient, document, version)
        )
    }

    /// A doctor reading through care or an emergency (not the patient or an admin).
    fn doctor(&self) -> bool {
        matches!(self.access, Access::CareTeam | Access::Emergency)
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

/// What the reader may see of a section, as the rest of the API has it:
/// the mood diary and PHQ-9 are not for admins; insurance is the patient's
/// and the admins' business; a doctor sees their own invoices, and the
/// documents shared with them or that they uploaded.
pub fn shown(access: Access, section: Section) -> bool {
    let doctor = matches!(access, Access::CareTeam | Access::Emergency);
    match section {
        Section::Moods | Section::Phq9 => access != Access::Admin,
        Section::Policies | Section::Claims => !doctor,
        _ => true,
    }
}

pub async fn item(
    ctx: &Context,
    env: &Env<'_>,
    patient: &UserId,
    section: Section,
    item: &Item,
) -> Result<Vec<Mapped>, DomainError> {
    let one = |m: Mapped| vec![m];
    if !shown(env.access, section) {
        return Ok(Vec::new());
    }
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
        Section::Documents => {
            let document = item.record::<Document>()?;
            let reader = match env.doctor() {
                true => vault::Reader::Doctor {
                    care: env.access == Access::CareTeam,
                },
                false => vault::Reader::Owner,
            };
            match vault::may_see(ctx, env.caller, reader, &document).await? {
                true => documents::document(&document, env).into_iter().collect(),
                false => Vec::new(),
            }
        }
        Section::Policies => one(billing::coverage(patient, &item.record::<Policy>()?)),
        Section::Invoices => {
            let invoice = item.record::<Invoice>()?;
            match env.doctor() && invoice.doctor.id != env.caller.id {
                true => Vec::new(),
                false => billing::invoice(&invoice).into_iter().collect(),
            }
        }
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
