//! Lists as the API shows them: one query page, the caller's limit and
//! cursor, each item read as a record.

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
    let page = store.query(query.limit(limit).after(cursor)).await?;
    let items = page
        .items
        .into_iter()
        .map(Item::into_record)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        next_cursor: page.next.map(|c| c.encode()),
    })
}
