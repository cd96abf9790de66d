//! Where email and text messages leave the server: AWS SNS when configured,
//! otherwise a development sink in the store that admins read.

pub mod sink;
pub mod sns;

use medtrack_shared::delivery::DeliveryMode;
use medtrack_shared::UserId;

pub use sink::DevSink;
pub use sns::SnsGateway;

/// Why a message did not leave. Carries an error code or a kind of failure,
/// never the message, address or number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// No answer: network, timeout, or the service is down. Worth retrying.
    #[error("unreachable: {0}")]
    Unreachable(String),
    /// The service answered with an error (its code, e.g. `InvalidParameter`).
    #[error("rejected: {0}")]
    Rejected(String),
}

/// Which subscriptions of the topic an email reaches: the message attribute
/// their filter policies match.
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

/// The filter policy of a subscription that receives the messages of each
/// of `routes` (one address may be an account's and a caregiver's).
pub fn filter_policy(routes: &[Route<'_>]) -> serde_json::Value {
    let one = |route: &Route<'_>| {
        let (attribute, value) = route.attribute();
        serde_json::json!({ attribute: [value] })
    };
    match routes {
        [route] => one(route),
        routes => serde_json::json!({ "$or": routes.iter().map(one).collect::<Vec<_>>() }),
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

/// An email subscription: the topic delivers to it only its owner's messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Its ARN (or the sink's stand-in).
    pub arn: String,
    /// Waiting for the owner to confirm by the link SNS mailed them.
    pub pending: bool,
}

/// The configured way out.
#[derive(Clone)]
pub enum Gateway {
    /// AWS SNS (or an emulator at an endpoint override).
    Sns(SnsGateway),
    /// The development sink.
    Sink(DevSink),
}

impl Gateway {
    /// Which one this is, for clients to tell people.
    pub fn mode(&self) -> DeliveryMode {
        match self {
            Self::Sns(_) => DeliveryMode::Sns,
            Self::Sink(_) => DeliveryMode::DevelopmentSink,
        }
    }

    /// Sends an email; returns the message id.
    pub async fn send_email(&self, email: &Email<'_>) -> Result<String, GatewayError> {
        match self {
            Self::Sns(sns) => sns.send_email(email).await,
            Self::Sink(sink) => sink.send_email(email).await,
        }
    }

    /// Sends a text message; returns the message id.
    pub async fn send_sms(&self, sms: &Sms<'_>) -> Result<String, GatewayError> {
        match self {
            Self::Sns(sns) => sns.send_sms(sms).await,
            Self::Sink(sink) => sink.send_sms(sms).await,
        }
    }

    /// Whether the number replied STOP (SNS keeps the list; the sink has none).
    pub async fn opted_out(&self, number: &str) -> Result<bool, GatewayError> {
        match self {
            Self::Sns(sns) => sns.opted_out(number).await,
            Self::Sink(_) => Ok(false),
        }
    }

    /// Subscribes `address` to the messages of `route`.
    pub async fn subscribe_email(
        &self,
        route: Route<'_>,
        address: &str,
    ) -> Result<Subscription, GatewayError> {
        match self {
            Self::Sns(sns) => sns.subscribe_email(route, address).await,
            Self::Sink(_) => Ok(Subscription {
                arn: format!("sink:{}", route.attribute().1),
                pending: false,
            }),
        }
    }

    /// Makes a subscription receive the messages of each of `routes`.
    pub async fn set_routes(&self, arn: &str, routes: &[Route<'_>]) -> Result<(), GatewayError> {
        match self {
            Self::Sns(sns) => sns.set_filter(arn, &filter_policy(routes)).await,
            Self::Sink(_) => Ok(()),
        }
    }

    /// Whether the subscription still waits for its owner's confirmation.
    pub async fn subscription_pending(&self, arn: &str) -> Result<bool, GatewayError> {
        match self {
            Self::Sns(sns) => sns.subscription_pending(arn).await,
            Self::Sink(_) => Ok(false),
        }
    }

    /// Ends a subscription.
    pub async fn unsubscribe(&self, arn: &str) -> Result<(), GatewayError> {
        match self {
            Self::Sns(sns) => sns.unsubscribe(arn).await,
            Self::Sink(_) => Ok(()),
        }
    }
}
