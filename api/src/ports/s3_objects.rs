//! The vault's files in Amazon S3: each object under the configured prefix
//! and its SHA-256, put whole from the finished upload with server-side
//! encryption requested every time. Downloads are presigned URLs, made only
//! after the API's access check, that name the type and disposition S3 is
//! to answer with; nothing else ever shows a bucket path.

use std::path::{Path, PathBuf};
use std::time::Duration;

use async_trait::async_trait;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ServerSideEncryption;
use aws_sdk_s3::Client;

use crate::domain::ports::{ObjectError, ObjectReader, ObjectStore, Served};

/// Where the objects are.
#[derive(Debug, Clone)]
pub struct S3Config {
    /// The bucket.
    pub bucket: String,
    /// Prepended to every object's name, e.g. `vault/`.
    pub prefix: String,
    /// AWS region; the SDK's default chain when absent.
    pub region: Option<String>,
    /// Endpoint override (an emulator); addresses buckets by path.
    pub endpoint: Option<String>,
    /// `AES256` (S3-managed keys) or `aws:kms`.
    pub encryption: String,
    /// The KMS key with `aws:kms`; the account's default when absent.
    pub kms_key_id: Option<String>,
    /// A local directory for uploads while they arrive.
    pub spool: PathBuf,
}

/// An S3 client, its bucket and prefix.
#[derive(Clone)]
pub struct S3Objects {
    client: Client,
    config: S3Config,
}

fn failed<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> ObjectError {
    let code = match error {
        SdkError::ServiceError(service) => service.err().code().unwrap_or("unknown").to_owned(),
        SdkError::TimeoutError(_) => "timed out".to_owned(),
        SdkError::DispatchFailure(_) => "no connection".to_owned(),
        SdkError::ResponseError(_) => "unreadable response".to_owned(),
        _ => "request not sent".to_owned(),
    };
    ObjectError::Unavailable(format!("s3: {code}"))
}

fn missing<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> bool {
    match error {
        SdkError::ServiceError(service) => {
            matches!(service.err().code(), Some("NoSuchKey" | "NotFound"))
        }
        _ => false,
    }
}

impl S3Objects {
    /// Connects with the SDK's default credentials chain.
    pub async fn connect(config: S3Config) -> Self {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .build(),
            );
        if let Some(region) = &config.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        if let Some(endpoint) = &config.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        let sdk = loader.load().await;
        Self::with_sdk_config(&sdk, config)
    }

    /// Over an SDK configuration (the tests' emulator).
    pub fn with_sdk_config(sdk: &aws_config::SdkConfig, config: S3Config) -> Self {
        let s3 = aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(config.endpoint.is_some() || sdk.endpoint_url().is_some())
            .build();
        Self {
            client: Client::from_conf(s3),
            config,
        }
    }

    fn key(&self, name: &str) -> String {
        format!("{}{name}", self.config.prefix)
    }

    async fn exists(&self, key: &str) -> Result<bool, ObjectError> {
        let head = self
            .client
            .head_object()
            .bucket(&self.config.bucket)
            .key(key)
            .send()
            .await;
        match head {
            Ok(_) => Ok(true),
            Err(error) if missing(&error) => Ok(false),
            Err(error) => Err(failed(&error)),
        }
    }
}

#[async_trait]
impl ObjectStore for S3Objects {
    fn kind(&self) -> &'static str {
        "s3"
    }

    fn spool_dir(&self) -> &Path {
        &self.config.spool
    }

    async fn put(&self, name: &str, file: &Path, content_type: &str) -> Result<(), ObjectError> {
        let key = self.key(name);
        if !self.exists(&key).await? {
            let body = ByteStream::from_path(file)
                .await
                .map_err(|_| ObjectError::Unavailable("spool file unreadable".into()))?;
            let mut put = self
                .client
                .put_object()
                .bucket(&self.config.bucket)
                .key(&key)
                .content_type(content_type)
                .body(body)
                .server_side_encryption(ServerSideEncryption::from(
                    self.config.encryption.as_str(),
                ));
            if let Some(kms_key) = &self.config.kms_key_id {
                put = put.ssekms_key_id(kms_key);
            }
            put.send().await.map_err(|e| failed(&e))?;
        }
        let _ = tokio::fs::remove_file(file).await;
        Ok(())
    }

    async fn open(&self, name: &str) -> Result<ObjectReader, ObjectError> {
        let got = self
            .client
            .get_object()
            .bucket(&self.config.bucket)
            .key(self.key(name))
            .send()
            .await;
        match got {
            Ok(object) => Ok(Box::pin(object.body.into_async_read())),
            Err(error) if missing(&error) => Err(ObjectError::Missing),
            Err(error) => Err(failed(&error)),
        }
    }

    async fn delete(&self, name: &str) -> Result<(), ObjectError> {
        self.client
            .delete_object()
            .bucket(&self.config.bucket)
            .key(self.key(name))
            .send()
            .await
            .map_err(|e| failed(&e))?;
        Ok(())
    }

    async fn link(
        &self,
        name: &str,
        served: Served<'_>,
        ttl: Duration,
    ) -> Result<Option<String>, ObjectError> {
        let presigning = PresigningConfig::expires_in(ttl)
            .map_err(|_| ObjectError::Unavailable("s3: link lifetime".into()))?;
        let request = self
            .client
            .get_object()
            .bucket(&self.config.bucket)
            .key(self.key(name))
            .response_content_type(served.content_type)
            .response_content_disposition(served.disposition)
            .response_cache_control("private, no-store")
            .presigned(presigning)
            .await
            .map_err(|e| failed(&e))?;
        Ok(Some(request.uri().to_owned()))
    }
}
