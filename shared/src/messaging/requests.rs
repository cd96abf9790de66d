//! What messaging's operations take, with their checks.

use serde::{Deserialize, Serialize};

use super::{MAX_ATTACHMENTS, MAX_MESSAGE_CHARS, MAX_SUBJECT_CHARS};
use crate::ids::{AppointmentId, DocumentId, MessageId, UserId};
use crate::rules;
use crate::validation::{FieldErrors, ValidationError};

fn check_text(errors: &mut FieldErrors, text: &str) {
    let within = rules::chars_within(errors, "text", text, MAX_MESSAGE_CHARS);
    if within && text.trim().is_empty() {
        errors.add("text", ValidationError::new("is required"));
    } else if within
        && text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.add(
            "text",
            ValidationError::new("must not contain control characters"),
        );
    }
}

fn check_attachments(errors: &mut FieldErrors, attachments: &[DocumentId]) {
    if rules::items_within(errors, "attachments", attachments.len(), MAX_ATTACHMENTS) {
        for (n, id) in attachments.iter().enumerate() {
            if attachments.iter().take(n).any(|earlier| earlier == id) {
                errors.add(
                    &format!("attachments[{n}]"),
                    ValidationError::new("is named twice"),
                );
            }
        }
    }
}

/// `POST /api/v1/messages/threads`: a new thread with its first message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "with": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    "subject": "Dizziness on the new tablets",
    "text": "Since Monday I feel dizzy in the morning.",
    "attachments": []
})))]
pub struct NewThread {
    /// The other party: a doctor of the calling patient, or a patient of the
    /// calling doctor.
    pub with: UserId,
    /// What it is about.
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub subject: String,
    /// The first message.
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub text: String,
    /// Documents of the patient's vault to attach.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub attachments: Vec<DocumentId>,
    /// The visit it is about (the two parties' appointment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<AppointmentId>,
}

impl NewThread {
    /// Checks lengths and the attachments' list.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let subject = &self.subject;
        let within = rules::chars_within(&mut errors, "subject", subject, MAX_SUBJECT_CHARS);
        if within && subject.trim().is_empty() {
            errors.add("subject", ValidationError::new("is required"));
        } else if within && subject.chars().any(char::is_control) {
            errors.add(
                "subject",
                ValidationError::new("must not contain control characters"),
            );
        }
        check_text(&mut errors, &self.text);
        check_attachments(&mut errors, &self.attachments);
        errors.into_result(())
    }
}

/// `POST /api/v1/messages/threads/{id}/messages`: a message in a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "text": "Thank you, I will try that.", "attachments": []
})))]
pub struct NewMessage {
    /// The words.
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub text: String,
    /// Documents of the patient's vault to attach.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub attachments: Vec<DocumentId>,
}

impl NewMessage {
    /// Checks lengths and the attachments' list.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        check_text(&mut errors, &self.text);
        check_attachments(&mut errors, &self.attachments);
        errors.into_result(())
    }
}

/// `POST /api/v1/messages/threads/{id}/read`: the caller has read the thread
/// up to this message (a mark never moves back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "up_to": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
})))]
pub struct ReadInput {
    /// The newest message the caller has seen.
    pub up_to: MessageId,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str, attachments: Vec<DocumentId>) -> NewMessage {
        NewMessage {
            text: text.to_owned(),
            attachments,
        }
    }

    #[test]
    fn a_message_needs_words_within_the_limit_and_distinct_attachments() {
        assert!(message("Hello\nthere", vec![]).check().is_ok());
        assert!(message("  \n ", vec![]).check().is_err());
        assert!(message(&"a".repeat(MAX_MESSAGE_CHARS), vec![])
            .check()
            .is_ok());
        assert!(message(&"a".repeat(MAX_MESSAGE_CHARS + 1), vec![])
            .check()
            .is_err());
        assert!(message("bell \u{7}", vec![]).check().is_err());
        let id = DocumentId::from_uuid(uuid::Uuid::nil());
        assert!(message("two", vec![id, id]).check().is_err());
    }
}
