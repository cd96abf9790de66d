//! Which unit suits which recipient: the one table the proposals, the
//! reservations and the issue all ask.
//!
//! - Whole blood: ABO-identical.
//! - Red cells: the unit's ABO antigens must be the recipient's (O to all,
//!   AB receives all).
//! - Plasma: the reverse, the unit's antibodies must not meet the
//!   recipient's antigens (AB to all, O receives all).
//! - Platelets: ABO as plasma by preference; other ABO groups suit, ranked
//!   after.
//! - RhD: an RhD-negative recipient gets RhD-negative whole blood, red cells
//!   and platelets. RhD-positive platelets only with a recorded reason (the
//!   recipient may form anti-D: consider anti-D immunoglobulin); RhD-positive
//!   red cells only in an emergency, with a recorded reason.
//! - No confirmed typing: only in an emergency, only the universal units
//!   (group O RhD-negative red cells, group AB plasma, group AB
//!   RhD-negative platelets), with a recorded reason.

use serde::{Deserialize, Serialize};

use super::{Abo, BloodGroup, Component};

/// Why a unit that is not simply suitable may still be issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Exception {
    /// Emergency issue before the recipient's group is confirmed: universal
    /// units only.
    Untyped,
    /// RhD-positive units for an RhD-negative recipient (anti-D may form).
    RhPositive,
    /// Emergency issue of red cells or whole blood before a crossmatch.
    NoCrossmatch,
}

impl Exception {
    /// What it means, for the person who records the reason.
    pub fn label(self) -> &'static str {
        match self {
            Exception::Untyped => "Emergency issue before the patient's group is confirmed",
            Exception::RhPositive => {
                "RhD-positive unit for an RhD-negative patient: anti-D may form; consider anti-D immunoglobulin"
            }
            Exception::NoCrossmatch => "Emergency issue before a crossmatch",
        }
    }
}

/// Whether a unit suits a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// It suits; `preferred` units are offered first.
    Suitable {
        /// ABO as the component's first choice (platelets: as plasma).
        preferred: bool,
    },
    /// Only with a recorded reason.
    WithReason {
        /// What the reason is for.
        exception: Exception,
    },
    /// Never.
    Unsuitable,
}

impl Verdict {
    /// Whether it may be issued at all (with or without a reason).
    pub fn allowed(self) -> bool {
        !matches!(self, Verdict::Unsuitable)
    }
}

/// The antigens of an ABO group: (A, B).
fn antigens(abo: Abo) -> (bool, bool) {
    match abo {
        Abo::O => (false, false),
        Abo::A => (true, false),
        Abo::B => (false, true),
        Abo::Ab => (true, true),
    }
}

/// Red cells of `unit` in a recipient of `recipient`: every antigen of the
/// unit's cells must be the recipient's own.
pub fn red_cells_abo(unit: Abo, recipient: Abo) -> bool {
    let (ua, ub) = antigens(unit);
    let (ra, rb) = antigens(recipient);
    (!ua || ra) && (!ub || rb)
}

/// Plasma of `unit` in a recipient of `recipient`: the unit's antibodies
/// (against the antigens it lacks) must not meet the recipient's antigens.
pub fn plasma_abo(unit: Abo, recipient: Abo) -> bool {
    red_cells_abo(recipient, unit)
}

/// Whether `unit` of `component` suits a recipient of `recipient` (none
/// when no typing is confirmed), in an `emergency` or not.
pub fn verdict(
    component: Component,
    unit: BloodGroup,
    recipient: Option<BloodGroup>,
    emergency: bool,
) -> Verdict {
    let Some(recipient) = recipient else {
        let universal = match component {
            // Whole blood carries the donor's antibodies: never before typing.
            Component::WholeBlood => false,
            Component::RedCells => unit == BloodGroup::new(Abo::O, false),
            Component::Plasma => unit.abo == Abo::Ab,
            Component::Platelets => unit == BloodGroup::new(Abo::Ab, false),
        };
        return if emergency && universal {
            Verdict::WithReason {
                exception: Exception::Untyped,
            }
        } else {
            Verdict::Unsuitable
        };
    };
    let (abo_ok, preferred) = match component {
        Component::WholeBlood => (unit.abo == recipient.abo, true),
        Component::RedCells => (red_cells_abo(unit.abo, recipient.abo), true),
        Component::Plasma => (plasma_abo(unit.abo, recipient.abo), true),
        Component::Platelets => (true, plasma_abo(unit.abo, recipient.abo)),
    };
    if !abo_ok {
        return Verdict::Unsuitable;
    }
    let rh_mismatch = unit.rh_positive && !recipient.rh_positive;
    let rh_exception = Verdict::WithReason {
        exception: Exception::RhPositive,
    };
    match component {
        Component::Plasma => Verdict::Suitable { preferred },
        _ if !rh_mismatch => Verdict::Suitable { preferred },
        Component::Platelets => rh_exception,
        _ if emergency => rh_exception,
        _ => Verdict::Unsuitable,
    }
}

#[cfg(test)]
mod tests;
