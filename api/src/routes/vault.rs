//! The document vault: uploads (the file as the body, what it is in the
//! query string), documents and their versions, shares, and download links;
//! the files behind disk links; the admins' quarantine.

use actix_web::body::SizedStream;
use actix_web::http::header;
use actix_web::web::{Data, Json, Path, Payload};
use actix_web::{delete, get, patch, post, put, HttpRequest, HttpResponse};
use medtrack_shared::vault::{
    AttachInput, Document, DocumentChange, DownloadLink, DownloadQuery, QuarantinedFile,
    ShareInput, UploadQuery, Version, VersionQuery,
};
use medtrack_shared::{AppointmentId, DocumentId, ErrorBody, Page, PageQuery, UserId};

use super::extract::{Body, Query};
use super::guard::{ActiveAccount, AdminOnly, Authenticated, PatientOnly, PatientOrDoctor};
use super::params::{DocumentPath, PatientPath, SharePath};
use super::AppState;
use crate::domain::vault::{documents, download, scan, shares, upload as uploads};
use crate::domain::DomainError;
use crate::error::ApiError;

/// Refuses a body whose declared length is over the limit before reading it.
fn declared_within(state: &AppState, request: &HttpRequest) -> Result<(), ApiError> {
    let limit = state.ctx.vault.as_ref().map_or(0, |v| v.max_upload);
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(length) if length > limit => Err(DomainError::TooLarge { limit }.into()),
        _ => Ok(()),
    }
}

/// A page of the patient's documents, newest first: all of them for the
/// patient and admins (deleted ones as tombstones), what is shared with a
/// doctor or what they uploaded for the doctor.
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(PatientPath, PageQuery),
    responses(
        (status = 200, body = Page<Document>),
        (status = 403, description = "Not this patient, an admin, or a doctor the patient shares with or who is theirs.", body = ErrorBody),
    )
)]
#[get("/documents")]
pub async fn list(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<UserId>,
    page: Query<PageQuery>,
) -> Result<Json<Page<Document>>, ApiError> {
    Ok(Json(
        documents::list(&state.ctx, &caller.account, &id, &page).await?,
    ))
}

/// Uploads a document: the file is the body, as it is (any declared type:
/// the type is read from the content). PDF, PNG, JPEG, HEIC, DICOM, plain
/// text and CCD/XML are accepted; up to the clinic's size limit (25 MB
/// unless configured). The patient, or one of their doctors; a patient's
/// document for a visit is shared with its doctor.
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(PatientPath, UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file."),
    responses(
        (status = 201, body = Document),
        (status = 403, description = "Not this patient or one of their doctors.", body = ErrorBody),
        (status = 413, description = "Larger than the limit, which the message names (`payload_too_large`).", body = ErrorBody),
        (status = 415, description = "Not an accepted type, or a web page or SVG image; the message names what is accepted (`unsupported_media_type`).", body = ErrorBody),
    )
)]
#[post("/documents")]
pub async fn upload(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    id: Path<UserId>,
    query: Query<UploadQuery>,
    request: HttpRequest,
    body: Payload,
) -> Result<HttpResponse, ApiError> {
    declared_within(&state, &request)?;
    let document = uploads::upload(&state.ctx, &caller.account, &id, &query, body).await?;
    Ok(HttpResponse::Created().json(document))
}

/// One document.
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(DocumentPath),
    responses((status = 200, body = Document))
)]
#[get("/documents/{document_id}")]
pub async fn get(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    path: Path<(UserId, DocumentId)>,
) -> Result<Json<Document>, ApiError> {
    let (patient, document) = path.into_inner();
    Ok(Json(
        documents::get(&state.ctx, &caller.account, &patient, &document).await?,
    ))
}

/// Changes a document's title, category or date (whoever uploaded it).
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(DocumentPath),
    request_body = DocumentChange,
    responses(
        (status = 200, body = Document),
        (status = 403, description = "Not the document's uploader.", body = ErrorBody),
        (status = 409, description = "Changed meanwhile (`changed_concurrently`).", body = ErrorBody),
    )
)]
#[patch("/documents/{document_id}")]
pub async fn change(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    path: Path<(UserId, DocumentId)>,
    body: Body<DocumentChange>,
) -> Result<Json<Document>, ApiError> {
    let (patient, document) = path.into_inner();
    let ctx = &state.ctx;
    Ok(Json(
        documents::change(ctx, &caller.account, &patient, &document, &body).await?,
    ))
}

/// Deletes a document the patient uploaded: its shares end and nothing of
/// it opens again; the answer is its tombstone.
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(DocumentPath),
    responses(
        (status = 200, body = Document),
        (status = 403, description = "Not this patient, or a document a doctor uploaded (correct it by a new version).", body = ErrorBody),
    )
)]
#[delete("/documents/{document_id}")]
pub async fn remove(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    path: Path<(UserId, DocumentId)>,
) -> Result<Json<Document>, ApiError> {
    let (patient, document) = path.into_inner();
    Ok(Json(
        documents::delete(&state.ctx, &caller.account, &patient, &document).await?,
    ))
}

/// A document's versions, newest first.
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(DocumentPath),
    responses((status = 200, body = Vec<Version>))
)]
#[get("/documents/{document_id}/versions")]
pub async fn versions(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    path: Path<(UserId, DocumentId)>,
) -> Result<Json<Vec<Version>>, ApiError> {
    let (patient, document) = path.into_inner();
    Ok(Json(
        documents::versions(&state.ctx, &caller.account, &patient, &document).await?,
    ))
}

/// Uploads a new version (whoever uploaded the document); the old ones stay.
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(DocumentPath, VersionQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file."),
    responses(
        (status = 201, body = Document),
        (status = 403, description = "Not the document's uploader.", body = ErrorBody),
        (status = 409, description = "Fifty versions already (`limit_reached`), or changed meanwhile (`changed_concurrently`).", body = ErrorBody),
        (status = 413, description = "Larger than the limit (`payload_too_large`).", body = ErrorBody),
        (status = 415, description = "Not an accepted type (`unsupported_media_type`).", body = ErrorBody),
    )
)]
#[post("/documents/{document_id}/versions")]
pub async fn add_version(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    path: Path<(UserId, DocumentId)>,
    query: Query<VersionQuery>,
    request: HttpRequest,
    body: Payload,
) -> Result<HttpResponse, ApiError> {
    declared_within(&state, &request)?;
    let (patient, id) = path.into_inner();
    let ctx = &state.ctx;
    let document = uploads::add_version(ctx, &caller.account, &patient, &id, &query, body).await?;
    Ok(HttpResponse::Created().json(document))
}

/// Shares a document with a doctor of the clinic, until a day or until
/// revoked (the patient); the doctor is told.
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(SharePath),
    request_body = ShareInput,
    responses(
        (status = 200, body = Document),
        (status = 403, description = "Not this patient.", body = ErrorBody),
        (status = 409, description = "Twenty doctors already (`limit_reached`), or changed meanwhile (`changed_concurrently`).", body = ErrorBody),
    )
)]
#[put("/documents/{document_id}/shares/{doctor_id}")]
pub async fn share(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    path: Path<(UserId, DocumentId, UserId)>,
    body: Body<ShareInput>,
) -> Result<Json<Document>, ApiError> {
    let (patient, id, doctor) = path.into_inner();
    let ctx = &state.ctx;
    Ok(Json(
        shares::share(ctx, &caller.account, &patient, &id, &doctor, &body).await?,
    ))
}

/// Ends a share at once (the patient).
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(SharePath),
    responses(
        (status = 200, body = Document),
        (status = 403, description = "Not this patient.", body = ErrorBody),
    )
)]
#[delete("/documents/{document_id}/shares/{doctor_id}")]
pub async fn revoke(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    path: Path<(UserId, DocumentId, UserId)>,
) -> Result<Json<Document>, ApiError> {
    let (patient, id, doctor) = path.into_inner();
    let ctx = &state.ctx;
    Ok(Json(
        shares::revoke(ctx, &caller.account, &patient, &id, &doctor).await?,
    ))
}

/// A link to a version's content that works for 60 seconds, made after the
/// access check and recorded in the patient's access log. Admins see
/// metadata only.
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(DocumentPath, DownloadQuery),
    responses(
        (status = 200, body = DownloadLink),
        (status = 403, description = "An admin, or not this patient.", body = ErrorBody),
        (status = 409, description = "Still being checked for malware (`scan_pending`), or refused by the check (`quarantined`).", body = ErrorBody),
    )
)]
#[post("/documents/{document_id}/download")]
pub async fn download_link(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    path: Path<(UserId, DocumentId)>,
    query: Query<DownloadQuery>,
) -> Result<Json<DownloadLink>, ApiError> {
    let (patient, id) = path.into_inner();
    let ctx = &state.ctx;
    Ok(Json(
        download::link(ctx, &caller.account, &patient, &id, &query).await?,
    ))
}

/// The content of a version (the latest when none is named): a redirect
/// to a link that works for 60 seconds, made after the same checks as
/// `download` and recorded in the patient's access log. What FHIR's
/// DocumentReference attachments point at, for clients that follow a URL.
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(DocumentPath, DownloadQuery),
    responses(
        (status = 303, description = "To the file, for 60 seconds.",
         headers(("Location" = String, description = "The file's short-lived address."))),
        (status = 403, description = "An admin, or not this patient.", body = ErrorBody),
        (status = 409, description = "Still being checked for malware (`scan_pending`), or refused by the check (`quarantined`).", body = ErrorBody),
    )
)]
#[get("/documents/{document_id}/content")]
pub async fn content(
    state: Data<AppState>,
    caller: Authenticated<PatientOrDoctor>,
    path: Path<(UserId, DocumentId)>,
    query: Query<DownloadQuery>,
) -> Result<HttpResponse, ApiError> {
    let (patient, id) = path.into_inner();
    let link = download::link(&state.ctx, &caller.account, &patient, &id, &query).await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, link.url))
        .finish())
}

/// The documents of a visit the caller may see.
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(("id" = AppointmentId, Path, description = "The appointment.")),
    responses(
        (status = 200, body = Vec<Document>),
        (status = 403, description = "Not the visit's patient, its doctor, or an admin.", body = ErrorBody),
    )
)]
#[get("/{id}/documents")]
pub async fn of_visit(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<AppointmentId>,
) -> Result<Json<Vec<Document>>, ApiError> {
    Ok(Json(
        documents::of_visit(&state.ctx, &caller.account, &id).await?,
    ))
}

/// The patient attaches documents of their vault to a visit (when booking
/// it, say): each is shared with its doctor, who is told.
#[utoipa::path(
    tag = "vault",
    security(("bearer" = [])),
    params(("id" = AppointmentId, Path, description = "The appointment.")),
    request_body = AttachInput,
    responses(
        (status = 200, body = Vec<Document>),
        (status = 403, description = "Not the visit's patient.", body = ErrorBody),
        (status = 409, description = "A document is shared with twenty doctors already (`limit_reached`), or changed meanwhile (`changed_concurrently`).", body = ErrorBody),
    )
)]
#[post("/{id}/documents")]
pub async fn attach(
    state: Data<AppState>,
    caller: Authenticated<PatientOnly>,
    id: Path<AppointmentId>,
    body: Body<AttachInput>,
) -> Result<Json<Vec<Document>>, ApiError> {
    Ok(Json(
        shares::attach(&state.ctx, &caller.account, &id, &body).await?,
    ))
}

/// The files the malware check refused, newest first (metadata only).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Page<QuarantinedFile>))
)]
#[get("/quarantine")]
pub async fn quarantine(
    state: Data<AppState>,
    caller: Authenticated<AdminOnly>,
    page: Query<PageQuery>,
) -> Result<Json<Page<QuarantinedFile>>, ApiError> {
    Ok(Json(
        scan::quarantine(&state.ctx, &caller.account, &page).await?,
    ))
}

/// The file a download link names, while the link works (60 seconds): its
/// detected type only, never sniffed, in a sandbox; images and PDFs inline,
/// everything else as an attachment.
#[utoipa::path(
    tag = "vault",
    params(("secret" = String, Path, description = "The link's secret.", max_length = 64)),
    responses(
        (status = 200, description = "The file.", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "No such link, or it has expired (`not_found`).", body = ErrorBody),
    )
)]
#[get("/{secret}")]
pub async fn file(state: Data<AppState>, secret: Path<String>) -> Result<HttpResponse, ApiError> {
    if secret.len() > 64 {
        return Err(DomainError::NotFound.into());
    }
    let file = download::redeem(&state.ctx, &secret).await?;
    let stream = tokio_util::io::ReaderStream::with_capacity(file.content, 64 * 1024);
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, file.content_type))
        .insert_header((header::CONTENT_DISPOSITION, file.disposition))
        .body(SizedStream::new(file.size, stream)))
}
