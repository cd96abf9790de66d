//! Opaque query cursors: where a page stopped, the same for both drivers.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use super::{Index, Item, Query, StoreError};

/// The position after the last item of a page. Its text form is opaque to
/// callers; a cursor only resumes the query (index and partition) that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    #[serde(rename = "i")]
    pub(super) index: Index,
    /// The query's partition key (in its index).
    #[serde(rename = "p")]
    pub(super) partition: String,
    /// The last item's sort key in the query's index.
    #[serde(rename = "s")]
    pub(super) sort: String,
    /// The last item's primary key, for secondary indexes (whose keys repeat).
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    pub(super) primary: Option<(String, String)>,
}

impl Cursor {
    /// The cursor that resumes `query` after `item`.
    pub fn after(query: &Query, item: &Item) -> Option<Self> {
        let sort = match query.index {
            Index::Primary => item.key.sk.clone(),
            Index::Gsi1 => item.gsi1.as_ref()?.sk.clone(),
            Index::Gsi2 => item.gsi2.as_ref()?.sk.clone(),
        };
        let primary =
            (query.index != Index::Primary).then(|| (item.key.pk.clone(), item.key.sk.clone()));
        Some(Self {
            index: query.index,
            partition: query.pk.clone(),
            sort,
            primary,
        })
    }

    /// Reads a cursor from its text form.
    pub fn decode(text: &str) -> Result<Self, StoreError> {
        if text.len() > medtrack_shared::rules::MAX_CURSOR_CHARS {
            return Err(StoreError::InvalidCursor);
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| StoreError::InvalidCursor)?;
        let cursor: Self = serde_json::from_slice(&bytes).map_err(|_| StoreError::InvalidCursor)?;
        let complete = !cursor.partition.is_empty()
            && !cursor.sort.is_empty()
            && (cursor.index == Index::Primary) == cursor.primary.is_none();
        if complete {
            Ok(cursor)
        } else {
            Err(StoreError::InvalidCursor)
        }
    }

    /// The text form, safe in a URL.
    pub fn encode(&self) -> String {
        // Serializing plain strings and an enum cannot fail.
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// A cursor resumes only the index and partition that made it.
    pub(super) fn check_fits(&self, query: &Query) -> Result<(), StoreError> {
        if self.index == query.index && self.partition == query.pk {
            Ok(())
        } else {
            Err(StoreError::InvalidCursor)
        }
    }
}
