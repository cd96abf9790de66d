//! Reading: a thread's messages a page at a time, each with when the other
//! party read it; moving the caller's read mark (which recounts their
//! unread messages after it and changes their total by the difference, in
//! one transaction, then marks the thread's notices in their inbox read);
//! a doctor's acknowledgement of an urgent message; and the caller's unread
//! total, one item read.

use medtrack_shared::messaging::{Message, ReadInput, Sender, Thread, UnreadMessages};
use medtrack_shared::{Page, PageQuery, Role, ThreadId};

use super::overdue::UrgentCheck;
use super::{add_unread, copy_of, participant, total_of, write, Copy, Mark};
use crate::domain::accounts::Account;
use crate::domain::jobs::{self, Runner};
use crate::domain::{notifications, paging, Context, DomainError};
use crate::store::{keys, Condition, Query, SkRange, TxOp};

/// The most messages after a read mark counted in one go (more than a
/// thread can gather between two reads).
const MAX_COUNTED: usize = 10_000;

/// One page of the thread's messages, newest first (its parties only).
pub async fn messages(
    ctx: &Context,
    caller: &Account,
    id: &ThreadId,
    page: &PageQuery,
) -> Result<Page<Message>, DomainError> {
    let limit = page.checked_limit()?;
    let (loaded, _) = participant(ctx, caller, id).await?;
    let thread = loaded.thread;
    let query = Query::partition(keys::messages(id)).backwards();
    let mut found: Page<Message> =
        paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await?;
    for message in &mut found.items {
        message.read_at = thread.read_at(message.sender, &message.id);
    }
    Ok(found)
}

/// Moves the caller's read mark to `input.up_to` (never back) and recounts
/// what they have not read after it.
pub async fn read(
    ctx: &Context,
    caller: &Account,
    id: &ThreadId,
    input: &ReadInput,
) -> Result<Thread, DomainError> {
    let seen = ctx
        .store
        .get(&keys::message(id, &input.up_to))
        .await?
        .is_some();
    let thread = write(ctx, move || async move {
        let (loaded, party) = participant(ctx, caller, id).await?;
        if !seen {
            return Err(DomainError::field(
                "up_to",
                "is not a message of this thread",
            ));
        }
        let mut thread = loaded.thread;
        let now = ctx.now();
        let stored = copy_of(ctx, &caller.id, id).await?;
        let before = stored.as_ref().map_or(0, |(c, _)| c.thread.unread);
        if thread.mark(party).is_some_and(|m| m.up_to >= input.up_to) {
            return Ok((Vec::new(), thread.view(before, now)));
        }
        let after =
            Query::partition(keys::messages(id)).range(SkRange::From(input.up_to.to_string()));
        let unread = paging::all_items(&ctx.store, after, MAX_COUNTED)
            .await?
            .into_iter()
            .filter(|item| item.key.sk != input.up_to.to_string())
            .filter_map(|item| item.into_record::<Message>().ok())
            .filter(|m| m.sender != party && m.sender != Sender::Clinic)
            .count();
        let unread = u32::try_from(unread).unwrap_or(u32::MAX);
        let mark = Mark {
            up_to: input.up_to,
            at: now,
        };
        thread.advance(party, mark);
        let copy = Copy {
            owner: caller.id,
            thread: thread.view(unread, now),
        };
        let copy_condition = stored
            .as_ref()
            .map_or(Condition::NotExists, |(_, v)| Condition::Version(*v));
        let mut ops = vec![
            TxOp::Put(thread.item(now)?, Condition::Version(loaded.version)),
            TxOp::Put(copy.item()?, copy_condition),
        ];
        if unread != before {
            let delta = i64::from(unread) - i64::from(before);
            ops.push(add_unread(ctx, &caller.id, delta).await?);
        }
        Ok((ops, copy.thread))
    })
    .await?;
    settle_notices(ctx, caller, id).await;
    Ok(thread)
}

/// Marks read the caller's in-app notices of this thread, so the inbox
/// does not count again what the thread showed. After the mark's commit and
/// on its own: a notice the dispatcher brings later stays (it is true).
async fn settle_notices(ctx: &Context, caller: &Account, id: &ThreadId) {
    let link = format!("/messages/{id}");
    let unread = notifications::inbox::list(ctx, &caller.id, true, 100, None).await;
    let Ok(unread) = unread else {
        return;
    };
    for notice in unread.items {
        let about_it =
            notice.event.starts_with("message.") && notice.link.as_deref() == Some(&link);
        if about_it {
            if let Err(error) = notifications::inbox::mark_read(ctx, &caller.id, &notice.id).await {
                tracing::warn!(%error, "a message notice could not be marked read");
            }
        }
    }
}

/// The thread's doctor takes an urgent message in hand: the escalation to
/// the admins is cancelled. Acknowledging again changes nothing.
pub async fn acknowledge(
    ctx: &Context,
    caller: &Account,
    id: &ThreadId,
) -> Result<Thread, DomainError> {
    if caller.role != Role::Doctor {
        return Err(DomainError::Forbidden);
    }
    write(ctx, move || async move {
        let (loaded, _) = participant(ctx, caller, id).await?;
        let mut thread = loaded.thread;
        let now = ctx.now();
        let stored = copy_of(ctx, &caller.id, id).await?;
        let unread = stored.as_ref().map_or(0, |(c, _)| c.thread.unread);
        let Some(urgent) = thread.urgent.take() else {
            return Ok((Vec::new(), thread.view(unread, now)));
        };
        let job = UrgentCheck {
            thread: thread.id,
            message: urgent.message,
        };
        let mut ops = vec![
            TxOp::Put(thread.item(now)?, Condition::Version(loaded.version)),
            jobs::cancel(&job.id()),
        ];
        // Both copies show the thread is no longer urgent.
        for owner in [thread.patient.id, thread.doctor.id] {
            if let Some((copy, version)) = copy_of(ctx, &owner, id).await? {
                let copy = Copy {
                    owner,
                    thread: thread.view(copy.thread.unread, now),
                };
                ops.push(TxOp::Put(copy.item()?, Condition::Version(version)));
            }
        }
        tracing::info!(thread = %thread.id, "urgent message acknowledged");
        Ok((ops, thread.view(unread, now)))
    })
    .await
}

/// The caller's unread messages in all their threads.
pub async fn unread(ctx: &Context, caller: &Account) -> Result<UnreadMessages, DomainError> {
    if caller.role == Role::Admin {
        return Err(DomainError::Forbidden);
    }
    Ok(UnreadMessages {
        total: total_of(ctx, &caller.id).await?,
    })
}
