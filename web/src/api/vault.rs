//! The document vault: a patient's documents, their versions and shares,
//! download links, a visit's documents, and the admins' quarantine. Uploads
//! are in [`super::upload`], for their progress.

use medtrack_shared::vault::{
    Document, DocumentChange, DownloadLink, QuarantinedFile, ShareInput, Version,
};
use medtrack_shared::{AppointmentId, DocumentId, Page, UserId};

use super::{nothing, paged, Api, ApiError};

/// How many documents a page of a vault shows.
pub const DOCUMENTS_PAGE: u32 = 25;
/// How many refused files a page of the quarantine shows.
pub const QUARANTINE_PAGE: u32 = 25;

fn document_path(patient: UserId, id: DocumentId) -> String {
    format!("/patients/{patient}/documents/{id}")
}

impl Api {
    /// One page of the patient's documents, newest first: what the reader
    /// may see of them.
    pub async fn documents(
        self,
        patient: UserId,
        cursor: Option<String>,
    ) -> Result<Page<Document>, ApiError> {
        let path = paged(
            &format!("/patients/{patient}/documents"),
            DOCUMENTS_PAGE,
            cursor.as_deref(),
        );
        self.get(&path).await
    }

    /// One document.
    pub async fn document(self, patient: UserId, id: DocumentId) -> Result<Document, ApiError> {
        self.get(&document_path(patient, id)).await
    }

    /// Changes a document's title, category or date (its uploader).
    pub async fn change_document(
        self,
        patient: UserId,
        id: DocumentId,
        change: DocumentChange,
    ) -> Result<Document, ApiError> {
        self.patch(&document_path(patient, id), &change).await
    }

    /// Deletes a document the patient uploaded; answers its tombstone.
    pub async fn delete_document(
        self,
        patient: UserId,
        id: DocumentId,
    ) -> Result<Document, ApiError> {
        self.delete_for(&document_path(patient, id)).await
    }

    /// A document's versions, newest first.
    pub async fn versions(self, patient: UserId, id: DocumentId) -> Result<Vec<Version>, ApiError> {
        self.get(&format!("{}/versions", document_path(patient, id)))
            .await
    }

    /// Shares a document with a doctor, until a day or until revoked.
    pub async fn share_document(
        self,
        patient: UserId,
        id: DocumentId,
        doctor: UserId,
        input: ShareInput,
    ) -> Result<Document, ApiError> {
        let path = format!("{}/shares/{doctor}", document_path(patient, id));
        self.put(&path, &input).await
    }

    /// Ends a share at once.
    pub async fn revoke_share(
        self,
        patient: UserId,
        id: DocumentId,
        doctor: UserId,
    ) -> Result<Document, ApiError> {
        let path = format!("{}/shares/{doctor}", document_path(patient, id));
        self.delete_for(&path).await
    }

    /// A link to a version's content (the latest when `version` is none),
    /// working for a minute; the read is in the patient's access log.
    pub async fn download_link(
        self,
        patient: UserId,
        id: DocumentId,
        version: Option<u32>,
    ) -> Result<DownloadLink, ApiError> {
        let mut path = format!("{}/download", document_path(patient, id));
        if let Some(number) = version {
            path.push_str(&format!("?version={number}"));
        }
        let mut link: DownloadLink = self.post(&path, &nothing()).await?;
        // A link to the server's own disk is a path on the API's origin.
        if link.url.starts_with('/') {
            link.url = format!("{}{}", super::base_url(), link.url);
        }
        Ok(link)
    }

    /// The documents of a visit the reader may see.
    pub async fn visit_documents(self, visit: AppointmentId) -> Result<Vec<Document>, ApiError> {
        self.get(&format!("/appointments/{visit}/documents")).await
    }

    /// One page of the files the malware check refused (admins).
    pub async fn quarantine(
        self,
        cursor: Option<String>,
    ) -> Result<Page<QuarantinedFile>, ApiError> {
        self.get(&paged(
            "/admin/quarantine",
            QUARANTINE_PAGE,
            cursor.as_deref(),
        ))
        .await
    }
}
