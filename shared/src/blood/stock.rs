//! Stock by group and component: units available, days of cover, and the
//! thresholds below which the admins are alerted.
//!
//! Definitions (the admins' page and its figures use these alone):
//! - **available**: units in stock now (tested, not reserved, not expired);
//! - **issued in 30 days**: units issued in the 30 days up to now, less
//!   those returned to stock;
//! - **days of cover** = available / (issued in 30 days / 30): how long the
//!   stock lasts at the last month's pace; none when nothing was issued;
//! - **low**: available below the threshold's units, or days of cover below
//!   its days;
//! - **expiring soon**: available or reserved units that expire within the
//!   component's window (platelets a day, red cells and whole blood a week,
//!   plasma a month by default).

use serde::{Deserialize, Serialize};

use super::{BloodGroup, Component};
use crate::validation::{FieldErrors, ValidationError};

/// The days a recent issue rate is taken over.
pub const ISSUE_WINDOW_DAYS: u32 = 30;
/// The most units or days a threshold may name.
pub const MAX_THRESHOLD: u32 = 1_000;

/// When a group and component counts as low: below `units` available, or
/// below `days` of cover (either, when both are set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"units": 10, "days": 3})))]
pub struct Threshold {
    /// Fewest units available.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub units: Option<u32>,
    /// Fewest days of cover.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub days: Option<u32>,
}

impl Threshold {
    /// At least one bound, each from 1 to 1,000.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        for (field, value) in [("units", self.units), ("days", self.days)] {
            if value.is_some_and(|v| v == 0 || v > MAX_THRESHOLD) {
                errors.add(field, ValidationError::new("must be from 1 to 1000"));
            }
        }
        if self.units.is_none() && self.days.is_none() {
            errors.add("units", ValidationError::new("set units, days or both"));
        }
        errors.into_result(())
    }

    /// Whether `available` units with `cover` days of cover are below it.
    pub fn is_low(&self, available: u32, cover: Option<f64>) -> bool {
        let few = self.units.is_some_and(|min| available < min);
        // With nothing issued lately the stock lasts indefinitely.
        let short = match (self.days, cover) {
            (Some(min), Some(days)) => days < f64::from(min),
            _ => false,
        };
        few || short
    }
}

/// Days of cover: how long `available` units last at the pace of
/// `issued_30d` units in 30 days; none when nothing was issued.
pub fn days_of_cover(available: u32, issued_30d: u32) -> Option<f64> {
    (issued_30d > 0).then(|| {
        let per_day = f64::from(issued_30d) / f64::from(ISSUE_WINDOW_DAYS);
        (f64::from(available) / per_day * 10.0).round() / 10.0
    })
}

/// One group and component's stock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockLine {
    /// The component.
    pub component: Component,
    /// The group.
    pub group: BloodGroup,
    /// Units in stock.
    pub available: u32,
    /// Units held for requests.
    pub reserved: u32,
    /// Units waiting for their tests.
    pub quarantined: u32,
    /// Available or reserved units expiring within the component's window.
    pub expiring_soon: u32,
    /// Units issued in the last 30 days, less those returned.
    pub issued_30d: u32,
    /// Days of cover (see the module's definitions).
    pub days_of_cover: Option<f64>,
    /// The threshold, if one is set.
    pub threshold: Option<Threshold>,
    /// Below its threshold.
    pub low: bool,
}

impl StockLine {
    /// A line from its counts, with its cover and whether it is low.
    pub fn new(
        component: Component,
        group: BloodGroup,
        counts: [u32; 5],
        threshold: Option<Threshold>,
    ) -> Self {
        let [available, reserved, quarantined, expiring_soon, issued_30d] = counts;
        let days_of_cover = days_of_cover(available, issued_30d);
        let low = threshold.is_some_and(|t| t.is_low(available, days_of_cover));
        Self {
            component,
            group,
            available,
            reserved,
            quarantined,
            expiring_soon,
            issued_30d,
            days_of_cover,
            threshold,
            low,
        }
    }
}

/// The blood bank's stock: a line for every component and group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stock {
    /// Components in [`Component::ALL`] order, groups in [`BloodGroup::ALL`]
    /// order within each.
    pub lines: Vec<StockLine>,
    /// Each component's "expiring soon" window.
    pub windows: Vec<SoonWindow>,
}

/// How long before expiry a component's units count as expiring soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoonWindow {
    /// The component.
    pub component: Component,
    /// Hours before expiry.
    pub hours: u32,
}

/// What signed-in patients see: units available per group, all components
/// together, and whether the bank asks for that group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupStock {
    /// The group.
    pub group: BloodGroup,
    /// Units available.
    pub available: u32,
    /// Some component of this group is below its threshold.
    pub low: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_is_stock_over_the_daily_pace() {
        assert_eq!(days_of_cover(10, 0), None);
        assert_eq!(days_of_cover(10, 30), Some(10.0));
        assert_eq!(days_of_cover(0, 30), Some(0.0));
        assert_eq!(days_of_cover(5, 60), Some(2.5));
        assert_eq!(days_of_cover(1, 7), Some(4.3));
    }

    #[test]
    fn low_means_below_either_bound() {
        let t = Threshold {
            units: Some(5),
            days: Some(3),
        };
        assert!(!t.is_low(5, None));
        assert!(t.is_low(4, None));
        assert!(t.is_low(20, Some(2.9)));
        assert!(!t.is_low(20, Some(3.0)));
        let days_only = Threshold {
            units: None,
            days: Some(3),
        };
        assert!(!days_only.is_low(0, None));
        assert!(days_only.is_low(0, Some(0.0)));
    }

    #[test]
    fn thresholds_are_checked() {
        let t = |units, days| Threshold { units, days };
        assert!(t(Some(1), None).check().is_ok());
        assert!(t(None, Some(1000)).check().is_ok());
        assert!(t(None, None).check().is_err());
        assert!(t(Some(0), None).check().is_err());
        assert!(t(None, Some(1001)).check().is_err());
    }
}
