//! What the vault's operations take: uploads' query strings, changes,
//! shares, attachments and which version to download, with their checks.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{DocumentCategory, MAX_FILE_NAME_CHARS, MAX_TITLE_CHARS};
use crate::ids::{AppointmentId, DocumentId};
use crate::rules;
use crate::validation::{FieldErrors, ValidationError};

fn check_title(errors: &mut FieldErrors, title: &str) {
    let within = rules::chars_within(errors, "title", title, MAX_TITLE_CHARS);
    if within && title.trim().is_empty() {
        errors.add("title", ValidationError::new("is required"));
    } else if within && title.chars().any(char::is_control) {
        errors.add(
            "title",
            ValidationError::new("must not contain control characters"),
        );
    }
}

fn check_file_name(errors: &mut FieldErrors, name: Option<&str>) {
    if let Some(name) = name {
        rules::chars_within(errors, "file_name", name, MAX_FILE_NAME_CHARS);
    }
}

/// `POST /api/v1/patients/{id}/documents`: what the uploaded file is. The
/// file itself is the request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UploadQuery {
    /// What it is, in a few words.
    #[cfg_attr(feature = "openapi", param(max_length = 120, example = "Blood test"))]
    pub title: String,
    /// Its category.
    pub category: DocumentCategory,
    /// The date it is about.
    #[cfg_attr(feature = "openapi", param(value_type = String, format = Date))]
    pub about: Date,
    /// The visit it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<AppointmentId>,
    /// The file's name on the uploader's device (its extension is replaced
    /// by that of the type found in the content).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 120))]
    pub file_name: Option<String>,
}

impl UploadQuery {
    /// Checks lengths and dates.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        check_title(&mut errors, &self.title);
        check_file_name(&mut errors, self.file_name.as_deref());
        rules::check_date(&mut errors, "about", Some(self.about));
        errors.into_result(())
    }
}

/// `POST /api/v1/patients/{id}/documents/{document_id}/versions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct VersionQuery {
    /// The file's name on the uploader's device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 120))]
    pub file_name: Option<String>,
}

impl VersionQuery {
    /// Checks lengths.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        check_file_name(&mut errors, self.file_name.as_deref());
        errors.into_result(())
    }
}

/// `PATCH /api/v1/patients/{id}/documents/{document_id}`: what is said
/// about the file; the file changes by a new version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": "Full blood count", "category": "lab_result", "about": "2026-11-02"
})))]
#[serde(deny_unknown_fields)]
pub struct DocumentChange {
    /// A new title.
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub title: Option<String>,
    /// A new category.
    pub category: Option<DocumentCategory>,
    /// A new date.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub about: Option<Date>,
}

impl DocumentChange {
    /// Checks lengths and dates.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Some(title) = &self.title {
            check_title(&mut errors, title);
        }
        rules::check_date(&mut errors, "about", self.about);
        errors.into_result(())
    }
}

/// `PUT /api/v1/patients/{id}/documents/{document_id}/shares/{doctor_id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"until": "2027-03-31"})))]
#[serde(deny_unknown_fields)]
pub struct ShareInput {
    /// The last day the doctor may open it; until revoked when absent.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub until: Option<Date>,
}

impl ShareInput {
    /// Checks the date.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        rules::check_date(&mut errors, "until", self.until);
        errors.into_result(())
    }
}

/// The most documents attached to a visit at once.
pub const MAX_ATTACHED: usize = 10;

/// `POST /api/v1/appointments/{id}/documents`: the patient attaches
/// documents of their vault to a visit (e.g. when booking it), which shares
/// them with its doctor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "documents": ["0190b5a2-7c1e-7d3a-9f00-4c2b8e1d2a10"]
})))]
#[serde(deny_unknown_fields)]
pub struct AttachInput {
    /// The documents, each once.
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub documents: Vec<DocumentId>,
}

impl AttachInput {
    /// Checks the count.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if rules::items_within(&mut errors, "documents", self.documents.len(), MAX_ATTACHED)
            && self.documents.is_empty()
        {
            errors.add("documents", ValidationError::new("must name a document"));
        }
        errors.into_result(())
    }
}

/// Which version to download.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DownloadQuery {
    /// The version's number; the latest when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 50))]
    pub version: Option<u32>,
}
