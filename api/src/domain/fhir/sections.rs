//! The patient's compartment as an ordered list of sections, each one query
//! on a key made for it, and the walk that pages through them. A page ends
//! when it holds `_count` resources and another one exists, so the last
//! page ends exactly where the data does; the position to resume from is an
//! opaque cursor (the section, the store's cursor before the item being
//! read, and how many of that item's resources were given), bound to the
//! search that made it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use medtrack_shared::UserId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::common::Mapped;
use super::map::{self, Env};
use super::{ResourceType, Search};
use crate::domain::{Context, DomainError};
use crate::store::{keys, Cursor, Index, Item, Query, SkRange};

/// Items read from the store at a time while filling a page.
const READ_AHEAD: usize = 50;

/// One source of resources in the compartment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Patient,
    Practitioners,
    PractitionerRoles,
    Appointments,
    VisitEncounters,
    Admissions,
    Problems,
    Diagnoses,
    Allergies,
    NoKnownAllergies,
    Medications,
    Prescriptions,
    Doses,
    Moods,
    Phq9,
    Documents,
    Policies,
    Invoices,
    Claims,
}

impl Section {
    /// Every section, in the order `$everything` gives them.
    pub const ALL: [Section; 19] = [
        Section::Patient,
        Section::Practitioners,
        Section::PractitionerRoles,
        Section::Appointments,
        Section::VisitEncounters,
        Section::Admissions,
        Section::Problems,
        Section::Diagnoses,
        Section::Allergies,
        Section::NoKnownAllergies,
        Section::Medications,
        Section::Prescriptions,
        Section::Doses,
        Section::Moods,
        Section::Phq9,
        Section::Documents,
        Section::Policies,
        Section::Invoices,
        Section::Claims,
    ];

    pub fn resource_type(self) -> ResourceType {
        use ResourceType as R;
        match self {
            Section::Patient => R::Patient,
            Section::Practitioners => R::Practitioner,
            Section::PractitionerRoles => R::PractitionerRole,
            Section::Appointments => R::Appointment,
            Section::VisitEncounters | Section::Admissions => R::Encounter,
            Section::Problems | Section::Diagnoses => R::Condition,
            Section::Allergies | Section::NoKnownAllergies => R::AllergyIntolerance,
            Section::Medications | Section::Prescriptions => R::MedicationRequest,
            Section::Doses => R::MedicationAdministration,
            Section::Moods | Section::Phq9 => R::Observation,
            Section::Documents => R::DocumentReference,
            Section::Policies => R::Coverage,
            Section::Invoices => R::Invoice,
            Section::Claims => R::Claim,
        }
    }

    /// The sections of one resource type, in order.
    pub fn of(types: &[ResourceType]) -> Vec<Section> {
        Self::ALL
            .into_iter()
            .filter(|s| types.contains(&s.resource_type()))
            .collect()
    }

    /// The query that lists this section's items for `patient`.
    pub fn query(self, patient: &UserId) -> Query {
        let partition = |pk: String| Query::partition(pk);
        match self {
            Section::Patient => {
                partition(keys::user(patient).pk).range(SkRange::Prefix("PROFILE".into()))
            }
            Section::Practitioners | Section::PractitionerRoles => {
                partition(keys::doctors_of(patient)).on(Index::Gsi1)
            }
            Section::Appointments
            | Section::VisitEncounters
            | Section::Diagnoses
            | Section::Prescriptions => partition(keys::patient_appointments(patient)),
            Section::Admissions => partition(keys::admissions_of(patient)).on(Index::Gsi1),
            Section::Problems => partition(keys::problems(patient)),
            Section::Allergies => partition(keys::allergies(patient)),
            Section::NoKnownAllergies => partition(keys::allergy_assessment(patient).pk),
            Section::Medications => partition(keys::patient_medications(patient)).on(Index::Gsi1),
            Section::Doses => partition(keys::dose_log(patient)),
            Section::Moods => partition(keys::mood_log(patient)),
            Section::Phq9 => partition(keys::phq9_results(patient)),
            Section::Documents => partition(keys::documents(patient)),
            Section::Policies => partition(keys::policies(patient)),
            Section::Invoices => partition(keys::invoices_of(patient)).on(Index::Gsi1),
            Section::Claims => partition(keys::claims_of(patient)).on(Index::Gsi1),
        }
    }
}

/// Where a walk resumes.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Position {
    /// The section, by its place in the walk's list.
    s: usize,
    /// The store's cursor after the last item wholly given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    a: Option<String>,
    /// Resources of the next item already given.
    #[serde(default)]
    k: usize,
    /// That item's digest: if it is gone when the walk resumes, the item
    /// then next is given whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    i: Option<String>,
    /// The search the cursor belongs to.
    h: String,
}

/// What binds a cursor to its search: the patient, the sections and every
/// filter (not `_count`, which may change from page to page).
fn fingerprint(patient: &UserId, sections: &[Section], search: &Search) -> String {
    let text = format!(
        "{patient}|{sections:?}|{:?}|{:?}|{:?}",
        search.since, search.start, search.end
    );
    digest(&text)
}

/// The first 8 bytes of a SHA-256, in hex.
fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode(text: &str, fingerprint: &str) -> Result<Position, DomainError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| DomainError::InvalidCursor)?;
    let position: Position =
        serde_json::from_slice(&bytes).map_err(|_| DomainError::InvalidCursor)?;
    if position.h != fingerprint {
        return Err(DomainError::InvalidCursor);
    }
    Ok(position)
}

fn encode(position: &Position) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(position).unwrap_or_default())
}

/// One page of the walk over `sections`: the resources with their section,
/// and the cursor of the next page when there is more.
pub async fn walk(
    ctx: &Context,
    env: &Env<'_>,
    patient: &UserId,
    sections: &[Section],
    search: &Search,
    cursor: Option<&str>,
) -> Result<(Vec<(Section, Mapped)>, Option<String>), DomainError> {
    let h = fingerprint(patient, sections, search);
    let mut position = match cursor {
        Some(text) => decode(text, &h)?,
        None => Position::default(),
    };
    let mut out = Vec::new();
    while let Some(&section) = sections.get(position.s) {
        let query = section.query(patient);
        let mut after = position.a.as_deref().map(Cursor::decode).transpose()?;
        let mut skip = position.k;
        let mut partly = position.i.take();
        loop {
            let page = ctx
                .store
                .query(query.clone().limit(READ_AHEAD).after(after.clone()))
                .await?;
            for item in &page.items {
                let key = || digest(&format!("{}|{}", item.key.pk, item.key.sk));
                if partly.take().is_some_and(|was| was != key()) {
                    skip = 0;
                }
                let mapped = resources(ctx, env, patient, section, item, search).await?;
                for (given, resource) in mapped.into_iter().enumerate().skip(skip) {
                    if out.len() == search.count {
                        let next = Position {
                            s: position.s,
                            a: after.as_ref().map(Cursor::encode),
                            k: given,
                            i: (given > 0).then(key),
                            h,
                        };
                        return Ok((out, Some(encode(&next))));
                    }
                    out.push((section, resource));
                }
                skip = 0;
                after = Cursor::after(&query, item);
            }
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        position = Position {
            s: position.s + 1,
            ..Position::default()
        };
    }
    Ok((out, None))
}

/// An item's resources that the search admits.
async fn resources(
    ctx: &Context,
    env: &Env<'_>,
    patient: &UserId,
    section: Section,
    item: &Item,
    search: &Search,
) -> Result<Vec<Mapped>, DomainError> {
    let all = map::item(ctx, env, patient, section, item).await?;
    Ok(all.into_iter().filter(|m| search.admits(m)).collect())
}
