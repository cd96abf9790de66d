//! FHIR R4 for integrations, under `/api/fhir/r4` (the API's prefix, so the
//! web client's fallback never answers a FHIR address): the
//! CapabilityStatement, reads by id, searches by patient and
//! `Patient/{id}/$everything`, all in `application/fhir+json`, every error
//! an OperationOutcome (`outcome`), every list a searchset Bundle whose next
//! link keeps the search's parameters (`bundle`).

pub mod bundle;
mod capability;
pub mod outcome;

use actix_web::web::{Data, Path};
use actix_web::{get, HttpResponse};
use medtrack_shared::{DocumentId, UserId};
use serde::Serialize;
use utoipa::ToSchema;

use self::bundle::{Bundle, FhirQuery};
use self::outcome::{OperationOutcome, FHIR_JSON};
use super::extract::Query;
use super::guard::{ActiveAccount, Authenticated};
use super::AppState;
use crate::domain::fhir::{self, Reader, ResourceType, Search};
use crate::domain::DomainError;
use crate::error::ApiError;

/// The resource types this server exports.
#[derive(ToSchema)]
#[allow(dead_code)] // documents the path parameter; the handler parses the text
pub enum FhirType {
    Patient,
    Practitioner,
    PractitionerRole,
    Appointment,
    Encounter,
    Condition,
    AllergyIntolerance,
    MedicationRequest,
    MedicationAdministration,
    Observation,
    DocumentReference,
    Coverage,
    Invoice,
    Claim,
}

/// A FHIR R4 resource; its other elements are those the specification
/// gives its type.
#[derive(ToSchema)]
#[allow(dead_code)] // documents the answer's shape; answers are built as JSON values
pub struct FhirResource {
    /// The type, e.g. `Condition`.
    #[schema(rename = "resourceType")]
    resource_type: String,
    /// Its id (a CapabilityStatement has none).
    id: Option<String>,
}

fn base(state: &AppState) -> String {
    format!("{}/api/fhir/r4", state.ctx.public_url)
}

/// Where a document version's content is: the vault's own download.
fn content_path(patient: &UserId, document: &DocumentId, version: u32) -> String {
    format!("/api/v1/patients/{patient}/documents/{document}/content?version={version}")
}

fn reader(caller: &Authenticated<ActiveAccount>) -> Reader<'_> {
    Reader {
        caller: &caller.account,
        content_path,
    }
}

fn fhir_json(value: &impl Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(FHIR_JSON)
        .body(serde_json::to_vec(value).unwrap_or_default())
}

/// A cursor that is not this search's is a bad parameter, as FHIR has it.
fn cursor_refused(error: DomainError) -> ApiError {
    match error {
        DomainError::InvalidCursor => bundle::refuse("_cursor", "is not a cursor of this search"),
        other => other.into(),
    }
}

/// A page as a searchset Bundle, its links on the FHIR base's `path`.
fn searchset(
    state: &AppState,
    path: &str,
    query: &FhirQuery,
    search: &Search,
    page: fhir::Page,
) -> HttpResponse {
    let base = base(state);
    let url = format!("{base}{path}");
    let cursor = query.cursor.as_deref();
    let next = page.next.map(|next| query.link(&url, search, Some(&next)));
    let bundle = Bundle::page(&base, query.link(&url, search, cursor), next, page.entries);
    fhir_json(&bundle)
}

fn patient_id(text: &str) -> Result<UserId, ApiError> {
    Ok(text.parse().map_err(|_| DomainError::NotFound)?)
}

/// What this server does: its resource types, their interactions and
/// search parameters, and `$everything`. Open to anyone, as FHIR expects.
#[utoipa::path(
    tag = "fhir",
    responses((status = 200, description = "A CapabilityStatement.", content_type = "application/fhir+json", body = FhirResource))
)]
#[get("/metadata")]
pub async fn metadata(state: Data<AppState>) -> HttpResponse {
    fhir_json(&capability::statement(&base(&state), state.ctx.now()))
}

/// The patient's whole record (their compartment, and the doctors of
/// their care relationships) as searchset Bundles, page after page: follow
/// each `next` link, which keeps every parameter, until there is none.
/// What the caller may read of it, as the rest of the API has it; written
/// to the patient's access log once per walk.
#[utoipa::path(
    tag = "fhir",
    security(("bearer" = [])),
    params(("id" = String, Path, max_length = 64, description = "The patient."), FhirQuery),
    responses(
        (status = 200, description = "A page of the record.", content_type = "application/fhir+json", body = Bundle),
        (status = 400, description = "A parameter that cannot be used, or a cursor of another search.", content_type = "application/fhir+json", body = OperationOutcome),
    )
)]
#[get("/Patient/{id}/$everything")]
pub async fn everything(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    id: Path<String>,
    query: Query<FhirQuery>,
) -> Result<HttpResponse, ApiError> {
    let patient = patient_id(&id)?;
    let search = query.search()?;
    let cursor = query.cursor.as_deref();
    let page = fhir::everything(&state.ctx, &reader(&caller), &patient, &search, cursor)
        .await
        .map_err(cursor_refused)?;
    let path = format!("/Patient/{patient}/$everything");
    Ok(searchset(&state, &path, &query, &search, page))
}

/// One type of a patient's records, as searchset Bundles page after page.
/// `patient` is required; practitioners are read by id.
#[utoipa::path(
    tag = "fhir",
    security(("bearer" = [])),
    params(("type" = FhirType, Path, description = "The resource type."), FhirQuery),
    responses(
        (status = 200, description = "A page of the search.", content_type = "application/fhir+json", body = Bundle),
        (status = 400, description = "No `patient`, a parameter that cannot be used, or a cursor of another search.", content_type = "application/fhir+json", body = OperationOutcome),
    )
)]
#[get("/{type}")]
pub async fn search_by_patient(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    kind: Path<String>,
    query: Query<FhirQuery>,
) -> Result<HttpResponse, ApiError> {
    let kind = ResourceType::parse(&kind).ok_or(DomainError::NotFound)?;
    let search = query.search()?;
    let Some(patient) = query.patient.as_deref() else {
        return Err(bundle::refuse("patient", "is required"));
    };
    let patient: UserId = patient
        .strip_prefix("Patient/")
        .unwrap_or(patient)
        .parse()
        .map_err(|_| bundle::refuse("patient", "is not a patient's id"))?;
    let cursor = query.cursor.as_deref();
    let page = fhir::search(
        &state.ctx,
        &reader(&caller),
        kind,
        &patient,
        &search,
        cursor,
    )
    .await
    .map_err(cursor_refused)?;
    let path = format!("/{}", kind.name());
    Ok(searchset(&state, &path, &query, &search, page))
}

/// One resource by its id. Practitioners and their roles are open to
/// anyone signed in; everything else to those who may read its patient's
/// record, and written to the patient's access log.
#[utoipa::path(
    tag = "fhir",
    security(("bearer" = [])),
    params(
        ("type" = FhirType, Path, description = "The resource type."),
        ("id" = String, Path, max_length = 64, description = "The resource's id."),
    ),
    responses((status = 200, description = "The resource.", content_type = "application/fhir+json", body = FhirResource))
)]
#[get("/{type}/{id}")]
pub async fn read_resource(
    state: Data<AppState>,
    caller: Authenticated<ActiveAccount>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (kind, id) = path.into_inner();
    let kind = ResourceType::parse(&kind).ok_or(DomainError::NotFound)?;
    let resource = fhir::read(&state.ctx, &reader(&caller), kind, &id).await?;
    Ok(fhir_json(&resource))
}
