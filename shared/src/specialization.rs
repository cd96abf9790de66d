//! The catalogue of medical specializations.

use serde::{Deserialize, Serialize};

use crate::validation::ValidationError;

/// The longest slug accepted.
pub const MAX_SLUG_LEN: usize = 64;

/// The identifier of a specialization: lowercase ASCII letters and digits in
/// words joined by single hyphens, e.g. `internal-medicine`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "cardiology"))]
#[serde(try_from = "String", into = "String")]
pub struct SpecializationSlug(String);

impl SpecializationSlug {
    /// Checks `value` against the slug rule.
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let well_formed = !value.is_empty()
            && value.len() <= MAX_SLUG_LEN
            && value.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if well_formed {
            Ok(Self(value.to_owned()))
        } else {
            Err(ValidationError::new(
                "must be lowercase letters and digits in words joined by single hyphens",
            ))
        }
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SpecializationSlug {
    type Error = ValidationError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<SpecializationSlug> for String {
    fn from(slug: SpecializationSlug) -> Self {
        slug.0
    }
}

impl std::fmt::Display for SpecializationSlug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A medical specialization that doctors practise and patients search by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Specialization {
    /// Stable identifier.
    pub slug: SpecializationSlug,
    /// Display name.
    #[cfg_attr(feature = "openapi", schema(example = "Cardiology"))]
    pub name: String,
    /// One sentence on what the specialization treats.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Heart and blood vessel conditions.")
    )]
    pub description: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for good in ["cardiology", "internal-medicine", "ent2", "a-b-c"] {
            assert!(SpecializationSlug::parse(good).is_ok(), "{good}");
        }
        let too_long = "a".repeat(MAX_SLUG_LEN + 1);
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "Cardiology",
            "a b",
            "é",
            too_long.as_str(),
        ] {
            assert!(SpecializationSlug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn deserializing_checks_the_rule() {
        assert!(serde_json::from_str::<SpecializationSlug>("\"Bad Slug\"").is_err());
        let slug: SpecializationSlug = serde_json::from_str("\"neurology\"").unwrap();
        assert_eq!(slug.as_str(), "neurology");
    }
}
