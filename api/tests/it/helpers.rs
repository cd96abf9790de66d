//! Test fixtures: stores on both drivers, and a real server on a free port.

use std::ops::Deref;
use std::sync::Arc;

use jiff::Timestamp;
use medtrack::config::{
    Environment, NotifySettings, ServeSettings, SqliteSync, StoreKind, StoreSettings, VaultSettings,
};
use medtrack::domain::accounts;
use medtrack::domain::ports::Messages;
use medtrack::domain::{Clock, Context, Zone};
use medtrack::ports::clamd::Clamd;
use medtrack::ports::{DevSink, S3Config, S3Objects};
use medtrack::startup::{init_store, open_vault, Application};
use medtrack::store::sqlite::SqliteStore;
use medtrack::store::Store;
use medtrack_shared::account::SessionTokens;
use reqwest::Method;
use serde::Serialize;
use tempfile::TempDir;

use crate::auth::PASSWORD;
use crate::dynamodb_local;

/// The storage drivers.
#[derive(Debug, Clone, Copy)]
pub enum Driver {
    Sqlite,
    Dynamodb,
}

/// A fresh, empty store (schema or table created) and what keeps it alive.
pub struct TestStore {
    pub store: Store,
    _dir: Option<TempDir>,
}

impl Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

pub async fn empty_store(driver: Driver) -> TestStore {
    let (store, dir) = match driver {
        Driver::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = SqliteStore::open(&dir.path().join("test.sqlite3")).expect("open sqlite");
            (Store::new(store), Some(dir))
        }
        Driver::Dynamodb => (Store::new(dynamodb_local::store().await), None),
    };
    store.init().await.expect("init store");
    TestStore { store, _dir: dir }
}

/// The development sink over `store`, as the messenger.
pub fn sink(store: &Store) -> Messages {
    Arc::new(DevSink::new(store.clone()))
}

/// A domain context over `store`, with the development sink, on the system clock.
pub fn ctx(store: &Store) -> Context {
    Context::new(store.clone(), sink(store))
}

/// A domain context over `store`, with the development sink, on a clock
/// stopped at `now`.
pub fn ctx_at(store: &Store, now: Timestamp) -> Context {
    ctx(store).with_clock(Clock::manual(now))
}

/// A domain context over `store` sending through `messages`, at `now`.
pub fn via(store: &Store, messages: &Messages, now: Timestamp) -> Context {
    via_now(store, messages).with_clock(Clock::manual(now))
}

/// A domain context over `store` sending through `messages`, on the system clock.
pub fn via_now(store: &Store, messages: &Messages) -> Context {
    Context::new(store.clone(), messages.clone())
}

/// A time zone by name.
pub fn zone(name: &str) -> Zone {
    Zone::parse_input(name, "time_zone").expect("a known zone")
}

/// A running server over a fresh store with its reference data, and a client.
pub struct TestApp {
    pub address: String,
    /// The metrics listener, e.g. `http://127.0.0.1:9464`.
    pub metrics_address: String,
    pub client: reqwest::Client,
    pub store: Store,
    /// The server's domain context (its messenger and wake-ups).
    pub ctx: Context,
    _store: Option<TestStore>,
    _web: TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// GET as the holder of `token`.
    pub async fn get_as(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// `GET /api/v1/me` as the holder of `token`, which must be valid.
    pub async fn me(&self, token: &str) -> medtrack_shared::Me {
        self.get_as("/api/v1/me", token)
            .await
            .json()
            .await
            .expect("an account")
    }

    /// The metrics, as a scraper reads them.
    pub async fn metrics(&self) -> reqwest::Response {
        self.client
            .get(format!("{}/metrics", self.metrics_address))
            .send()
            .await
            .expect("request")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// A request without a body as the holder of `token`.
    pub async fn send_as(
        &self,
        method: Method,
        path: &str,
        token: impl AsRef<str>,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token.as_ref())
            .send()
            .await
            .expect("request")
    }

    /// A request with a JSON body as the holder of `token`.
    pub async fn json_as(
        &self,
        method: Method,
        path: &str,
        token: impl AsRef<str>,
        body: &(impl Serialize + ?Sized),
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token.as_ref())
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// The OpenAPI document the server serves.
    pub async fn document(&self) -> serde_json::Value {
        self.get("/api/openapi.json")
            .await
            .json()
            .await
            .expect("the document")
    }

    /// An anonymous POST with a JSON body.
    pub async fn post_json(
        &self,
        path: &str,
        body: &(impl Serialize + ?Sized),
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }
}

/// `template` (an OpenAPI path) with a fresh id for every `{parameter}` left in it.
pub fn fill_ids(template: &str) -> String {
    template
        .split('/')
        .map(|part| {
            if part.starts_with('{') {
                uuid::Uuid::now_v7().to_string()
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The test servers' signing secret, so tests can forge expired tokens.
pub const TEST_JWT_SECRET: &str = "test-secret-0123456789abcdef0123456789abcdef";

/// A stand-in for Trunk's output: the tests check how it is served, not the client.
pub const TEST_INDEX: &str = "<!doctype html><title>MedTrack test client</title>";

/// A stand-in for a file of the build named by its content.
pub const TEST_BUNDLE: &str = "main-0123456789abcdef.js";

pub async fn spawn_app(driver: Driver) -> TestApp {
    spawn_app_with(driver, sink).await
}

/// A running server whose messenger `messages` makes over its store.
pub async fn spawn_app_with(driver: Driver, messages: impl FnOnce(&Store) -> Messages) -> TestApp {
    spawn_app_with_vault(driver, messages, VaultSettings::default()).await
}

/// A running server with the vault's settings `vault` (an S3 bucket, clamd).
pub async fn spawn_app_with_vault(
    driver: Driver,
    messages: impl FnOnce(&Store) -> Messages,
    vault: VaultSettings,
) -> TestApp {
    let test_store = empty_store(driver).await;
    init_store(&test_store).await.expect("reference data");
    let store = test_store.store.clone();
    let mut app = serve(driver, &store, messages(&store), vault).await;
    app._store = Some(test_store);
    app
}

/// Another replica over the store of `app`, as behind a load balancer.
pub async fn replica(app: &TestApp, driver: Driver) -> TestApp {
    serve(
        driver,
        &app.store,
        sink(&app.store),
        VaultSettings::default(),
    )
    .await
}

async fn serve(driver: Driver, store: &Store, messages: Messages, vault: VaultSettings) -> TestApp {
    let web = tempfile::tempdir().expect("temp dir");
    std::fs::write(web.path().join("index.html"), TEST_INDEX).expect("index");
    std::fs::write(web.path().join("app.js"), "console.log('medtrack')").expect("asset");
    // A file named by its content, with the copies the build makes of it
    // (their bytes name them, so a test sees which one was sent).
    for (name, body) in [("", "plain"), (".br", "brotli"), (".gz", "gzip")] {
        let path = web.path().join(format!("{TEST_BUNDLE}{name}"));
        std::fs::write(path, body).expect("bundle");
    }
    let settings = ServeSettings {
        bind: "127.0.0.1:0".into(),
        web_dir: web.path().to_owned(),
        cors_origins: vec!["https://app.example.org".into()],
        max_body_bytes: 64 * 1024,
        trust_x_forwarded_for: true,
        environment: Environment::Development,
        jwt_secret: Some(TEST_JWT_SECRET.into()),
        access_token_ttl: 900,
        public_url: None,
        emergency_access_minutes: 60,
        crisis_line: Some("116 123".into()),
        emergency_number: Some("112".into()),
        crisis_ack_minutes: 30,
        store: StoreSettings {
            kind: match driver {
                Driver::Sqlite => StoreKind::Sqlite,
                Driver::Dynamodb => StoreKind::Dynamodb,
            },
            data_dir: web.path().to_owned(),
            sqlite_synchronous: SqliteSync::Normal,
            dynamodb_table: String::new(),
            dynamodb_endpoint: None,
            aws_region: None,
        },
        notify: NotifySettings::default(),
        exposure: Default::default(),
        vault,
        billing: Default::default(),
        blood: Default::default(),
    };
    let vault = match &settings.vault.s3_endpoint {
        // The emulator's test credentials, not the machine's chain.
        Some(endpoint) => s3_vault(&settings, endpoint).await,
        None => open_vault(&settings).await.expect("vault"),
    };
    let ctx = Context::new(store.clone(), messages).with_vault(vault);
    let app = Application::with_context(&settings, ctx.clone()).expect("build app");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_address = format!("http://127.0.0.1:{}", app.metrics_port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        metrics_address,
        client: reqwest::Client::new(),
        store: store.clone(),
        ctx,
        _store: None,
        _web: web,
    }
}

/// The vault of `settings` on S3 at `endpoint` (moto), with its bucket.
async fn s3_vault(settings: &ServeSettings, endpoint: &str) -> medtrack::domain::Vault {
    let vault = &settings.vault;
    let bucket = vault
        .s3_bucket
        .clone()
        .expect("a bucket with an S3 endpoint");
    let sdk = crate::emulator::sdk(endpoint).await;
    let client = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(true)
            .build(),
    );
    let _ = client.create_bucket().bucket(&bucket).send().await;
    let objects = S3Objects::with_sdk_config(
        &sdk,
        S3Config {
            bucket,
            prefix: vault.s3_prefix.clone(),
            region: None,
            endpoint: Some(endpoint.to_owned()),
            encryption: vault.s3_encryption.clone(),
            kms_key_id: None,
            spool: settings.store.data_dir.join("spool"),
        },
    );
    let scanner = vault.clamd.as_deref().map(|address| {
        Arc::new(Clamd::parse(address).expect("clamd address")) as medtrack::domain::ports::Scanners
    });
    medtrack::domain::Vault {
        objects: Arc::new(objects),
        scanner,
        max_upload: vault.max_upload_bytes,
    }
}

/// Generates one test per driver for each named async case `fn(Driver)`.
macro_rules! on_both_drivers {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    super::$case(crate::helpers::Driver::Sqlite).await;
                }
            )*
        }
        mod dynamodb {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    super::$case(crate::helpers::Driver::Dynamodb).await;
                }
            )*
        }
    };
}
pub(crate) use on_both_drivers;

/// The address of the admin the helpers below make.
pub const ADMIN_EMAIL: &str = "root@example.org";

/// Makes the admin (as `medtrack admin create` does) and signs in, without
/// two-factor sign-in: admin actions are still refused.
pub async fn admin_without_two_factor(app: &TestApp) -> SessionTokens {
    accounts::create_admin(&app.ctx, "Root Admin", ADMIN_EMAIL, PASSWORD)
        .await
        .expect("admin created");
    crate::auth::sign_in(app, ADMIN_EMAIL).await
}

/// Makes the admin, signs in and turns on two-factor sign-in: ready to administer.
pub async fn admin(app: &TestApp) -> SessionTokens {
    let tokens = admin_without_two_factor(app).await;
    crate::two_factor::enrol(app, &tokens.access_token, ADMIN_EMAIL).await;
    tokens
}
