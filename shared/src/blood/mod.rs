//! The blood bank: units tracked one by one from donation to transfusion
//! ([`units`]), which unit suits which recipient ([`compat`]), stock by group
//! and component with its thresholds ([`stock`]), doctors' requests
//! ([`requests`]), and donors with the intervals between their donations
//! ([`donors`]).

pub mod compat;
pub mod donors;
pub mod requests;
pub mod stock;
pub mod units;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An ABO group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Abo {
    /// Group O: neither A nor B antigen.
    O,
    /// Group A.
    A,
    /// Group B.
    B,
    /// Group AB: both antigens.
    Ab,
}

impl Abo {
    /// Every ABO group.
    pub const ALL: [Abo; 4] = [Abo::O, Abo::A, Abo::B, Abo::Ab];

    /// Its name: `O`, `A`, `B`, `AB`.
    pub fn as_str(self) -> &'static str {
        match self {
            Abo::O => "O",
            Abo::A => "A",
            Abo::B => "B",
            Abo::Ab => "AB",
        }
    }
}

/// A blood group: ABO and RhD, written `O-`, `AB+` and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BloodGroup {
    /// The ABO group.
    pub abo: Abo,
    /// RhD positive.
    pub rh_positive: bool,
}

impl BloodGroup {
    /// The eight groups, in the order lists show them.
    pub const ALL: [BloodGroup; 8] = [
        BloodGroup::new(Abo::O, false),
        BloodGroup::new(Abo::O, true),
        BloodGroup::new(Abo::A, false),
        BloodGroup::new(Abo::A, true),
        BloodGroup::new(Abo::B, false),
        BloodGroup::new(Abo::B, true),
        BloodGroup::new(Abo::Ab, false),
        BloodGroup::new(Abo::Ab, true),
    ];

    /// The group `abo` with RhD positive or negative.
    pub const fn new(abo: Abo, rh_positive: bool) -> Self {
        Self { abo, rh_positive }
    }

    /// Its name in keys and JSON, e.g. `AB+`.
    pub fn code(self) -> String {
        format!(
            "{}{}",
            self.abo.as_str(),
            if self.rh_positive { '+' } else { '-' }
        )
    }

    /// Its name for people, e.g. `AB RhD negative` is written `AB−`.
    pub fn label(self) -> String {
        format!(
            "{}{}",
            self.abo.as_str(),
            if self.rh_positive { '+' } else { '−' }
        )
    }
}

impl fmt::Display for BloodGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl FromStr for BloodGroup {
    type Err = &'static str;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        BloodGroup::ALL
            .into_iter()
            .find(|group| group.code() == text)
            .ok_or("must be one of O-, O+, A-, A+, B-, B+, AB-, AB+")
    }
}

impl Serialize for BloodGroup {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for BloodGroup {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for BloodGroup {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(BloodGroup::ALL.iter().map(|g| g.code())))
            .description(Some("ABO group and RhD, e.g. `O-` or `AB+`."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for BloodGroup {}

/// What a unit holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// Whole blood.
    WholeBlood,
    /// Red cells (in additive solution).
    RedCells,
    /// Platelets.
    Platelets,
    /// Fresh frozen plasma.
    Plasma,
}

impl Component {
    /// Every component, in the order lists show them.
    pub const ALL: [Component; 4] = [
        Component::RedCells,
        Component::Platelets,
        Component::Plasma,
        Component::WholeBlood,
    ];

    /// Its name in keys and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Component::WholeBlood => "whole_blood",
            Component::RedCells => "red_cells",
            Component::Platelets => "platelets",
            Component::Plasma => "plasma",
        }
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Component::WholeBlood => "Whole blood",
            Component::RedCells => "Red cells",
            Component::Platelets => "Platelets",
            Component::Plasma => "Plasma",
        }
    }

    /// Whether it is issued only after a crossmatch or antibody screen: what
    /// carries red cells.
    pub fn needs_crossmatch(self) -> bool {
        matches!(self, Component::WholeBlood | Component::RedCells)
    }
}

impl FromStr for Component {
    type Err = &'static str;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Component::ALL
            .into_iter()
            .find(|c| c.as_str() == text)
            .ok_or("must be one of whole_blood, red_cells, platelets, plasma")
    }
}

/// The longest donation number: ISBT 128's is 13 characters, local schemes
/// add a prefix.
pub const MAX_DONATION_NUMBER_CHARS: usize = 20;
/// The longest reason or note.
pub const MAX_NOTE_CHARS: usize = 300;
/// The most units one request asks for.
pub const MAX_REQUEST_UNITS: u8 = 20;

/// Checks a donation number: 5 to 20 capital letters, digits and hyphens.
pub fn donation_number(number: &str) -> Result<(), crate::ValidationError> {
    let fits = (5..=MAX_DONATION_NUMBER_CHARS).contains(&number.chars().count())
        && number
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    if fits {
        Ok(())
    } else {
        Err(crate::ValidationError::new(
            "must be 5 to 20 capital letters, digits or hyphens",
        ))
    }
}

/// Checks a required or optional free-text note.
pub(crate) fn note(
    errors: &mut crate::FieldErrors,
    field: &str,
    value: Option<&str>,
    required: bool,
) {
    match value {
        Some(text) if crate::rules::chars_within(errors, field, text, MAX_NOTE_CHARS) => {
            if required && text.trim().is_empty() {
                errors.add(field, crate::ValidationError::new("is required"));
            } else if text.chars().any(char::is_control) {
                errors.add(
                    field,
                    crate::ValidationError::new("must not contain control characters"),
                );
            }
        }
        Some(_) => {}
        None if required => errors.add(field, crate::ValidationError::new("is required")),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_read_back_from_their_codes_and_nothing_else_reads() {
        for group in BloodGroup::ALL {
            assert_eq!(group.code().parse::<BloodGroup>(), Ok(group));
            let json = serde_json::to_string(&group).unwrap();
            assert_eq!(serde_json::from_str::<BloodGroup>(&json).unwrap(), group);
        }
        for bad in ["", "o-", "AB", "C+", "A+ ", "AB−"] {
            assert!(bad.parse::<BloodGroup>().is_err(), "{bad}");
        }
    }

    #[test]
    fn donation_numbers_are_checked() {
        assert!(donation_number("W1234-26-000123").is_ok());
        for bad in ["", "W12", "w12345", "W1234 5", "W123456789012345678901"] {
            assert!(donation_number(bad).is_err(), "{bad}");
        }
    }
}
