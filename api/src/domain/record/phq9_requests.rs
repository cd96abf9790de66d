//! Doctors' requests for a patient's PHQ-9: one per doctor and patient (a
//! new request replaces the doctor's earlier one), told to the patient
//! through the outbox, and asked again every two or four weeks by a job
//! until the doctor stops it. Answering a PHQ-9 answers every request.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::record::{Phq9Repeat, Phq9Request, Phq9RequestInput};
use medtrack_shared::{JobId, UserId};
use serde::{Deserialize, Serialize};

use super::author;
use crate::domain::accounts::{self, Account};
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::notifications::outbox::{self, CareChange, CareNotice, Event};
use crate::domain::patients::{self, Access};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Item, Query, Store, StoreError, TxOp};

fn weeks(repeat: Phq9Repeat) -> Option<SignedDuration> {
    repeat
        .weeks()
        .map(|w| SignedDuration::from_hours(24 * 7 * i64::from(w)))
}

fn ask(request: &Phq9Request, patient: &Account, now: Timestamp) -> Result<TxOp, StoreError> {
    let notice = CareNotice {
        patient: patient.id,
        patient_name: patient.name.clone(),
        change: CareChange::Phq9Requested {
            doctor: request.doctor.name.clone(),
        },
    };
    outbox::queue(patient.id, Event::Care(notice), now)
}

fn put(request: &Phq9Request, condition: Condition) -> Result<TxOp, StoreError> {
    let key = keys::phq9_request(&request.patient, &request.doctor.id);
    Ok(TxOp::Put(Item::from_record(key, request)?, condition))
}

/// A doctor of the patient asks them to answer a PHQ-9, once or repeatedly.
pub async fn ask_for(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    input: &Phq9RequestInput,
) -> Result<Phq9Request, DomainError> {
    if patients::access(&ctx.store, caller, patient).await? != Access::CareTeam {
        return Err(DomainError::Forbidden);
    }
    let owner = accounts::get(&ctx.store, patient)
        .await?
        .ok_or(DomainError::NotFound)?;
    let now = ctx.now();
    let every = weeks(input.repeat);
    let request = Phq9Request {
        patient: *patient,
        doctor: author(caller),
        repeat: input.repeat,
        asked_at: now,
        next_at: every.map(|w| now + w),
        answered_at: None,
    };
    let job = Reminder {
        patient: *patient,
        doctor: caller.id,
    };
    let mut ops = vec![
        put(&request, Condition::Always)?,
        ask(&request, &owner, now)?,
    ];
    ops.push(match request.next_at {
        Some(at) => jobs::schedule(&job, at)?,
        None => jobs::cancel(&job.id()),
    });
    ctx.commit(ops).await?;
    Ok(request)
}

/// The doctor stops their request.
pub async fn stop(ctx: &Context, caller: &Account, patient: &UserId) -> Result<(), DomainError> {
    if patients::access(&ctx.store, caller, patient).await? != Access::CareTeam {
        return Err(DomainError::Forbidden);
    }
    let job = Reminder {
        patient: *patient,
        doctor: caller.id,
    };
    let ops = vec![
        TxOp::Delete(keys::phq9_request(patient, &caller.id), Condition::Exists),
        jobs::cancel(&job.id()),
    ];
    match ctx.commit(ops).await {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::NotFound),
        Err(other) => Err(other.into()),
    }
}

/// The requests for the patient's PHQ-9: for the patient and their doctors.
pub async fn list(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
) -> Result<Vec<Phq9Request>, DomainError> {
    let (access, _) = super::mood::wellbeing_reader(ctx, caller, patient).await?;
    patients::record_read(ctx, caller, access, patient, "PHQ-9 requests").await?;
    all(&ctx.store, patient).await
}

async fn all(store: &Store, patient: &UserId) -> Result<Vec<Phq9Request>, DomainError> {
    let query = Query::partition(keys::phq9_requests(patient));
    Ok(paging::all_items(store, query, 90)
        .await?
        .into_iter()
        .filter_map(|item| item.into_record().ok())
        .collect())
}

/// What answering a PHQ-9 writes on the patient's requests.
pub async fn answered_ops(
    store: &Store,
    patient: &UserId,
    now: Timestamp,
) -> Result<Vec<TxOp>, DomainError> {
    let mut ops = Vec::new();
    for mut request in all(store, patient).await? {
        request.answered_at = Some(now);
        ops.push(put(&request, Condition::Exists)?);
    }
    Ok(ops)
}

/// Asks the patient again, for a repeating request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Whose answers.
    pub patient: UserId,
    /// Who asks.
    pub doctor: UserId,
}

impl Runner for Reminder {
    fn id(&self) -> JobId {
        JobId::compose("phq9_request", &[&self.patient, &self.doctor])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let key = keys::phq9_request(&self.patient, &self.doctor);
        let Some(stored) = ctx.store.get(&key).await? else {
            return Ok(Outcome::done());
        };
        let version = stored.version;
        let mut request: Phq9Request = stored.into_record()?;
        let (Some(every), Some(patient)) = (
            weeks(request.repeat),
            accounts::get(&ctx.store, &self.patient).await?,
        ) else {
            return Ok(Outcome::done());
        };
        request.asked_at = now;
        request.next_at = Some(now + every);
        let ops = vec![
            put(&request, Condition::Version(version))?,
            ask(&request, &patient, now)?,
        ];
        Ok(Outcome {
            ops,
            next: Some(jobs::scheduled(self, now + every)?),
        })
    }
}
