//! Bodies of the liveness and readiness probes.

use serde::{Deserialize, Serialize};

/// The answer of `/healthz` and `/readyz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthStatus {
    /// `ok` when the probe passed.
    #[cfg_attr(feature = "openapi", schema(example = "ok"))]
    pub status: String,
}
