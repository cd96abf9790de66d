//! Prometheus metrics, one registry per application (so tests can run several).

use std::time::Duration;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};

/// The application's metrics.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    deliveries: DeliveryMetrics,
}

/// What the notification dispatcher counts: outcomes per channel, and the
/// lag from a change to its send. Cheap to clone.
#[derive(Clone)]
pub struct DeliveryMetrics {
    outcomes: IntCounterVec,
    lag: HistogramVec,
}

impl DeliveryMetrics {
    /// Counts one outcome (`sent`, `skipped`, `failed`, `dead`) on `channel`.
    pub fn outcome(&self, channel: &str, outcome: &str) {
        self.outcomes.with_label_values(&[channel, outcome]).inc();
    }

    /// Records the lag of one send on `channel`.
    pub fn lag(&self, channel: &str, lag: Duration) {
        self.lag
            .with_label_values(&[channel])
            .observe(lag.as_secs_f64());
    }
}

impl Metrics {
    /// A registry with the HTTP metrics.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("medtrack".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by method, route and status.",
            ),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by method and route.",
            )
            .buckets(vec![
                0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["method", "route"],
        )?;
        let outcomes = IntCounterVec::new(
            Opts::new(
                "notification_deliveries_total",
                "Notification deliveries by channel and outcome (sent, skipped, failed, dead).",
            ),
            &["channel", "outcome"],
        )?;
        let lag = HistogramVec::new(
            HistogramOpts::new(
                "notification_delivery_lag_seconds",
                "Time from the change that caused a notification to its delivery, by channel.",
            )
            .buckets(vec![
                0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0, 60.0, 300.0, 3600.0,
            ]),
            &["channel"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(outcomes.clone()))?;
        registry.register(Box::new(lag.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            deliveries: DeliveryMetrics { outcomes, lag },
        })
    }

    /// The dispatcher's metrics, in this registry.
    pub fn deliveries(&self) -> DeliveryMetrics {
        self.deliveries.clone()
    }

    /// Records one served request.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[method, route])
            .observe(elapsed.as_secs_f64());
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        // Encoding into a Vec cannot fail for well-formed metric families.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buffer);
        String::from_utf8(buffer).unwrap_or_default()
    }
}
