//! Writing a message: its attachments (documents of the thread's patient's
//! vault: a patient's are shared with the doctor until revoked; a doctor
//! attaches only what they uploaded for this patient; a share the patient
//! limited in time keeps its end), the red flags in a
//! patient's words (an urgent message, told at once, escalated unless
//! acknowledged), the wait for the doctor's reply and its reminder, and the
//! clinic's note when the doctor is out of hours. One transaction, with the
//! thread, both copies, the unread totals and the notice.

use jiff::Timestamp;
use medtrack_shared::messaging::{Attachment, Message, Posted, Sender};
use medtrack_shared::safety::red_flags_in;
use medtrack_shared::{DocumentId, MessageId, UserId};
use uuid::Uuid;

use super::overdue::{ReplyDue, Stage, UrgentCheck};
use super::reply_time::{promise, Promise};
use super::{add_unread, copy_of, Copy, ThreadRecord, Urgent, Wait};
use crate::domain::accounts::{self, Account};
use crate::domain::jobs::{self, Runner};
use crate::domain::notifications::messages::{MessageChange, MessageNotice};
use crate::domain::notifications::outbox::{self, Event};
use crate::domain::vault::{self, shares};
use crate::domain::{practice, Context, DomainError};
use crate::store::{keys, Condition, Item, TxOp};

/// The thread as read for a message: new (`None`) or at this version.
pub(crate) struct Base {
    pub thread: ThreadRecord,
    pub version: Option<u64>,
}

/// The message item.
fn message_item(message: &Message) -> Result<Item, DomainError> {
    Ok(Item::from_record(
        keys::message(&message.thread, &message.id),
        message,
    )?)
}

/// The documents attached, and the writes that share a patient's with the doctor.
async fn attachments(
    ctx: &Context,
    caller: &Account,
    party: Sender,
    thread: &ThreadRecord,
    ids: &[DocumentId],
) -> Result<(Vec<Attachment>, Vec<TxOp>), DomainError> {
    let mut found = Vec::new();
    let mut ops = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        let field = format!("attachments[{n}]");
        let stored = match vault::load(ctx, &thread.patient.id, id).await {
            Ok(stored) if stored.document.deleted.is_none() => stored,
            Ok(_) | Err(DomainError::NotFound) => {
                return Err(DomainError::field(
                    &field,
                    "is not a document of this patient's vault",
                ))
            }
            Err(other) => return Err(other),
        };
        let mut document = stored.document;
        if party == Sender::Patient {
            let doctor = (thread.doctor.id, thread.doctor.name.clone());
            // A share the patient limited in time keeps its end.
            let now = ctx.now();
            let until = document
                .shares
                .iter()
                .find(|s| s.doctor == doctor.0 && s.expires_at.is_none_or(|end| end > now))
                .and_then(|s| s.until.zip(s.expires_at));
            ops.extend(shares::grant(
                ctx,
                &mut document,
                &caller.name,
                doctor,
                until,
                false,
            )?);
            ops.push(TxOp::Put(
                vault::document_item(&document)?,
                Condition::Version(stored.version),
            ));
        } else if document.uploaded_by != caller.id {
            return Err(DomainError::field(
                &field,
                "is not a document you uploaded for this patient",
            ));
        }
        found.push(Attachment {
            document: *id,
            title: document.title,
        });
    }
    Ok((found, ops))
}

/// The doctor's promise for a message sent now.
async fn doctor_promise(
    ctx: &Context,
    doctor: &UserId,
    now: Timestamp,
) -> Result<Promise, DomainError> {
    let account = accounts::get(&ctx.store, doctor)
        .await?
        .ok_or(DomainError::NotFound)?;
    let practice = practice::of(&account);
    let zone = practice::zone(&practice)?;
    Ok(promise(&practice, zone.tz(), now))
}

fn when(at: Timestamp, zone: &jiff::tz::TimeZone) -> String {
    at.to_zoned_datetime(zone.clone())
        .strftime("%a %-d %b %Y, %H:%M %Z")
        .to_string()
}

/// Everything a message writes, from the state read in `base`; the answer.
pub(crate) async fn post(
    ctx: &Context,
    caller: &Account,
    party: Sender,
    base: Base,
    text: &str,
    attached: &[DocumentId],
) -> Result<(Vec<TxOp>, Posted), DomainError> {
    let Base {
        mut thread,
        version,
    } = base;
    let (attachments, mut ops) = attachments(ctx, caller, party, &thread, attached).await?;
    let now = ctx.now();
    let flags: Vec<String> = match party {
        Sender::Patient => red_flags_in(text).iter().map(|f| f.id.to_owned()).collect(),
        _ => Vec::new(),
    };
    let message = Message {
        id: MessageId::from_uuid(Uuid::now_v7()),
        thread: thread.id,
        sender: party,
        text: text.trim_end().to_owned(),
        attachments,
        sent_at: now,
        red_flags: flags.clone(),
        read_at: None,
    };
    ops.push(TxOp::Put(message_item(&message)?, Condition::NotExists));
    let mut note = None;
    let other = thread.other(party).id;
    let change = match party {
        Sender::Patient => {
            let promise = doctor_promise(ctx, &thread.doctor.id, now).await?;
            if thread.waiting.is_none() {
                let wait = Wait {
                    since: now,
                    due: promise.reply_by,
                };
                let job = ReplyDue {
                    thread: thread.id,
                    since: now,
                    stage: Stage::Doctor,
                };
                ops.push(jobs::schedule(&job, wait.due)?);
                thread.waiting = Some(wait);
            }
            if !flags.is_empty() && thread.urgent.is_none() {
                thread.urgent = Some(Urgent {
                    message: message.id,
                    raised_at: now,
                    escalated_at: None,
                });
                let job = UrgentCheck {
                    thread: thread.id,
                    message: message.id,
                };
                ops.push(jobs::schedule(&job, now + ctx.crisis.acknowledge_within)?);
                tracing::warn!(thread = %thread.id, message = %message.id, "urgent message");
            }
            let noted = thread.noted_until.is_some_and(|until| now < until);
            if let (true, false, Some(from)) = (flags.is_empty(), noted, promise.reads_from) {
                let zone = caller.time_zone.tz();
                let text = format!(
                    "{} is out of the office now. Your message will be read from {}, and answered by {}. \
                     Messages are not for emergencies: if you need help now, call {}.",
                    thread.doctor.name,
                    when(from, zone),
                    when(thread.waiting.map_or(promise.reply_by, |w| w.due), zone),
                    ctx.crisis.message().emergency_number,
                );
                let clinic = Message {
                    id: MessageId::from_uuid(Uuid::now_v7()),
                    sender: Sender::Clinic,
                    text,
                    attachments: Vec::new(),
                    red_flags: Vec::new(),
                    ..message.clone()
                };
                ops.push(TxOp::Put(message_item(&clinic)?, Condition::NotExists));
                thread.noted_until = Some(from);
                note = Some(clinic);
            }
            MessageChange::FromPatient {
                urgent: !flags.is_empty(),
            }
        }
        _ => {
            // The doctor's reply ends the wait and acknowledges an urgent message.
            if let Some(wait) = thread.waiting.take() {
                let job = ReplyDue {
                    thread: thread.id,
                    since: wait.since,
                    stage: Stage::Doctor,
                };
                ops.push(jobs::cancel(&job.id()));
            }
            if let Some(urgent) = thread.urgent.take() {
                let job = UrgentCheck {
                    thread: thread.id,
                    message: urgent.message,
                };
                ops.push(jobs::cancel(&job.id()));
            }
            MessageChange::FromDoctor
        }
    };
    thread.last_message_at = now;
    thread.last_sender = party;
    thread.messages += 1 + u32::from(note.is_some());
    let thread_op = match version {
        Some(v) => TxOp::Put(thread.item(now)?, Condition::Version(v)),
        None => TxOp::Put(thread.item(now)?, Condition::NotExists),
    };
    ops.push(thread_op);
    // The other party has one more unread. The sender's mark and count stay:
    // a message that came while they wrote is still theirs to read.
    let sender_copy = copy_of(ctx, &caller.id, &thread.id).await?;
    let other_copy = copy_of(ctx, &other, &thread.id).await?;
    let sender_unread = sender_copy.as_ref().map_or(0, |(c, _)| c.thread.unread);
    let other_unread = other_copy.as_ref().map_or(0, |(c, _)| c.thread.unread) + 1;
    for (owner, stored, unread) in [
        (caller.id, &sender_copy, sender_unread),
        (other, &other_copy, other_unread),
    ] {
        let copy = Copy {
            owner,
            thread: thread.view(unread, now),
        };
        let condition = stored
            .as_ref()
            .map_or(Condition::NotExists, |(_, v)| Condition::Version(*v));
        ops.push(TxOp::Put(copy.item()?, condition));
    }
    ops.push(add_unread(ctx, &other, 1).await?);
    let notice = MessageNotice {
        thread: thread.id,
        patient_name: thread.patient.name.clone(),
        doctor_name: thread.doctor.name.clone(),
        change,
    };
    ops.push(outbox::queue(other, Event::Message(notice), now)?);
    let posted = Posted {
        message,
        note,
        thread: thread.view(sender_unread, now),
    };
    Ok((ops, posted))
}
