//! Cursor pagination, used by every list of the API.

use serde::{Deserialize, Serialize};

use crate::validation::{FieldErrors, ValidationError};

/// Items per page when the caller does not say.
pub const DEFAULT_PAGE_LIMIT: u32 = 25;
/// The largest page a caller may ask for.
pub const MAX_PAGE_LIMIT: u32 = 100;
/// The longest cursor accepted; cursors are opaque and made by the server.
pub const MAX_CURSOR_LEN: usize = 2048;

/// One page of a list and the cursor of the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items of this page, in the list's order.
    pub items: Vec<T>,
    /// Opaque cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Query parameters of a list: `?limit=25&cursor=...`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageQuery {
    /// Items per page, 1 to 100 (default 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    #[cfg_attr(feature = "openapi", schema(max_length = 1024))]
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The page size to use, after checking the caller's bounds.
    pub fn checked_limit(&self) -> Result<u32, FieldErrors> {
        let limit = self.limit.unwrap_or(DEFAULT_PAGE_LIMIT);
        let mut errors = FieldErrors::default();
        if !(1..=MAX_PAGE_LIMIT).contains(&limit) {
            errors.add(
                "limit",
                ValidationError::new(format!("must be between 1 and {MAX_PAGE_LIMIT}")),
            );
        }
        if self
            .cursor
            .as_ref()
            .is_some_and(|c| c.len() > MAX_CURSOR_LEN)
        {
            errors.add("cursor", ValidationError::new("is not a valid cursor"));
        }
        errors.into_result(limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_defaults_and_bounds() {
        assert_eq!(PageQuery::default().checked_limit(), Ok(DEFAULT_PAGE_LIMIT));
        let q = |limit| PageQuery {
            limit: Some(limit),
            cursor: None,
        };
        assert_eq!(q(1).checked_limit(), Ok(1));
        assert_eq!(q(MAX_PAGE_LIMIT).checked_limit(), Ok(MAX_PAGE_LIMIT));
        assert!(q(0).checked_limit().is_err());
        assert!(q(MAX_PAGE_LIMIT + 1).checked_limit().is_err());
    }

    #[test]
    fn overlong_cursor_is_rejected() {
        let q = PageQuery {
            limit: None,
            cursor: Some("x".repeat(MAX_CURSOR_LEN + 1)),
        };
        let errors = q.checked_limit().unwrap_err();
        assert!(errors.get("cursor").is_some());
    }
}
