//! The CapabilityStatement: what this server does with each type, from the
//! same list the routes serve.

use jiff::Timestamp;
use serde_json::{json, Value};

use crate::domain::fhir::ResourceType;

/// What the server does with one type.
fn resource(kind: ResourceType) -> Value {
    let searched = kind.searchable();
    let mut interaction = vec![json!({ "code": "read" })];
    if searched {
        interaction.push(json!({ "code": "search-type" }));
    }
    let parameters = || {
        json!([
            { "name": "patient", "type": "reference",
              "documentation": "Required: the patient whose records to list (an id or Patient/id)." },
            { "name": "_count", "type": "number",
              "documentation": "Resources per page, 1 to 200 (default 50)." },
            { "name": "_since", "type": "date",
              "documentation": "Only what changed at or after this instant, and what keeps no time of its changes." },
        ])
    };
    let everything = || {
        json!([{
            "name": "everything",
            "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
            "documentation": "The patient's compartment and the doctors in their care relationships, paged by next links that keep every parameter (start, end, _since, _type, _count)."
        }])
    };
    let mut resource = serde_json::Map::new();
    resource.insert("type".into(), json!(kind.name()));
    resource.insert("interaction".into(), json!(interaction));
    resource.insert("versioning".into(), json!("no-version"));
    resource.insert("readHistory".into(), json!(false));
    resource.insert("updateCreate".into(), json!(false));
    resource.insert("conditionalRead".into(), json!("not-supported"));
    if searched {
        resource.insert("searchParam".into(), parameters());
    }
    if kind == ResourceType::Patient {
        resource.insert("operation".into(), everything());
    }
    Value::Object(resource)
}

/// The statement for a server whose FHIR base is `base`.
pub fn statement(base: &str, now: Timestamp) -> Value {
    let resources: Vec<Value> = ResourceType::ALL.into_iter().map(resource).collect();
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": now.round(jiff::Unit::Millisecond).unwrap_or(now).to_string(),
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
