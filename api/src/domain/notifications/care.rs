//! The texts of care notices: a doctor's request for a questionnaire, and
//! alerts about a patient's answers. They name the patient but never the
//! score or an answer: those stay on the record, where reading them is
//! logged; text messages carry the title alone, which names no one.

use medtrack_shared::notification::Category;

use super::outbox::{CareChange, CareNotice};
use super::Rendered;

/// The words of a care notice.
pub fn render(notice: &CareNotice) -> Rendered {
    let patient = &notice.patient_name;
    let record = format!("/patients/{}", notice.patient);
    let (name, title, body, link, urgent) = match &notice.change {
        CareChange::Phq9Requested { doctor } => (
            "phq9_requested",
            "Your doctor asks you to answer a questionnaire",
            format!(
                "{doctor} asks you to answer the PHQ-9, nine questions about how you have felt over the last two weeks. It takes about three minutes."
            ),
            "/record/phq9".to_owned(),
            false,
        ),
        CareChange::Phq9Elevated => (
            "phq9_elevated",
            "A patient's questionnaire needs your review",
            format!(
                "{patient} answered a PHQ-9 questionnaire whose result asks for a doctor's review. Open their record to see it."
            ),
            record,
            false,
        ),
        CareChange::Phq9Urgent { minutes } => (
            "phq9_urgent",
            "Urgent: a patient may need support now",
            format!(
                "{patient} answered a questionnaire in a way that needs urgent attention. Open their record, contact them, and acknowledge the alert there; without an acknowledgement within {minutes} minutes the clinic's administrators are told."
            ),
            record,
            true,
        ),
        CareChange::Phq9Escalated { no_doctor } => (
            "phq9_escalated",
            "Urgent: a patient alert needs someone now",
            format!(
                "{patient} answered a questionnaire in a way that needs urgent attention, and {}. Arrange for someone to contact them, then acknowledge the alert under Open alerts.",
                if *no_doctor {
                    "they have no doctor at the clinic"
                } else {
                    "none of their doctors acknowledged the alert in time"
                }
            ),
            "/admin/alerts".to_owned(),
            true,
        ),
    };
    Rendered {
        category: Category::CareAlerts,
        event: format!("care.{name}"),
        title: title.to_owned(),
        body,
        link: Some(link),
        urgent,
    }
}
