//! In-app notifications: what the inbox lists.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ids::NotificationId;

/// What a notification is about; people choose channels per category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Bookings and the visit workflow.
    Appointments,
    /// Dose and refill reminders.
    MedicationReminders,
    /// Messages between patients and their doctors.
    Messages,
    /// Approval, password, two-factor and sign-in changes to one's own account.
    AccountAndSecurity,
    /// Questionnaires doctors ask for, and doctors' alerts about their
    /// patients' answers.
    CareAlerts,
    /// Documents shared with a doctor, and files the malware check refused.
    Documents,
    /// Invoices issued, payments received, insurance claims decided.
    Billing,
    /// Blood stock alerts (admins) and calls to donors.
    BloodBank,
}

impl Category {
    /// Every category, in the order settings show them.
    pub const ALL: [Category; 8] = [
        Category::Appointments,
        Category::MedicationReminders,
        Category::Messages,
        Category::AccountAndSecurity,
        Category::CareAlerts,
        Category::Documents,
        Category::Billing,
        Category::BloodBank,
    ];

    /// Urgent categories ignore quiet hours: a security warning cannot wait
    /// until morning, and a dose reminder comes at a time the patient chose.
    pub fn urgent(self) -> bool {
        matches!(
            self,
            Category::AccountAndSecurity | Category::MedicationReminders
        )
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Category::Appointments => "Appointments",
            Category::MedicationReminders => "Medication reminders",
            Category::Messages => "Messages",
            Category::AccountAndSecurity => "Account and security",
            Category::CareAlerts => "Care alerts and questionnaires",
            Category::Documents => "Documents",
            Category::Billing => "Invoices and claims",
            Category::BloodBank => "Blood bank and donation",
        }
    }
}

/// One notification in a person's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// Id (time-ordered).
    pub id: NotificationId,
    /// Category.
    pub category: Category,
    /// The event's name, e.g. `appointment.confirmed`.
    #[cfg_attr(feature = "openapi", schema(example = "appointment.confirmed"))]
    pub event: String,
    /// One line.
    pub title: String,
    /// A sentence or two.
    pub body: String,
    /// Where in the web client it leads, e.g. `/appointments/…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// When the event happened.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// When its reader marked it read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub read_at: Option<Timestamp>,
}

/// The number of unread notifications, counted up to [`UnreadCount::MAX`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    /// How many, at most `MAX`.
    pub unread: u32,
    /// True when there are more than `MAX` (show "99+").
    pub more: bool,
}

impl UnreadCount {
    /// The count stops here: the header shows "99+".
    pub const MAX: u32 = 99;
}

/// `GET /api/v1/me/notifications`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InboxQuery {
    /// Only unread ones.
    #[serde(default)]
    pub unread_only: bool,
    /// Items per page, 1 to 100 (default 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 1024))]
    pub cursor: Option<String>,
}
