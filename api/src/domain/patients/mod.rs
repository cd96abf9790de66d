//! A patient's record, and the second authorization check: may this caller
//! touch this patient's data? The patient may; an admin may; a doctor may when
//! they have a care relationship with the patient, while the patient is
//! admitted under them or to a ward of theirs, or for a short time after
//! opening the record in an emergency ([`emergency`]). Every read by anyone
//! but the patient is written to the patient's access log before it is
//! answered.

mod admitted;
pub mod emergency;

pub use admitted::Admitted;

use medtrack_shared::account::{AccessLogEntry, PatientProfile};
use medtrack_shared::{Role, UserId};

use crate::domain::accounts::{self, Account};
use crate::domain::paging;
use crate::domain::{access_log, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, Store, StoreError, TxOp};

/// Why a caller may read a patient's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// It is their own.
    Owner,
    /// They are one of the patient's doctors.
    CareTeam,
    /// They run the clinic.
    Admin,
    /// A doctor who is not the patient's, in an emergency, for a while.
    Emergency,
}

/// Whether `caller` may read `patient`'s data, and why.
pub async fn access(
    store: &Store,
    caller: &Account,
    patient: &UserId,
) -> Result<Access, DomainError> {
    match caller.role {
        Role::Patient if caller.id == *patient => Ok(Access::Owner),
        Role::Admin => Ok(Access::Admin),
        Role::Doctor => {
            let keys = [
                keys::care(&caller.id, patient),
                keys::emergency_access(&caller.id, patient),
                keys::admitted(patient),
            ];
            let mut found = store.batch_get(&keys).await?.into_iter();
            if found.next().flatten().is_some() {
                return Ok(Access::CareTeam);
            }
            let grant = found.next().flatten();
            if let Some(marker) = found.next().flatten() {
                if admitted::admitted_by(store, &caller.id, marker).await? {
                    return Ok(Access::CareTeam);
                }
            }
            match grant {
                Some(grant) if emergency::live(&grant, jiff::Timestamp::now()) => {
                    Ok(Access::Emergency)
                }
                _ => Err(DomainError::Forbidden),
            }
        }
        Role::Patient => Err(DomainError::Forbidden),
    }
}

/// Records a read of the patient's data, unless it is the patient's own.
pub async fn record_read(
    ctx: &Context,
    caller: &Account,
    access: Access,
    patient: &UserId,
    what: &str,
) -> Result<(), DomainError> {
    match access {
        Access::Owner => Ok(()),
        Access::CareTeam => access_log::record(ctx, caller, patient, what, None).await,
        Access::Admin => {
            let alert = access_log::Alert::IfAsked;
            access_log::record(ctx, caller, patient, what, Some(alert)).await
        }
        Access::Emergency => {
            let alert = access_log::Alert::Emergency;
            access_log::record(ctx, caller, patient, what, Some(alert)).await
        }
    }
}

/// Whether `caller` may read `patient`'s data; if so, the read is recorded
/// in the patient's access log (unless it is their own) before it happens.
pub async fn open_record(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    what: &str,
) -> Result<Access, DomainError> {
    let access = access(&ctx.store, caller, patient).await?;
    record_read(ctx, caller, access, patient, what).await?;
    Ok(access)
}

/// The patient's details.
pub async fn profile(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
) -> Result<PatientProfile, DomainError> {
    let access = access(&ctx.store, caller, patient).await?;
    let account = accounts::get(&ctx.store, patient)
        .await?
        .filter(|a| a.role == Role::Patient)
        .ok_or(DomainError::NotFound)?;
    record_read(ctx, caller, access, patient, "profile").await?;
    Ok(PatientProfile {
        id: account.id,
        name: account.name,
        email: account.email,
        phone: account.phone,
        date_of_birth: account.date_of_birth,
        time_zone: account.time_zone.name().to_owned(),
    })
}

/// Leaves one entry a day in each patient's access log for what a kind of
/// staff member's work list (the day, the requests) shows of them, as
/// `what` ("appointment in their schedule"), not one per look at the screen.
pub async fn seen_in_lists(
    ctx: &Context,
    doctor: &Account,
    patients: impl IntoIterator<Item = UserId>,
    what: &str,
) -> Result<(), DomainError> {
    let now = ctx.now();
    let day = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let patients: std::collections::BTreeSet<UserId> = patients.into_iter().collect();
    let patients: Vec<UserId> = patients.into_iter().collect();
    for chunk in patients.chunks(crate::store::MAX_BATCH) {
        let markers: Vec<_> = chunk
            .iter()
            .map(|patient| keys::seen_in_lists(patient, &doctor.id, day, what))
            .collect();
        let found = ctx.store.batch_get(&markers).await?;
        for ((patient, marker), seen) in chunk.iter().zip(markers).zip(found) {
            if seen.is_some() {
                continue;
            }
            let entry = AccessLogEntry {
                patient_id: *patient,
                actor_id: doctor.id,
                actor_name: doctor.name.clone(),
                actor_role: doctor.role,
                what: what.to_owned(),
                at: now,
                emergency: false,
                reason: None,
            };
            let ops = vec![
                TxOp::Put(Item::new(marker, Default::default()), Condition::NotExists),
                TxOp::Put(access_log::entry_item(&entry)?, Condition::NotExists),
            ];
            match ctx.commit(ops).await {
                // Another look at the screen logged it at the same moment.
                Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
                Err(other) => return Err(other.into()),
            }
        }
    }
    Ok(())
}

/// The patient's doctors: those with a care relationship, from the query
/// on their list (at most 80: what they are told of fits one transaction).
pub async fn doctors_of(store: &Store, patient: &UserId) -> Result<Vec<UserId>, DomainError> {
    let query = Query::partition(keys::doctors_of(patient)).on(Index::Gsi1);
    let items = paging::all_items(store, query, 80).await?;
    Ok(items
        .iter()
        .filter_map(|item| item.attrs.get("doctor"))
        .filter_map(|doctor| serde_json::from_value(doctor.clone()).ok())
        .take(80)
        .collect())
}
