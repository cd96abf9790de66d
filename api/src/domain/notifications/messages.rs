//! Message notices: a new message, a reply the doctor owes, and what the
//! clinic's admins are told when a reply or an acknowledgement is late. They
//! name the sender (or the patient and doctor) but never the subject or the
//! words; the link leads to the thread, where reading is the parties' alone.

use medtrack_shared::notification::Category;
use medtrack_shared::ThreadId;
use serde::{Deserialize, Serialize};

use super::Rendered;

/// A messaging event, as its notification tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageNotice {
    /// The thread.
    pub thread: ThreadId,
    /// The patient's name.
    pub patient_name: String,
    /// The doctor's name.
    pub doctor_name: String,
    /// What happened.
    pub change: MessageChange,
}

/// What a message notice says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum MessageChange {
    /// To the other party: a message from the patient (to the doctor) or the
    /// doctor (to the patient). Urgent when it names a red flag.
    FromPatient {
        /// It names a red flag.
        urgent: bool,
    },
    /// To the patient: their doctor wrote.
    FromDoctor,
    /// To the doctor: a patient's message is past the promised reply time.
    ReplyOverdue,
    /// To the clinic's admins: a reply is a day past the promise.
    Overdue,
    /// To the clinic's admins: an urgent message was not acknowledged in time.
    UrgentUnacknowledged,
}

/// The words of a message notice.
pub fn render(notice: &MessageNotice) -> Rendered {
    let (patient, doctor) = (&notice.patient_name, &notice.doctor_name);
    let thread = format!("/messages/{}", notice.thread);
    let (name, title, body, link, urgent) = match notice.change {
        MessageChange::FromPatient { urgent: false } => (
            "received",
            "A new message from a patient".to_owned(),
            format!("{patient} sent you a message. Open Messages to read it."),
            thread,
            false,
        ),
        MessageChange::FromPatient { urgent: true } => (
            "urgent",
            "Urgent: a patient's message may need you now".to_owned(),
            format!(
                "{patient} sent you a message that names a sign of an emergency. Read it now and acknowledge it in the conversation; the clinic's administrators are told if nobody does."
            ),
            thread,
            true,
        ),
        MessageChange::FromDoctor => (
            "received",
            "A new message from your doctor".to_owned(),
            format!("{doctor} sent you a message. Open Messages to read it."),
            thread,
            false,
        ),
        MessageChange::ReplyOverdue => (
            "reply_overdue",
            "A patient is waiting for your reply".to_owned(),
            format!(
                "{patient} has waited longer than the reply time you promise. Open Messages to answer."
            ),
            thread,
            false,
        ),
        MessageChange::Overdue => (
            "overdue",
            "A patient's message has gone unanswered".to_owned(),
            format!(
                "{patient} has waited a day past {doctor}'s promised reply time. See Messages for the threads that need attention."
            ),
            "/admin/messages".to_owned(),
            false,
        ),
        MessageChange::UrgentUnacknowledged => (
            "urgent_unacknowledged",
            "Urgent: a patient's message needs someone now".to_owned(),
            format!(
                "{patient} sent {doctor} a message naming a sign of an emergency, and nobody has acknowledged it. Arrange for someone to contact them."
            ),
            "/admin/messages".to_owned(),
            true,
        ),
    };
    Rendered {
        category: Category::Messages,
        event: format!("message.{name}"),
        title,
        body,
        link: Some(link),
        urgent,
    }
}
