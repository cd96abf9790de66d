//! A doctor's request for blood for a patient: the patient's confirmed
//! typing, units reserved first-expiring-first, a crossmatch for what
//! carries red cells, then the issue.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::compat::{Exception, Verdict};
use super::units::Unit;
use super::{BloodGroup, Component, MAX_REQUEST_UNITS};
use crate::appointment::Party;
use crate::ids::{BloodRequestId, UnitId, UserId};
use crate::validation::{FieldErrors, ValidationError};

/// How soon the blood is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Planned (surgery, a transfusion clinic).
    Routine,
    /// Within hours.
    Urgent,
    /// Now: the exceptions of [`Exception`] may be used, with a reason.
    Emergency,
}

/// Where a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Waiting for units (some may be reserved).
    Open,
    /// Every unit asked for is reserved.
    Reserved,
    /// Its units were issued.
    Issued,
    /// Withdrawn; its reserved units went back to stock.
    Cancelled,
}

impl RequestState {
    /// Every state.
    pub const ALL: [RequestState; 4] = [
        RequestState::Open,
        RequestState::Reserved,
        RequestState::Issued,
        RequestState::Cancelled,
    ];

    /// Its name in keys.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Open => "open",
            RequestState::Reserved => "reserved",
            RequestState::Issued => "issued",
            RequestState::Cancelled => "cancelled",
        }
    }

    /// Whether units may still be reserved, tested or issued for it.
    pub fn is_live(self) -> bool {
        matches!(self, RequestState::Open | RequestState::Reserved)
    }
}

/// A confirmed blood typing of a patient: the only source of a recipient's
/// group (never the patient's own statement).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Typing {
    /// The group found.
    pub group: BloodGroup,
    /// The day of the test.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub tested_on: Date,
    /// Who recorded it (a doctor or an admin).
    pub recorded_by: Party,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub recorded_at: Timestamp,
}

/// A patient's confirmed typing, if there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TypingAnswer {
    /// The current confirmed typing.
    pub typing: Option<Typing>,
}

/// `PUT /api/v1/patients/{id}/blood-typing`: a confirmed typing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"group": "A+", "tested_on": "2026-11-02"})))]
pub struct NewTyping {
    /// The group found.
    pub group: BloodGroup,
    /// The day of the test (not in the future).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub tested_on: Date,
}

impl NewTyping {
    /// The day: from 1900, not after `today`.
    pub fn check(&self, today: Date) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        crate::rules::check_date(&mut errors, "tested_on", Some(self.tested_on));
        if self.tested_on > today {
            errors.add(
                "tested_on",
                ValidationError::new("must not be in the future"),
            );
        }
        errors.into_result(())
    }
}

/// How compatibility was checked for red cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CrossmatchMethod {
    /// A serological or electronic crossmatch.
    Crossmatch,
    /// An antibody screen (negative allows an electronic issue).
    AntibodyScreen,
}

/// A crossmatch or antibody screen recorded for a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Crossmatch {
    /// How.
    pub method: CrossmatchMethod,
    /// Compatible (or the screen negative).
    pub compatible: bool,
    /// The units it covered: those held for the request when it was
    /// recorded. Units reserved later need a result of their own.
    #[serde(default)]
    pub units: Vec<UnitId>,
    /// Who recorded it.
    pub by: Party,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

/// `POST /api/v1/blood/requests/{id}/crossmatch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"method": "crossmatch", "compatible": true})))]
pub struct CrossmatchInput {
    /// How.
    pub method: CrossmatchMethod,
    /// Compatible (or the screen negative).
    pub compatible: bool,
    /// The units tested, each held for the request (all held when absent).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub units: Option<Vec<UnitId>>,
}

impl CrossmatchInput {
    /// Units, when named: 1 to 20, each once.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Some(units) = &self.units {
            let mut seen = units.clone();
            seen.sort_by_key(|u| u.to_string());
            seen.dedup();
            if units.is_empty() || units.len() > usize::from(MAX_REQUEST_UNITS) {
                errors.add("units", ValidationError::new("must name 1 to 20 units"));
            } else if seen.len() != units.len() {
                errors.add("units", ValidationError::new("names a unit twice"));
            }
        }
        errors.into_result(())
    }
}

/// An exception taken for a unit, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TakenException {
    /// The unit.
    pub unit: UnitId,
    /// Which exception.
    pub exception: Exception,
    /// The reason given.
    pub reason: String,
    /// Who gave it.
    pub by: Party,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

/// A request for blood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BloodRequest {
    /// Id.
    pub id: BloodRequestId,
    /// The recipient.
    pub patient: Party,
    /// The requesting doctor.
    pub doctor: Party,
    /// What is needed.
    pub component: Component,
    /// How many units.
    pub units: u8,
    /// How soon.
    pub urgency: Urgency,
    /// The clinical indication, for the blood bank.
    pub indication: String,
    /// Where it is.
    pub state: RequestState,
    /// Units held for it.
    pub reserved: Vec<UnitId>,
    /// Units given out for it.
    pub issued: Vec<UnitId>,
    /// When the held units go back to stock unless issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub hold_until: Option<Timestamp>,
    /// The crossmatches and antibody screens recorded, oldest first (the
    /// last few).
    #[serde(default)]
    pub crossmatches: Vec<Crossmatch>,
    /// Exceptions taken for the units held or issued, with their reasons.
    #[serde(default)]
    pub exceptions: Vec<TakenException>,
    /// Units a crossmatch found incompatible with the patient: never
    /// offered for this request again.
    #[serde(default)]
    pub refused: Vec<UnitId>,
    /// When it was made.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// Its last change.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
}

impl BloodRequest {
    /// Drops the exceptions of units that are neither held nor issued for
    /// it any more (they went back to stock), so the list is never longer
    /// than the units it is about.
    pub fn forget_released(&mut self) {
        let (reserved, issued) = (&self.reserved, &self.issued);
        self.exceptions
            .retain(|t| reserved.contains(&t.unit) || issued.contains(&t.unit));
    }

    /// Whether the last result that covered `unit` found it compatible and
    /// was recorded after the typing recorded at `typed_at` (a new typing
    /// asks for a new crossmatch).
    pub fn crossmatched(&self, unit: &UnitId, typed_at: Option<Timestamp>) -> bool {
        let last = self
            .crossmatches
            .iter()
            .rev()
            .find(|c| c.units.contains(unit));
        last.is_some_and(|found| found.compatible && typed_at.is_none_or(|typed| found.at >= typed))
    }
}

/// A unit offered for a request, with what issuing it would need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    /// The unit.
    pub unit: Unit,
    /// How it suits the recipient.
    pub verdict: Verdict,
}

/// A request with the recipient's typing and the units on offer
/// (preferred first, then first-expiring first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestDetail {
    /// The request.
    pub request: BloodRequest,
    /// The recipient's confirmed typing, if any.
    pub typing: Option<Typing>,
    /// The units held for or issued to it.
    pub units: Vec<Unit>,
    /// Available units that could be reserved (while the request is live).
    pub proposals: Vec<Proposal>,
}

/// `POST /api/v1/blood/requests`: a doctor asks for units for a patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "patient": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "component": "red_cells",
    "units": 2, "urgency": "urgent", "indication": "Haemoglobin 68 g/L, symptomatic"
})))]
pub struct NewRequest {
    /// The recipient.
    pub patient: UserId,
    /// What is needed.
    pub component: Component,
    /// How many units (1 to 20).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 20))]
    pub units: u8,
    /// How soon.
    pub urgency: Urgency,
    /// The clinical indication.
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub indication: String,
}

impl NewRequest {
    /// The count and the indication.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.units == 0 || self.units > MAX_REQUEST_UNITS {
            errors.add("units", ValidationError::new("must be from 1 to 20"));
        }
        super::note(&mut errors, "indication", Some(&self.indication), true);
        errors.into_result(())
    }
}

/// `POST /api/v1/blood/requests/{id}/reserve`: units held for the request,
/// the ones named or else the first proposals; `reason` for exceptions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({})))]
pub struct Reserve {
    /// The units; the first proposals when absent.
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub units: Option<Vec<UnitId>>,
    /// Why an exception is taken (required when one is).
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub reason: Option<String>,
}

impl Reserve {
    /// The count and the reason's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Some(units) = &self.units {
            crate::rules::items_within(&mut errors, "units", units.len(), MAX_REQUEST_UNITS.into());
            if units.is_empty() {
                errors.add("units", ValidationError::new("must name a unit"));
            }
        }
        super::note(&mut errors, "reason", self.reason.as_deref(), false);
        errors.into_result(())
    }
}

/// `POST /api/v1/blood/requests/{id}/issue`: the reserved units given out;
/// `reason` for exceptions (an emergency before the crossmatch, say).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({})))]
pub struct Issue {
    /// Why an exception is taken (required when one is).
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub reason: Option<String>,
}

impl Issue {
    /// The reason's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        super::note(&mut errors, "reason", self.reason.as_deref(), false);
        errors.into_result(())
    }
}

/// `?state=&limit=&cursor=` of the request lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RequestQuery {
    /// Admins: only requests in this state (`open` when absent). Doctors
    /// see all of theirs.
    #[serde(default)]
    pub state: Option<RequestState>,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

impl RequestQuery {
    /// The state and the page.
    pub fn parts(&self) -> (Option<RequestState>, crate::PageQuery) {
        let page = crate::PageQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
        };
        (self.state, page)
    }
}
