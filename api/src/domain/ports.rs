//! What the domain needs from the world outside the store, as traits it
//! defines; `crate::ports` implements them (AWS SNS, the development sink).

use std::sync::Arc;

use async_trait::async_trait;
use medtrack_shared::delivery::DeliveryMode;
use medtrack_shared::UserId;

/// Why a message did not leave. Carries an error code or a kind of failure,
/// never the message, address or number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessengerError {
    /// No answer: network, timeout, or the service is down. Worth retrying.
    #[error("unreachable: {0}")]
    Unreachable(String),
    /// The service answered with an error (its code, e.g. `InvalidParameter`).
    #[error("rejected: {0}")]
    Rejected(String),
}

/// Which subscriptions an email reaches: the message attribute their
/// filter policies match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// A person's own address (`user_id`).
    User(&'a UserId),
    /// A caregiver's address (`caregiver`: a hash of the address, so the
    /// attribute names nobody).
    Caregiver(&'a str),
}

impl Route<'_> {
    /// The attribute's name and value.
    pub fn attribute(&self) -> (&'static str, String) {
        match self {
            Self::User(user) => ("user_id", user.to_string()),
            Self::Caregiver(key) => ("caregiver", (*key).to_owned()),
        }
    }
}

/// An email to one address.
#[derive(Debug, Clone)]
pub struct Email<'a> {
    /// Whose notification it is (the sink records it).
    pub recipient: &'a UserId,
    /// Which subscription receives it.
    pub route: Route<'a>,
    /// The address (the sink records it; SNS routes by subscription).
    pub to: &'a str,
    /// The event's name, e.g. `appointment.confirmed`.
    pub event: &'a str,
    /// The notification's id, for receivers that drop duplicates.
    pub notification: &'a str,
    /// Subject line.
    pub subject: &'a str,
    /// Text.
    pub body: &'a str,
}

/// A text message to one number.
#[derive(Debug, Clone)]
pub struct Sms<'a> {
    /// Whose it is.
    pub recipient: &'a UserId,
    /// The number, in international form.
    pub to: &'a str,
    /// The event's name, e.g. `phone.verification`.
    pub event: &'a str,
    /// Text: one GSM-7 part.
    pub body: &'a str,
}

/// A transactional email to one address, sent whatever the person's
/// preferences: a link to reset the password or to confirm the address.
#[derive(Debug, Clone)]
pub struct Letter<'a> {
    /// Whose account it is about.
    pub recipient: &'a UserId,
    /// The address.
    pub to: &'a str,
    /// The event's name, e.g. `account.password_reset`.
    pub event: &'a str,
    /// Subject line.
    pub subject: &'a str,
    /// Text.
    pub body: &'a str,
}

/// An email subscription: it receives only the messages of its routes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Its ARN (or the sink's stand-in).
    pub arn: String,
    /// Waiting for the owner to confirm by the link mailed to them.
    pub pending: bool,
}

/// Email and text messages out of the server. Only workers and write
/// operations call it: no read of the API waits for it.
#[async_trait]
pub trait Messenger: Send + Sync + 'static {
    /// Which kind this is, for clients to tell people.
    fn mode(&self) -> DeliveryMode;

    /// Sends an email; returns the message id.
    async fn send_email(&self, email: &Email<'_>) -> Result<String, MessengerError>;

    /// Sends a text message; returns the message id.
    async fn send_sms(&self, sms: &Sms<'_>) -> Result<String, MessengerError>;

    /// Sends a transactional email to any address (no subscription needed);
    /// returns the message id.
    async fn send_letter(&self, letter: &Letter<'_>) -> Result<String, MessengerError>;

    /// Whether the number replied STOP.
    async fn opted_out(&self, number: &str) -> Result<bool, MessengerError>;

    /// Subscribes `address` to the messages of `route`.
    async fn subscribe_email(
        &self,
        route: Route<'_>,
        address: &str,
    ) -> Result<Subscription, MessengerError>;

    /// Makes a subscription receive the messages of each of `routes`.
    async fn set_routes(&self, arn: &str, routes: &[Route<'_>]) -> Result<(), MessengerError>;

    /// Whether the subscription still waits for its owner's confirmation.
    async fn subscription_pending(&self, arn: &str) -> Result<bool, MessengerError>;

    /// Ends a subscription.
    async fn unsubscribe(&self, arn: &str) -> Result<(), MessengerError>;
}

/// The configured messenger, shared.
pub type Messages = Arc<dyn Messenger>;

/// Why the object store failed. Carries a kind or an error code, never a
/// document's name or content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObjectError {
    /// No object by that name.
    #[error("no such object")]
    Missing,
    /// The disk or the service failed (its error kind or code).
    #[error("object store: {0}")]
    Unavailable(String),
}

/// An object's content, read as it arrives.
pub type ObjectReader = std::pin::Pin<Box<dyn tokio::io::AsyncRead + Send>>;

/// How a browser is to treat a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served<'a> {
    /// The detected type, e.g. `application/pdf`.
    pub content_type: &'a str,
    /// `inline` (images and PDFs, for the preview) or `attachment`, with
    /// the file name: the whole `Content-Disposition` value.
    pub disposition: &'a str,
}

/// Where the vault's files live: content-addressed objects, each named by
/// the SHA-256 of its content (64 hex digits). An object is either wholly
/// there or not at all.
#[async_trait]
pub trait ObjectStore: Send + Sync + 'static {
    /// Which kind this is, for logs: `disk` or `s3`.
    fn kind(&self) -> &'static str;

    /// The directory where an upload is written while it arrives (on the
    /// disk store's file system, so storing it is a rename).
    fn spool_dir(&self) -> &std::path::Path;

    /// Stores the finished file `file` (in the spool directory) as `name`,
    /// consuming it. Storing a name that exists changes nothing.
    async fn put(
        &self,
        name: &str,
        file: &std::path::Path,
        content_type: &str,
    ) -> Result<(), ObjectError>;

    /// Reads an object.
    async fn open(&self, name: &str) -> Result<ObjectReader, ObjectError>;

    /// Removes an object; a missing one is no error.
    async fn delete(&self, name: &str) -> Result<(), ObjectError>;

    /// A URL from which a browser may fetch the object for `ttl`, served as
    /// `served` says (S3: a presigned URL); `None` when the server serves
    /// objects itself.
    async fn link(
        &self,
        name: &str,
        served: Served<'_>,
        ttl: std::time::Duration,
    ) -> Result<Option<String>, ObjectError>;
}

/// The configured object store, shared.
pub type Objects = Arc<dyn ObjectStore>;

/// A malware scanner's answer on one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing found.
    Clean,
    /// A signature matched (its name, e.g. `Win.Test.EICAR_HDB-1`).
    Infected(String),
}

/// Why a scan gave no verdict.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    /// The scanner could not be reached or stopped answering: try later.
    #[error("scanner unreachable: {0}")]
    Unreachable(String),
    /// The scanner answered with an error (e.g. a size limit).
    #[error("scanner error: {0}")]
    Failed(String),
}

/// A malware scanner (a ClamAV daemon).
#[async_trait]
pub trait Scanner: Send + Sync + 'static {
    /// Scans `content` to its end.
    async fn scan(&self, content: ObjectReader) -> Result<Verdict, ScanError>;
}

/// The configured scanner, shared.
pub type Scanners = Arc<dyn Scanner>;
