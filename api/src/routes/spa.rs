//! The web client: Trunk's build served at `/`, with deep links answered by
//! its `index.html` so that the client's router takes over. The build's
//! files carry a content hash in their names, so they are cached for a year;
//! each has brotli and gzip copies made at build time (`web/precompress.mjs`),
//! sent as they are to browsers that accept them.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};

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
            // `/` and the build's own files (all at the top) are answered
            // here; what is deeper goes to `Files`, then to the fallback.
            let top = dir.clone();
            config.route(
                "/{name:[^/]*}",
                web::get().to(move |request: HttpRequest| {
                    let dir = top.clone();
                    async move { top_level(&request, &dir).await }
                }),
            );
            config.service(
                Files::new("/", &dir)
                    .use_etag(true)
                    .default_handler(fallback),
            );
        } else {
            config.default_service(fallback);
        }
    }
}

/// A file at the top of the build, in the best encoding the browser takes;
/// a client route (no dot in the name) gets the index.
async fn top_level(request: &HttpRequest, dir: &Path) -> HttpResponse {
    let name = request.match_info().query("name");
    let index = dir.join("index.html");
    if name.is_empty() || !name.contains('.') || name.starts_with('.') {
        return fallback(request, &index).await;
    }
    let path = dir.join(name);
    if !path.is_file() {
        return fallback(request, &index).await;
    }
    let accepted = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    // The build's copies, best first: (Accept-Encoding token, file suffix).
    let copies = [
        ("br", "br", ContentEncoding::Brotli),
        ("gzip", "gz", ContentEncoding::Gzip),
    ];
    let chosen = copies.into_iter().find_map(|(token, suffix, encoding)| {
        let copy = dir.join(format!("{name}.{suffix}"));
        (accepts(accepted, token) && copy.is_file()).then_some((copy, encoding))
    });
    let file = match &chosen {
        Some((copy, encoding)) => NamedFile::open_async(copy).await.map(|file| {
            let extension = path.extension().and_then(|e| e.to_str());
            file.set_content_type(actix_files::file_extension_to_mime(
                extension.unwrap_or_default(),
            ))
            .set_content_encoding(*encoding)
        }),
        None => NamedFile::open_async(&path).await,
    };
    let Ok(file) = file else {
        return ApiError::from(DomainError::NotFound).error_response();
    };
    let mut response = file.use_etag(true).into_response(request);
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let cache = if hashed(name) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// Whether `accepted` (an Accept-Encoding value) takes `token` (not at q=0).
fn accepts(accepted: &str, token: &str) -> bool {
    accepted.split(',').any(|part| {
        let mut pieces = part.split(';').map(str::trim);
        let named = pieces
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case(token));
        let refused = pieces.any(|p| p.replace(' ', "").eq_ignore_ascii_case("q=0"));
        named && !refused
    })
}

/// Whether Trunk named the file by its content (`main-<16 hex digits>.css`),
/// so that a new build never reuses the name.
fn hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// API paths and file-like paths that are missing get the JSON 404; any
/// other path is a route of the client.
async fn fallback(request: &HttpRequest, index: &Path) -> HttpResponse {
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

#[cfg(test)]
mod tests {
    use super::{accepts, hashed};

    #[test]
    fn encodings_are_read_as_browsers_send_them() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("br;q=1.0, gzip;q=0.8", "gzip"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("brotli", "br"));
    }

    #[test]
    fn only_content_named_files_are_immutable() {
        assert!(hashed("medtrack-web-e865d0b241f35be0_bg.wasm"));
        assert!(hashed("main-41b30b04bc9eee76.css"));
        assert!(!hashed("index.html"));
        assert!(!hashed("app.js"));
        assert!(!hashed("main-41b30b04bc9eee7g.css"));
    }
}
