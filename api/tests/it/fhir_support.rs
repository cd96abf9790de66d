//! What the FHIR tests share: walking `next` links, and running the
//! repository's two R4 validators (`e2e/fhir/validate.mjs`: the official
//! JSON schema, and FHIR.js) over what the server emitted.

use std::collections::BTreeSet;
use std::path::PathBuf;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::TestApp;

/// GET `url` (absolute, as a link gives it) as `token`: a Bundle or resource
/// in FHIR's media type.
pub async fn fhir_get(app: &TestApp, token: &str, url: &str) -> (StatusCode, Value) {
    let url = if url.starts_with("http") {
        url.to_owned()
    } else {
        app.url(url)
    };
    let answer = app
        .client
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = answer.status();
    let media = answer
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert!(media.starts_with("application/fhir+json"), "{url}: {media}");
    (status, answer.json().await.unwrap())
}

/// The Bundle's `next` link, if any.
pub fn next_link(bundle: &Value) -> Option<String> {
    bundle["link"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["relation"] == "next")
        .map(|l| l["url"].as_str().unwrap().to_owned())
}

/// Every page from `first` on, following next links.
pub async fn pages(app: &TestApp, token: &str, first: &str) -> Vec<Value> {
    let mut pages = Vec::new();
    let mut url = Some(first.to_owned());
    while let Some(at) = url {
        let (status, bundle) = fhir_get(app, token, &at).await;
        assert_eq!(status, StatusCode::OK, "{at}: {bundle}");
        assert_eq!(bundle["resourceType"], "Bundle");
        assert_eq!(bundle["type"], "searchset");
        url = next_link(&bundle);
        pages.push(bundle);
        assert!(pages.len() < 5000, "no end to the pages");
    }
    pages
}

/// Every entry's resource, page after page.
pub fn resources(pages: &[Value]) -> Vec<Value> {
    pages
        .iter()
        .flat_map(|p| p["entry"].as_array().unwrap().clone())
        .map(|e| e["resource"].clone())
        .collect()
}

/// Each resource as `Type/id`.
pub fn ids_of(found: &[Value]) -> BTreeSet<String> {
    found
        .iter()
        .map(|r| {
            format!(
                "{}/{}",
                r["resourceType"].as_str().unwrap(),
                r["id"].as_str().unwrap()
            )
        })
        .collect()
}

/// Runs both validators over `documents` (Bundles or resources); panics
/// with their findings unless both find no error. Fails, never skips, when
/// Node or the validators' packages are missing.
pub fn validate(documents: &[Value]) {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = documents
        .iter()
        .enumerate()
        .map(|(n, document)| {
            let file = dir.path().join(format!("{n}.json"));
            std::fs::write(&file, serde_json::to_vec_pretty(document).unwrap()).unwrap();
            file
        })
        .collect();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../e2e/fhir/validate.mjs");
    let out = std::process::Command::new("node")
        .arg(&script)
        .args(&files)
        .output()
        .expect("node runs the FHIR validators (scripts/setup test installs them)");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "FHIR validation failed:\n{report}");
    assert!(report.contains(" 0 errors"), "{report}");
}
