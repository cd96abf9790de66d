//! The texts of vault notices: a document shared with a doctor, and a file
//! the malware check refused. They never carry a document's title, which
//! may say what the document is about; the link leads to where it is.

use medtrack_shared::notification::Category;
use medtrack_shared::Role;

use super::outbox::{DocumentChange, DocumentNotice};
use super::Rendered;

/// The words of a document notice for a reader in `role`.
pub fn render(notice: &DocumentNotice, role: Role) -> Rendered {
    let patient = &notice.patient_name;
    let (name, title, body, link) = match &notice.change {
        DocumentChange::Shared { until } => (
            "shared",
            "A patient shared a document with you",
            match until {
                Some(day) => format!(
                    "{patient} shared a document with you until {}. It is under Documents on their record.",
                    day.strftime("%-d %B %Y")
                ),
                None => format!(
                    "{patient} shared a document with you. It is under Documents on their record."
                ),
            },
            format!("/patients/{}", notice.patient),
        ),
        DocumentChange::Refused => (
            "refused",
            "A file you uploaded was refused",
            "The malware check found something harmful in a file you uploaded, so nobody can open it. Upload a clean copy instead.".to_owned(),
            match role {
                Role::Patient => "/record/documents".to_owned(),
                _ => format!("/patients/{}", notice.patient),
            },
        ),
        DocumentChange::Quarantined => (
            "quarantined",
            "A file failed the malware check",
            "The malware check found something harmful in an uploaded file. It is kept out of reach; see Quarantined files.".to_owned(),
            "/admin/quarantine".to_owned(),
        ),
    };
    Rendered {
        category: Category::Documents,
        event: format!("document.{name}"),
        title: title.to_owned(),
        body,
        link: Some(link),
        urgent: false,
    }
}
