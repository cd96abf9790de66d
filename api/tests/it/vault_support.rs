//! What the vault tests share: a clinic whose patient is booked with its
//! doctor, on a vault of chosen settings (disk or S3, with or without
//! clamd), sample files, and calls.

use medtrack::config::VaultSettings;
use medtrack_shared::vault::{Document, DownloadLink};
use medtrack_shared::Page;
use reqwest::StatusCode;

use crate::clinic::{zone_at_noon, Clinic, Person};
use crate::helpers::{spawn_app_with_vault, Driver};
use crate::record_problems::expect;

/// Where the vault keeps files in a test.
#[derive(Debug, Clone, Copy)]
pub enum Objects {
    Disk,
    S3,
}

/// Vault settings on `objects` (S3: a bucket of the test's own on moto).
pub fn settings(objects: Objects) -> VaultSettings {
    match objects {
        Objects::Disk => VaultSettings::default(),
        Objects::S3 => VaultSettings {
            s3_bucket: Some(format!("vault-{}", uuid::Uuid::now_v7().simple())),
            s3_endpoint: Some(crate::moto::endpoint()),
            ..VaultSettings::default()
        },
    }
}

/// A clinic on a vault with `vault`, its patient booked with its doctor.
pub async fn clinic_on(driver: Driver, vault: VaultSettings) -> Clinic {
    let app = spawn_app_with_vault(driver, crate::helpers::sink, vault).await;
    let clinic = Clinic::open_on(app, &zone_at_noon()).await;
    let slot = clinic.free_slots().await[0];
    let booked = clinic.book_as(&clinic.patient, slot).await;
    assert_eq!(booked.status(), StatusCode::CREATED);
    clinic
}

/// A small PDF.
pub fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
         2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% {text}\n\
         trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

/// A PNG's signature and header chunk.
pub fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
    bytes.extend_from_slice(&[0x90, 0x77, 0x53, 0xde]);
    bytes
}

/// `/api/v1/patients/{patient}/documents`.
pub fn documents_of(patient: &Person) -> String {
    format!("/api/v1/patients/{}/documents", patient.id)
}

/// Uploads `body` as `token` with the query `query` (Content-Length set).
pub async fn upload(
    clinic: &Clinic,
    token: &str,
    path: &str,
    query: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    clinic
        .app
        .client
        .post(clinic.app.url(&format!("{path}?{query}")))
        .bearer_auth(token)
        .header("Content-Type", "application/octet-stream")
        .body(body)
        .send()
        .await
        .expect("upload")
}

/// Uploads a PDF as the patient, which must succeed.
pub async fn patient_pdf(clinic: &Clinic, title: &str) -> Document {
    let query = format!("title={title}&category=lab_result&about=2026-11-01&file_name=x.pdf");
    let path = documents_of(&clinic.patient);
    expect(
        upload(clinic, &clinic.patient.token, &path, &query, pdf(title)).await,
        StatusCode::CREATED,
    )
    .await
}

/// The documents `token` sees in the patient's vault.
pub async fn listed(clinic: &Clinic, token: &str) -> Vec<Document> {
    let page: Page<Document> = clinic.read(token, &documents_of(&clinic.patient)).await;
    page.items
}

/// Asks for a download link as `token`.
pub async fn link_for(
    clinic: &Clinic,
    token: &str,
    document: &Document,
    version: Option<u32>,
) -> reqwest::Response {
    let mut path = format!("{}/{}/download", documents_of(&clinic.patient), document.id);
    if let Some(number) = version {
        path.push_str(&format!("?version={number}"));
    }
    clinic
        .app
        .client
        .post(clinic.app.url(&path))
        .bearer_auth(token)
        .send()
        .await
        .expect("download link")
}

/// Downloads through a link (no credentials): its answer. A disk link is a
/// path on the server's origin.
pub async fn fetch(clinic: &Clinic, link: &DownloadLink) -> reqwest::Response {
    let url = if link.url.starts_with('/') {
        clinic.app.url(&link.url)
    } else {
        link.url.clone()
    };
    reqwest::get(url).await.expect("download")
}
