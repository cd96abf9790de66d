//! The web client: Trunk's build served at `/`, with deep links answered by
//! its `index.html` so that the client's router takes over.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::{web, HttpResponse, ResponseError};

use crate::domain::DomainError;
use crate::error::ApiError;

/// Registers the static files of `dir` at `/` and the fallback for every other path.
pub fn configure(dir: PathBuf) -> impl FnOnce(&mut web::ServiceConfig) {
    move |config| {
        let index = dir.join("index.html");
        let fallback = fn_service(move |request: ServiceRequest| {
            let index = index.clone();
            async move {
                let (request, _) = request.into_parts();
                let response = fallback(&request, &index).await;
                Ok(ServiceResponse::new(request, response))
            }
        });
        if dir.is_dir() {
            // `/` itself goes through the fallback too, for its Cache-Control.
            let root = dir.join("index.html");
            config.route(
                "/",
                web::get().to(move |request: actix_web::HttpRequest| {
                    let root = root.clone();
                    async move { self::fallback(&request, &root).await }
                }),
            );
            config.service(
                Files::new("/", &dir)
                    .index_file("index.html")
                    .use_etag(true)
                    .default_handler(fallback),
            );
        } else {
            config.default_service(fallback);
        }
    }
}

/// API paths and file-like paths that are missing get the JSON 404; any
/// other path is a route of the client.
async fn fallback(request: &actix_web::HttpRequest, index: &Path) -> HttpResponse {
    let path = request.path();
    let last = path.rsplit('/').next().unwrap_or_default();
    if path == "/api" || path.starts_with("/api/") || last.contains('.') {
        return ApiError::from(DomainError::NotFound).error_response();
    }
    match NamedFile::open_async(index).await {
        Ok(file) => {
            let mut response = file.into_response(request);
            // The index names the hashed bundle of the current build: always revalidate it.
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-cache"),
            );
            response
        }
        Err(_) => {
            tracing::warn!("web client is not built; run `trunk build --release` in web/ (scripts/run does it)");
            ApiError::from(DomainError::NotFound).error_response()
        }
    }
}
