//! Structured logs and the request context (request id, access log, metrics).

use std::io::IsTerminal;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Data;
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

use crate::cli::LogFormat;
use crate::metrics::Metrics;

/// The header carrying the request id, both ways.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Installs the global log subscriber: `MEDTRACK_LOG` (or `RUST_LOG`) filters,
/// `info` by default. Safe to call more than once.
pub fn init(format: LogFormat) {
    let filter = std::env::var("MEDTRACK_LOG")
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .or_else(|| EnvFilter::try_from_default_env().ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// An incoming id is kept when it is short and plain, so that a caller's or a
/// load balancer's id follows the request; otherwise a new UUIDv7 is made.
fn request_id(request: &ServiceRequest) -> String {
    request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (1..=64).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned)
}

/// Middleware: a span with the request id around the request, the id on the
/// response, one access-log line and the request metrics. Logs name the route
/// pattern, never the concrete path or query (they can carry identifiers).
pub async fn request_context(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = request_id(&request);
    // Methods name metric series: invented ones share one, so that requests
    // cannot grow the number of series.
    let method: &'static str = match request.method().as_str() {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    };
    let metrics = request.app_data::<Data<Metrics>>().cloned();
    let span = tracing::info_span!("request", request_id = %id, method = %method);
    let started = Instant::now();
    let mut response = next.call(request).instrument(span.clone()).await?;
    let elapsed = started.elapsed();
    // The static files of the web client all match the empty pattern.
    let route = match response.request().match_pattern() {
        Some(pattern) if pattern.is_empty() => "static".to_owned(),
        Some(pattern) => pattern,
        None => "unmatched".to_owned(),
    };
    let status = response.status().as_u16();
    span.in_scope(|| {
        tracing::info!(route = %route, status, latency_ms = elapsed.as_secs_f64() * 1000.0, "request served");
    });
    if let Some(metrics) = metrics {
        metrics.observe_request(method, &route, status, elapsed);
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    Ok(response)
}
