//! Building and running the application: the same path for `medtrack serve`
//! and for the tests (which bind port 0 and read the real port back).

use std::net::TcpListener;
use std::sync::Arc;

use actix_cors::Cors;
use actix_web::http::{header, Method};
use actix_web::middleware::{from_fn, Compress, Condition, ErrorHandlers};
use actix_web::web::Data;
use actix_web::{App, HttpServer};
use utoipa_actix_web::AppExt;

use crate::auth::secret::{self, SecretError};
use crate::auth::tokens::TokenKeys;
use crate::config::{Environment, ExposureSettings, ServeSettings, StoreKind, StoreSettings};
use crate::domain::ports::{Messages, Objects, Scanners};
use crate::domain::{self, Context, Crisis, DomainError, Vault};
use crate::error;
use crate::metrics::Metrics;
use crate::ports::clamd::Clamd;
use crate::ports::{DevSink, DiskObjects, S3Config, S3Objects, SnsConfig, SnsGateway};
use crate::routes::headers::Policies;
use crate::routes::{self, AppState};
use crate::store::dynamo::DynamoStore;
use crate::store::sqlite::SqliteStore;
use crate::store::{Store, StoreError};
use crate::telemetry;
use crate::workers::{Dispatcher, Scheduler};

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// Binding the port or creating the data directory failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The store could not be opened or initialised.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// Writing reference data failed.
    #[error("store: {0}")]
    Domain(#[from] DomainError),
    /// Setting up metrics failed.
    #[error("metrics: {0}")]
    Metrics(#[from] prometheus::Error),
    /// No usable signing secret.
    #[error("{0}")]
    Secret(#[from] SecretError),
    /// The vault's settings do not work (e.g. a clamd address that is none).
    #[error("vault: {0}")]
    Vault(String),
}

/// The access-token signing secret the settings call for.
fn signing_secret(settings: &ServeSettings) -> Result<Vec<u8>, SecretError> {
    let configured = settings.jwt_secret.as_deref();
    match settings.environment {
        Environment::Production => secret::production(configured),
        Environment::Development => {
            let dir = (settings.store.kind == StoreKind::Sqlite)
                .then_some(settings.store.data_dir.as_path());
            secret::development(configured, dir)
        }
    }
}

/// Opens the configured store (creating the SQLite data directory).
pub async fn open_store(settings: &StoreSettings) -> Result<Store, StartupError> {
    Ok(match settings.kind {
        StoreKind::Sqlite => {
            std::fs::create_dir_all(&settings.data_dir)?;
            Store::new(SqliteStore::open_with(
                &settings.sqlite_path(),
                settings.synchronous(),
            )?)
        }
        StoreKind::Dynamodb => Store::new(DynamoStore::connect(&settings.dynamo()).await),
    })
}

/// Creates the schema (or table and indexes) and writes the reference data. Idempotent.
pub async fn init_store(store: &Store) -> Result<(), StartupError> {
    store.init().await?;
    let added = domain::specializations::seed(store).await?;
    tracing::info!(added, "store initialised");
    Ok(())
}

/// SNS when a topic is configured, otherwise the development sink.
pub async fn open_messenger(settings: &ServeSettings, store: &Store) -> Messages {
    let notify = &settings.notify;
    match &notify.sns_topic_arn {
        Some(topic_arn) => {
            tracing::info!("email and SMS go through AWS SNS");
            Arc::new(
                SnsGateway::connect(&SnsConfig {
                    topic_arn: topic_arn.clone(),
                    letters_from: notify.letters_from.clone(),
                    region: notify
                        .sns_region
                        .clone()
                        .or(settings.store.aws_region.clone()),
                    endpoint: notify.sns_endpoint.clone(),
                })
                .await,
            )
        }
        None => {
            tracing::info!("no SNS topic configured: email and SMS go to the development sink");
            Arc::new(DevSink::new(store.clone()))
        }
    }
}

/// The vault's object store (S3 when a bucket is configured, else a
/// directory under the data directory) and scanner (clamd when configured).
pub async fn open_vault(settings: &ServeSettings) -> Result<Vault, StartupError> {
    let vault = &settings.vault;
    let root = settings.store.data_dir.join("vault");
    // Uploads a stopped process left half-written, whichever store follows.
    let disk = DiskObjects::new(root.clone());
    let swept = disk.sweep_spool()?;
    let objects: Objects = match &vault.s3_bucket {
        Some(bucket) => {
            tracing::info!("vault files go to S3");
            Arc::new(
                S3Objects::connect(S3Config {
                    bucket: bucket.clone(),
                    prefix: vault.s3_prefix.clone(),
                    region: (vault.s3_region.clone()).or(settings.store.aws_region.clone()),
                    endpoint: vault.s3_endpoint.clone(),
                    encryption: vault.s3_encryption.clone(),
                    kms_key_id: vault.s3_kms_key_id.clone(),
                    spool: root.join("spool"),
                })
                .await,
            )
        }
        None => {
            tracing::info!("vault files go to the data directory");
            Arc::new(disk)
        }
    };
    tracing::info!(swept, "abandoned uploads removed");
    let scanner: Option<Scanners> = match &vault.clamd {
        Some(address) => Some(Arc::new(
            Clamd::parse(address).map_err(StartupError::Vault)?,
        )),
        None => {
            tracing::warn!("no MEDTRACK_CLAMD: uploads are not scanned for malware");
            None
        }
    };
    Ok(Vault {
        objects,
        scanner,
        max_upload: vault.max_upload_bytes,
    })
}

/// A bound, not yet running, server.
pub struct Application {
    port: u16,
    metrics_port: u16,
    server: actix_web::dev::Server,
    metrics_server: actix_web::dev::Server,
    dispatcher: Dispatcher,
    scheduler: Scheduler,
}

impl Application {
    /// Opens the store and binds the listener. An SQLite store needs no setup,
    /// so it is initialised here; a DynamoDB table only by `medtrack store init`.
    pub async fn build(settings: ServeSettings) -> Result<Self, StartupError> {
        // Refuse a production start without a proper secret before touching anything.
        signing_secret(&settings)?;
        let store = open_store(&settings.store).await?;
        if settings.store.kind == StoreKind::Sqlite {
            init_store(&store).await?;
        }
        let messages = open_messenger(&settings, &store).await;
        let vault = open_vault(&settings).await?;
        Self::with_context(&settings, Context::new(store, messages).with_vault(vault))
    }

    /// Binds the listener and builds the server over a domain context (an
    /// open store and a messenger; tests may give their own clock).
    pub fn with_context(settings: &ServeSettings, ctx: Context) -> Result<Self, StartupError> {
        let listener = TcpListener::bind(&settings.bind)?;
        let address = listener.local_addr()?;
        let public_url =
            (settings.public_url.clone()).unwrap_or_else(|| format!("http://{address}"));
        let ctx = ctx
            .with_public_url(&public_url)
            .with_emergency_access(settings.emergency_access_minutes)
            .with_crisis(Crisis {
                crisis_line: settings.crisis_line.clone(),
                emergency_number: settings.emergency_number.clone(),
                acknowledge_within: jiff::SignedDuration::from_mins(i64::from(
                    settings.crisis_ack_minutes,
                )),
            })
            .with_billing(billing(&settings.billing))
            .with_blood(blood(&settings.blood));
        let tokens = TokenKeys::new(
            &signing_secret(settings)?,
            std::time::Duration::from_secs(settings.access_token_ttl),
        );
        let secure_cookies = settings.environment == Environment::Production;
        let scheduler = Scheduler::new(ctx.clone());
        let mut dispatcher = Dispatcher::new(ctx.clone());
        let state = Data::new(AppState {
            ctx,
            tokens,
            secure_cookies,
            trust_x_forwarded_for: settings.trust_x_forwarded_for,
        });
        dispatcher.settings.max_attempts = settings.notify.max_attempts;
        let metrics = Data::new(Metrics::new()?);
        dispatcher.metrics = Some(metrics.deliveries());
        let document = Data::new(routes::openapi_document());
        let web_dir = settings.web_dir.clone();
        if !web_dir.join("index.html").is_file() {
            tracing::warn!(dir = %web_dir.display(), "web client not built; `/` will answer 404 (scripts/run builds it)");
        }
        let cors_origins = settings.cors_origins.clone();
        let max_body = settings.max_body_bytes;
        let policies = Data::new(Policies::new(
            &web_dir,
            &settings.exposure.csp_connect,
            settings.environment == Environment::Production,
        ));
        let (metrics_server, metrics_port) = metrics_server(&settings.exposure, metrics.clone())?;

        let server = HttpServer::new(move || {
            let (app, _) = routes::register(App::new().into_utoipa_app()).split_for_parts();
            // Middleware runs from the last wrapped (outermost) to the first.
            app.app_data(state.clone())
                .app_data(metrics.clone())
                .app_data(document.clone())
                .app_data(policies.clone())
                .configure(error::configure_extractors(max_body))
                .configure(routes::docs::configure)
                .configure(routes::spa::configure(web_dir.clone()))
                .wrap(from_fn(routes::guard::identify))
                .wrap(ErrorHandlers::new().default_handler(error::standard_error_body))
                .wrap(from_fn(routes::fhir::outcome::outcomes))
                .wrap(Compress::default())
                .wrap(from_fn(routes::headers::secure))
                .wrap(Condition::new(
                    !cors_origins.is_empty(),
                    cors(&cors_origins),
                ))
                .wrap(from_fn(telemetry::request_context))
        })
        .listen(listener)?
        .run();
        tracing::info!("listening on http://{address}");
        Ok(Self {
            port: address.port(),
            metrics_port,
            server,
            metrics_server,
            dispatcher,
            scheduler,
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the metrics listener.
    pub fn metrics_port(&self) -> u16 {
        self.metrics_port
    }

    /// Serves until the process is told to stop (SIGINT, SIGTERM). The
    /// notification dispatcher and the scheduler run beside the server and
    /// stop with it.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tokio::select! {
            result = self.server => result,
            result = self.metrics_server => result,
            () = self.dispatcher.run() => Ok(()),
            () = self.scheduler.run() => Ok(()),
        }
    }
}

/// The metrics on a listener of their own, which the public port never
/// serves; with a token, only to scrapers that send it.
fn metrics_server(
    exposure: &ExposureSettings,
    metrics: Data<Metrics>,
) -> Result<(actix_web::dev::Server, u16), StartupError> {
    let listener = TcpListener::bind(&exposure.metrics_bind)?;
    let address = listener.local_addr()?;
    let token = Data::new(routes::health::MetricsToken(exposure.metrics_token.clone()));
    let server = HttpServer::new(move || {
        App::new()
            .app_data(metrics.clone())
            .app_data(token.clone())
            .route(
                "/metrics",
                actix_web::web::get().to(routes::health::metrics),
            )
    })
    .workers(1)
    .listen(listener)?
    .run();
    tracing::info!("metrics on http://{address}/metrics");
    Ok((server, address.port()))
}

/// Split mode: the web client on another origin may call the API.
fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([telemetry::REQUEST_ID])
        .supports_credentials()
        .max_age(3600)
}

/// The clinic's billing rules from the settings.
fn blood(settings: &crate::config::BloodSettings) -> crate::domain::blood::BloodBank {
    crate::domain::blood::BloodBank {
        shelf_days: settings.blood_shelf_days.0.clone(),
        soon_hours: settings.blood_soon_hours.0.clone(),
        hold: jiff::SignedDuration::from_hours(i64::from(settings.blood_hold_hours)),
        intervals: settings.donor_intervals,
    }
}

fn billing(settings: &crate::config::BillingSettings) -> crate::domain::billing::Billing {
    let hours = i64::from(settings.draft_hours);
    crate::domain::billing::Billing {
        tax_bp: settings.billing_tax.0.clone(),
        invoice_prefix: settings.invoice_prefix.clone(),
        payment_days: settings.payment_days,
        issue_drafts_after: (hours > 0).then(|| jiff::SignedDuration::from_hours(hours)),
        ..Default::default()
    }
}
