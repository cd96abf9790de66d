//! The CapabilityStatement: what this server does with each type, from the
//! same list the routes serve.

use jiff::Timestamp;
use serde_json::{json, Value};

use super::common::{instant, put};
use super::ResourceType;

/// The statement for a server whose FHIR base is `base`.
pub fn capability_statement(base: &str, now: Timestamp) -> Value {
    let resources: Vec<Value> = ResourceType::ALL
        .into_iter()
        .map(|kind| {
            let mut resource = json!({
                "type": kind.name(),
                "interaction": [{ "code": "read" }],
                "versioning": "no-version",
                "readHistory": false,
                "updateCreate": false,
                "conditionalRead": "not-supported",
            });
            if kind.searchable() {
                put(&mut resource, "interaction", json!([{ "code": "read" }, { "code": "search-type" }]));
                put(&mut resource, "searchParam", json!([
                    { "name": "patient", "type": "reference",
                      "documentation": "Required: the patient whose records to list (an id or Patient/id)." },
                    { "name": "_count", "type": "number",
                      "documentation": "Resources per page, 1 to 200 (default 50)." },
                    { "name": "_since", "type": "date",
                      "documentation": "Only what changed at or after this instant." },
                ]));
            }
            if kind == ResourceType::Patient {
                put(&mut resource, "operation", json!([{
                    "name": "everything",
                    "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                    "documentation": "The patient's compartment and the practitioners it refers to, paged by next links that keep every parameter (start, end, _since, _type, _count)."
                }]));
            }
            resource
        })
        .collect();
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": instant(now),
        "publisher": "MedTrack",
        "kind": "instance",
        "software": { "name": "MedTrack", "version": env!("CARGO_PKG_VERSION") },
        "implementation": { "description": "MedTrack's FHIR R4 interface", "url": base },
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [{
            "mode": "server",
            "documentation": "Read-only. Every request needs a bearer access token; the record's access rules apply (the patient, their doctors, admins) and every read is in the patient's access log.",
            "security": {
                "cors": false,
                "service": [{ "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                    "code": "OAuth" }], "text": "Bearer access token from /api/v1/auth/login" }]
            },
            "resource": resources,
        }],
    })
}
