//! Security headers on every response, from one middleware: a strict
//! Content-Security-Policy (the web client's allows its own files, its
//! WebAssembly and the hashes of the build's inline loader; the docs page's
//! allows the inline styles Swagger UI sets; every other answer allows
//! nothing), `no-store` on every API answer (they may carry personal data),
//! HSTS in production, and a Permissions-Policy that turns off what the
//! client never uses.

use std::path::Path;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Data;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers' values, made once at start.
pub struct Policies {
    client: HeaderValue,
    docs: HeaderValue,
    hsts: bool,
}

/// What JSON answers and files need: nothing.
const NOTHING: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// A vault file: a sandbox with no origin and no scripts, whatever it holds;
/// images and styles of its own only, for the browser's viewers.
const FILE: &str = "default-src 'none'; sandbox; img-src 'self' data: blob:; \
    style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// Swagger UI: its own files, and the inline styles it sets.
const DOCS: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";
const PERMISSIONS: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), \
    bluetooth=(), serial=(), hid=(), interest-cohort=()";
const HSTS: &str = "max-age=63072000; includeSubDomains";

impl Policies {
    /// The policies for the web client in `web_dir` (whose `index.html`
    /// carries the inline loader), reaching the API's own origin and
    /// `connect`; HSTS when served over HTTPS (`production`).
    pub fn new(web_dir: &Path, connect: &[String], production: bool) -> Self {
        let index = std::fs::read_to_string(web_dir.join("index.html")).unwrap_or_default();
        let scripts: String = inline_scripts(&index)
            .iter()
            .map(|script| format!(" 'sha256-{}'", hash(script)))
            .collect();
        let connect: String = connect.iter().map(|origin| format!(" {origin}")).collect();
        let client = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; \
             style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; \
             font-src 'self'; connect-src 'self'{connect}; manifest-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        Self {
            client: HeaderValue::from_str(&client)
                .unwrap_or_else(|_| HeaderValue::from_static(NOTHING)),
            docs: HeaderValue::from_static(DOCS),
            hsts: production,
        }
    }
}

/// The text of every `<script>` without a `src`, as the browser hashes it.
fn inline_scripts(html: &str) -> Vec<&str> {
    html.split("<script")
        .skip(1)
        .filter_map(|after| {
            let (tag, body) = after.split_once('>')?;
            let (text, _) = body.split_once("</script>")?;
            (!tag.contains("src=")).then_some(text)
        })
        .collect()
}

fn hash(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

/// Middleware: sets the headers on every response.
pub async fn secure(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let policies = request.app_data::<Data<Policies>>().cloned();
    let path = request.path().to_owned();
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    let csp = match &policies {
        _ if path.starts_with("/api/v1/files/") => HeaderValue::from_static(FILE),
        Some(p) if path.starts_with("/api/docs") => p.docs.clone(),
        Some(p) if html => p.client.clone(),
        _ => HeaderValue::from_static(NOTHING),
    };
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    if path.starts_with("/api/v1") || path.starts_with("/api/fhir/") {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if policies.is_some_and(|p| p.hsts) {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_loader_is_hashed_and_files_are_not() {
        let html = "<head><script type=\"module\">\nimport init from '/x.js';\n</script>\
            <script src=\"/y.js\"></script></head>";
        let scripts = inline_scripts(html);
        assert_eq!(scripts, ["\nimport init from '/x.js';\n"]);
        // echo -n "alert(1)" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hash("alert(1)"),
            "bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
    }
}
