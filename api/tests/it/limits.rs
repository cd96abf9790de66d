//! Every string and list a request can carry has a documented limit, and the
//! server holds to it: generated from the served OpenAPI document, so that a
//! new operation or field is covered without editing this test.
//!
//! Each request body's schema carries an example; for every limited field in
//! it, the example with that field one over its limit is refused with a 422
//! naming the field, and the example with the field exactly at its limit is
//! not refused for length. Path ids are the caller's own (or unknown ids):
//! the input is checked before anything is looked up.

use reqwest::StatusCode;
use serde_json::Value;

use crate::clinic::Clinic;
use crate::helpers::{fill_ids, on_both_drivers, Driver};

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Bound {
    Chars(u64),
    Items(u64),
}

/// A limited field found in an example, by its path in the body.
#[derive(Debug, Clone, PartialEq)]
struct Limit {
    path: Vec<Step>,
    bound: Bound,
}

fn field_name(path: &[Step]) -> String {
    let mut name = String::new();
    for step in path {
        match step {
            Step::Key(key) if name.is_empty() => name.push_str(key),
            Step::Key(key) => {
                name.push('.');
                name.push_str(key);
            }
            Step::Index(index) => name.push_str(&format!("[{index}]")),
        }
    }
    name
}

struct Walk<'a> {
    document: &'a Value,
    /// Where a string or list has no limit.
    unlimited: Vec<String>,
    found: Vec<Limit>,
}

impl Walk<'_> {
    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        match schema["$ref"].as_str() {
            Some(reference) => {
                let name = reference.trim_start_matches("#/components/schemas/");
                self.resolve(&self.document["components"]["schemas"][name])
            }
            None => schema,
        }
    }

    fn has_type(schema: &Value, name: &str) -> bool {
        match &schema["type"] {
            Value::String(kind) => kind == name,
            Value::Array(kinds) => kinds.iter().any(|k| k == name),
            _ => false,
        }
    }

    /// Walks `schema` with the example `value` (if the example has the field).
    fn walk(&mut self, schema: &Value, value: Option<&Value>, path: &mut Vec<Step>) {
        let schema = self.resolve(schema).clone();
        for key in ["allOf", "oneOf", "anyOf"] {
            for part in schema[key].as_array().into_iter().flatten() {
                self.walk(part, value, path);
            }
        }
        if Self::has_type(&schema, "string") {
            // Enums, dates, ids, times of day and slugs bound themselves.
            let bounded_by_shape = ["enum", "format", "pattern"]
                .iter()
                .any(|key| schema.get(key).is_some());
            match schema["maxLength"].as_u64() {
                Some(max) if value.is_some_and(Value::is_string) => self.found.push(Limit {
                    path: path.clone(),
                    bound: Bound::Chars(max),
                }),
                Some(_) => {}
                None if bounded_by_shape => {}
                None => self.unlimited.push(field_name(path)),
            }
        }
        if Self::has_type(&schema, "array") {
            match schema["maxItems"].as_u64() {
                Some(max)
                    if value
                        .and_then(Value::as_array)
                        .is_some_and(|a| !a.is_empty()) =>
                {
                    self.found.push(Limit {
                        path: path.clone(),
                        bound: Bound::Items(max),
                    })
                }
                Some(_) => {}
                None => self.unlimited.push(field_name(path)),
            }
            path.push(Step::Index(0));
            let first = value.and_then(|v| v.get(0));
            self.walk(&schema["items"], first, path);
            path.pop();
        }
        for (key, property) in schema["properties"].as_object().into_iter().flatten() {
            path.push(Step::Key(key.clone()));
            self.walk(property, value.and_then(|v| v.get(key)), path);
            path.pop();
        }
    }
}

fn at<'v>(value: &'v mut Value, path: &[Step]) -> &'v mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

/// The example with the field at `limit` made `length` long.
fn sized(example: &Value, limit: &Limit, length: u64) -> Value {
    let mut body = example.clone();
    let field = at(&mut body, &limit.path);
    *field = match limit.bound {
        Bound::Chars(_) => Value::String("a".repeat(length as usize)),
        Bound::Items(_) => {
            let first = field[0].clone();
            Value::Array(vec![first; length as usize])
        }
    };
    body
}

struct Operation {
    method: reqwest::Method,
    path: String,
    example: Value,
    schema: Value,
    /// Whether the operation needs a signed-in caller.
    secured: bool,
}

/// The operations with a JSON body, their path filled with the callers' ids.
fn operations(
    document: &Value,
    clinic: &Clinic,
    missing_example: &mut Vec<String>,
) -> Vec<Operation> {
    let mut found = Vec::new();
    for (template, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let content = &operation["requestBody"]["content"]["application/json"];
            if content.is_null() {
                continue;
            }
            let schema = content["schema"].clone();
            // A body that may also be empty is `oneOf` null and the type.
            let named = std::iter::once(&schema)
                .chain(schema["oneOf"].as_array().into_iter().flatten())
                .find_map(|s| s["$ref"].as_str())
                .unwrap_or_default();
            let name = named.trim_start_matches("#/components/schemas/");
            let example = document["components"]["schemas"][name]["example"].clone();
            if example.is_null() {
                missing_example.push(format!("{method} {template} ({name})"));
                continue;
            }
            let path = fill_ids(
                &template
                    .replace("{patient_id}", &clinic.patient.id)
                    .replace("{doctor_id}", &clinic.doctor.id),
            );
            found.push(Operation {
                method: reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                path,
                example,
                schema,
                secured: operation["security"]
                    .as_array()
                    .is_some_and(|s| !s.is_empty()),
            });
        }
    }
    found
}

/// The answer to the first caller (patient, doctor, admin) let past the door.
async fn send(clinic: &Clinic, operation: &Operation, body: &Value) -> (StatusCode, Value) {
    let app = &clinic.app;
    let mut last = (StatusCode::FORBIDDEN, Value::Null);
    // Operations open to anyone are called as anyone (signing out with a
    // person's token would end their session for the rest of the test).
    let callers = if operation.secured {
        vec![
            Some(&clinic.patient),
            Some(&clinic.doctor),
            Some(&clinic.admin),
        ]
    } else {
        vec![None]
    };
    for person in callers {
        let mut request = app
            .client
            .request(operation.method.clone(), app.url(&operation.path));
        if let Some(person) = person {
            request = request.bearer_auth(&person.token);
        }
        let answer = request.json(body).send().await.unwrap();
        let status = answer.status();
        let body = answer.json().await.unwrap_or(Value::Null);
        if !matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
            return (status, body);
        }
        let seen = format!("{} {status} {body}", last.1);
        last = (status, Value::String(seen));
    }
    last
}

async fn every_string_and_list_in_a_request_is_limited(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let document = clinic.app.document().await;
    let mut missing_example = Vec::new();
    let operations = operations(&document, &clinic, &mut missing_example);
    assert!(
        missing_example.is_empty(),
        "request bodies without an example: {missing_example:#?}"
    );
    assert!(
        operations.len() > 20,
        "{} operations with a body",
        operations.len()
    );

    let mut unlimited = Vec::new();
    let mut checked = 0;
    for operation in &operations {
        let mut walk = Walk {
            document: &document,
            unlimited: Vec::new(),
            found: Vec::new(),
        };
        walk.walk(&operation.schema, Some(&operation.example), &mut Vec::new());
        let label = format!("{} {}", operation.method, operation.path);
        unlimited.extend(
            walk.unlimited
                .iter()
                .map(|field| format!("{label}: {field}")),
        );
        walk.found.dedup();
        for limit in &walk.found {
            let field = field_name(&limit.path);
            let max = match limit.bound {
                Bound::Chars(max) | Bound::Items(max) => max,
            };
            let (status, body) = send(
                &clinic,
                operation,
                &sized(&operation.example, limit, max + 1),
            )
            .await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label} {field} over {max}: {body}"
            );
            let message = body["error"]["fields"][&field].as_str().unwrap_or_default();
            assert!(
                message.contains("at most"),
                "{label} {field} over {max}: {body}"
            );
            let (_, body) = send(&clinic, operation, &sized(&operation.example, limit, max)).await;
            let message = body["error"]["fields"][&field].as_str().unwrap_or_default();
            assert!(
                !message.contains("at most"),
                "{label} {field} at {max}: {body}"
            );
            checked += 1;
        }
    }
    assert!(
        unlimited.is_empty(),
        "strings and lists without a limit: {unlimited:#?}"
    );
    assert!(checked > 40, "{checked} limited fields checked");
}

/// Query strings: every free-text parameter is limited too.
async fn every_free_text_query_parameter_is_limited(driver: Driver) {
    let clinic = Clinic::open(driver).await;
    let document = clinic.app.document().await;
    let mut unlimited = Vec::new();
    for (template, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let schema = &parameter["schema"];
                let free_text = Walk::has_type(schema, "string")
                    && ["enum", "format", "pattern", "$ref"]
                        .iter()
                        .all(|key| schema.get(key).is_none());
                if free_text && schema["maxLength"].is_null() {
                    unlimited.push(format!("{method} {template}: {}", parameter["name"]));
                }
            }
        }
    }
    assert!(
        unlimited.is_empty(),
        "query parameters without a limit: {unlimited:#?}"
    );
}

on_both_drivers!(
    every_string_and_list_in_a_request_is_limited,
    every_free_text_query_parameter_is_limited,
);
