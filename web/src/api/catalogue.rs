//! Reference data: the catalogue of specializations (no sign-in needed).

use medtrack_shared::{Page, Specialization};

use super::{paged, public_get, ApiError};

/// One page of the catalogue of specializations.
pub async fn specializations(cursor: Option<&str>) -> Result<Page<Specialization>, ApiError> {
    public_get(&paged("/specializations", 100, cursor)).await
}
