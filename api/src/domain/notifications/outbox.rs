//! The outbox: notifications written in the transaction of the change that
//! causes them, waiting for the dispatcher.

use jiff::Timestamp;
use medtrack_shared::appointment::ActionKind;
use medtrack_shared::delivery::Channel;
use medtrack_shared::{AppointmentId, MedicationId, NotificationId, Role, UserId};
use serde::{Deserialize, Serialize};

use crate::store::{keys, Condition, Item, StoreError, TxOp};

/// What happened, in structured form; the text is made at delivery, for the
/// recipient (their time zone, their role).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A change to an appointment.
    Appointment(AppointmentNotice),
    /// A change to the recipient's own account that they should know of.
    Account(AccountChange),
    /// A dose is due, was missed, or the stock runs low.
    Medication(MedicationNotice),
    /// A link for the account's own address (sent by email only, whatever
    /// the preferences: it is how the person gets back in, or proves the
    /// address is theirs).
    Link(LinkNotice),
    /// A questionnaire asked for, or an alert about a patient's answers.
    Care(CareNotice),
    /// A document shared, or a file the malware check refused.
    Document(DocumentNotice),
    /// A message, or a reply that is late.
    Message(super::messages::MessageNotice),
    /// An invoice issued, a payment received, a claim decided.
    Billing(super::billing::BillingNotice),
    /// Stock low, a unit expiring, a call to donors.
    Blood(super::blood::BloodNotice),
}

/// A vault event, as its notification tells it: never a document's title,
/// which may say what it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentNotice {
    /// Whose vault.
    pub patient: UserId,
    /// Their name.
    pub patient_name: String,
    /// The document.
    pub document: medtrack_shared::DocumentId,
    /// What happened.
    pub change: DocumentChange,
}

/// What a document notice says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum DocumentChange {
    /// To a doctor: the patient shared a document with them.
    Shared {
        /// The last day they may open it.
        until: Option<jiff::civil::Date>,
    },
    /// To the uploader: their file failed the malware check.
    Refused,
    /// To the clinic's admins: a file failed the malware check.
    Quarantined,
}

/// A questionnaire request or an alert about a patient, as its notification
/// tells it: never the score or the answers, which stay on the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareNotice {
    /// The patient.
    pub patient: UserId,
    /// Their name.
    pub patient_name: String,
    /// What happened.
    pub change: CareChange,
}

/// What a care notice says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum CareChange {
    /// To the patient: a doctor asks them to answer a PHQ-9.
    Phq9Requested {
        /// The doctor's name.
        doctor: String,
    },
    /// To each of the patient's doctors: a PHQ-9 total at the threshold or above.
    Phq9Elevated,
    /// To each of the patient's doctors, urgent: item 9 was answered other
    /// than "not at all"; it asks for an acknowledgement.
    Phq9Urgent {
        /// Minutes before the admins are told.
        minutes: i64,
    },
    /// To the clinic's admins, urgent: no doctor acknowledged in time, or
    /// the patient has no doctor.
    Phq9Escalated {
        /// The patient has no doctor at the clinic.
        no_doctor: bool,
    },
}

/// A single-use link for the account's own email address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkNotice {
    /// What it is for.
    pub purpose: LinkPurpose,
    /// The link itself (it carries the secret).
    pub url: String,
}

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    /// Setting a new password.
    ResetPassword,
    /// Confirming the account's email address.
    ConfirmEmail,
}

impl LinkPurpose {
    /// Its name in keys and events.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ResetPassword => "reset_password",
            Self::ConfirmEmail => "confirm_email",
        }
    }
}

/// A medication event, as its notification tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicationNotice {
    /// The medication.
    pub medication: MedicationId,
    /// Its name, e.g. Amoxicillin 500 mg.
    pub name: String,
    /// How much per dose.
    pub dose: String,
    /// The dose time it is about.
    pub dose_at: Timestamp,
    /// The patient, when the notice goes to someone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_name: Option<String>,
    /// What happened.
    pub change: MedicationChange,
}

/// What a medication notice says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum MedicationChange {
    /// Time to take a dose.
    DoseDue,
    /// A dose was not taken within its grace time.
    Missed,
    /// Told to a doctor: their patient has not taken a dose (the patient asked
    /// for this).
    PatientMissed,
    /// The patient's named caregiver is told by text message and/or email
    /// that a dose is not taken (the patient asked for this); the patient's
    /// inbox says so.
    CaregiverTold {
        /// The caregiver's name.
        caregiver: String,
        /// Their phone, in international form.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phone: Option<String>,
        /// Their email address.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        email: Option<String>,
    },
    /// Fewer days of stock are left than the patient asked to be told at.
    RefillSoon {
        /// Days of doses left.
        days_left: u32,
    },
}

/// Account and security events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum AccountChange {
    /// An admin approved the doctor's account.
    Approved,
    /// An admin did not approve the doctor's account.
    Rejected {
        /// The admin's reason.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// The password was changed.
    PasswordChanged,
    /// Two-factor sign-in was turned on.
    TwoFactorEnabled,
    /// Two-factor sign-in was turned off.
    TwoFactorDisabled,
    /// Someone who is not one of the patient's doctors read their record
    /// (the patient asked to be told).
    RecordRead {
        /// The reader's name.
        reader: String,
        /// The reader's role.
        role: Role,
        /// What was read, e.g. `medications`.
        what: String,
        /// When.
        at: Timestamp,
    },
    /// A doctor who is not the patient's opened their record in an
    /// emergency; told to the patient and to every admin.
    EmergencyAccess {
        /// The patient (for the admins).
        patient: String,
        /// The doctor.
        doctor: String,
        /// The doctor's reason.
        reason: String,
        /// Until when.
        until: Timestamp,
    },
    /// Someone signed in from a device not seen before.
    NewSignIn {
        /// "Chrome on Linux".
        device: String,
        /// When.
        at: Timestamp,
    },
}

/// A change to an appointment, as its notification tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentNotice {
    /// The appointment.
    pub appointment: AppointmentId,
    /// What changed.
    pub change: AppointmentChange,
    /// Its start (after the change).
    pub starts_at: Timestamp,
    /// The patient's name.
    pub patient_name: String,
    /// The doctor's name.
    pub doctor_name: String,
    /// Who made the change.
    pub actor_name: String,
    /// A reason, if one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentChange {
    /// The patient booked it.
    Booked,
    /// A workflow action.
    Action(ActionKind),
    /// It is coming up (a day or an hour ahead).
    Reminder,
}

/// An outbox entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The notification's id: also its id in the inbox, which makes delivery idempotent.
    pub id: NotificationId,
    /// Who is told.
    pub recipient: UserId,
    /// What happened.
    pub event: Event,
    /// When.
    pub created_at: Timestamp,
    /// The channels beyond the inbox still to deliver on: chosen when the
    /// in-app copy is delivered, by the recipient's preferences then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Vec<PendingChannel>>,
}

/// A channel a notification still has to go out on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingChannel {
    /// Email or SMS.
    pub channel: Channel,
    /// Not before this instant: after a failure's backoff, or quiet hours.
    pub not_before: Timestamp,
    /// Failed tries so far.
    #[serde(default)]
    pub attempts: u32,
    /// The last failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Someone other than the recipient to send to (a caregiver's phone or
    /// address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

impl OutboxEntry {
    /// A new entry telling `recipient` of `event`.
    pub fn new(recipient: UserId, event: Event, now: Timestamp) -> Self {
        Self {
            id: NotificationId::from_uuid(uuid::Uuid::now_v7()),
            recipient,
            event,
            created_at: now,
            pending: None,
        }
    }

    /// When a dispatcher should next look at it: at once until the in-app
    /// copy is delivered, then when its earliest channel may be tried.
    pub fn due(&self) -> Timestamp {
        self.pending
            .iter()
            .flatten()
            .map(|p| p.not_before)
            .min()
            .unwrap_or(self.created_at)
    }

    /// The entry as an item, listed in the due-time index.
    pub fn item(&self) -> Result<Item, StoreError> {
        Ok(Item::from_record(keys::outbox(&self.id), self)?
            .with_gsi1(keys::outbox_due(self.due(), &self.id)))
    }
}

/// The transaction operation that queues `event` for `recipient`.
pub fn queue(recipient: UserId, event: Event, now: Timestamp) -> Result<TxOp, StoreError> {
    Ok(TxOp::Put(
        OutboxEntry::new(recipient, event, now).item()?,
        Condition::NotExists,
    ))
}
