//! Medications on a patient's list, their dose times ([`times`]), the dose
//! log ([`doses`]) and the reminders the scheduler runs ([`reminders`]).
//!
//! Each medication with dose times owns one reminder job, due at its next
//! dose; every change (add, edit, pause, resume, remove) rewrites or removes
//! that job in the change's transaction, so future doses follow the new
//! schedule while the log of past doses stays as it was.

pub mod adherence;
pub mod doses;
pub mod prescriptions;
pub mod reminders;
pub mod times;

use jiff::Timestamp;
use medtrack_shared::medication::{Medication, MedicationInput, MedicationRequest, ZoneRule};
use medtrack_shared::{MedicationId, Role, UserId};

use super::accounts::{self, Account};
use super::notifications::caregivers;
use super::patients::{self, Access};
use super::record::check;
use super::{jobs, Context, DomainError, Zone};
use crate::store::{keys, Condition, Index, Item, Query, Store, StoreError, TxOp};
use reminders::{Dose, DoseReminder};

/// The stored medication and the version its next write must check.
pub async fn load(
    store: &Store,
    id: &MedicationId,
) -> Result<Option<(Medication, u64)>, DomainError> {
    Ok(match store.get(&keys::medication(id)).await? {
        Some(item) => {
            let version = item.version;
            Some((item.into_record()?, version))
        }
        None => None,
    })
}

fn item(medication: &Medication) -> Result<Item, StoreError> {
    Ok(
        Item::from_record(keys::medication(&medication.id), medication)?.with_gsi1(
            keys::patient_medication(&medication.patient, medication.created_at, &medication.id),
        ),
    )
}

/// The reminder job of `medication` from `now` on: scheduled at its next dose,
/// or removed when it has none (as needed, paused, ended).
pub fn reminder_op(
    medication: &Medication,
    patient_zone: &Zone,
    now: Timestamp,
) -> Result<TxOp, DomainError> {
    let zone = times::zone(&medication.details.schedule, patient_zone)?;
    let next = (!medication.paused)
        .then(|| times::next_dose(&medication.details.schedule, &zone, now))
        .flatten();
    let job = |dose_at| DoseReminder(Dose::of(medication, dose_at));
    Ok(match next {
        Some(dose_at) => jobs::schedule(&job(dose_at), dose_at)?,
        None => jobs::cancel(&jobs::Runner::id(&job(now))),
    })
}

/// The medication as shown: with the next dose a reminder will be sent for,
/// and whether its caregiver confirmed their email alerts (as last known: a
/// read never asks the messenger).
async fn shown(
    store: &Store,
    mut medication: Medication,
    patient_zone: &Zone,
    now: Timestamp,
) -> Result<Medication, DomainError> {
    medication.next_dose_at = if medication.paused {
        None
    } else {
        times::zone(&medication.details.schedule, patient_zone)
            .ok()
            .and_then(|zone| times::next_dose(&medication.details.schedule, &zone, now))
    };
    medication.caregiver_email_status = match caregiver_email(&medication) {
        Some(address) => caregivers::status(store, address).await?,
        None => None,
    };
    Ok(medication)
}

fn check(input: &mut MedicationInput) -> Result<(), DomainError> {
    input.check()?;
    // One spelling per address: its subscription is shared by every
    // medication naming it.
    if let Some(email) = caregiver_email_mut(input) {
        if let Ok(normal) = medtrack_shared::rules::email(email) {
            *email = normal;
        }
    }
    if let ZoneRule::Fixed { time_zone } = &input.schedule.zone {
        Zone::parse_input(time_zone, "schedule.zone.time_zone")?;
    }
    Ok(())
}

fn caregiver_email_mut(input: &mut MedicationInput) -> Option<&mut String> {
    input.missed.caregiver.as_mut()?.email.as_mut()
}

fn caregiver_email(medication: &Medication) -> Option<&str> {
    medication
        .details
        .missed
        .caregiver
        .as_ref()?
        .email
        .as_deref()
}

/// Subscribes the caregiver's new address (before the medication is saved,
/// so a saved address always has its subscription).
async fn attach_caregiver(
    ctx: &Context,
    medication: &Medication,
    before: Option<&str>,
) -> Result<(), DomainError> {
    match caregiver_email(medication) {
        Some(address) if before != Some(address) => {
            caregivers::attach(ctx, address, &medication.id).await
        }
        _ => Ok(()),
    }
}

/// Lets go of an address the medication no longer names (after the change
/// that dropped it was saved, or when that change failed).
async fn detach_caregiver(
    ctx: &Context,
    medication: &MedicationId,
    address: Option<&str>,
    still: Option<&str>,
) -> Result<(), DomainError> {
    match address {
        Some(address) if still != Some(address) => {
            caregivers::detach(ctx, address, medication).await
        }
        _ => Ok(()),
    }
}

/// The medication and the override reason of a request, checked.
fn checked(
    request: impl Into<MedicationRequest>,
) -> Result<(MedicationInput, Option<String>), DomainError> {
    let request = request.into();
    request.check()?;
    let (mut input, reason) = request.split();
    check(&mut input)?;
    Ok((input, reason))
}

/// Adds a medication to the patient's own list, after the allergy check
/// (see [`check::prescribing`]).
pub async fn add(
    ctx: &Context,
    patient: &Account,
    request: impl Into<MedicationRequest>,
) -> Result<Medication, DomainError> {
    if patient.role != Role::Patient {
        return Err(DomainError::Forbidden);
    }
    let (input, reason) = checked(request)?;
    let names = [input.name.as_str()];
    let checked =
        check::prescribing(ctx, patient, &patient.id, &names, reason.as_deref(), None).await?;
    let allergy_override = checked.kept;
    let now = ctx.now();
    let medication = Medication {
        id: MedicationId::from_uuid(uuid::Uuid::now_v7()),
        patient: patient.id,
        details: input,
        paused: false,
        paused_since: None,
        active_since: None,
        next_dose_at: None,
        caregiver_email_status: None,
        allergy_override,
        created_at: now,
    };
    attach_caregiver(ctx, &medication, None).await?;
    let written = ctx
        .commit(vec![
            TxOp::Put(item(&medication)?, Condition::NotExists),
            reminder_op(&medication, &patient.time_zone, now)?,
            checked.unchanged,
        ])
        .await;
    if let Err(error) = written {
        let address = caregiver_email(&medication);
        detach_caregiver(ctx, &medication.id, address, None).await?;
        return Err(match error {
            StoreError::ConditionFailed { .. } => check::changed_meanwhile(),
            other => other.into(),
        });
    }
    shown(&ctx.store, medication, &patient.time_zone, now).await
}

/// The patient's own medication, for a change, with its version.
async fn own(
    store: &Store,
    caller: &Account,
    id: &MedicationId,
) -> Result<(Medication, u64), DomainError> {
    match load(store, id).await? {
        Some((medication, version)) if medication.patient == caller.id => Ok((medication, version)),
        // Someone else's is as unknown as one that does not exist.
        _ => Err(DomainError::NotFound),
    }
}

/// Writes a changed medication and its reminder job.
async fn save(
    ctx: &Context,
    caller: &Account,
    medication: &Medication,
    version: u64,
    also: Option<TxOp>,
) -> Result<(), DomainError> {
    let now = ctx.now();
    let mut ops = vec![
        TxOp::Put(item(medication)?, Condition::Version(version)),
        reminder_op(medication, &caller.time_zone, now)?,
    ];
    ops.extend(also);
    match ctx.commit(ops).await {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::changed(
            "The medication was changed meanwhile; reload and try again.",
        )),
        Err(other) => Err(other.into()),
    }
}

/// Replaces what and when: future doses follow the new schedule; the log of
/// past doses does not change. The allergy check runs again: matches the
/// stored override covers stay overridden.
pub async fn edit(
    ctx: &Context,
    caller: &Account,
    id: &MedicationId,
    request: impl Into<MedicationRequest>,
) -> Result<Medication, DomainError> {
    let (input, reason) = checked(request)?;
    let now = ctx.now();
    let (mut medication, version) = own(&ctx.store, caller, id).await?;
    let names = [input.name.as_str()];
    let kept = medication.allergy_override.as_ref();
    let checked =
        check::prescribing(ctx, caller, &caller.id, &names, reason.as_deref(), kept).await?;
    medication.allergy_override = checked.kept;
    let before = caregiver_email(&medication).map(str::to_owned);
    if medication.details.schedule != input.schedule {
        medication.active_since = Some(now);
    }
    medication.details = input;
    attach_caregiver(ctx, &medication, before.as_deref()).await?;
    let after = caregiver_email(&medication);
    // Whichever address the stored medication does not name is let go.
    let saved = save(ctx, caller, &medication, version, Some(checked.unchanged)).await;
    let (dropped, kept) = match saved {
        Ok(()) => (before.as_deref(), after),
        Err(error) => {
            detach_caregiver(ctx, id, after, before.as_deref()).await?;
            return Err(error);
        }
    };
    detach_caregiver(ctx, id, dropped, kept).await?;
    shown(&ctx.store, medication, &caller.time_zone, now).await
}

/// Pauses (no reminders, no missed doses) or resumes from the next dose.
pub async fn set_paused(
    ctx: &Context,
    caller: &Account,
    id: &MedicationId,
    paused: bool,
) -> Result<Medication, DomainError> {
    let now = ctx.now();
    let (mut medication, version) = own(&ctx.store, caller, id).await?;
    if medication.paused != paused {
        medication.paused = paused;
        medication.paused_since = paused.then_some(now);
        if !paused {
            medication.active_since = Some(now);
        }
    }
    save(ctx, caller, &medication, version, None).await?;
    shown(&ctx.store, medication, &caller.time_zone, now).await
}

/// Removes a medication from the list (its logged doses stay in the log).
pub async fn remove(ctx: &Context, caller: &Account, id: &MedicationId) -> Result<(), DomainError> {
    let (medication, version) = own(&ctx.store, caller, id).await?;
    let reminder = DoseReminder(Dose::of(&medication, ctx.now()));
    ctx.commit(vec![
        TxOp::Delete(keys::medication(id), Condition::Version(version)),
        jobs::cancel(&jobs::Runner::id(&reminder)),
    ])
    .await?;
    detach_caregiver(ctx, id, caregiver_email(&medication), None).await
}

/// Moves the reminders of medications on the patient's own clock after
/// their time zone changed: the next 08:00 dose is 08:00 where they are now.
/// Medications pinned to a zone keep their instants.
pub async fn follow_zone(ctx: &Context, patient: &Account) -> Result<(), DomainError> {
    let now = ctx.now();
    let ops: Vec<TxOp> = all_of(&ctx.store, &patient.id)
        .await?
        .iter()
        .filter(|m| matches!(m.details.schedule.zone, ZoneRule::FollowMe))
        .map(|m| reminder_op(m, &patient.time_zone, now))
        .collect::<Result<_, _>>()?;
    // Transactions hold at most 100 operations.
    for chunk in ops.chunks(100) {
        ctx.commit(chunk.to_vec()).await?;
    }
    Ok(())
}

/// The doses of the patient's active medications from `from` up to `to`,
/// in time order (for the calendar feed).
pub async fn doses_between(
    store: &Store,
    patient: &Account,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(MedicationId, Timestamp)>, DomainError> {
    let mut doses = Vec::new();
    for medication in all_of(store, &patient.id).await? {
        if medication.paused {
            continue;
        }
        let schedule = &medication.details.schedule;
        let zone = times::zone(schedule, &patient.time_zone)?;
        let mut after = from;
        while let Some(at) = times::next_dose(schedule, &zone, after).filter(|at| *at < to) {
            doses.push((medication.id, at));
            after = at;
        }
    }
    doses.sort_by_key(|(_, at)| *at);
    Ok(doses)
}

/// Every medication of the patient (a patient has tens, not thousands).
async fn all_of(store: &Store, patient: &UserId) -> Result<Vec<Medication>, DomainError> {
    let query = Query::partition(keys::patient_medications(patient)).on(Index::Gsi1);
    let items = crate::domain::paging::all_items(store, query, 1000).await?;
    Ok(items
        .into_iter()
        .map(Item::into_record)
        .collect::<Result<_, _>>()?)
}

/// The patient's medications with their next doses: for the patient, their
/// doctors and admins; reads by others are in the patient's access log.
pub async fn list(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
) -> Result<Vec<Medication>, DomainError> {
    let store = &ctx.store;
    let access = patients::access(store, caller, patient).await?;
    let owner = owner_account(store, caller, access, patient).await?;
    patients::record_read(ctx, caller, access, patient, "medications").await?;
    let mut shown_list = Vec::new();
    for medication in all_of(store, patient).await? {
        shown_list.push(shown(store, medication, &owner.time_zone, ctx.now()).await?);
    }
    Ok(shown_list)
}

/// One medication, for whoever may read its patient's record.
pub async fn get(
    ctx: &Context,
    caller: &Account,
    id: &MedicationId,
) -> Result<Medication, DomainError> {
    let store = &ctx.store;
    let (medication, _) = load(store, id).await?.ok_or(DomainError::NotFound)?;
    let access = patients::access(store, caller, &medication.patient)
        .await
        .map_err(|_| DomainError::NotFound)?;
    let owner = owner_account(store, caller, access, &medication.patient).await?;
    patients::record_read(ctx, caller, access, &medication.patient, "medications").await?;
    shown(store, medication, &owner.time_zone, ctx.now()).await
}

/// The patient's account (the caller's own when it is theirs).
async fn owner_account(
    store: &Store,
    caller: &Account,
    access: Access,
    patient: &UserId,
) -> Result<Account, DomainError> {
    if access == Access::Owner {
        return Ok(caller.clone());
    }
    accounts::get(store, patient)
        .await?
        .ok_or(DomainError::NotFound)
}
