//! The HTTP surface on both drivers: the catalogue, probes, metrics, error
//! bodies, request ids, the web client's files and deep links.

use medtrack_shared::{ErrorBody, Page, Specialization};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{on_both_drivers, spawn_app, Driver, TEST_BUNDLE, TEST_INDEX};

on_both_drivers!(
    specializations_are_listed_in_pages,
    bad_pagination_is_a_clear_422,
    probes_answer,
    metrics_count_requests_by_route,
    every_error_has_the_standard_body,
    request_ids_are_made_or_kept,
    the_web_client_is_served_with_deep_links,
    built_files_go_precompressed_and_cached_for_a_year,
    split_mode_allows_the_configured_origin_only,
);

async fn error_code(response: reqwest::Response) -> String {
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let body: ErrorBody = response.json().await.expect("standard error body");
    assert!(!body.error.message.is_empty());
    body.error.code.to_string()
}

async fn specializations_are_listed_in_pages(driver: Driver) {
    let app = spawn_app(driver).await;
    let all: Page<Specialization> = app
        .get("/api/v1/specializations?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(all.next_cursor.is_none());
    assert!(all.items.len() >= 20, "the catalogue is seeded");
    let slugs: Vec<_> = all
        .items
        .iter()
        .map(|s| s.slug.as_str().to_owned())
        .collect();
    let mut sorted = slugs.clone();
    sorted.sort();
    assert_eq!(slugs, sorted);
    assert!(all.items.iter().any(|s| s.name == "Cardiology"));

    let mut walked = Vec::new();
    let mut path = "/api/v1/specializations?limit=7".to_owned();
    loop {
        let response = app.get(&path).await;
        assert_eq!(response.status(), StatusCode::OK);
        let page: Page<Specialization> = response.json().await.unwrap();
        assert!(page.items.len() <= 7);
        walked.extend(page.items.into_iter().map(|s| s.slug.as_str().to_owned()));
        match page.next_cursor {
            Some(cursor) => path = format!("/api/v1/specializations?limit=7&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(walked, slugs);

    // Seeding again (as `medtrack store init` does) adds nothing.
    assert_eq!(
        medtrack::domain::specializations::seed(&app.store)
            .await
            .unwrap(),
        0
    );
    let again: Page<Specialization> = app
        .get("/api/v1/specializations?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again.items, all.items);
}

async fn bad_pagination_is_a_clear_422(driver: Driver) {
    let app = spawn_app(driver).await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("cursor=garbage", "cursor"),
    ] {
        let response = app.get(&format!("/api/v1/specializations?{query}")).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}"
        );
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(body.error.code.as_str(), "validation_failed");
        assert!(body.error.fields.contains_key(field), "{query}: {body:?}");
    }
    let response = app.get("/api/v1/specializations?limit=many").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(response).await, "invalid_query");
}

async fn probes_answer(driver: Driver) {
    let app = spawn_app(driver).await;
    for path in ["/healthz", "/readyz"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], "ok");
    }
}

async fn metrics_count_requests_by_route(driver: Driver) {
    let app = spawn_app(driver).await;
    app.get("/api/v1/specializations").await;
    app.get("/api/v1/specializations?limit=3").await;
    // Invented methods share one series; the public port serves no metrics.
    for method in ["BREW", "WHEN", "PROPFIND"] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        app.client
            .request(method, app.url("/api/v1/me"))
            .send()
            .await
            .unwrap();
    }
    let public = app.get("/metrics").await.text().await.unwrap();
    assert!(
        !public.contains("medtrack_http_requests_total"),
        "no metrics on the public port"
    );
    let response = app.metrics().await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = response.text().await.unwrap();
    let line = text
        .lines()
        .find(|l| {
            l.starts_with("medtrack_http_requests_total")
                && l.contains("route=\"/api/v1/specializations\"")
        })
        .unwrap_or_else(|| panic!("no request counter in:\n{text}"));
    assert!(line.ends_with(" 2"), "{line}");
    assert!(text.contains("medtrack_http_request_duration_seconds_bucket"));
    assert!(text.contains("method=\"OTHER\""), "{text}");
    assert!(
        !text.contains("BREW") && !text.contains("PROPFIND"),
        "{text}"
    );
}

async fn every_error_has_the_standard_body(driver: Driver) {
    let app = spawn_app(driver).await;
    let response = app.get("/api/v1/no-such-thing").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "not_found");

    // A method the resource does not have: no route matches.
    let response = app
        .client
        .delete(app.url("/api/v1/specializations"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "not_found");

    // A body far over the limit, to any path, never reaches a handler.
    let response = app
        .client
        .post(app.url("/api/v1/specializations"))
        .body(vec![b'x'; 1 << 20])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());
    assert!(error_code(response).await.len() > 1);

    let response = app.get("/web-file-that-is-missing.js").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "not_found");
}

async fn request_ids_are_made_or_kept(driver: Driver) {
    let app = spawn_app(driver).await;
    let made = app.get("/healthz").await.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(uuid::Uuid::parse_str(&made).unwrap().get_version_num(), 7);
    let kept = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "lb-1234_ab")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "lb-1234_ab");
    let unsafe_id = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "a b\"<script>")
        .send()
        .await
        .unwrap();
    assert_ne!(unsafe_id.headers()["x-request-id"], "a b\"<script>");
    let error = app.get("/api/v1/nothing").await;
    assert!(
        error.headers().contains_key("x-request-id"),
        "errors carry the id too"
    );
}

async fn the_web_client_is_served_with_deep_links(driver: Driver) {
    let app = spawn_app(driver).await;
    for path in ["/", "/appointments/2026-03-01", "/doctors"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        // The index names the current build's bundle: always revalidated.
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(response.text().await.unwrap(), TEST_INDEX, "{path}");
    }
    let asset = app.get("/app.js").await;
    assert_eq!(asset.status(), StatusCode::OK);
    assert_eq!(asset.text().await.unwrap(), "console.log('medtrack')");
    let docs = app.get("/api/docs").await;
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs
        .text()
        .await
        .unwrap()
        .contains("/api/docs/swagger-ui-bundle.js"));
    let bundle = app.get("/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), StatusCode::OK);
    assert!(bundle.bytes().await.unwrap().len() > 100_000);
}

async fn built_files_go_precompressed_and_cached_for_a_year(driver: Driver) {
    let app = spawn_app(driver).await;
    let path = format!("/{TEST_BUNDLE}");
    for (accepted, encoding, body) in [
        ("gzip, deflate, br, zstd", Some("br"), "brotli"),
        ("gzip;q=1.0, br;q=0", Some("gzip"), "gzip"),
        ("identity", None, "plain"),
    ] {
        let response = app
            .client
            .get(app.url(&path))
            .header("accept-encoding", accepted)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{accepted}");
        let headers = response.headers();
        let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(
            header("content-encoding").as_deref(),
            encoding,
            "{accepted}"
        );
        assert!(
            header("content-type")
                .unwrap()
                .starts_with("text/javascript")
                || header("content-type")
                    .unwrap()
                    .starts_with("application/javascript")
        );
        assert_eq!(
            header("cache-control").as_deref(),
            Some("public, max-age=31536000, immutable")
        );
        assert!(header("vary").unwrap().starts_with("accept-encoding"));
        assert_eq!(response.text().await.unwrap(), body, "{accepted}");
    }
    // A file not named by its content is revalidated; a missing one is a 404.
    let plain = app.get("/app.js").await;
    assert_eq!(plain.headers()["cache-control"], "no-cache");
    let missing = app.get("/main-ffffffffffffffff.js").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn split_mode_allows_the_configured_origin_only(driver: Driver) {
    let app = spawn_app(driver).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/specializations"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .send()
    };
    let allowed = preflight("https://app.example.org").await.unwrap();
    assert_eq!(allowed.status(), StatusCode::OK);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://app.example.org"
    );
    let refused = preflight("https://evil.example.com").await.unwrap();
    assert!(!refused
        .headers()
        .contains_key("access-control-allow-origin"));
}
