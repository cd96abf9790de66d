//! The body of every error response of the API.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The JSON body of every 4xx and 5xx response:
/// `{"error": {"code": "...", "message": "...", "fields": {...}}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The detail of an error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// A stable, machine-readable code such as `not_found` or `invalid_json`.
    #[cfg_attr(feature = "openapi", schema(example = "validation_failed"))]
    pub code: String,
    /// A sentence for people; it never carries internal causes or patient data.
    #[cfg_attr(feature = "openapi", schema(example = "Some fields are not valid."))]
    pub message: String,
    /// Per-field problems, keyed by field name; empty when the error is not about fields.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

impl ErrorBody {
    /// An error body without field details.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                fields: BTreeMap::new(),
            },
        }
    }
}
