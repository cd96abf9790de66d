//! A unit from donation to transfusion: quarantined until its tests are
//! recorded, then available, reserved for a request (for a while), issued;
//! or discarded with a reason. Every change is kept as an event.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{BloodGroup, Component};
use crate::appointment::Party;
use crate::ids::{BloodRequestId, UnitId, UserId};
use crate::validation::{FieldErrors, ValidationError};

/// Where a unit is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitState {
    /// Collected, waiting for its test results.
    Quarantined,
    /// In stock.
    Available,
    /// Held for a request until its hold ends.
    Reserved,
    /// Given out for a transfusion.
    Issued,
    /// Out of stock for good (see the reason).
    Discarded,
}

impl UnitState {
    /// Every state, in the order of a unit's life.
    pub const ALL: [UnitState; 5] = [
        UnitState::Quarantined,
        UnitState::Available,
        UnitState::Reserved,
        UnitState::Issued,
        UnitState::Discarded,
    ];

    /// Its name in keys.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitState::Quarantined => "quarantined",
            UnitState::Available => "available",
            UnitState::Reserved => "reserved",
            UnitState::Issued => "issued",
            UnitState::Discarded => "discarded",
        }
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            UnitState::Quarantined => "Quarantined",
            UnitState::Available => "Available",
            UnitState::Reserved => "Reserved",
            UnitState::Issued => "Issued",
            UnitState::Discarded => "Discarded",
        }
    }
}

/// Why a unit was discarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiscardReason {
    /// Past its expiry (the scheduler does this).
    Expired,
    /// A screening test failed.
    FailedTest,
    /// The bag or its contents are damaged.
    Damaged,
    /// Anything else, told in the note.
    Other,
}

impl DiscardReason {
    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            DiscardReason::Expired => "Expired",
            DiscardReason::FailedTest => "Failed test",
            DiscardReason::Damaged => "Damaged",
            DiscardReason::Other => "Other",
        }
    }
}

/// A unit of blood or of a component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    /// Id.
    pub id: UnitId,
    /// The donation number on its label (unique with the division).
    pub donation_number: String,
    /// 1, or 2 for the second unit of a double red cell donation.
    pub division: u8,
    /// What it holds.
    pub component: Component,
    /// Its ABO group and RhD.
    pub group: BloodGroup,
    /// Millilitres.
    pub volume_ml: u16,
    /// When it was collected.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub collected_at: Timestamp,
    /// When it expires: collection plus the component's shelf life.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
    /// Where it is in its life.
    pub state: UnitState,
    /// Why it was discarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discarded: Option<DiscardReason>,
    /// The request it is reserved for or was issued to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<BloodRequestId>,
    /// When its reservation ends unless it is issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub hold_until: Option<Timestamp>,
    /// The donor, when they are registered here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub donor: Option<UserId>,
    /// Its last change.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
}

/// One change of a unit, as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitEvent {
    /// The unit.
    pub unit: UnitId,
    /// Its donation number.
    pub donation_number: String,
    /// Its component.
    pub component: Component,
    /// Its group.
    pub group: BloodGroup,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Its state before (none when it was collected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<UnitState>,
    /// Its state after.
    pub to: UnitState,
    /// Why it was discarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discarded: Option<DiscardReason>,
    /// The request concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<BloodRequestId>,
    /// Who made the change; none when the scheduler did (expiry, a hold's end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Party>,
    /// A note or a recorded reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A unit with its kept changes, newest last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitDetail {
    /// The unit.
    pub unit: Unit,
    /// Its changes.
    pub history: Vec<UnitEvent>,
}

/// `POST /api/v1/blood/units/{id}/tests`: the screening tests' result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"passed": true})))]
pub struct TestResult {
    /// All screening tests negative: the unit is released to stock.
    pub passed: bool,
    /// A note (which test failed, for example).
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub note: Option<String>,
}

impl TestResult {
    /// The note's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        super::note(&mut errors, "note", self.note.as_deref(), false);
        errors.into_result(())
    }
}

/// `POST /api/v1/blood/units/{id}/discard`: a unit taken out of stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "damaged", "note": "Bag leaking at the port"})))]
pub struct Discard {
    /// Why (not `expired`: the scheduler does that).
    pub reason: DiscardReason,
    /// What happened; required for `other`.
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub note: Option<String>,
}

impl Discard {
    /// The reason and its note.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.reason == DiscardReason::Expired {
            errors.add(
                "reason",
                ValidationError::new("expired units are discarded by the scheduler"),
            );
        }
        let required = self.reason == DiscardReason::Other;
        super::note(&mut errors, "note", self.note.as_deref(), required);
        errors.into_result(())
    }
}

/// `?state=&limit=&cursor=` of the units list: one state, first-expiring
/// first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UnitQuery {
    /// The state (`available` when absent).
    #[serde(default)]
    pub state: Option<UnitState>,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

impl UnitQuery {
    /// The state and the page.
    pub fn parts(&self) -> (UnitState, crate::PageQuery) {
        let page = crate::PageQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
        };
        (self.state.unwrap_or(UnitState::Available), page)
    }
}
