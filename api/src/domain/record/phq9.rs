//! The PHQ-9: the patient answers; the result is kept on their record with
//! its score and band. In the same transaction, a total of 10 or more tells
//! each of their doctors, and an answer to item 9 other than "not at all"
//! raises an urgent alert: the doctors are told at once (quiet hours do not
//! hold it), and the escalation job tells the clinic's admins unless a
//! doctor acknowledges in time; a patient with no doctor alerts the admins
//! at once. The patient sees the crisis message in the answer.
//!
//! Results are read like the mood log (the patient and their doctors);
//! admins see only who has an open alert, never the answers.

use jiff::Timestamp;
use medtrack_shared::record::{
    AcknowledgeInput, Acknowledgement, CrisisAlert, OpenAlert, Phq9Input, Phq9Result, Phq9Severity,
    Phq9Submitted, PHQ9_TELL_DOCTORS_AT,
};
use medtrack_shared::{ErrorCode, JobId, Page, PageQuery, Phq9Id, Role, UserId};
use serde::{Deserialize, Serialize};

use super::mood::{owner, wellbeing_reader};
use super::{author, phq9_requests};
use crate::domain::accounts::{self, Account};
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::notifications::outbox::{self, CareChange, CareNotice, Event};
use crate::domain::patients::{self, Access};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, IndexKey, Item, Key, Query, StoreError, TxOp};

/// The most open alerts listed at once.
const MAX_OPEN_ALERTS: usize = 100;

fn key(patient: &UserId, id: &Phq9Id) -> Key {
    Key::new(keys::phq9_results(patient), id.to_string())
}

/// The result as an item: in the list of open alerts while its alert waits
/// for someone.
fn item(result: &Phq9Result) -> Result<Item, StoreError> {
    let item = Item::from_record(key(&result.patient, &result.id), result)?;
    let open = result
        .alert
        .as_ref()
        .is_some_and(|a| a.acknowledged.is_none());
    Ok(if open {
        item.with_gsi1(IndexKey::new(keys::CRISIS_OPEN, result.id.to_string()))
    } else {
        item
    })
}

fn tell(
    recipient: UserId,
    patient: &Account,
    change: CareChange,
    now: Timestamp,
) -> Result<TxOp, StoreError> {
    let notice = CareNotice {
        patient: patient.id,
        patient_name: patient.name.clone(),
        change,
    };
    outbox::queue(recipient, Event::Care(notice), now)
}

/// Keeps the patient's answers and tells whom they concern (see the module).
pub async fn submit(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    input: &Phq9Input,
) -> Result<Phq9Submitted, DomainError> {
    input.check()?;
    owner(ctx, caller, patient).await?;
    let now = ctx.now();
    let doctors = patients::doctors_of(&ctx.store, patient).await?;
    let score = input.score();
    let self_harm = input.self_harm();
    let alert = self_harm.then(|| CrisisAlert {
        raised_at: now,
        escalated_at: doctors.is_empty().then_some(now),
        acknowledged: None,
    });
    let result = Phq9Result {
        id: Phq9Id::from_uuid(uuid::Uuid::now_v7()),
        patient: *patient,
        answers: input.answers.clone(),
        difficulty: input.difficulty,
        score,
        severity: Phq9Severity::of(score),
        answered_at: now,
        alert,
    };
    let mut ops = vec![TxOp::Put(item(&result)?, Condition::NotExists)];
    if self_harm && doctors.is_empty() {
        let change = CareChange::Phq9Escalated { no_doctor: true };
        for admin in accounts::active_admins(&ctx.store).await? {
            ops.push(tell(admin, caller, change.clone(), now)?);
        }
    } else if self_harm {
        let minutes = ctx.crisis.acknowledge_within.as_mins();
        for doctor in &doctors {
            ops.push(tell(
                *doctor,
                caller,
                CareChange::Phq9Urgent { minutes },
                now,
            )?);
        }
        let job = Escalation {
            patient: *patient,
            result: result.id,
        };
        ops.push(jobs::schedule(&job, now + ctx.crisis.acknowledge_within)?);
    } else if score >= PHQ9_TELL_DOCTORS_AT {
        for doctor in &doctors {
            ops.push(tell(*doctor, caller, CareChange::Phq9Elevated, now)?);
        }
    }
    // The doctors' requests are answered in the same transaction; one
    // stopped meanwhile fails it, and the answers go again without it.
    for attempt in 1..=3 {
        let mut all = ops.clone();
        let requests_at = all.len();
        all.extend(phq9_requests::answered_ops(&ctx.store, patient, now).await?);
        match ctx.commit(all).await {
            Ok(()) => break,
            Err(StoreError::ConditionFailed { op: Some(op) })
                if op >= requests_at && attempt < 3 => {}
            Err(other) => return Err(other.into()),
        }
    }
    if self_harm {
        tracing::warn!(patient = %patient, result = %result.id, "crisis alert raised");
    }
    Ok(Phq9Submitted {
        crisis: self_harm.then(|| ctx.crisis.message()),
        result,
    })
}

/// One page of the patient's results, newest first.
pub async fn list(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    page: &PageQuery,
) -> Result<Page<Phq9Result>, DomainError> {
    let limit = page.checked_limit()?;
    let (access, _) = wellbeing_reader(ctx, caller, patient).await?;
    patients::record_read(ctx, caller, access, patient, "PHQ-9 results").await?;
    let results = Query::partition(keys::phq9_results(patient)).backwards();
    paging::page(&ctx.store, results, limit, page.cursor.as_deref()).await
}

/// A doctor of the patient (or one with emergency access), or an admin,
/// takes the alert in hand; acknowledging again changes nothing.
pub async fn acknowledge(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &Phq9Id,
    input: &AcknowledgeInput,
) -> Result<CrisisAlert, DomainError> {
    input.check()?;
    if patients::access(&ctx.store, caller, patient).await? == Access::Owner {
        return Err(DomainError::Forbidden);
    }
    let stored = ctx
        .store
        .get(&key(patient, id))
        .await?
        .ok_or(DomainError::NotFound)?;
    let version = stored.version;
    let mut result: Phq9Result = stored.into_record()?;
    let Some(alert) = result.alert.as_mut() else {
        return Err(DomainError::conflict(
            ErrorCode::InvalidTransition,
            "This questionnaire raised no alert.",
        ));
    };
    if alert.acknowledged.is_some() {
        return Ok(alert.clone());
    }
    alert.acknowledged = Some(Acknowledgement {
        by: author(caller),
        at: ctx.now(),
        note: input.note.trim().to_owned(),
    });
    let answer = alert.clone();
    let job = Escalation {
        patient: *patient,
        result: *id,
    };
    let ops = vec![
        TxOp::Put(item(&result)?, Condition::Version(version)),
        jobs::cancel(&job.id()),
    ];
    match ctx.commit(ops).await {
        Ok(()) => {
            tracing::info!(patient = %patient, result = %id, "crisis alert acknowledged");
            Ok(answer)
        }
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::changed(
            "The alert changed meanwhile; reload it and try again.",
        )),
        Err(other) => Err(other.into()),
    }
}

/// The alerts nobody has acknowledged: every one for admins, their
/// patients' for a doctor.
pub async fn open_alerts(ctx: &Context, caller: &Account) -> Result<Vec<OpenAlert>, DomainError> {
    let query = Query::partition(keys::CRISIS_OPEN).on(Index::Gsi1);
    let mut results: Vec<Phq9Result> = paging::all_items(&ctx.store, query, MAX_OPEN_ALERTS)
        .await?
        .into_iter()
        .filter_map(|item| item.into_record().ok())
        .take(MAX_OPEN_ALERTS)
        .collect();
    match caller.role {
        Role::Admin => {}
        Role::Doctor => {
            let cares: Vec<Key> = results
                .iter()
                .map(|r| keys::care(&caller.id, &r.patient))
                .collect();
            let found = ctx.store.batch_get(&cares).await?;
            let mut mine = found.iter().map(Option::is_some);
            results.retain(|_| mine.next().unwrap_or(false));
        }
        Role::Patient => return Err(DomainError::Forbidden),
    }
    let people: Vec<Key> = results.iter().map(|r| keys::user(&r.patient)).collect();
    let names = ctx.store.batch_get(&people).await?;
    Ok(results
        .into_iter()
        .zip(names)
        .filter_map(|(result, account)| {
            let name = account?.into_record::<Account>().ok()?.name;
            Some(OpenAlert {
                patient: result.patient,
                patient_name: name,
                result: result.id,
                alert: result.alert?,
            })
        })
        .collect())
}

/// Tells the clinic's admins of an alert no doctor acknowledged in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// Whose.
    pub patient: UserId,
    /// The result that raised it.
    pub result: Phq9Id,
}

impl Runner for Escalation {
    fn id(&self) -> JobId {
        JobId::compose("crisis", &[&self.result])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let Some(stored) = ctx.store.get(&key(&self.patient, &self.result)).await? else {
            return Ok(Outcome::done());
        };
        let version = stored.version;
        let mut result: Phq9Result = stored.into_record()?;
        let Some(alert) = result.alert.as_mut() else {
            return Ok(Outcome::done());
        };
        if alert.acknowledged.is_some() || alert.escalated_at.is_some() {
            return Ok(Outcome::done());
        }
        alert.escalated_at = Some(now);
        let Some(patient) = accounts::get(&ctx.store, &self.patient).await? else {
            return Ok(Outcome::done());
        };
        let mut ops = vec![TxOp::Put(item(&result)?, Condition::Version(version))];
        let change = CareChange::Phq9Escalated { no_doctor: false };
        for admin in accounts::active_admins(&ctx.store).await? {
            ops.push(tell(admin, &patient, change.clone(), now)?);
        }
        tracing::warn!(patient = %self.patient, result = %self.result, "crisis alert escalated");
        Ok(Outcome { ops, next: None })
    }
}
