//! Time zones from the tz database, parsed once. A zone a person sends is
//! checked where it arrives (a 422 naming their field); a zone read from
//! the store was checked when it was written, so one the database does not
//! know is a fault of the stored data: an internal error, logged, never a
//! 422 about a field the caller did not send, and never a silent UTC.

use jiff::tz::TimeZone;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::DomainError;

/// A time zone the server's tz database knows, with its IANA name.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone(TimeZone);

impl Zone {
    /// Coordinated Universal Time.
    pub fn utc() -> Self {
        Self(TimeZone::UTC)
    }

    fn lookup(name: &str) -> Option<Self> {
        jiff::tz::db().get(name).ok().map(Self)
    }

    /// A zone a person sent in `field`: a validation error naming the field
    /// when the database does not know it.
    pub fn parse_input(name: &str, field: &str) -> Result<Self, DomainError> {
        Self::lookup(name.trim())
            .ok_or_else(|| DomainError::field(field, "is not a known time zone"))
    }

    /// A zone read from stored data.
    pub fn stored(name: &str) -> Result<Self, DomainError> {
        Self::lookup(name)
            .ok_or_else(|| DomainError::Internal("a stored time zone is unknown".into()))
    }

    /// Its IANA name, e.g. `Europe/Paris`.
    pub fn name(&self) -> &str {
        self.0.iana_name().unwrap_or("UTC")
    }

    /// The zone's rules.
    pub fn tz(&self) -> &TimeZone {
        &self.0
    }
}

impl Default for Zone {
    fn default() -> Self {
        Self::utc()
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::lookup(&name).ok_or_else(|| serde::de::Error::custom("unknown time zone"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_keeps_its_name() {
        let zone = Zone::parse_input("Europe/Paris", "time_zone").ok();
        assert_eq!(zone.as_ref().map(Zone::name), Some("Europe/Paris"));
    }

    #[test]
    fn an_unknown_stored_zone_is_not_the_callers_fault() {
        assert!(matches!(
            Zone::stored("Mars/Olympus"),
            Err(DomainError::Internal(_))
        ));
        assert!(matches!(
            Zone::parse_input("Mars/Olympus", "time_zone"),
            Err(DomainError::Invalid(_))
        ));
    }
}
