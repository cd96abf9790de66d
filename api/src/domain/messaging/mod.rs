//! Messaging between a patient and one of their doctors. A thread is one
//! item (subject, both read marks, the patient's wait for a reply, an
//! urgent message waiting for acknowledgement) and one copy per party (what
//! their list shows, with their unread count); each message is an item of
//! the thread's partition. A message or a read mark rewrites the thread and
//! the copies it touches, and the unread totals, in one transaction
//! conditioned on the versions read (`write` retries it when a concurrent
//! one won), so counts stay exact however requests race.
//!
//! `threads` starts and lists threads, `send` writes messages (attachments
//! from the patient's vault, red flags, the out-of-hours note), `reading`
//! moves read marks and pages messages, `reply_time` is the doctor's
//! promise, `overdue` the reminders and the admins' overview, and `feed`
//! the change feed behind the live event streams.

use jiff::Timestamp;
use medtrack_shared::appointment::Party;
use medtrack_shared::messaging::{Sender, Thread, Waiting};
use medtrack_shared::{AppointmentId, MessageId, Role, ThreadId, UserId};
use serde::{Deserialize, Serialize};

use super::accounts::Account;
use super::{Context, DomainError};
use crate::store::{keys, Condition, Item, StoreError, TxOp, UpdateOp};

pub mod feed;
pub mod overdue;
pub mod reading;
pub mod reply_time;
pub mod send;
pub mod threads;

/// How often a write that lost a race is tried again on fresh reads.
const ATTEMPTS: u32 = 8;

/// How far a party has read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Mark {
    /// The newest message they have seen.
    pub up_to: MessageId,
    /// When they saw it.
    pub at: Timestamp,
}

/// The patient's message that waits for the doctor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Wait {
    /// When the first unanswered message came.
    pub since: Timestamp,
    /// The end of the promised reply time.
    pub due: Timestamp,
}

/// How many steps of a party's read mark a thread keeps: each message's
/// `read_at` is the time of the first step that reached it (older messages
/// take the oldest step kept).
const MARK_STEPS: usize = 50;

/// A message naming a red flag, until the doctor acknowledges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Urgent {
    /// The message.
    pub message: MessageId,
    /// When it came.
    pub raised_at: Timestamp,
    /// When the admins were told that nobody acknowledged it.
    #[serde(default)]
    pub escalated_at: Option<Timestamp>,
}

/// The thread as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ThreadRecord {
    pub id: ThreadId,
    pub subject: String,
    pub patient: Party,
    pub doctor: Party,
    #[serde(default)]
    pub visit: Option<AppointmentId>,
    pub started_by: Sender,
    pub started_at: Timestamp,
    pub last_message_at: Timestamp,
    pub last_sender: Sender,
    pub messages: u32,
    /// The patient's read mark, step by step (oldest first).
    #[serde(default)]
    pub patient_read: Vec<Mark>,
    /// The doctor's.
    #[serde(default)]
    pub doctor_read: Vec<Mark>,
    #[serde(default)]
    pub waiting: Option<Wait>,
    #[serde(default)]
    pub urgent: Option<Urgent>,
    /// Until when the last out-of-hours note holds (no second note before).
    #[serde(default)]
    pub noted_until: Option<Timestamp>,
}

impl ThreadRecord {
    /// The party `user` is, if any.
    pub fn party(&self, user: &UserId) -> Option<Sender> {
        if self.patient.id == *user {
            Some(Sender::Patient)
        } else if self.doctor.id == *user {
            Some(Sender::Doctor)
        } else {
            None
        }
    }

    /// The person on the other side of `party`.
    pub fn other(&self, party: Sender) -> &Party {
        match party {
            Sender::Patient => &self.doctor,
            _ => &self.patient,
        }
    }

    fn steps(&self, party: Sender) -> &[Mark] {
        match party {
            Sender::Patient => &self.patient_read,
            Sender::Doctor => &self.doctor_read,
            Sender::Clinic => &[],
        }
    }

    /// The read mark of `party`.
    pub fn mark(&self, party: Sender) -> Option<Mark> {
        self.steps(party).last().copied()
    }

    /// Moves `party`'s mark forward (never back), keeping its last steps.
    pub fn advance(&mut self, party: Sender, mark: Mark) {
        if self.mark(party).is_some_and(|m| m.up_to >= mark.up_to) {
            return;
        }
        let steps = match party {
            Sender::Patient => &mut self.patient_read,
            Sender::Doctor => &mut self.doctor_read,
            Sender::Clinic => return,
        };
        steps.push(mark);
        if steps.len() > MARK_STEPS {
            steps.remove(0);
        }
    }

    /// When the party other than `sender` read a message `sender` sent.
    pub fn read_at(&self, sender: Sender, message: &MessageId) -> Option<Timestamp> {
        let reader = match sender {
            Sender::Patient => Sender::Doctor,
            Sender::Doctor => Sender::Patient,
            Sender::Clinic => return None,
        };
        self.steps(reader)
            .iter()
            .find(|step| step.up_to >= *message)
            .map(|step| step.at)
    }

    /// The item: waiting threads are listed by due time for admins, and the
    /// change moves the thread into the current minute of the feed.
    pub fn item(&self, changed_at: Timestamp) -> Result<Item, StoreError> {
        let item = Item::from_record(keys::thread(&self.id), self)?
            .with_gsi2(keys::changed_at(&self.id, changed_at));
        Ok(match &self.waiting {
            Some(wait) => item.with_gsi1(keys::by_due(keys::WAITING.into(), &self.id, wait.due)),
            None => item,
        })
    }

    /// The list entry `party` sees, with their unread count.
    pub fn view(&self, unread: u32, now: Timestamp) -> Thread {
        Thread {
            id: self.id,
            subject: self.subject.clone(),
            patient: self.patient.clone(),
            doctor: self.doctor.clone(),
            visit: self.visit,
            started_by: self.started_by,
            started_at: self.started_at,
            last_message_at: self.last_message_at,
            last_sender: self.last_sender,
            messages: self.messages,
            unread,
            waiting: self.waiting.map(|w| Waiting {
                since: w.since,
                due: w.due,
                overdue: w.due <= now,
            }),
            urgent: self.urgent.is_some(),
        }
    }
}

/// A party's copy of the thread as stored: the list entry and the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Copy {
    pub owner: UserId,
    pub thread: Thread,
}

impl Copy {
    /// The item, in its owner's list by last activity; a doctor's copy is
    /// also in their list of waiting threads while the patient waits.
    pub fn item(&self) -> Result<Item, StoreError> {
        let thread = &self.thread;
        let key = keys::thread_copy(&self.owner, &thread.id);
        let order = keys::thread_copy_order(&self.owner, &thread.id, thread.last_message_at);
        let item = Item::from_record(key, self)?.with_gsi1(order);
        Ok(match &thread.waiting {
            Some(wait) if self.owner == thread.doctor.id => item.with_gsi2(keys::by_due(
                keys::waiting_for(&self.owner),
                &thread.id,
                wait.due,
            )),
            _ => item,
        })
    }
}

/// A thread read for a change, with the versions the change is conditioned on.
pub(crate) struct Loaded {
    pub thread: ThreadRecord,
    pub version: u64,
}

/// The thread, if it exists.
pub(crate) async fn load(ctx: &Context, id: &ThreadId) -> Result<Loaded, DomainError> {
    let item = ctx
        .store
        .get(&keys::thread(id))
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(Loaded {
        version: item.version,
        thread: item.into_record()?,
    })
}

/// The thread and the caller's party in it. Anyone else, admins included,
/// is refused as if it did not exist for them (403: the id is not secret,
/// its contents are).
pub(crate) async fn participant(
    ctx: &Context,
    caller: &Account,
    id: &ThreadId,
) -> Result<(Loaded, Sender), DomainError> {
    if caller.role == Role::Admin {
        return Err(DomainError::Forbidden);
    }
    let loaded = load(ctx, id).await?;
    let party = loaded
        .thread
        .party(&caller.id)
        .ok_or(DomainError::Forbidden)?;
    Ok((loaded, party))
}

/// A party's copy as stored, with its version.
pub(crate) async fn copy_of(
    ctx: &Context,
    owner: &UserId,
    thread: &ThreadId,
) -> Result<Option<(Copy, u64)>, DomainError> {
    let Some(item) = ctx.store.get(&keys::thread_copy(owner, thread)).await? else {
        return Ok(None);
    };
    let version = item.version;
    Ok(Some((item.into_record()?, version)))
}

/// The write that adds `delta` to a person's unread total: an addition, so
/// that changes to different threads do not wait for each other; each
/// delta comes from a thread copy read at the version the transaction
/// checks, so the total stays the sum of the copies.
pub(crate) async fn add_unread(
    ctx: &Context,
    owner: &UserId,
    delta: i64,
) -> Result<TxOp, DomainError> {
    let key = keys::unread_messages(owner);
    if ctx.store.get(&key).await?.is_some() {
        let add = UpdateOp::Add("total".to_owned(), delta);
        return Ok(TxOp::Update(key, vec![add], Condition::Exists));
    }
    // The first: made on the condition that a concurrent first did not win.
    let total = Total {
        total: u32::try_from(delta.max(0)).unwrap_or(u32::MAX),
    };
    Ok(TxOp::Put(
        Item::from_record(key, &total)?,
        Condition::NotExists,
    ))
}

/// A person's unread total as stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Total {
    pub total: u32,
}

/// A person's unread total.
pub(crate) async fn total_of(ctx: &Context, owner: &UserId) -> Result<u32, DomainError> {
    match ctx.store.get(&keys::unread_messages(owner)).await? {
        None => Ok(0),
        Some(item) => Ok(item.into_record::<Total>()?.total),
    }
}

/// Runs `attempt` until its transaction commits, again on fresh reads when
/// a concurrent change won (a failed condition), at most [`ATTEMPTS`] times;
/// nothing to write (a mark already there) commits nothing.
pub(crate) async fn write<T, F, Fut>(ctx: &Context, mut attempt: F) -> Result<T, DomainError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<TxOp>, T), DomainError>>,
{
    let mut tries = 0;
    loop {
        tries += 1;
        let (ops, answer) = attempt().await?;
        if ops.is_empty() {
            return Ok(answer);
        }
        match ctx.commit(ops).await {
            Ok(()) => {
                ctx.feed.poke();
                return Ok(answer);
            }
            Err(StoreError::ConditionFailed { .. }) if tries < ATTEMPTS => {}
            Err(StoreError::ConditionFailed { .. }) => {
                return Err(DomainError::changed(
                    "The conversation changed meanwhile; try again.",
                ))
            }
            Err(other) => return Err(other.into()),
        }
    }
}
