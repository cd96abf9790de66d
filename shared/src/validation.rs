//! Validation results, shared by the forms of the web client and the API.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Why one value is not acceptable, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationError(String);

impl ValidationError {
    /// A validation error with this message, e.g. "must not be empty".
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ValidationError {}

/// Validation errors of a whole request, keyed by field name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// Records an error for `field`; the first error of a field is kept.
    pub fn add(&mut self, field: &str, error: ValidationError) {
        self.0.entry(field.to_owned()).or_insert(error.0);
    }

    /// The error recorded for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// True when no field has an error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when no field has an error, the errors otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// The errors as a map from field name to message.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.0
    }
}
