//! A patient's record, and the second authorization check: may this caller
//! touch this patient's data? The patient may; an admin may; a doctor may when
//! they have a care relationship with the patient. Every read by anyone but
//! the patient is written to the patient's access log before it is answered.

use medtrack_shared::account::PatientProfile;
use medtrack_shared::{Role, UserId};

use super::accounts::{self, Account};
use super::{access_log, Context, DomainError};
use crate::store::{keys, Store};

/// Why a caller may read a patient's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// It is their own.
    Owner,
    /// They are one of the patient's doctors.
    CareTeam,
    /// They run the clinic.
    Admin,
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
        Role::Doctor if store.get(&keys::care(&caller.id, patient)).await?.is_some() => {
            Ok(Access::CareTeam)
        }
        _ => Err(DomainError::Forbidden),
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
    if access == Access::Owner {
        return Ok(());
    }
    access_log::record(ctx, caller, patient, what).await
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
