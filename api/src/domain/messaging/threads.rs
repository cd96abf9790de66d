//! Starting threads and listing them. A thread needs a care relationship
//! (from a booking) between its patient and doctor; either may start it,
//! a doctor also from a visit. Lists are one query on the caller's copies.

use medtrack_shared::appointment::Party;
use medtrack_shared::messaging::{Contact, NewMessage, NewThread, Posted, Sender, Thread};
use medtrack_shared::{AccountStatus, Page, PageQuery, Role, ThreadId, UserId};
use uuid::Uuid;

use super::send::{post, Base};
use super::{copy_of, participant, write, Copy, ThreadRecord};
use crate::domain::accounts::{self, Account};
use crate::domain::{appointments, paging, Context, DomainError};
use crate::store::{keys, Index, Item, Key, Query};

/// The most threads a doctor's list of waiting ones holds.
const MAX_WAITING: usize = 100;

/// The party the caller writes as: patients and doctors only.
fn party_of(caller: &Account) -> Result<Sender, DomainError> {
    Sender::of(caller.role).ok_or(DomainError::Forbidden)
}

/// Starts a thread with its first message.
pub async fn start(
    ctx: &Context,
    caller: &Account,
    input: &NewThread,
) -> Result<Posted, DomainError> {
    let party = party_of(caller)?;
    input.check()?;
    let wanted = match party {
        Sender::Patient => Role::Doctor,
        _ => Role::Patient,
    };
    let other = accounts::get(&ctx.store, &input.with)
        .await?
        .filter(|a| a.role == wanted && a.status == AccountStatus::Active)
        .ok_or(DomainError::Forbidden)?;
    let (patient, doctor) = match party {
        Sender::Patient => (caller, &other),
        _ => (&other, caller),
    };
    // Only a patient and a doctor who have met through a booking may write.
    if ctx
        .store
        .get(&keys::care(&doctor.id, &patient.id))
        .await?
        .is_none()
    {
        return Err(DomainError::Forbidden);
    }
    if let Some(visit) = input.visit {
        let appointment = match appointments::load(&ctx.store, &visit).await {
            Ok(stored) => Some(stored.appointment),
            Err(DomainError::NotFound) => None,
            Err(other) => return Err(other),
        };
        if !appointment.is_some_and(|a| a.patient.id == patient.id && a.doctor.id == doctor.id) {
            return Err(DomainError::field(
                "visit",
                "is not an appointment between this patient and doctor",
            ));
        }
    }
    let now = ctx.now();
    let party_of = |a: &Account| Party {
        id: a.id,
        name: a.name.clone(),
    };
    let thread = ThreadRecord {
        id: ThreadId::from_uuid(Uuid::now_v7()),
        subject: input.subject.trim().to_owned(),
        patient: party_of(patient),
        doctor: party_of(doctor),
        visit: input.visit,
        started_by: party,
        started_at: now,
        last_message_at: now,
        last_sender: party,
        messages: 0,
        patient_read: Vec::new(),
        doctor_read: Vec::new(),
        waiting: None,
        urgent: None,
        noted_until: None,
    };
    let posted = write(ctx, || {
        let base = Base {
            thread: thread.clone(),
            version: None,
        };
        post(ctx, caller, party, base, &input.text, &input.attachments)
    })
    .await?;
    tracing::info!(thread = %posted.thread.id, "thread started");
    Ok(posted)
}

/// Sends a message in a thread (its parties only).
pub async fn send(
    ctx: &Context,
    caller: &Account,
    id: &ThreadId,
    input: &NewMessage,
) -> Result<Posted, DomainError> {
    party_of(caller)?;
    input.check()?;
    write(ctx, move || async move {
        let (loaded, party) = participant(ctx, caller, id).await?;
        let base = Base {
            thread: loaded.thread,
            version: Some(loaded.version),
        };
        post(ctx, caller, party, base, &input.text, &input.attachments).await
    })
    .await
}

fn fresh(copy: Copy, now: jiff::Timestamp) -> Thread {
    let mut thread = copy.thread;
    if let Some(wait) = thread.waiting.as_mut() {
        wait.overdue = wait.due <= now;
    }
    thread
}

/// One page of the caller's threads, the latest activity first.
pub async fn list(
    ctx: &Context,
    caller: &Account,
    page: &PageQuery,
) -> Result<Page<Thread>, DomainError> {
    party_of(caller)?;
    let limit = page.checked_limit()?;
    let query = Query::partition(keys::threads_of(&caller.id))
        .on(Index::Gsi1)
        .backwards();
    let copies: Page<Copy> = paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await?;
    let now = ctx.now();
    Ok(Page {
        items: copies.items.into_iter().map(|c| fresh(c, now)).collect(),
        next_cursor: copies.next_cursor,
    })
}

/// A doctor's threads whose patient waits, the earliest due first.
pub async fn waiting(ctx: &Context, caller: &Account) -> Result<Vec<Thread>, DomainError> {
    if caller.role != Role::Doctor {
        return Err(DomainError::Forbidden);
    }
    let query = Query::partition(keys::waiting_for(&caller.id)).on(Index::Gsi2);
    let items = paging::all_items(&ctx.store, query, MAX_WAITING).await?;
    let now = ctx.now();
    items
        .into_iter()
        .take(MAX_WAITING)
        .map(|item| Ok(fresh(item.into_record()?, now)))
        .collect()
}

/// One thread, as the caller sees it in their list.
pub async fn get(ctx: &Context, caller: &Account, id: &ThreadId) -> Result<Thread, DomainError> {
    let (loaded, _) = participant(ctx, caller, id).await?;
    let unread = copy_of(ctx, &caller.id, id)
        .await?
        .map_or(0, |(copy, _)| copy.thread.unread);
    Ok(loaded.thread.view(unread, ctx.now()))
}

/// Whom the caller may start a thread with: a patient's doctors, a doctor's
/// patients (their care relationships), a page at a time.
pub async fn contacts(
    ctx: &Context,
    caller: &Account,
    page: &PageQuery,
) -> Result<Page<Contact>, DomainError> {
    let party = party_of(caller)?;
    let limit = page.checked_limit()?;
    let (query, field) = match party {
        Sender::Patient => (
            Query::partition(keys::doctors_of(&caller.id)).on(Index::Gsi1),
            "doctor",
        ),
        _ => (Query::partition(keys::patients_of(&caller.id)), "patient"),
    };
    let found: Page<serde_json::Value> =
        paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await?;
    let ids: Vec<UserId> = found
        .items
        .iter()
        .filter_map(|care| care.get(field))
        .filter_map(|id| serde_json::from_value(id.clone()).ok())
        .collect();
    let people: Vec<Key> = ids.iter().map(keys::user).collect();
    let accounts = ctx.store.batch_get(&people).await?;
    let items = accounts
        .into_iter()
        .flatten()
        .filter_map(|item: Item| item.into_record::<Account>().ok())
        .filter(|a| a.status == AccountStatus::Active)
        .map(|a| Contact {
            id: a.id,
            name: a.name,
            role: a.role,
        })
        .collect();
    Ok(Page {
        items,
        next_cursor: found.next_cursor,
    })
}
