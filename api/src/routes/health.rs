//! Probes (`/healthz`, `/readyz`) and the metrics (`/metrics`, on a listener of their own).

use std::time::Duration;

use actix_web::http::header;
use actix_web::web::{Data, Json};
use actix_web::{get, HttpRequest, HttpResponse};
use medtrack_shared::health::HealthStatus;
use medtrack_shared::ErrorBody;
use subtle::ConstantTimeEq;

use super::AppState;
use crate::error::ApiError;
use crate::metrics::Metrics;
use medtrack_shared::ErrorCode;

const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

fn ok() -> Json<HealthStatus> {
    Json(HealthStatus {
        status: "ok".into(),
    })
}

/// Liveness: the process is up and serving.
#[utoipa::path(tag = "operations", responses((status = 200, body = HealthStatus)))]
#[get("/healthz")]
pub async fn healthz() -> Json<HealthStatus> {
    ok()
}

/// Readiness: the store answers.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, body = HealthStatus),
        (status = 503, description = "The store does not answer.", body = ErrorBody),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: Data<AppState>) -> Result<Json<HealthStatus>, ApiError> {
    match tokio::time::timeout(READINESS_TIMEOUT, state.ctx.store.ping()).await {
        Ok(Ok(())) => Ok(ok()),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness check failed");
            Err(ApiError::Http(ErrorCode::Unavailable))
        }
        Err(_) => {
            tracing::warn!("readiness check timed out");
            Err(ApiError::Http(ErrorCode::Unavailable))
        }
    }
}

/// The bearer token scrapers of `/metrics` must send, when one is set.
pub struct MetricsToken(pub Option<String>);

/// Prometheus metrics in the text exposition format, on the metrics listener
/// only (not part of the API document).
pub async fn metrics(
    metrics: Data<Metrics>,
    token: Data<MetricsToken>,
    request: HttpRequest,
) -> HttpResponse {
    if let Some(expected) = &token.0 {
        let sent = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
            return HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
                .finish();
        }
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render())
}
