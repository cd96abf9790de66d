//! Donors: registration (their group confirmed by an admin after a test),
//! donations, when they may give again, and the bank's calls to them.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use super::{BloodGroup, Component};
use crate::appointment::Party;
use crate::ids::{DonorCallId, UnitId, UserId};
use crate::validation::{FieldErrors, ValidationError};

/// What a donor gives at one donation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DonationKind {
    /// A whole blood donation: one unit of whole blood.
    WholeBlood,
    /// Double red cells by apheresis: two units of red cells.
    DoubleRedCells,
    /// Platelets by apheresis: one unit.
    Platelets,
    /// Plasma by apheresis: one unit.
    Plasma,
}

impl DonationKind {
    /// Every kind.
    pub const ALL: [DonationKind; 4] = [
        DonationKind::WholeBlood,
        DonationKind::DoubleRedCells,
        DonationKind::Platelets,
        DonationKind::Plasma,
    ];

    /// The units it makes: their component, and how many.
    pub fn yields(self) -> (Component, u8) {
        match self {
            DonationKind::WholeBlood => (Component::WholeBlood, 1),
            DonationKind::DoubleRedCells => (Component::RedCells, 2),
            DonationKind::Platelets => (Component::Platelets, 1),
            DonationKind::Plasma => (Component::Plasma, 1),
        }
    }

    /// The kind that gives `component` (red cells: double red cells).
    pub fn giving(component: Component) -> Self {
        match component {
            Component::WholeBlood => DonationKind::WholeBlood,
            Component::RedCells => DonationKind::DoubleRedCells,
            Component::Platelets => DonationKind::Platelets,
            Component::Plasma => DonationKind::Plasma,
        }
    }

    /// Whether the donor's red cells are kept (the body needs the longest
    /// to recover from these).
    fn takes_red_cells(self) -> bool {
        matches!(
            self,
            DonationKind::WholeBlood | DonationKind::DoubleRedCells
        )
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            DonationKind::WholeBlood => "Whole blood",
            DonationKind::DoubleRedCells => "Double red cells",
            DonationKind::Platelets => "Platelets",
            DonationKind::Plasma => "Plasma",
        }
    }
}

/// The days between donations, and the yearly limit on platelets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Intervals {
    /// After whole blood (56).
    pub whole_blood: u16,
    /// After double red cells (112).
    pub double_red_cells: u16,
    /// After platelets (7).
    pub platelets: u16,
    /// After plasma (28).
    pub plasma: u16,
    /// Platelet donations in any 365 days (24).
    pub platelets_per_year: u16,
}

impl Default for Intervals {
    fn default() -> Self {
        Self {
            whole_blood: 56,
            double_red_cells: 112,
            platelets: 7,
            plasma: 28,
            platelets_per_year: 24,
        }
    }
}

impl Intervals {
    /// The days after a donation of `kind`.
    pub fn after(&self, kind: DonationKind) -> u16 {
        match kind {
            DonationKind::WholeBlood => self.whole_blood,
            DonationKind::DoubleRedCells => self.double_red_cells,
            DonationKind::Platelets => self.platelets,
            DonationKind::Plasma => self.plasma,
        }
    }

    /// The days from a donation of `given` to one of `next`: the interval of
    /// what was given; but a donation that keeps no red cells (platelets,
    /// plasma) waits no longer than its own interval.
    pub fn wait(&self, given: DonationKind, next: DonationKind) -> u16 {
        let after = self.after(given);
        if next.takes_red_cells() {
            after
        } else {
            after.min(self.after(next))
        }
    }

    /// The first day a donor whose past donations are `history` (their days
    /// in the donor's time zone, any order) may give `next`; `None` when they
    /// never gave.
    pub fn next_day(&self, history: &[(Date, DonationKind)], next: DonationKind) -> Option<Date> {
        let mut day = history
            .iter()
            .map(|(on, given)| on.saturating_add(i64::from(self.wait(*given, next)).days()))
            .max()?;
        if next == DonationKind::Platelets && self.platelets_per_year > 0 {
            let mut platelets: Vec<Date> = history
                .iter()
                .filter(|(_, kind)| *kind == DonationKind::Platelets)
                .map(|(on, _)| *on)
                .collect();
            platelets.sort_unstable();
            let limit = usize::from(self.platelets_per_year);
            // A donation on `day` may make at most `limit` in the 365 days
            // ending on it: push `day` past the oldest of a full window.
            loop {
                let year_before = day.saturating_sub(365.days());
                let mut window = platelets
                    .iter()
                    .filter(|on| **on > year_before && **on <= day);
                let (Some(oldest), count) = (window.next(), window.count() + 1) else {
                    break;
                };
                if count < limit {
                    break;
                }
                day = oldest.saturating_add(365.days());
            }
        }
        Some(day)
    }
}

/// Where a donor's registration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DonorStatus {
    /// Registered; their group waits for a test.
    Pending,
    /// Their group is confirmed: they can be asked and can give.
    Confirmed,
    /// They stopped being a donor.
    Withdrawn,
}

impl DonorStatus {
    /// Its name in keys.
    pub fn as_str(self) -> &'static str {
        match self {
            DonorStatus::Pending => "pending",
            DonorStatus::Confirmed => "confirmed",
            DonorStatus::Withdrawn => "withdrawn",
        }
    }
}

/// A registered donor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Donor {
    /// The patient who gives.
    pub donor: Party,
    /// The group they said they have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_group: Option<BloodGroup>,
    /// The group a test confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<BloodGroup>,
    /// Where the registration is.
    pub status: DonorStatus,
    /// When they registered.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub registered_at: Timestamp,
    /// Their donations here.
    pub donations: Vec<Donation>,
}

/// One donation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Donation {
    /// The donation number.
    pub number: String,
    /// What was given.
    pub kind: DonationKind,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The day, in the donor's time zone.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: Date,
    /// The units it made.
    pub units: Vec<UnitId>,
}

/// When a donor may give each kind again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Eligibility {
    /// The kind.
    pub kind: DonationKind,
    /// The first day, in the donor's time zone; none when they never gave.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub from: Option<Date>,
    /// Whether they may give it today.
    pub now: bool,
}

/// A donor's own page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DonorPage {
    /// Their registration and donations (none before they register).
    pub donor: Option<Donor>,
    /// When they may give each kind.
    pub eligibility: Vec<Eligibility>,
    /// The bank's calls to them, newest first.
    pub calls: Vec<Invitation>,
}

/// `POST /api/v1/blood/donor`: a patient registers as a donor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"group": "O-"})))]
pub struct Registration {
    /// The group they believe they have, if they know it.
    pub group: Option<BloodGroup>,
}

/// `POST /api/v1/blood/donors/{id}/confirm`: an admin records the donor's
/// tested group (also the patient's confirmed typing).
pub type Confirmation = super::requests::NewTyping;

/// `POST /api/v1/blood/donations`: an admin records a donation; its units
/// are made in quarantine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "donor": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "number": "W1234-26-000123",
    "kind": "whole_blood", "volume_ml": 470
})))]
pub struct NewDonation {
    /// The donor, when registered here (their confirmed group is the unit's).
    pub donor: Option<UserId>,
    /// The group, for a unit from elsewhere (required without a donor).
    pub group: Option<BloodGroup>,
    /// The donation number on the labels.
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 20, pattern = "^[A-Z0-9-]{5,20}$")
    )]
    pub number: String,
    /// What was given.
    pub kind: DonationKind,
    /// Millilitres per unit (1 to 1000).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub volume_ml: u16,
    /// When it was collected (now when absent; not in the future).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub collected_at: Option<Timestamp>,
}

impl NewDonation {
    /// The number, the volume, who or what group.
    pub fn check(&self, now: Timestamp) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if crate::rules::chars_within(
            &mut errors,
            "number",
            &self.number,
            super::MAX_DONATION_NUMBER_CHARS,
        ) {
            if let Err(error) = super::donation_number(&self.number) {
                errors.add("number", error);
            }
        }
        if self.volume_ml == 0 || self.volume_ml > 1_000 {
            errors.add("volume_ml", ValidationError::new("must be from 1 to 1000"));
        }
        if self.donor.is_none() && self.group.is_none() {
            errors.add("group", ValidationError::new("is required without a donor"));
        }
        crate::rules::check_instant(&mut errors, "collected_at", self.collected_at);
        if self.collected_at.is_some_and(|at| at > now) {
            errors.add(
                "collected_at",
                ValidationError::new("must not be in the future"),
            );
        }
        errors.into_result(())
    }
}

/// The bank's call to donors for a group and component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DonorCall {
    /// Id.
    pub id: DonorCallId,
    /// What runs low.
    pub component: Component,
    /// For patients of this group.
    pub group: BloodGroup,
    /// The donor groups asked (those whose units suit it).
    pub donor_groups: Vec<BloodGroup>,
    /// The admin who asked.
    pub by: Party,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// Donors asked so far.
    pub asked: u32,
    /// Donors who said they will come.
    pub willing: u32,
    /// Donors who said they cannot.
    pub declined: u32,
}

/// `POST /api/v1/blood/calls`: ask eligible donors for a group and component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"component": "red_cells", "group": "O-"})))]
pub struct NewCall {
    /// What runs low.
    pub component: Component,
    /// For patients of this group.
    pub group: BloodGroup,
}

/// A donor's copy of a call, with their answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    /// The call.
    pub call: DonorCallId,
    /// The donor.
    pub donor: Party,
    /// What they are asked to give.
    pub kind: DonationKind,
    /// When they were asked.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub asked_at: Timestamp,
    /// Their answer, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
}

/// `POST /api/v1/blood/calls/{id}/answer`: a donor's answer, with the time
/// they will come when they will.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"willing": true, "come_at": "2026-12-03T09:30:00Z"})))]
pub struct Answer {
    /// They will come.
    pub willing: bool,
    /// When (required when willing; within the next 60 days).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub come_at: Option<Timestamp>,
}

impl Answer {
    /// A time when willing, none otherwise, within 60 days of `now`.
    pub fn check(&self, now: Timestamp) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        match (self.willing, self.come_at) {
            (true, None) => errors.add("come_at", ValidationError::new("is required")),
            (false, Some(_)) => errors.add("come_at", ValidationError::new("only when willing")),
            (true, Some(at))
                if at < now || at > now + jiff::SignedDuration::from_hours(24 * 60) =>
            {
                errors.add(
                    "come_at",
                    ValidationError::new("must be within the next 60 days"),
                )
            }
            _ => {}
        }
        errors.into_result(())
    }
}

/// `?status=&limit=&cursor=` of the admins' donor list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DonorQuery {
    /// Only donors in this status (`pending` when absent).
    #[serde(default)]
    pub status: Option<DonorStatus>,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}

impl DonorQuery {
    /// The status and the page.
    pub fn parts(&self) -> (DonorStatus, crate::PageQuery) {
        let page = crate::PageQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
        };
        (self.status.unwrap_or(DonorStatus::Pending), page)
    }
}

#[cfg(test)]
mod tests;
