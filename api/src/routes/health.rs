//! Probes and metrics: `/healthz`, `/readyz`, `/metrics`.

use std::time::Duration;

use actix_web::web::{Data, Json};
use actix_web::{get, HttpResponse};
use medtrack_shared::health::HealthStatus;
use medtrack_shared::ErrorBody;

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

/// Prometheus metrics in the text exposition format.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Prometheus text format.", content_type = "text/plain", body = String),
    )
)]
#[get("/metrics")]
pub async fn metrics(metrics: Data<Metrics>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render())
}
