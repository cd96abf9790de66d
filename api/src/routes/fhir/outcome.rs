//! FHIR's own errors: every error answer under `/api/fhir/` leaves as an
//! OperationOutcome in `application/fhir+json`, whoever refused it (the
//! guard, an extractor, the domain, the router's 404), by rewriting the one
//! JSON error body the rest of the server writes.

use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use medtrack_shared::ErrorBody;
use serde::Serialize;
use utoipa::ToSchema;

/// FHIR's JSON media type.
pub const FHIR_JSON: &str = "application/fhir+json";

/// An OperationOutcome with one issue.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OperationOutcome {
    /// Always `OperationOutcome`.
    #[schema(example = "OperationOutcome")]
    pub resource_type: String,
    /// What went wrong.
    pub issue: Vec<OutcomeIssue>,
}

/// One issue of an OperationOutcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeIssue {
    /// `error` for every refusal.
    #[schema(example = "error")]
    pub severity: String,
    /// FHIR's issue type: `invalid`, `login`, `forbidden`, `not-found`, …
    #[schema(example = "not-found")]
    pub code: String,
    /// MedTrack's error code (as in the rest of the API) in `text`.
    pub details: OutcomeDetails,
    /// A sentence for people, never with internal causes or patient data.
    pub diagnostics: String,
    /// The parameters at fault, when the refusal is about them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expression: Vec<String>,
}

/// The machine-readable code.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeDetails {
    /// MedTrack's error code, e.g. `invalid_query`.
    pub text: String,
}

fn issue_type(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 422 => "invalid",
        401 => "login",
        403 => "forbidden",
        404 | 410 => "not-found",
        405 | 406 | 415 => "not-supported",
        409 => "conflict",
        413 => "too-costly",
        429 => "throttled",
        _ => "exception",
    }
}

/// The outcome for an error answer's body.
pub fn outcome(status: StatusCode, body: &ErrorBody) -> OperationOutcome {
    let detail = &body.error;
    let fields: Vec<String> = detail.fields.keys().cloned().collect();
    let mut diagnostics = detail.message.clone();
    for (field, problem) in &detail.fields {
        diagnostics.push_str(&format!(" {field}: {problem}."));
    }
    OperationOutcome {
        resource_type: "OperationOutcome".to_owned(),
        issue: vec![OutcomeIssue {
            severity: "error".to_owned(),
            code: issue_type(status).to_owned(),
            details: OutcomeDetails {
                text: detail.code.to_string(),
            },
            diagnostics,
            expression: fields,
        }],
    }
}

/// Rewrites error answers under `/api/fhir/` as OperationOutcomes.
pub async fn outcomes(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let fhir = request.path().starts_with("/api/fhir/");
    let response = next.call(request).await?.map_into_boxed_body();
    if !fhir || !(response.status().is_client_error() || response.status().is_server_error()) {
        return Ok(response);
    }
    let status = response.status();
    let (request, response) = response.into_parts();
    let (mut head, body) = response.into_parts();
    let bytes = to_bytes(body).await.unwrap_or_default();
    let Ok(error) = serde_json::from_slice::<ErrorBody>(&bytes) else {
        return Ok(ServiceResponse::new(
            request,
            head.set_body(bytes).map_into_boxed_body(),
        ));
    };
    let json = serde_json::to_vec(&outcome(status, &error)).unwrap_or_default();
    let headers = head.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON));
    headers.remove(header::CONTENT_LENGTH);
    Ok(ServiceResponse::new(
        request,
        head.set_body(json).map_into_boxed_body(),
    ))
}
