//! Where notifications go beyond the in-app inbox: the channels, what each
//! person chose to receive on which, the email address and phone number used
//! for them, and what admins see of deliveries.

use jiff::civil::Time;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ids::{NotificationId, UserId};
use crate::notification::Category;
use crate::rules;
use crate::validation::{FieldErrors, ValidationError};

/// A way of telling someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The inbox in the app: always on.
    InApp,
    /// Email, to the address confirmed for notifications.
    Email,
    /// Text message, to the verified phone number.
    Sms,
}

impl Channel {
    /// The name used in keys and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InApp => "in_app",
            Self::Email => "email",
            Self::Sms => "sms",
        }
    }

    /// The channel as people read it.
    pub fn label(self) -> &'static str {
        match self {
            Self::InApp => "In the app",
            Self::Email => "Email",
            Self::Sms => "Text message",
        }
    }

    /// The channel of a name made by [`Channel::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        [Self::InApp, Self::Email, Self::Sms]
            .into_iter()
            .find(|c| c.as_str() == name)
    }
}

/// Email and text messages on or off, for one category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelChoice {
    /// Send email.
    pub email: bool,
    /// Send a text message.
    pub sms: bool,
}

impl ChannelChoice {
    /// Both email and text messages.
    pub fn both() -> Self {
        Self {
            email: true,
            sms: true,
        }
    }

    /// Email, no text messages.
    pub fn email_only() -> Self {
        Self {
            email: true,
            sms: false,
        }
    }
}

/// How much an email says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmailContent {
    /// The notification's text.
    #[default]
    Details,
    /// Only that there is something new: "open MedTrack".
    OpenApp,
}

/// A nightly stretch, on the person's own clock, in which email and text
/// messages of non-urgent categories wait. `from` after `until` spans midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuietHours {
    /// Start, e.g. 22:00.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::TimeOfDay, example = "22:00"))]
    pub from: Time,
    /// End (not included), e.g. 07:00.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::TimeOfDay, example = "07:00"))]
    pub until: Time,
}

impl QuietHours {
    /// Whether `time` falls inside.
    pub fn contains(&self, time: Time) -> bool {
        if self.from <= self.until {
            self.from <= time && time < self.until
        } else {
            time >= self.from || time < self.until
        }
    }
}

/// What a person wants to receive, and how. The in-app inbox always gets everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "appointments": {"email": true, "sms": true},
    "medication_reminders": {"email": true, "sms": true},
    "messages": {"email": true, "sms": false},
    "account_and_security": {"email": true, "sms": true},
    "care_alerts": {"email": true, "sms": true},
    "documents": {"email": true, "sms": false},
    "billing": {"email": true, "sms": false},
    "blood_bank": {"email": true, "sms": false},
    "quiet_hours": {"from": "22:00", "until": "07:00"},
    "email_content": "details", "record_read_alerts": true
})))]
pub struct Preferences {
    /// Bookings and the visit workflow.
    pub appointments: ChannelChoice,
    /// Dose and refill reminders.
    pub medication_reminders: ChannelChoice,
    /// Messages from one's doctors or patients.
    pub messages: ChannelChoice,
    /// Approval, password, two-factor and sign-in changes.
    pub account_and_security: ChannelChoice,
    /// Questionnaires asked for, and alerts about one's patients.
    #[serde(default = "ChannelChoice::both")]
    pub care_alerts: ChannelChoice,
    /// Documents shared with one, and files the malware check refused.
    #[serde(default = "ChannelChoice::email_only")]
    pub documents: ChannelChoice,
    /// Invoices issued, payments received, insurance claims decided.
    #[serde(default = "ChannelChoice::email_only")]
    pub billing: ChannelChoice,
    /// Blood stock alerts, and the blood bank's calls to donors.
    #[serde(default = "ChannelChoice::email_only")]
    pub blood_bank: ChannelChoice,
    /// When non-urgent email and text messages wait; none when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet_hours: Option<QuietHours>,
    /// How much an email says.
    #[serde(default)]
    pub email_content: EmailContent,
    /// Patients: be told whenever someone who is not one of their doctors
    /// reads their record (an admin, or a doctor in an emergency).
    #[serde(default)]
    pub record_read_alerts: bool,
}

impl Default for Preferences {
    /// Email for everything; text messages for what cannot wait or is about
    /// one's own appointments, not for messages (they can be long and many).
    fn default() -> Self {
        let both = ChannelChoice {
            email: true,
            sms: true,
        };
        Self {
            appointments: both,
            medication_reminders: both,
            messages: ChannelChoice {
                email: true,
                sms: false,
            },
            account_and_security: both,
            care_alerts: both,
            documents: ChannelChoice::email_only(),
            billing: ChannelChoice::email_only(),
            blood_bank: ChannelChoice::email_only(),
            quiet_hours: None,
            email_content: EmailContent::Details,
            record_read_alerts: false,
        }
    }
}

impl Preferences {
    /// The choice for `category`.
    pub fn choice(&self, category: Category) -> ChannelChoice {
        match category {
            Category::Appointments => self.appointments,
            Category::MedicationReminders => self.medication_reminders,
            Category::Messages => self.messages,
            Category::AccountAndSecurity => self.account_and_security,
            Category::CareAlerts => self.care_alerts,
            Category::Documents => self.documents,
            Category::Billing => self.billing,
            Category::BloodBank => self.blood_bank,
        }
    }

    /// Checks the rules that need no lookup.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.quiet_hours.is_some_and(|q| q.from == q.until) {
            errors.add(
                "quiet_hours",
                ValidationError::new("must end at another time than it starts"),
            );
        }
        errors.into_result(())
    }
}

/// The state of the email address used for notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmailStatus {
    /// Waiting for its owner to follow the link in the confirmation email.
    Pending,
    /// Receives notifications.
    Active,
}

/// The email address used for notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailAddress {
    /// The address.
    pub address: String,
    /// Whether it receives notifications yet.
    pub status: EmailStatus,
}

/// The phone number used for text messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneNumber {
    /// The number, in international form.
    pub number: String,
    /// Whether its owner entered the code sent to it. Only a verified number
    /// receives notifications.
    pub verified: bool,
    /// The number replied STOP to our messages: no text reaches it until it
    /// replies START (or the number is opted in again).
    pub opted_out: bool,
}

/// How this server sends email and text messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMode {
    /// Through AWS SNS.
    Sns,
    /// Nothing leaves the server: an admin reads what would have been sent.
    DevelopmentSink,
}

/// `GET /api/v1/me/notification-settings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    /// What goes where.
    pub preferences: Preferences,
    /// The email address for notifications, if one was confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailAddress>,
    /// The phone number for text messages, if one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<PhoneNumber>,
    /// How this server sends.
    pub delivery: DeliveryMode,
}

/// `PUT /api/v1/me/notification-settings/email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"address": "ada@example.org"})))]
pub struct SetEmail {
    /// The address to receive notifications.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub address: String,
}

impl SetEmail {
    /// Checks the address's form; returns it in canonical form.
    pub fn check(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        match rules::email(&self.address) {
            Ok(address) => return Ok(address),
            Err(error) => errors.add("address", error),
        }
        Err(errors)
    }
}

/// `PUT /api/v1/me/notification-settings/phone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"number": "+14155550123"})))]
pub struct SetPhone {
    /// The number, in international form, e.g. +14155550123.
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 16, pattern = r"^\+[1-9][0-9]{7,14}$")
    )]
    pub number: String,
}

impl SetPhone {
    /// Checks the number's form.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Err(error) = rules::phone(&self.number) {
            errors.add("number", error);
        }
        errors.into_result(())
    }
}

/// `POST /api/v1/me/notification-settings/phone/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"code": "123456"})))]
pub struct VerifyPhone {
    /// The six digits sent to the number.
    #[cfg_attr(feature = "openapi", schema(max_length = 32, pattern = "^[0-9]{6}$"))]
    pub code: String,
}

impl VerifyPhone {
    /// Checks the code's length.
    pub fn check(&self) -> Result<(), FieldErrors> {
        rules::check_code(&self.code)
    }
}

/// A message the development sink kept instead of sending it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentMessage {
    /// When it would have been sent.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub sent_at: Timestamp,
    /// Email or SMS.
    pub channel: Channel,
    /// Whose it is.
    pub recipient: UserId,
    /// The address or number it would have gone to.
    pub to: String,
    /// The `event` message attribute, e.g. `appointment.confirmed`.
    pub event: String,
    /// Email subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The text.
    pub body: String,
}

/// A notification that could not be delivered on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadLetter {
    /// The notification.
    pub notification: NotificationId,
    /// The channel that failed.
    pub channel: Channel,
    /// Whose it is.
    pub recipient: UserId,
    /// The event, e.g. `appointment.confirmed` (`unknown` when unreadable).
    pub event: String,
    /// Tries made.
    pub attempts: u32,
    /// The last error (no personal data).
    pub error: String,
    /// When it was given up.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub died_at: Timestamp,
}

/// A scheduled job (a dose reminder, a missed-dose check, an appointment
/// reminder...) given up on after failing every try.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoppedJob {
    /// The job's id, e.g. `dose:<medication>` (ids only, no personal data).
    pub id: crate::JobId,
    /// What it does, e.g. `dose_reminder` (`unknown` when unreadable).
    pub kind: String,
    /// When it was due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub due_at: Option<Timestamp>,
    /// Tries made.
    pub attempts: u32,
    /// The kind of the last failure (no personal data).
    pub error: String,
    /// When it was given up.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub stopped_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_hours_may_span_midnight() {
        let night = QuietHours {
            from: Time::constant(22, 0, 0, 0),
            until: Time::constant(7, 0, 0, 0),
        };
        assert!(night.contains(Time::constant(23, 30, 0, 0)));
        assert!(night.contains(Time::constant(6, 59, 0, 0)));
        assert!(!night.contains(Time::constant(7, 0, 0, 0)));
        assert!(!night.contains(Time::constant(12, 0, 0, 0)));
        let nap = QuietHours {
            from: Time::constant(13, 0, 0, 0),
            until: Time::constant(14, 0, 0, 0),
        };
        assert!(nap.contains(Time::constant(13, 0, 0, 0)));
        assert!(!nap.contains(Time::constant(14, 0, 0, 0)));
    }
}
