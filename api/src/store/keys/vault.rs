//! The keys of the document vault (see the table in the parent module).

use medtrack_shared::{AppointmentId, DocumentId, UserId};

use super::Key;

/// The partition of a patient's documents.
pub fn documents(patient: &UserId) -> String {
    format!("DOCS#{patient}")
}

/// A document in a patient's vault.
pub fn document(patient: &UserId, id: &DocumentId) -> Key {
    Key::new(documents(patient), id.to_string())
}

/// The GSI1 partition of the documents that belong to a visit.
pub fn visit_documents(visit: &AppointmentId) -> String {
    format!("VISIT_DOCS#{visit}")
}

/// The partition of a document's versions.
pub fn document_versions(id: &DocumentId) -> String {
    format!("DOC_VERSIONS#{id}")
}

/// One version of a document, numbered from 1 (zero-padded: text order is
/// number order).
pub fn document_version(id: &DocumentId, number: u32) -> Key {
    Key::new(document_versions(id), format!("{number:04}"))
}

/// The GSI1 partition of the versions the malware check refused.
pub const QUARANTINE: &str = "VAULT_QUARANTINE";

/// The partition of what one doctor may open of one patient's vault: a
/// marker per document shared with them or uploaded by them.
pub fn doctor_documents(doctor: &UserId, patient: &UserId) -> String {
    format!("DOC_READER#{doctor}#{patient}")
}

/// A doctor's marker for one document.
pub fn doctor_document(doctor: &UserId, patient: &UserId, id: &DocumentId) -> Key {
    Key::new(doctor_documents(doctor, patient), id.to_string())
}

/// A download link's grant, under the SHA-256 of its secret.
pub fn download(secret_hash: &str) -> Key {
    Key::new(format!("DOWNLOAD#{secret_hash}"), "GRANT")
}
