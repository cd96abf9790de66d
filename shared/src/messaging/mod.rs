//! Messaging between a patient and one of their doctors: threads with a
//! subject, messages with attachments from the patient's vault, each
//! party's read mark, the reply time the doctor promises, and what admins
//! see (counts and overdue threads, never a message's words).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::appointment::Party;
use crate::ids::{AppointmentId, DocumentId, MessageId, ThreadId, UserId};
use crate::Role;

mod requests;
pub use requests::*;

/// The longest subject.
pub const MAX_SUBJECT_CHARS: usize = 120;
/// The longest message.
pub const MAX_MESSAGE_CHARS: usize = 4000;
/// The most documents attached to one message.
pub const MAX_ATTACHMENTS: usize = 5;
/// The most threads an admin's list of overdue ones shows.
pub const MAX_OVERDUE_LISTED: usize = 100;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    /// The thread's patient.
    Patient,
    /// The thread's doctor.
    Doctor,
    /// The clinic, automatically (the out-of-hours note).
    Clinic,
}

impl Sender {
    /// The party a person in `role` writes as.
    pub fn of(role: Role) -> Option<Self> {
        match role {
            Role::Patient => Some(Self::Patient),
            Role::Doctor => Some(Self::Doctor),
            Role::Admin => None,
        }
    }
}

/// A document attached to a message: it stays in the patient's vault, and
/// is opened through the vault (its access rules and access log apply).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// The document.
    pub document: DocumentId,
    /// Its title when it was attached.
    #[cfg_attr(feature = "openapi", schema(example = "Blood test"))]
    pub title: String,
}

/// One message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// Its id (time-ordered).
    pub id: MessageId,
    /// Its thread.
    pub thread: ThreadId,
    /// Who wrote it.
    pub sender: Sender,
    /// The words.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "The new tablets make me dizzy in the morning.")
    )]
    pub text: String,
    /// Documents attached.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// When it was sent.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub sent_at: Timestamp,
    /// The red flags found in a patient's words (stable names); such a
    /// message is urgent for the doctor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(example = json!(["chest_pain"])))]
    pub red_flags: Vec<String>,
    /// When the other party read it (their read mark reached it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub read_at: Option<Timestamp>,
}

/// A patient's message that waits for the doctor's reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Waiting {
    /// When the first unanswered message was sent.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub since: Timestamp,
    /// The end of the reply time the doctor promises.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub due: Timestamp,
    /// Past `due` at the time of the answer.
    pub overdue: bool,
}

/// A thread as one of its parties sees it in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Thread {
    /// Its id.
    pub id: ThreadId,
    /// What it is about.
    #[cfg_attr(feature = "openapi", schema(example = "Dizziness on the new tablets"))]
    pub subject: String,
    /// The patient.
    pub patient: Party,
    /// The doctor.
    pub doctor: Party,
    /// The visit it was started from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<AppointmentId>,
    /// Who started it.
    pub started_by: Sender,
    /// When it was started.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub started_at: Timestamp,
    /// When the last message was sent.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub last_message_at: Timestamp,
    /// Who sent the last message.
    pub last_sender: Sender,
    /// How many messages it holds.
    pub messages: u32,
    /// Messages the caller has not read.
    pub unread: u32,
    /// The patient's message that waits for a reply, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<Waiting>,
    /// A message named a red flag and the doctor has not acknowledged it.
    #[serde(default)]
    pub urgent: bool,
}

/// `GET /api/v1/messages/unread`: the caller's unread messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadMessages {
    /// In all their threads.
    pub total: u32,
}

/// What a message sent returns: it, the thread after it, and the clinic's
/// out-of-hours note when the doctor is away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Posted {
    /// The message.
    pub message: Message,
    /// The note added after it, if the doctor is out of hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Message>,
    /// The thread.
    pub thread: Thread,
}

/// `GET /api/v1/doctors/{id}/reply-time`: when a patient can expect an
/// answer to a message sent now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyTime {
    /// The doctor.
    pub doctor: Party,
    /// The business days they answer within.
    pub business_days: u8,
    /// Whether they are in working hours now.
    pub open_now: bool,
    /// When out of hours: when their next working hours begin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub reads_from: Option<Timestamp>,
    /// The end of the reply time for a message sent now.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub reply_by: Timestamp,
}

/// Someone the caller can start a thread with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// Their id.
    pub id: UserId,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
}

/// A thread an admin sees: who and how long, never the subject or words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitingThread {
    /// The thread.
    pub thread: ThreadId,
    /// The patient.
    pub patient: Party,
    /// The doctor.
    pub doctor: Party,
    /// The wait.
    pub waiting: Waiting,
    /// A red flag waits for the doctor's acknowledgement.
    pub urgent: bool,
}

/// `GET /api/v1/admin/messages`: the clinic's messaging at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagingOverview {
    /// Threads whose patient waits for a reply.
    pub waiting: u32,
    /// Of those, past the doctor's reply time.
    pub overdue: u32,
    /// Of those, with a red flag not acknowledged.
    pub urgent: u32,
    /// The overdue and urgent threads, the longest-waiting first.
    pub attention: Vec<WaitingThread>,
}

/// What the server pushes on `GET /api/v1/me/events` (Server-Sent Events,
/// the event's `data`): something changed in one of the caller's threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadChanged {
    /// The thread: a message came, or a read mark moved.
    pub thread: ThreadId,
}
