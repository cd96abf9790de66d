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
