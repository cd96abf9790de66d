//! Keeping the promise: a patient's message still unanswered at the end of
//! the reply time reminds the doctor, and a day later tells the clinic's
//! admins; an urgent message not acknowledged in the crisis window tells
//! them at once. Admins see counts and these threads, never their words.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::messaging::{MessagingOverview, Waiting, WaitingThread, MAX_OVERDUE_LISTED};
use medtrack_shared::{JobId, MessageId, Role, ThreadId, UserId};
use serde::{Deserialize, Serialize};

use super::{load, ThreadRecord};
use crate::domain::accounts::{self, Account};
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::notifications::messages::{MessageChange, MessageNotice};
use crate::domain::notifications::outbox::{self, Event};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Query, StoreError, TxOp};

/// How long after the doctor's reminder the admins are told.
const ADMINS_AFTER: SignedDuration = SignedDuration::from_hours(24);
/// The most waiting threads the overview reads (and counts: a clinic with
/// more has bigger problems than a count can show).
const MAX_WAITING_READ: usize = 5_000;

/// Who a reply-time notice goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The doctor, at the end of the reply time.
    Doctor,
    /// The clinic's admins, a day later.
    Admins,
}

/// The reply time of the wait that began at `since` has run out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyDue {
    /// The thread.
    pub thread: ThreadId,
    /// When the wait began (a later wait is another job's).
    pub since: Timestamp,
    /// Whom this run tells.
    #[serde(default = "first_stage")]
    pub stage: Stage,
}

fn first_stage() -> Stage {
    Stage::Doctor
}

fn notice(thread: &ThreadRecord, change: MessageChange) -> Event {
    Event::Message(MessageNotice {
        thread: thread.id,
        patient_name: thread.patient.name.clone(),
        doctor_name: thread.doctor.name.clone(),
        change,
    })
}

fn to_admins(admins: &[UserId], event: &Event, now: Timestamp) -> Result<Vec<TxOp>, StoreError> {
    admins
        .iter()
        .map(|admin| outbox::queue(*admin, event.clone(), now))
        .collect()
}

impl Runner for ReplyDue {
    fn id(&self) -> JobId {
        JobId::compose("reply", &[&self.thread])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let thread = match load(ctx, &self.thread).await {
            Ok(loaded) => loaded.thread,
            Err(DomainError::NotFound) => return Ok(Outcome::done()),
            Err(other) => return Err(other),
        };
        if thread.waiting.is_none_or(|w| w.since != self.since) {
            return Ok(Outcome::done());
        }
        match self.stage {
            Stage::Doctor => {
                let event = notice(&thread, MessageChange::ReplyOverdue);
                let next = ReplyDue {
                    stage: Stage::Admins,
                    ..self.clone()
                };
                tracing::info!(thread = %thread.id, "reply overdue: doctor reminded");
                Ok(Outcome {
                    ops: vec![outbox::queue(thread.doctor.id, event, now)?],
                    next: Some(jobs::scheduled(&next, now + ADMINS_AFTER)?),
                })
            }
            Stage::Admins => {
                let admins = accounts::active_admins(&ctx.store).await?;
                let event = notice(&thread, MessageChange::Overdue);
                tracing::warn!(thread = %thread.id, "reply overdue: admins told");
                Ok(Outcome {
                    ops: to_admins(&admins, &event, now)?,
                    next: None,
                })
            }
        }
    }
}

/// An urgent message's acknowledgement window has run out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrgentCheck {
    /// The thread.
    pub thread: ThreadId,
    /// The urgent message.
    pub message: MessageId,
}

impl Runner for UrgentCheck {
    fn id(&self) -> JobId {
        JobId::compose("urgent_message", &[&self.thread])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let (mut thread, version) = match load(ctx, &self.thread).await {
            Ok(loaded) => (loaded.thread, loaded.version),
            Err(DomainError::NotFound) => return Ok(Outcome::done()),
            Err(other) => return Err(other),
        };
        let Some(urgent) = thread.urgent.as_mut() else {
            return Ok(Outcome::done());
        };
        if urgent.message != self.message || urgent.escalated_at.is_some() {
            return Ok(Outcome::done());
        }
        urgent.escalated_at = Some(now);
        let admins = accounts::active_admins(&ctx.store).await?;
        let event = notice(&thread, MessageChange::UrgentUnacknowledged);
        // Kept on the thread, on the version read: a reply meanwhile wins.
        let mut ops = vec![TxOp::Put(thread.item(now)?, Condition::Version(version))];
        ops.extend(to_admins(&admins, &event, now)?);
        tracing::warn!(thread = %thread.id, "urgent message escalated");
        Ok(Outcome { ops, next: None })
    }
}

/// The clinic's messaging at a glance (admins only): how many patients
/// wait, how many past the promise or with an urgent message, and those.
pub async fn overview(ctx: &Context, caller: &Account) -> Result<MessagingOverview, DomainError> {
    if caller.role != Role::Admin {
        return Err(DomainError::Forbidden);
    }
    let query = Query::partition(keys::WAITING).on(Index::Gsi1);
    let items = paging::all_items(&ctx.store, query, MAX_WAITING_READ).await?;
    let now = ctx.now();
    let threads: Vec<ThreadRecord> = items
        .into_iter()
        .filter_map(|item| item.into_record().ok())
        .collect();
    let count = |f: &dyn Fn(&ThreadRecord) -> bool| {
        u32::try_from(threads.iter().filter(|t| f(t)).count()).unwrap_or(u32::MAX)
    };
    let overdue = |t: &ThreadRecord| t.waiting.is_some_and(|w| w.due <= now);
    let mut attention: Vec<WaitingThread> = threads
        .iter()
        .filter(|t| overdue(t) || t.urgent.is_some())
        .filter_map(|t| {
            let wait = t.waiting?;
            Some(WaitingThread {
                thread: t.id,
                patient: t.patient.clone(),
                doctor: t.doctor.clone(),
                waiting: Waiting {
                    since: wait.since,
                    due: wait.due,
                    overdue: wait.due <= now,
                },
                urgent: t.urgent.is_some(),
            })
        })
        .collect();
    attention.sort_by_key(|t| (!t.urgent, t.waiting.since));
    attention.truncate(MAX_OVERDUE_LISTED);
    Ok(MessagingOverview {
        waiting: count(&|t| t.waiting.is_some()),
        overdue: count(&overdue),
        urgent: count(&|t| t.urgent.is_some()),
        attention,
    })
}
