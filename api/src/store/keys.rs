//! The key design: how each kind of record is laid out in the single table.
//! Every partition and sort key of the application is spelled here, so that
//! the access patterns can be read in one place.
//!
//! | record          | pk                  | sk                 | GSI1 | GSI2 |
//! |-----------------|---------------------|--------------------|------|------|
//! | specialization  | `CATALOG#SPEC`      | `SPEC#<slug>`      | -    | -    |

use medtrack_shared::SpecializationSlug;

use super::Key;

/// The partition holding the whole catalogue of specializations (tens of items).
pub const SPECIALIZATIONS_PK: &str = "CATALOG#SPEC";

/// The key of one specialization.
pub fn specialization(slug: &SpecializationSlug) -> Key {
    Key::new(SPECIALIZATIONS_PK, format!("SPEC#{slug}"))
}
