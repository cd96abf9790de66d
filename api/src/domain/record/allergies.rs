//! Allergies and intolerances on a patient's record, with the same life
//! cycle as problems, and two rules of their own:
//!
//! - One allergy per substance stands at a time (case, spacing and
//!   punctuation aside): the transaction that makes one stand writes its
//!   guard on the condition that none exists, and the one that makes it
//!   stop standing (inactive, resolved, refuted, entered in error) or
//!   changes its substance lets the guard go.
//! - "No known allergies" is a doctor's statement, not an empty list: kept
//!   in the assessment item with who and when, refused while an allergy
//!   stands, and cleared by every write that makes one stand (which is how
//!   a statement racing such a write fails on its version).

use jiff::Timestamp;
use medtrack_shared::record::{
    Allergy, AllergyAssessment, AllergyChange, AllergyDetails, AllergyInput, AllergyList,
    AssessmentStatus, Author, EntryState, ListStatus, RecordListQuery, TimelineKind,
    TimelineSubject,
};
use medtrack_shared::{AllergyId, ErrorCode, Page, PageQuery, Role, UserId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::check::words;
use super::{
    author, change_ops, changed, check_onset, create_ops, load, new_state, permit, revise, tidy,
    writer, Entry,
};
use crate::domain::accounts::Account;
use crate::domain::patients::{self, Access};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Key, Query, Store, StoreError, TxOp};

impl Entry for Allergy {
    type Id = AllergyId;
    const WHAT: &'static str = "allergies";

    fn id(&self) -> AllergyId {
        self.id
    }

    fn patient(&self) -> &UserId {
        &self.patient
    }

    fn state(&self) -> &EntryState {
        &self.state
    }

    fn state_mut(&mut self) -> &mut EntryState {
        &mut self.state
    }

    fn partition(patient: &UserId) -> String {
        keys::allergies(patient)
    }

    fn status_partition(patient: &UserId, status: ListStatus) -> String {
        keys::allergies_in(patient, status)
    }

    fn revisions(id: &AllergyId) -> String {
        keys::allergy_revisions(id)
    }

    const RECORDED: TimelineKind = TimelineKind::AllergyRecorded;
    const RESOLVED: Option<TimelineKind> = None;

    fn title(&self) -> &str {
        &self.details.substance
    }

    fn subject(&self) -> TimelineSubject {
        TimelineSubject::Allergy(self.id)
    }
}

/// The 409 for a second allergy to a substance.
const DUPLICATE: DomainError = DomainError::Conflict {
    code: ErrorCode::DuplicateAllergy,
    message: "An allergy to this substance is already on the record.",
};

#[derive(Serialize, Deserialize)]
struct Guard {
    allergy: AllergyId,
}

/// The assessment item: a doctor's statement that no allergies are known.
#[derive(Serialize, Deserialize, Default)]
struct Assessed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    no_known: Option<Statement>,
}

#[derive(Serialize, Deserialize, Clone)]
struct Statement {
    by: Author,
    at: Timestamp,
}

/// The key of the guard of an allergy to `substance`.
fn guard_key(patient: &UserId, substance: &str) -> Key {
    let hash: String = Sha256::digest(words(substance).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    keys::allergy_guard(patient, &hash)
}

fn guard(allergy: &Allergy) -> Result<Item, StoreError> {
    let key = guard_key(&allergy.patient, &allergy.details.substance);
    Item::from_record(
        key,
        &Guard {
            allergy: allergy.id,
        },
    )
}

/// The assessment with no statement: what a write that makes an allergy
/// stand (or changes the substance of one that stands) leaves. Its new
/// version is also what tells a prescription checked meanwhile that the
/// allergies changed ([`unchanged`]).
fn cleared(patient: &UserId) -> Result<TxOp, StoreError> {
    let item = Item::from_record(keys::allergy_assessment(patient), &Assessed::default())?;
    Ok(TxOp::Put(item, Condition::Always))
}

fn tidied(details: &AllergyDetails) -> AllergyDetails {
    AllergyDetails {
        substance: tidy(&details.substance),
        reaction: tidy(&details.reaction),
        notes: tidy(&details.notes),
        ..details.clone()
    }
}

/// Commits an allergy's writes: a failed guard (at `guard_at`) is a
/// duplicate, any other failed condition a lost race.
async fn commit(ctx: &Context, ops: Vec<TxOp>, guard_at: Option<usize>) -> Result<(), DomainError> {
    match ctx.commit(ops).await {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { op }) if op.is_some() && op == guard_at => Err(DUPLICATE),
        Err(StoreError::ConditionFailed { .. }) => Err(changed()),
        Err(other) => Err(other.into()),
    }
}

/// One page of the patient's allergies, newest first, with what the record
/// says of them as a whole; reads by others are in the access log.
pub async fn list(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    query: &RecordListQuery,
) -> Result<AllergyList, DomainError> {
    let page: Page<Allergy> = super::list(ctx, caller, patient, query).await?;
    Ok(AllergyList {
        assessment: assessment(&ctx.store, patient).await?,
        items: page.items,
        next_cursor: page.next_cursor,
    })
}

/// One page of an allergy's revisions, oldest first.
pub async fn history(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &AllergyId,
    page: &PageQuery,
) -> Result<Page<Allergy>, DomainError> {
    super::history(ctx, caller, patient, id, page).await
}

/// Records an allergy: confirmed when a doctor of the patient records it,
/// patient-reported when the patient does. Refused while an allergy to the
/// same substance stands.
pub async fn add(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    input: &AllergyInput,
) -> Result<Allergy, DomainError> {
    input.check()?;
    let now = ctx.now();
    check_onset("onset", input.onset, now)?;
    writer(&ctx.store, caller, patient).await?;
    let allergy = Allergy {
        id: AllergyId::from_uuid(uuid::Uuid::now_v7()),
        patient: *patient,
        details: tidied(&input.details()),
        state: new_state(caller, input.clinical_status, now),
    };
    let stands = allergy.state.in_force();
    let mut ops = Vec::new();
    if stands {
        ops.push(TxOp::Put(guard(&allergy)?, Condition::NotExists));
    }
    ops.extend(create_ops(&allergy)?);
    if stands {
        ops.push(cleared(patient)?);
    }
    commit(ctx, ops, stands.then_some(0)).await?;
    Ok(allergy)
}

/// Changes an allergy (see [`AllergyChange`]); a change that changes
/// nothing writes nothing.
pub async fn change(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &AllergyId,
    change: &AllergyChange,
) -> Result<Allergy, DomainError> {
    change.check()?;
    let now = ctx.now();
    let onset = change.correction.as_ref().and_then(|c| c.onset);
    check_onset("correction.onset", onset, now)?;
    let access = writer(&ctx.store, caller, patient).await?;
    let (before, version) = load::<Allergy>(&ctx.store, patient, id).await?;
    permit(&before.state, access, caller, change.verification)?;
    let mut after = before.clone();
    if let Some(correction) = &change.correction {
        after.details = tidied(correction);
    }
    let revised = revise(
        &before,
        after,
        change.clinical_status,
        change.verification,
        change.reason.as_deref(),
        caller,
        now,
    );
    let Some(after) = revised else {
        return Ok(before);
    };
    let (stood, stands) = (before.state.in_force(), after.state.in_force());
    let old_guard = guard_key(patient, &before.details.substance);
    let moved = old_guard != guard_key(patient, &after.details.substance);
    let mut ops = Vec::new();
    let mut guard_at = None;
    if stands && (!stood || moved) {
        guard_at = Some(ops.len());
        ops.push(TxOp::Put(guard(&after)?, Condition::NotExists));
    }
    ops.extend(change_ops(&before, &after, version)?);
    if stood && (!stands || moved) {
        ops.push(TxOp::Delete(old_guard, Condition::Always));
    }
    if stands && (!stood || moved) {
        ops.push(cleared(patient)?);
    }
    commit(ctx, ops, guard_at).await?;
    Ok(after)
}

/// The condition that no allergy came to stand since this read: a
/// prescription written with it cannot miss an allergy recorded while it
/// was being checked.
pub async fn unchanged(store: &Store, patient: &UserId) -> Result<TxOp, DomainError> {
    let key = keys::allergy_assessment(patient);
    let condition = match store.get(&key).await? {
        Some(item) => Condition::Version(item.version),
        None => Condition::NotExists,
    };
    Ok(TxOp::Check(key, condition))
}

/// The allergies that stand on the patient's record (a patient has a
/// handful; the bound keeps an answer finite).
pub async fn standing(store: &Store, patient: &UserId) -> Result<Vec<Allergy>, DomainError> {
    let query = Query::partition(keys::allergies_in(patient, ListStatus::Active)).on(Index::Gsi1);
    let items = paging::all_items(store, query, 1000).await?;
    Ok(items
        .into_iter()
        .map(Item::into_record)
        .collect::<Result<_, _>>()?)
}

/// Whether any allergy stands on the patient's record.
async fn any_standing(store: &Store, patient: &UserId) -> Result<bool, DomainError> {
    let query = Query::partition(keys::allergies_in(patient, ListStatus::Active))
        .on(Index::Gsi1)
        .limit(1);
    Ok(!store.query(query).await?.items.is_empty())
}

/// What the record says of the patient's allergies as a whole.
pub(crate) async fn assessment(
    store: &Store,
    patient: &UserId,
) -> Result<AllergyAssessment, DomainError> {
    let mut answer = AllergyAssessment {
        status: AssessmentStatus::NotAssessed,
        recorded_by: None,
        recorded_at: None,
    };
    if any_standing(store, patient).await? {
        answer.status = AssessmentStatus::HasAllergies;
        return Ok(answer);
    }
    let stored = store.get(&keys::allergy_assessment(patient)).await?;
    let assessed: Assessed = stored
        .map(Item::into_record)
        .transpose()?
        .unwrap_or_default();
    if let Some(statement) = assessed.no_known {
        answer.status = AssessmentStatus::NoKnownAllergies;
        answer.recorded_by = Some(statement.by);
        answer.recorded_at = Some(statement.at);
    }
    Ok(answer)
}

/// A doctor of the patient states that the patient has no known allergies,
/// now (again, if stated before). Refused while an allergy stands.
pub async fn no_known_allergies(
    ctx: &Context,
    doctor: &Account,
    patient: &UserId,
) -> Result<AllergyAssessment, DomainError> {
    let access = patients::access(&ctx.store, doctor, patient).await?;
    if doctor.role != Role::Doctor || access != Access::CareTeam {
        return Err(DomainError::Forbidden);
    }
    // Read before the allergies: a write that makes one stand after this
    // read changes the item's version, and the statement fails on it.
    let stored = ctx.store.get(&keys::allergy_assessment(patient)).await?;
    if any_standing(&ctx.store, patient).await? {
        return Err(DomainError::conflict(
            ErrorCode::AllergiesOnRecord,
            "Allergies are on the record; resolve or correct them first.",
        ));
    }
    let statement = Statement {
        by: author(doctor),
        at: ctx.now(),
    };
    let item = Item::from_record(
        keys::allergy_assessment(patient),
        &Assessed {
            no_known: Some(statement.clone()),
        },
    )?;
    let condition = stored.map_or(Condition::NotExists, |s| Condition::Version(s.version));
    commit(ctx, vec![TxOp::Put(item, condition)], None).await?;
    Ok(AllergyAssessment {
        status: AssessmentStatus::NoKnownAllergies,
        recorded_by: Some(statement.by),
        recorded_at: Some(statement.at),
    })
}
