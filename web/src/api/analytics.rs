//! The dashboards: the clinic's (admins) and a doctor's (that doctor, or
//! admins), each over a range of days.

use medtrack_shared::analytics::{ClinicDashboard, DayRange, DoctorDashboard};
use medtrack_shared::UserId;

use super::{Api, ApiError};

/// `?from=…&to=…` of a range, as both dashboards take it.
fn days(range: &DayRange) -> String {
    format!("?from={}&to={}", range.from, range.to)
}

impl Api {
    /// The clinic's dashboard over `range` (admins).
    pub async fn clinic_dashboard(self, range: DayRange) -> Result<ClinicDashboard, ApiError> {
        self.get(&format!("/analytics/clinic{}", days(&range)))
            .await
    }

    /// A doctor's dashboard over `range`.
    pub async fn doctor_dashboard(
        self,
        doctor: UserId,
        range: DayRange,
    ) -> Result<DoctorDashboard, ApiError> {
        self.get(&format!("/analytics/doctors/{doctor}{}", days(&range)))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_sent_as_iso_days() {
        let range = DayRange {
            from: jiff::civil::date(2026, 11, 1),
            to: jiff::civil::date(2026, 11, 30),
        };
        assert_eq!(days(&range), "?from=2026-11-01&to=2026-11-30");
    }
}
