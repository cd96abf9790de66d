//! Lists as the API shows them: one query page, the caller's limit and
//! cursor, each item read as a record; and whole bounded lists for the
//! domain's own use.

use medtrack_shared::Page;
use serde::de::DeserializeOwned;

use super::DomainError;
use crate::store::{Cursor, Item, Query, Store};

/// One page of `query`, resumed at the caller's opaque `cursor`.
pub async fn page<T: DeserializeOwned>(
    store: &Store,
    query: Query,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<T>, DomainError> {
    let cursor = cursor.map(Cursor::decode).transpose()?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let (items, next) = store
        .query_records(query.limit(limit).after(cursor))
        .await?;
    Ok(Page {
        items,
        next_cursor: next.map(|c| c.encode()),
    })
}

/// Every item of `query` in its order, page after page, stopping after `max`
/// (the caller's bound on what one answer may hold).
pub async fn all_items(store: &Store, query: Query, max: usize) -> Result<Vec<Item>, DomainError> {
    let mut items = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.query(query.clone().after(cursor)).await?;
        items.extend(page.items);
        match page.next {
            Some(next) if items.len() < max => cursor = Some(next),
            _ => return Ok(items),
        }
    }
}
