//! A person's in-app inbox: newest first, unread ones also listed in GSI1 so
//! that the unread count costs what it counts.

use medtrack_shared::notification::{Notification, UnreadCount};
use medtrack_shared::{NotificationId, Page, UserId};

use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, StoreError};

/// The inbox item of a notification: unread ones are in the unread index.
pub fn item(user: &UserId, notification: &Notification) -> Result<Item, StoreError> {
    let item = Item::from_record(keys::notification(user, &notification.id), notification)?;
    Ok(match notification.read_at {
        None => item.with_gsi1(keys::unread(user, &notification.id)),
        Some(_) => item,
    })
}

/// One page of the inbox, newest first.
pub async fn list(
    ctx: &Context,
    user: &UserId,
    unread_only: bool,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<Notification>, DomainError> {
    let query = if unread_only {
        Query::partition(keys::unread_of(user)).on(Index::Gsi1)
    } else {
        Query::partition(keys::inbox(user))
    };
    paging::page(&ctx.store, query.backwards(), limit, cursor).await
}

/// How many unread notifications, up to [`UnreadCount::MAX`].
pub async fn unread_count(ctx: &Context, user: &UserId) -> Result<UnreadCount, DomainError> {
    let max = usize::try_from(UnreadCount::MAX).unwrap_or(99);
    let page = ctx
        .store
        .query(
            Query::partition(keys::unread_of(user))
                .on(Index::Gsi1)
                .limit(max),
        )
        .await?;
    Ok(UnreadCount {
        unread: u32::try_from(page.items.len()).unwrap_or(UnreadCount::MAX),
        more: page.next.is_some(),
    })
}

/// Marks one notification read (again is fine).
pub async fn mark_read(
    ctx: &Context,
    user: &UserId,
    id: &NotificationId,
) -> Result<Notification, DomainError> {
    loop {
        let stored = ctx
            .store
            .get(&keys::notification(user, id))
            .await?
            .ok_or(DomainError::NotFound)?;
        let mut notification: Notification = stored.record()?;
        if notification.read_at.is_some() {
            return Ok(notification);
        }
        notification.read_at = Some(ctx.now());
        match ctx
            .put(
                item(user, &notification)?,
                Condition::Version(stored.version),
            )
            .await
        {
            Ok(_) => return Ok(notification),
            // Marked meanwhile (another tab): read it again.
            Err(StoreError::ConditionFailed { .. }) => continue,
            Err(other) => return Err(other.into()),
        }
    }
}

/// Marks every unread notification read; returns how many.
pub async fn mark_all_read(ctx: &Context, user: &UserId) -> Result<u32, DomainError> {
    let mut marked = 0;
    let mut cursor = None;
    // One walk through the unread index: on DynamoDB the index may still list
    // an item just marked, so starting over could go round in circles.
    loop {
        let page = ctx
            .store
            .query(
                Query::partition(keys::unread_of(user))
                    .on(Index::Gsi1)
                    .after(cursor),
            )
            .await?;
        for item in page.items {
            let notification: Notification = item.into_record()?;
            mark_read(ctx, user, &notification.id).await?;
            marked += 1;
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => return Ok(marked),
        }
    }
}
