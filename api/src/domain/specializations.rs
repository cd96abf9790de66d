//! The catalogue of medical specializations: written by `medtrack store init`,
//! listed by everyone (the directory of doctors is organised by it).

use medtrack_shared::{Page, Specialization, SpecializationSlug};

use super::{Context, DomainError};
use crate::store::{keys, Condition, Item, Query, Store, StoreError};

/// The catalogue a new installation starts with: (slug, name, description).
const CATALOGUE: &[(&str, &str, &str)] = &[
    (
        "allergy-immunology",
        "Allergy and Immunology",
        "Allergies, asthma and disorders of the immune system.",
    ),
    (
        "anesthesiology",
        "Anesthesiology",
        "Anaesthesia, sedation and pain relief around surgery.",
    ),
    (
        "cardiology",
        "Cardiology",
        "Heart and blood vessel conditions.",
    ),
    (
        "dermatology",
        "Dermatology",
        "Skin, hair and nail conditions.",
    ),
    (
        "endocrinology",
        "Endocrinology",
        "Diabetes, thyroid and other hormone disorders.",
    ),
    (
        "family-medicine",
        "Family Medicine",
        "Everyday care for people of every age.",
    ),
    (
        "gastroenterology",
        "Gastroenterology",
        "Stomach, bowel, liver and digestive conditions.",
    ),
    (
        "general-surgery",
        "General Surgery",
        "Operations on the abdomen, skin and soft tissues.",
    ),
    (
        "geriatrics",
        "Geriatrics",
        "Care of older adults and their many conditions at once.",
    ),
    (
        "hematology",
        "Hematology",
        "Blood disorders such as anaemia and clotting problems.",
    ),
    (
        "infectious-disease",
        "Infectious Disease",
        "Infections that are complex, persistent or rare.",
    ),
    (
        "internal-medicine",
        "Internal Medicine",
        "Diagnosis and care of adult illnesses.",
    ),
    (
        "nephrology",
        "Nephrology",
        "Kidney disease, dialysis and blood pressure.",
    ),
    (
        "neurology",
        "Neurology",
        "Brain, spinal cord and nerve conditions.",
    ),
    (
        "obstetrics-gynecology",
        "Obstetrics and Gynecology",
        "Pregnancy, childbirth and women's health.",
    ),
    ("oncology", "Oncology", "Diagnosis and treatment of cancer."),
    (
        "ophthalmology",
        "Ophthalmology",
        "Eye conditions and vision.",
    ),
    (
        "orthopedics",
        "Orthopedics",
        "Bones, joints, muscles and sports injuries.",
    ),
    (
        "otolaryngology",
        "Otolaryngology (ENT)",
        "Ear, nose and throat conditions.",
    ),
    (
        "pediatrics",
        "Pediatrics",
        "Care of babies, children and teenagers.",
    ),
    (
        "psychiatry",
        "Psychiatry",
        "Mental health: mood, anxiety, addiction and more.",
    ),
    (
        "pulmonology",
        "Pulmonology",
        "Lung and breathing conditions.",
    ),
    (
        "radiology",
        "Radiology",
        "Medical imaging: X-ray, CT, MRI and ultrasound.",
    ),
    (
        "rheumatology",
        "Rheumatology",
        "Arthritis and autoimmune joint conditions.",
    ),
    (
        "urology",
        "Urology",
        "Urinary tract and male reproductive health.",
    ),
];

/// Writes the catalogue's entries that are missing; entries already there
/// (possibly edited) are left as they are. Returns how many were added.
pub async fn seed(store: &Store) -> Result<usize, DomainError> {
    let mut added = 0;
    for (slug, name, description) in CATALOGUE {
        let slug = SpecializationSlug::parse(slug).map_err(|e| StoreError::backend(e.message()))?;
        let entry = Specialization {
            slug,
            name: (*name).to_owned(),
            description: (*description).to_owned(),
        };
        match store
            .put(
                Item::from_record(keys::specialization(&entry.slug), &entry)?,
                Condition::NotExists,
            )
            .await
        {
            Ok(_) => added += 1,
            Err(StoreError::ConditionFailed { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(added)
}

/// One page of the catalogue, in slug order.
pub async fn list(
    ctx: &Context,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<Specialization>, DomainError> {
    super::paging::page(
        &ctx.store,
        Query::partition(keys::SPECIALIZATIONS_PK),
        limit,
        cursor,
    )
    .await
}
