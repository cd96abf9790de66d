//! Reference data: the catalogue of specializations.

use medtrack_shared::{Page, Specialization};

use super::{encode, get_json, ApiError};

/// One page of the catalogue of specializations.
pub async fn specializations(cursor: Option<&str>) -> Result<Page<Specialization>, ApiError> {
    let path = match cursor {
        Some(cursor) => format!("/specializations?limit=100&cursor={}", encode(cursor)),
        None => "/specializations?limit=100".to_owned(),
    };
    get_json(&path, None).await
}
