//! Blood bank notices: to admins, a group and component below its
//! threshold, or a unit about to expire; to donors, the bank's call (which
//! names no one's condition, only that their group is needed).

use jiff::Timestamp;
use medtrack_shared::blood::{BloodGroup, Component};
use medtrack_shared::notification::Category;
use medtrack_shared::{DonorCallId, UnitId};
use serde::{Deserialize, Serialize};

use super::Rendered;

/// A blood bank event, as its notification tells it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum BloodNotice {
    /// To admins: the stock fell below its threshold.
    StockLow {
        /// The component.
        component: Component,
        /// The group.
        group: BloodGroup,
        /// Units available.
        available: u32,
        /// Days of cover, if anything was issued lately.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        days_of_cover: Option<f64>,
    },
    /// To admins: a unit in stock or reserved enters its "expiring soon" window.
    ExpiringSoon {
        /// The unit.
        unit: UnitId,
        /// Its donation number.
        number: String,
        /// The component.
        component: Component,
        /// The group.
        group: BloodGroup,
        /// When it expires.
        expires_at: Timestamp,
    },
    /// To a donor: the bank asks for a donation.
    DonorCall {
        /// The call.
        call: DonorCallId,
        /// The donor's group.
        group: BloodGroup,
        /// What the patients need.
        #[serde(default = "needed_component")]
        component: Component,
        /// The patients' group (the group in need).
        #[serde(default)]
        patients: Option<BloodGroup>,
    },
}

fn needed_component() -> Component {
    Component::WholeBlood
}

impl Eq for BloodNotice {}

/// The words of a blood bank notice; `when` formats an instant for the reader.
pub fn render(notice: &BloodNotice, when: impl Fn(Timestamp) -> String) -> Rendered {
    let (name, title, body, link) = match notice {
        BloodNotice::StockLow {
            component,
            group,
            available,
            days_of_cover,
        } => {
            let cover = days_of_cover
                .map(|d| format!(", {d:.1} days of cover"))
                .unwrap_or_default();
            (
                "stock_low",
                format!("{} {} is low", group.code(), component.label().to_lowercase()),
                format!(
                    "{available} units of {} {} are available{cover}, below the threshold. Open the blood bank to ask donors.",
                    group.code(),
                    component.label().to_lowercase()
                ),
                "/admin/blood".to_owned(),
            )
        }
        BloodNotice::ExpiringSoon {
            number,
            component,
            group,
            expires_at,
            ..
        } => (
            "expiring_soon",
            format!("Unit {number} expires soon"),
            format!(
                "{} {} unit {number} expires {}. Issue it first or plan its discard.",
                group.code(),
                component.label().to_lowercase(),
                when(*expires_at)
            ),
            "/admin/blood".to_owned(),
        ),
        BloodNotice::DonorCall {
            group,
            component,
            patients,
            ..
        } => (
            "donor_call",
            "Your blood group is needed".to_owned(),
            format!(
                "Patients{} need {} and your group, {}, can help. You may give again: open Give blood to answer and choose a time.",
                patients.map(|p| format!(" of group {}", p.code())).unwrap_or_default(),
                component.label().to_lowercase(),
                group.code()
            ),
            "/donor".to_owned(),
        ),
    };
    Rendered {
        category: Category::BloodBank,
        event: format!("blood.{name}"),
        title,
        body,
        link: Some(link),
        urgent: false,
    }
}

/// One notice of each kind, for the texts' tests.
#[cfg(test)]
pub(super) fn examples() -> Vec<BloodNotice> {
    let group = BloodGroup::ALL[0];
    vec![
        BloodNotice::StockLow {
            component: Component::RedCells,
            group,
            available: 3,
            days_of_cover: Some(1.5),
        },
        BloodNotice::ExpiringSoon {
            unit: UnitId::from_uuid(uuid::Uuid::nil()),
            number: "W1234-26-000123".into(),
            component: Component::Platelets,
            group,
            expires_at: Timestamp::UNIX_EPOCH,
        },
        BloodNotice::DonorCall {
            call: DonorCallId::from_uuid(uuid::Uuid::nil()),
            group,
            component: Component::Platelets,
            patients: Some(BloodGroup::ALL[7]),
        },
    ]
}
