//! The document vault, as the patient, their doctors and admins see it:
//! the upload form (a file picker and a drop zone, the upload's progress),
//! documents as cards with their scan status, versions, shares and the
//! actions the reader may take (open or download, a new version, share,
//! edit, delete), deleted ones as tombstones. Admins read what is said
//! about files, never a file. Its styles are in `style/vault.css`.

mod card;
mod edit;
mod file_picker;
mod list;
mod open;
mod section;
mod share;
mod upload;
mod version_form;
mod versions;

use leptos::prelude::*;
use medtrack_shared::appointment::{Appointment, AppointmentStatus};
use medtrack_shared::vault::{Document, ScanStatus};
use medtrack_shared::{Role, UserId};

pub use file_picker::{FilePicker, UploadProgress};
pub use list::DocumentList;
pub use open::{OpenAttachment, PaperClip};
pub use section::{RecordDocuments, VisitDocuments};
pub use upload::UploadForm;

use crate::api::{Api, ApiError};
use crate::components::status::Loader;
use crate::format;
use crate::state::session::use_session;

/// Who is reading a vault: what they may do depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The patient whose vault it is.
    Owner(UserId),
    /// A doctor: what is shared with them or what they uploaded.
    Doctor(UserId),
    /// An administrator: what is said about files, never a file.
    Admin,
}

impl Viewer {
    /// The signed-in person, reading `patient`'s vault.
    pub fn now(patient: UserId) -> Self {
        match use_session().me() {
            Some(me) if me.role == Role::Doctor => Self::Doctor(me.id),
            Some(me) if me.role == Role::Patient && me.id == patient => Self::Owner(me.id),
            _ => Self::Admin,
        }
    }

    fn id(self) -> Option<UserId> {
        match self {
            Self::Owner(id) | Self::Doctor(id) => Some(id),
            Self::Admin => None,
        }
    }

    /// Whether they may open files (everyone but admins).
    fn opens(self) -> bool {
        self != Self::Admin
    }

    /// Whether they uploaded `document` (and so may change it).
    fn uploaded(self, document: &Document) -> bool {
        self.id() == Some(document.uploaded_by)
    }
}

/// One vault as a page shows it: whose, read by whom, and the visits an
/// upload may belong to (for the patient, also the doctors to share with).
#[derive(Clone, Copy)]
pub struct Vault {
    /// Whose vault.
    pub patient: UserId,
    /// Who reads it.
    pub viewer: Viewer,
    /// The patient's visits the reader may link a document to.
    pub visits: Loader<Vec<Appointment>>,
}

impl Vault {
    /// `patient`'s vault, read by the signed-in person, with the visits
    /// they may link an upload to.
    pub fn new(patient: UserId) -> Self {
        Self::with_visits(patient, true)
    }

    /// `patient`'s vault for reading: the visits are read only for the
    /// patient (whose doctors to share with come from them), sparing a
    /// doctor's access log entries for what the page does not use.
    pub fn reading(patient: UserId) -> Self {
        let owner = matches!(Viewer::now(patient), Viewer::Owner(_));
        Self::with_visits(patient, owner)
    }

    fn with_visits(patient: UserId, wanted: bool) -> Self {
        let viewer = Viewer::now(patient);
        let visits = Loader::new(move |api| async move {
            if wanted {
                visits(api, patient, viewer).await
            } else {
                Ok(Vec::new())
            }
        });
        Self {
            patient,
            viewer,
            visits,
        }
    }
}

/// The patient's upcoming and past appointments, latest first (a doctor's:
/// only their own with the patient): the visits an upload may belong to
/// and, for the patient, the doctors to share with.
async fn visits(api: Api, patient: UserId, viewer: Viewer) -> Result<Vec<Appointment>, ApiError> {
    if viewer == Viewer::Admin {
        return Ok(Vec::new());
    }
    let upcoming = api.appointments_of(patient, false, None).await?.items;
    let past = api.appointments_of(patient, true, None).await?.items;
    let mut all: Vec<Appointment> = upcoming
        .into_iter()
        .chain(past)
        .filter(|a| match viewer {
            Viewer::Doctor(me) => a.doctor.id == me,
            _ => true,
        })
        .collect();
    all.sort_by_key(|a| std::cmp::Reverse(a.starts_at));
    Ok(all)
}

/// Whether a document may still be linked to `visit`.
fn linkable(visit: &Appointment) -> bool {
    !matches!(
        visit.status,
        AppointmentStatus::Rejected | AppointmentStatus::Cancelled
    )
}

/// A visit as a choice: `Mon 30 Nov, 17:30 · Dr Sousa`.
fn visit_label(visit: &Appointment, zone: &str, for_doctor: bool) -> String {
    let with = if for_doctor {
        &visit.patient.name
    } else {
        &visit.doctor.name
    };
    format!("{} · {with}", format::when(visit.starts_at, zone))
}

/// The doctors of the patient's visits, each once: whom they may share with.
fn doctors(visits: &[Appointment]) -> Vec<(UserId, String)> {
    let mut doctors: Vec<(UserId, String)> = Vec::new();
    for visit in visits {
        if !doctors.iter().any(|(id, _)| *id == visit.doctor.id) {
            doctors.push((visit.doctor.id, visit.doctor.name.clone()));
        }
    }
    doctors.sort_by(|a, b| a.1.cmp(&b.1));
    doctors
}

/// Where a version is in the malware check, in words.
#[component]
pub fn ScanBadge(scan: ScanStatus, finding: Option<String>) -> impl IntoView {
    match scan {
        ScanStatus::Pending => view! {
            <span class="badge warn" data-testid="scan-status" data-scan="pending">"Checking for malware"</span>
        }
        .into_any(),
        ScanStatus::Clean => view! {
            <span class="badge ok" data-testid="scan-status" data-scan="clean">"No malware found"</span>
        }
        .into_any(),
        ScanStatus::Infected => view! {
            <span class="badge alert" data-testid="scan-status" data-scan="infected">"Refused: malware found"</span>
            {finding.map(|f| view! { " " <span class="scan-finding">{f}</span> })}
        }
        .into_any(),
        ScanStatus::NotScanned => view! {
            <span class="scan-note" data-testid="scan-status" data-scan="not_scanned">"Not scanned for malware"</span>
        }
        .into_any(),
    }
}

/// What is waited for before a version opens, when it cannot yet (or ever).
fn unopenable(scan: ScanStatus) -> Option<&'static str> {
    match scan {
        ScanStatus::Pending => Some("It opens once the malware check is done."),
        ScanStatus::Infected => Some("The malware check refused this file: it cannot be opened."),
        ScanStatus::Clean | ScanStatus::NotScanned => None,
    }
}

/// A document's title from its file's name: `blood_test-2026.pdf` gives
/// `blood test-2026`, within the longest title the server takes.
pub fn title_from(file_name: &str) -> String {
    let stem = match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => stem,
        _ => file_name,
    };
    stem.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(medtrack_shared::vault::MAX_TITLE_CHARS)
        .collect()
}

/// A file's name as sent with it, within the longest the server keeps.
fn sent_name(file_name: &str) -> Option<String> {
    let name: String = file_name
        .chars()
        .rev()
        .take(medtrack_shared::vault::MAX_FILE_NAME_CHARS)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!name.trim().is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_file_names() {
        assert_eq!(title_from("blood_test  2026.pdf"), "blood test 2026");
        assert_eq!(title_from("scan.final.png"), "scan.final");
        assert_eq!(title_from(".hidden"), ".hidden");
        assert_eq!(title_from(&"a".repeat(200)).chars().count(), 120);
    }

    #[test]
    fn long_names_keep_their_end_and_its_extension() {
        let long = format!("{}.pdf", "x".repeat(200));
        let sent = sent_name(&long).unwrap();
        assert_eq!(sent.chars().count(), 120);
        assert!(sent.ends_with(".pdf"));
        assert_eq!(sent_name("  "), None);
    }
}
