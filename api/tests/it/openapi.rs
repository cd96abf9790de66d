//! The committed OpenAPI document must be the one the server serves.

use serde_json::Value;

use crate::helpers::{spawn_app, Driver};

#[tokio::test]
async fn committed_document_matches_the_served_one() {
    let app = spawn_app(Driver::Sqlite).await;
    let served: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("openapi/openapi.json"))
            .expect("openapi/openapi.json is JSON");
    assert!(
        served == committed,
        "openapi/openapi.json differs from the served document; regenerate it with \
         `cargo run -p medtrack-api -- openapi --output openapi/openapi.json`"
    );
    // One name per operation, for generated clients.
    let mut ids: Vec<&str> = served["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|op| op.get("operationId").and_then(Value::as_str))
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "operationIds are unique");
    for path in ["/api/v1/specializations", "/healthz", "/readyz"] {
        assert!(
            served["paths"].get(path).is_some(),
            "{path} is not documented"
        );
    }
}
