//! The document vault: files a patient keeps (reports, prescriptions,
//! images) and files their doctors upload for them, each with its versions,
//! its shares and its malware scan.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ids::{AppointmentId, DocumentId, UserId};
use crate::Role;

mod requests;
pub use requests::*;

/// The longest title.
pub const MAX_TITLE_CHARS: usize = 120;
/// The longest file name kept with a version.
pub const MAX_FILE_NAME_CHARS: usize = 120;
/// The most versions of one document.
pub const MAX_VERSIONS: u32 = 50;
/// The most doctors one document is shared with at once.
pub const MAX_SHARES: usize = 20;
/// The largest upload unless the clinic configures another: 25 MB.
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 25 * 1024 * 1024;
/// How long a download link works, in seconds.
pub const DOWNLOAD_LINK_SECONDS: i64 = 60;
/// What the vault accepts, for people.
pub const ACCEPTED_TYPES: &str = "PDF, PNG, JPEG, HEIC, DICOM, plain text (UTF-8) or CCD/XML";

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentCategory {
    /// A laboratory result.
    LabResult,
    /// An X-ray, scan or other image.
    Imaging,
    /// A prescription.
    Prescription,
    /// A letter or report.
    Letter,
    /// An insurance document.
    Insurance,
    /// Anything else.
    Other,
}

impl DocumentCategory {
    /// Every category, in the order pages offer them.
    pub const ALL: [DocumentCategory; 6] = [
        Self::LabResult,
        Self::Imaging,
        Self::Prescription,
        Self::Letter,
        Self::Insurance,
        Self::Other,
    ];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::LabResult => "Lab result",
            Self::Imaging => "Imaging",
            Self::Prescription => "Prescription",
            Self::Letter => "Letter or report",
            Self::Insurance => "Insurance",
            Self::Other => "Other",
        }
    }

    /// Its name in URLs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LabResult => "lab_result",
            Self::Imaging => "imaging",
            Self::Prescription => "prescription",
            Self::Letter => "letter",
            Self::Insurance => "insurance",
            Self::Other => "other",
        }
    }
}

/// A file's type, as its content shows it (never its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    /// PDF.
    Pdf,
    /// PNG image.
    Png,
    /// JPEG image.
    Jpeg,
    /// HEIC image (phones' photos).
    Heic,
    /// DICOM medical image.
    Dicom,
    /// Plain text (UTF-8).
    Text,
    /// XML, e.g. a CCD.
    Xml,
}

impl FileType {
    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Png => "PNG image",
            Self::Jpeg => "JPEG image",
            Self::Heic => "HEIC image",
            Self::Dicom => "DICOM image",
            Self::Text => "Text",
            Self::Xml => "XML document",
        }
    }

    /// The `Content-Type` it is served with.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Heic => "image/heic",
            Self::Dicom => "application/dicom",
            Self::Text => "text/plain; charset=utf-8",
            Self::Xml => "application/xml",
        }
    }

    /// The extension a saved copy gets, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Heic => "heic",
            Self::Dicom => "dcm",
            Self::Text => "txt",
            Self::Xml => "xml",
        }
    }

    /// Whether a browser may show it in the page (the preview): images it
    /// draws itself and PDFs in its own viewer; everything else downloads.
    pub fn inline(self) -> bool {
        matches!(self, Self::Pdf | Self::Png | Self::Jpeg)
    }
}

/// Where a version is in the malware check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScanStatus {
    /// Waiting for the scanner: nobody can open it yet.
    Pending,
    /// The scanner found nothing.
    Clean,
    /// The scanner found malware: nobody can open it.
    Infected,
    /// The clinic runs no scanner: it opens, with a word of caution.
    NotScanned,
}

impl ScanStatus {
    /// Whether the version may be downloaded.
    pub fn openable(self) -> bool {
        matches!(self, Self::Clean | Self::NotScanned)
    }
}

/// One version of a document: immutable once written, but for its scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Version {
    /// 1 for the first upload, then counting up.
    pub number: u32,
    /// The file's name, as uploaded, with the extension of its type.
    pub file_name: String,
    /// Its type, from its content.
    pub file_type: FileType,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: UserId,
    /// Their name.
    pub uploaded_by_name: String,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub uploaded_at: Timestamp,
    /// Its malware check.
    pub scan: ScanStatus,
    /// What the scanner found (a signature's name), when infected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
}

/// A version the malware check refused, as admins list it: which document
/// of whose vault, never its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarantinedFile {
    /// The document.
    pub document: DocumentId,
    /// Whose vault it is in.
    pub patient: UserId,
    /// The version.
    #[serde(flatten)]
    pub version: Version,
}

/// A doctor a document is shared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Share {
    /// The doctor.
    pub doctor: UserId,
    /// Their name.
    pub doctor_name: String,
    /// When the patient shared it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub shared_at: Timestamp,
    /// The last day they may open it, on the patient's calendar; for as
    /// long as the patient does not revoke it when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub until: Option<Date>,
    /// The end of that day in the patient's time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub expires_at: Option<Timestamp>,
}

impl Share {
    /// Whether the share holds at `now`.
    pub fn live(&self, now: Timestamp) -> bool {
        self.expires_at.is_none_or(|end| now < end)
    }
}

/// Who deleted a document, and when: what the record keeps of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tombstone {
    /// Who.
    pub by: UserId,
    /// Their name.
    pub by_name: String,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

/// A document in a patient's vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    /// Id.
    pub id: DocumentId,
    /// Whose vault it is in.
    pub patient: UserId,
    /// What it is, in a few words.
    pub title: String,
    /// Its category.
    pub category: DocumentCategory,
    /// The date it is about (the test, the letter).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub about: Date,
    /// The visit it belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<AppointmentId>,
    /// Who uploaded the first version.
    pub uploaded_by: UserId,
    /// Their name.
    pub uploaded_by_name: String,
    /// Their role: the patient, or one of their doctors.
    pub uploaded_by_role: Role,
    /// When it was first uploaded.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// The latest version.
    pub current: Version,
    /// How many versions it has.
    pub versions: u32,
    /// The doctors it is shared with (shown to the patient and admins only).
    pub shares: Vec<Share>,
    /// Set when the patient deleted it: nothing of it opens any more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Tombstone>,
}

/// A short-lived link to one version's content, made after the access
/// check and recorded in the patient's access log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DownloadLink {
    /// Where to fetch it: on the server's disk a path on the API's origin
    /// (`/api/v1/files/...`), on S3 an absolute presigned URL. It needs no
    /// other credential, so it is not kept.
    pub url: String,
    /// When it stops working.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
    /// The file's type.
    pub file_type: FileType,
    /// The file's name.
    pub file_name: String,
    /// Whether the browser shows it in the page (images, PDFs).
    pub inline: bool,
}

/// A file name safe to send in a header and to save: letters, digits and a
/// few marks kept, the rest made `_`, its extension that of `file_type`.
pub fn file_name(given: Option<&str>, title: &str, extension: &str) -> String {
    let base = given.unwrap_or(title);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => stem,
        _ => base,
    };
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let clean = clean.trim();
    let stem = if clean.is_empty() { "document" } else { clean };
    format!("{stem}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_take_the_type_extension_and_lose_unsafe_characters() {
        assert_eq!(file_name(Some("scan.pdf.exe"), "x", "pdf"), "scan_pdf.pdf");
        assert_eq!(file_name(Some("a\"b;c\r\n.png"), "x", "png"), "a_b_c__.png");
        assert_eq!(file_name(None, "Blood test", "pdf"), "Blood test.pdf");
        assert_eq!(file_name(Some(".hidden"), "x", "txt"), "_hidden.txt");
        assert_eq!(file_name(Some("   "), "x", "txt"), "document.txt");
        assert_eq!(
            file_name(Some("Ärztebrief.pdf"), "x", "pdf"),
            "_rztebrief.pdf"
        );
    }

    #[test]
    fn a_share_lapses_at_its_end() {
        let at: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
        let share = Share {
            doctor: UserId::from_uuid(uuid::Uuid::nil()),
            doctor_name: "Dr".into(),
            shared_at: at,
            until: None,
            expires_at: Some(at),
        };
        assert!(!share.live(at));
        assert!(share.live(at - jiff::SignedDuration::from_secs(1)));
    }
}
