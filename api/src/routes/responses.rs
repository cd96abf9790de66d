//! The error responses operations share, documented once, by rule, over
//! the whole document: what an operation takes decides what it may answer.
//! Handlers document only what is their own (a 409 and its code, say), and
//! their own words win over these. Each parameter is listed once.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::Modify;

/// Adds the shared error responses to every operation.
pub struct Refusals;

/// A status and what it means, in the error body.
const SIGNED_IN: [(&str, &str); 2] = [
    (
        "401",
        "No valid access token, or its session has ended (`unauthenticated`).",
    ),
    (
        "403",
        "The caller may not do this: another role (`forbidden`), an account waiting \
         for approval (`account_not_active`), an admin without two-factor sign-in \
         (`two_factor_setup_required`), or a record of someone the caller has no \
         relationship with (`forbidden`).",
    ),
];
const WITH_INPUT: [(&str, &str); 2] = [
    (
        "400",
        "The request cannot be read: a query (`invalid_query`) or body (`invalid_json`) \
         that does not parse.",
    ),
    (
        "422",
        "Fields that break a rule; `fields` names each with what is wrong \
         (`validation_failed`).",
    ),
];
const WITH_BODY: [(&str, &str); 2] = [
    (
        "413",
        "The body is larger than the server takes (`payload_too_large`).",
    ),
    ("415", "The body is not JSON (`unsupported_media_type`)."),
];
const WITH_ID: [(&str, &str); 1] = [(
    "404",
    "Nothing at this address, or nothing the caller may know of (`not_found`).",
)];

impl Modify for Refusals {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let fhir = path.starts_with("/api/fhir/");
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                refuse(operation, fhir);
                once_each(operation);
            }
        }
    }
}

/// FHIR's operations answer errors as OperationOutcomes in FHIR's media type.
fn refuse(operation: &mut Operation, fhir: bool) {
    let takes = |place: ParameterIn| {
        operation
            .parameters
            .iter()
            .flatten()
            .any(|p| p.parameter_in == place)
    };
    let mut statuses: Vec<(&str, &str)> = Vec::new();
    if operation.security.is_some() {
        statuses.extend(SIGNED_IN);
    }
    let body = operation.request_body.is_some();
    if body || takes(ParameterIn::Query) {
        statuses.extend(WITH_INPUT);
    }
    if body {
        statuses.extend(WITH_BODY);
    }
    if takes(ParameterIn::Path) {
        statuses.extend(WITH_ID);
    }
    let responses = &mut operation.responses.responses;
    for (status, description) in statuses {
        responses.entry(status.to_owned()).or_insert_with(|| {
            let (media, schema) = match fhir {
                true => ("application/fhir+json", "OperationOutcome"),
                false => ("application/json", "ErrorBody"),
            };
            let content = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(schema)))
                .build();
            ResponseBuilder::new()
                .description(description)
                .content(media, content)
                .build()
                .into()
        });
    }
}

/// Keeps each parameter once: a route that documents its path with a
/// struct and reads it as a tuple is described twice by the framework, and
/// a name may appear only once per place.
fn once_each(operation: &mut Operation) {
    if let Some(parameters) = &mut operation.parameters {
        let mut seen = Vec::new();
        parameters.retain(|p| {
            let place = match p.parameter_in {
                ParameterIn::Query => 0,
                ParameterIn::Path => 1,
                ParameterIn::Header => 2,
                ParameterIn::Cookie => 3,
            };
            let key = (p.name.clone(), place);
            let first = !seen.contains(&key);
            seen.push(key);
            first
        });
    }
}
