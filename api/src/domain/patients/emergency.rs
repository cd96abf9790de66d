//! Emergency access ("break-glass"): a doctor with no care relationship may
//! open a patient's record when it cannot wait, by saying why. The access
//! lasts a short while, its every read stands out in the patient's access
//! log, and the patient and every admin are told at once.

use jiff::Timestamp;
use medtrack_shared::account::{AccessLogEntry, EmergencyAccess, EmergencyAccessRequest};
use medtrack_shared::{Role, UserId};
use serde::{Deserialize, Serialize};

use crate::domain::access_log;
use crate::domain::accounts::{self, Account};
use crate::domain::notifications::outbox::{self, AccountChange, Event};
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Item, TxOp};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Grant {
    reason: String,
    until: Timestamp,
}

/// Whether a stored grant still holds at `now`.
pub fn live(grant: &Item, now: Timestamp) -> bool {
    grant.record::<Grant>().is_ok_and(|grant| grant.until > now)
}

/// Opens `patient`'s record to `doctor` for the configured time, telling
/// the patient and every admin.
pub async fn open(
    ctx: &Context,
    doctor: &Account,
    patient: &UserId,
    request: &EmergencyAccessRequest,
) -> Result<EmergencyAccess, DomainError> {
    request.check()?;
    if doctor.role != Role::Doctor {
        return Err(DomainError::Forbidden);
    }
    let owner = accounts::get(&ctx.store, patient)
        .await?
        .filter(|a| a.role == Role::Patient)
        .ok_or(DomainError::NotFound)?;
    let now = ctx.now();
    let until = now + ctx.emergency_access;
    let reason = request.reason.trim().to_owned();
    let grant = Grant {
        reason: reason.clone(),
        until,
    };
    let entry = AccessLogEntry {
        patient_id: *patient,
        actor_id: doctor.id,
        actor_name: doctor.name.clone(),
        actor_role: doctor.role,
        what: "emergency access".into(),
        at: now,
        emergency: true,
        reason: Some(reason.clone()),
    };
    let change = AccountChange::EmergencyAccess {
        patient: owner.name.clone(),
        doctor: doctor.name.clone(),
        reason,
        until,
    };
    let mut ops = vec![
        TxOp::Put(
            Item::from_record(keys::emergency_access(&doctor.id, patient), &grant)?,
            Condition::Always,
        ),
        TxOp::Put(access_log::entry_item(&entry)?, Condition::NotExists),
        outbox::queue(*patient, Event::Account(change.clone()), now)?,
    ];
    for admin in accounts::active_admins(&ctx.store).await? {
        ops.push(outbox::queue(admin, Event::Account(change.clone()), now)?);
    }
    ctx.commit(ops).await?;
    tracing::warn!(doctor = %doctor.id, patient = %patient, "emergency access to a record");
    Ok(EmergencyAccess {
        patient_id: *patient,
        until,
    })
}
