//! Settings of the server, read from flags and `MEDTRACK_*` environment variables.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::store::dynamo::DynamoConfig;
use crate::store::sqlite::Synchronous;

mod blood;
pub use blood::{BloodSettings, PerComponent};

/// Which storage driver to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreKind {
    /// An embedded SQLite file in the data directory (no setup).
    Sqlite,
    /// An AWS DynamoDB table (or DynamoDB Local).
    Dynamodb,
}

/// How a SQLite commit waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqliteSync {
    /// A crash of the process loses nothing committed; a power loss may lose
    /// the last commits.
    Normal,
    /// A power loss loses nothing committed either (a disk flush per commit).
    Full,
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct StoreSettings {
    /// Storage driver.
    #[arg(long = "store", env = "MEDTRACK_STORE", value_enum, default_value_t = StoreKind::Sqlite)]
    pub kind: StoreKind,

    /// Directory of the SQLite database (created when missing).
    #[arg(long, env = "MEDTRACK_DATA_DIR", default_value = "./medtrack-data")]
    pub data_dir: PathBuf,

    /// How SQLite commits wait for the disk.
    #[arg(long, env = "MEDTRACK_SQLITE_SYNCHRONOUS", value_enum, default_value_t = SqliteSync::Normal)]
    pub sqlite_synchronous: SqliteSync,

    /// DynamoDB table name.
    #[arg(long, env = "MEDTRACK_DYNAMODB_TABLE", default_value = "medtrack")]
    pub dynamodb_table: String,

    /// DynamoDB endpoint override, e.g. http://127.0.0.1:8000 for DynamoDB Local.
    #[arg(long, env = "MEDTRACK_DYNAMODB_ENDPOINT")]
    pub dynamodb_endpoint: Option<String>,

    /// AWS region; the AWS SDK's default chain (AWS_REGION, profile) when absent.
    #[arg(long, env = "MEDTRACK_AWS_REGION")]
    pub aws_region: Option<String>,
}

impl StoreSettings {
    /// The SQLite database file.
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("medtrack.sqlite3")
    }

    /// The SQLite driver's commit durability.
    pub fn synchronous(&self) -> Synchronous {
        match self.sqlite_synchronous {
            SqliteSync::Normal => Synchronous::Normal,
            SqliteSync::Full => Synchronous::Full,
        }
    }

    /// The DynamoDB driver's settings.
    pub fn dynamo(&self) -> DynamoConfig {
        DynamoConfig {
            table: self.dynamodb_table.clone(),
            region: self.aws_region.clone(),
            endpoint: self.dynamodb_endpoint.clone(),
        }
    }
}

/// Development (the default) or production.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Environment {
    /// Laptop defaults: a signing secret is made and kept in the data directory.
    Development,
    /// Refuses to start without a proper signing secret; cookies are Secure.
    Production,
}

/// Settings of `medtrack serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeSettings {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, env = "MEDTRACK_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// Directory of the built web client (Trunk's output), served at `/`.
    #[arg(long, env = "MEDTRACK_WEB_DIR", default_value = "./web/dist")]
    pub web_dir: PathBuf,

    /// Origins allowed to call the API from a browser when the web client is
    /// served elsewhere (split mode), comma-separated, e.g. https://app.example.org.
    #[arg(long, env = "MEDTRACK_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Behind a load balancer (e.g. AWS ALB): take the client's address from the
    /// last entry of X-Forwarded-For, which the balancer appends. Leave off when
    /// clients connect directly, or they could pick their own address.
    #[arg(long, env = "MEDTRACK_TRUST_X_FORWARDED_FOR", default_value_t = false)]
    pub trust_x_forwarded_for: bool,

    /// Largest accepted JSON request body, in bytes.
    #[arg(long, env = "MEDTRACK_MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,

    /// `development` or `production`.
    #[arg(long = "env", env = "MEDTRACK_ENV", value_enum, default_value_t = Environment::Development)]
    pub environment: Environment,

    /// Signing secret of access tokens: required in production (32 bytes or more).
    #[arg(long, env = "MEDTRACK_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// Where people open the web client, for the links MedTrack emails
    /// (e.g. https://clinic.example); the address listened on by default.
    #[arg(long, env = "MEDTRACK_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// How long a doctor's emergency access to a record lasts, in minutes.
    #[arg(long, env = "MEDTRACK_EMERGENCY_ACCESS_MINUTES", default_value_t = 60,
          value_parser = clap::value_parser!(u16).range(5..=1440))]
    pub emergency_access_minutes: u16,

    /// The crisis line shown to a patient who may be in crisis (e.g. 988);
    /// unset, the message says "a crisis line in your country".
    #[arg(long, env = "MEDTRACK_CRISIS_LINE")]
    pub crisis_line: Option<String>,

    /// The emergency number shown with it (e.g. 112); unset, the message
    /// says "your local emergency number".
    #[arg(long, env = "MEDTRACK_EMERGENCY_NUMBER")]
    pub emergency_number: Option<String>,

    /// Minutes a crisis alert waits for a doctor's acknowledgement before it
    /// goes to the clinic's admins.
    #[arg(long, env = "MEDTRACK_CRISIS_ACK_MINUTES", default_value_t = 30,
          value_parser = clap::value_parser!(u16).range(1..=1440))]
    pub crisis_ack_minutes: u16,

    /// Lifetime of access tokens, in seconds.
    #[arg(long, env = "MEDTRACK_ACCESS_TOKEN_TTL", default_value_t = 900)]
    pub access_token_ttl: u64,

    #[command(flatten)]
    pub store: StoreSettings,

    #[command(flatten)]
    pub notify: NotifySettings,

    #[command(flatten)]
    pub exposure: ExposureSettings,

    #[command(flatten)]
    pub vault: VaultSettings,

    #[command(flatten)]
    pub billing: BillingSettings,

    #[command(flatten)]
    pub blood: BloodSettings,
}

/// The clinic's billing rules.
#[derive(Debug, Clone, Args)]
pub struct BillingSettings {
    /// Tax per line kind as `kind=percent` pairs, e.g.
    /// `procedure=23,medication=6.5` (kinds: consultation, procedure, test,
    /// medication, supply, other); none by default.
    #[arg(long, env = "MEDTRACK_BILLING_TAX", default_value = "", value_parser = tax_rates)]
    pub billing_tax: TaxRates,

    /// The invoice numbers' prefix (`INV` makes `INV-2027-000123`).
    #[arg(long, env = "MEDTRACK_INVOICE_PREFIX", default_value = "INV", value_parser = prefix)]
    pub invoice_prefix: String,

    /// Days from an invoice's issue to its due date.
    #[arg(long, env = "MEDTRACK_PAYMENT_DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(u16).range(0..=365))]
    pub payment_days: u16,

    /// Hours a visit's draft invoice waits for its doctor before it is
    /// issued as it is; 0 leaves drafts to people.
    #[arg(long, env = "MEDTRACK_DRAFT_HOURS", default_value_t = 24,
          value_parser = clap::value_parser!(u16).range(0..=720))]
    pub draft_hours: u16,
}

impl Default for BillingSettings {
    /// No tax, `INV` numbers, 30 days to pay, drafts issued after a day.
    fn default() -> Self {
        Self {
            billing_tax: TaxRates::default(),
            invoice_prefix: "INV".into(),
            payment_days: 30,
            draft_hours: 24,
        }
    }
}

/// Tax rates per line kind, in basis points.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaxRates(pub Vec<(medtrack_shared::billing::LineKind, u32)>);

fn tax_rates(text: &str) -> Result<TaxRates, String> {
    use medtrack_shared::billing::LineKind;
    let mut rates = Vec::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (kind, percent) = pair
            .split_once('=')
            .ok_or_else(|| format!("`{pair}` is not kind=percent"))?;
        let kind = LineKind::ALL
            .into_iter()
            .find(|k| k.name() == kind.trim())
            .ok_or_else(|| format!("`{kind}` is not a line kind"))?;
        let (whole, fraction) = percent
            .trim()
            .split_once('.')
            .unwrap_or((percent.trim(), ""));
        let cents = format!("{fraction:0<2}");
        let bp = match (whole.parse::<u32>(), cents.parse::<u32>()) {
            (Ok(whole), Ok(cents))
                if fraction.len() <= 2 && whole <= 100 && whole * 100 + cents <= 10_000 =>
            {
                whole * 100 + cents
            }
            _ => {
                return Err(format!(
                    "`{percent}` is not a percent from 0 to 100 with at most two decimals"
                ))
            }
        };
        if rates.iter().any(|(k, _)| *k == kind) {
            return Err(format!("`{}` is given twice", kind.name()));
        }
        rates.push((kind, bp));
    }
    Ok(TaxRates(rates))
}

fn prefix(text: &str) -> Result<String, String> {
    // `CN` numbers the credit notes.
    let fine = (1..=8).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_uppercase())
        && text != "CN";
    fine.then(|| text.to_owned())
        .ok_or_else(|| "1 to 8 capital letters A to Z, not CN (the credit notes')".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtrack_shared::billing::LineKind;

    #[test]
    fn tax_rates_are_percents_per_kind() {
        let rates = tax_rates("procedure=23, medication=6.5").unwrap();
        assert_eq!(
            rates.0,
            vec![(LineKind::Procedure, 2300), (LineKind::Medication, 650)]
        );
        assert_eq!(tax_rates("").unwrap(), TaxRates::default());
        for wrong in [
            "procedure",
            "magic=5",
            "test=101",
            "test=1.234",
            "test=5,test=6",
            "test=-1",
        ] {
            assert!(tax_rates(wrong).is_err(), "{wrong}");
        }
        assert!(prefix("CN").is_err() && prefix("inv").is_err() && prefix("FAC").is_ok());
    }
}

/// Where the document vault keeps files, and who scans them.
#[derive(Debug, Clone, Args)]
pub struct VaultSettings {
    /// Largest upload to the vault, in bytes (25 MB by default).
    #[arg(long, env = "MEDTRACK_MAX_UPLOAD_BYTES",
          default_value_t = medtrack_shared::vault::DEFAULT_MAX_UPLOAD_BYTES,
          value_parser = clap::value_parser!(u64).range(1..=(1 << 34)))]
    pub max_upload_bytes: u64,

    /// An S3 bucket for the vault's files; without it they are kept in
    /// `vault/` under the data directory.
    #[arg(long, env = "MEDTRACK_S3_BUCKET")]
    pub s3_bucket: Option<String>,

    /// Prefix of the vault's objects in the bucket.
    #[arg(long, env = "MEDTRACK_S3_PREFIX", default_value = "vault/")]
    pub s3_prefix: String,

    /// S3 endpoint override, e.g. http://127.0.0.1:5000 for moto_server.
    #[arg(long, env = "MEDTRACK_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,

    /// Region of the bucket; MEDTRACK_AWS_REGION, then the SDK's default chain, when absent.
    #[arg(long, env = "MEDTRACK_S3_REGION")]
    pub s3_region: Option<String>,

    /// Server-side encryption requested on every put: `AES256` or `aws:kms`.
    #[arg(long, env = "MEDTRACK_S3_SSE", default_value = "AES256",
          value_parser = ["AES256", "aws:kms"])]
    pub s3_encryption: String,

    /// The KMS key for `aws:kms` (the account's default key when absent).
    #[arg(long, env = "MEDTRACK_S3_KMS_KEY_ID")]
    pub s3_kms_key_id: Option<String>,

    /// A ClamAV daemon that scans every upload before anyone can open it: a
    /// unix socket path or host:port. Without it files are marked "not scanned".
    #[arg(long, env = "MEDTRACK_CLAMD")]
    pub clamd: Option<String>,
}

impl Default for VaultSettings {
    /// Files on disk, not scanned, the default size limit.
    fn default() -> Self {
        Self {
            max_upload_bytes: medtrack_shared::vault::DEFAULT_MAX_UPLOAD_BYTES,
            s3_bucket: None,
            s3_prefix: "vault/".into(),
            s3_endpoint: None,
            s3_region: None,
            s3_encryption: "AES256".into(),
            s3_kms_key_id: None,
            clamd: None,
        }
    }
}

/// What the server shows beyond the API: metrics, and the origins its web
/// client may reach.
#[derive(Debug, Clone, Args)]
pub struct ExposureSettings {
    /// Address of the Prometheus metrics (`/metrics`), a listener of its own
    /// so that the public port never serves them: loopback unless a scraper
    /// elsewhere needs them (port 0 picks a free one).
    #[arg(long, env = "MEDTRACK_METRICS_BIND", default_value = "127.0.0.1:9464")]
    pub metrics_bind: String,

    /// A bearer token the metrics listener requires, for scrapers that reach
    /// it over a network.
    #[arg(long, env = "MEDTRACK_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Further origins the web client may connect to (its Content-Security-
    /// Policy `connect-src`), comma-separated: an object store's, say.
    #[arg(long, env = "MEDTRACK_CSP_CONNECT", value_delimiter = ',')]
    pub csp_connect: Vec<String>,
}

impl Default for ExposureSettings {
    /// Metrics on any free loopback port, nothing else.
    fn default() -> Self {
        Self {
            metrics_bind: "127.0.0.1:0".into(),
            metrics_token: None,
            csp_connect: Vec::new(),
        }
    }
}

/// How email and text messages are sent.
#[derive(Debug, Clone, Args)]
pub struct NotifySettings {
    /// ARN of the SNS topic that carries email. Without it, email and SMS go
    /// to the development sink, which admins read in the web client.
    #[arg(long, env = "MEDTRACK_SNS_TOPIC_ARN")]
    pub sns_topic_arn: Option<String>,

    /// SNS endpoint override, e.g. http://127.0.0.1:5000 for moto_server.
    #[arg(long, env = "MEDTRACK_SNS_ENDPOINT")]
    pub sns_endpoint: Option<String>,

    /// AWS region of the topic; MEDTRACK_AWS_REGION, then the SDK's default chain, when absent.
    #[arg(long, env = "MEDTRACK_SNS_REGION")]
    pub sns_region: Option<String>,

    /// The verified Amazon SES sender of transactional email (password reset
    /// links, addresses to confirm), e.g. `MedTrack <no-reply@clinic.example>`;
    /// used with SNS (in the same region and endpoint).
    #[arg(long, env = "MEDTRACK_LETTERS_FROM")]
    pub letters_from: Option<String>,

    /// Tries of one channel (email or SMS) before a notification becomes a
    /// dead letter there.
    #[arg(long, env = "MEDTRACK_NOTIFY_MAX_ATTEMPTS", default_value_t = NotifySettings::DEFAULT_MAX_ATTEMPTS, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub max_attempts: u32,
}

impl NotifySettings {
    /// Tries of a channel unless configured: about 21 minutes of backoff.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 8;
}

impl Default for NotifySettings {
    /// The development sink.
    fn default() -> Self {
        Self {
            sns_topic_arn: None,
            sns_endpoint: None,
            sns_region: None,
            letters_from: None,
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
        }
    }
}
