//! AWS SNS, and Amazon SES for transactional email. Notification email goes
//! through one topic; each person's email subscription carries a filter
//! policy on the `user_id` message attribute, so it receives that person's
//! messages and nobody else's (a caregiver's, on `caregiver`). Text messages
//! are published straight to the verified number. Letters (a password reset
//! link, an address to confirm) go by SES from the clinic's verified sender:
//! they must reach addresses that never subscribed to anything.
//!
//! The SDK does not retry: the dispatcher does, with backoff, and records
//! each attempt. Timeouts keep a call well inside the dispatcher's lease.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_sns::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sns::types::MessageAttributeValue;
use aws_sdk_sns::Client;
use medtrack_shared::delivery::DeliveryMode;

use crate::domain::ports::{Email, Letter, Messenger, MessengerError, Route, Sms, Subscription};

/// Where the topic is.
#[derive(Debug, Clone)]
pub struct SnsConfig {
    /// The topic that carries email.
    pub topic_arn: String,
    /// The verified SES sender of transactional email, e.g.
    /// `MedTrack <no-reply@clinic.example>`; without it letters are refused.
    pub letters_from: Option<String>,
    /// AWS region; the SDK's default chain when absent.
    pub region: Option<String>,
    /// Endpoint override (an emulator).
    pub endpoint: Option<String>,
}

/// An SNS client and the topic, and an SES client and sender.
#[derive(Clone)]
pub struct SnsGateway {
    client: Client,
    topic_arn: String,
    letters: Option<(aws_sdk_sesv2::Client, String)>,
}

impl SnsGateway {
    /// Connects with the SDK's default credentials chain.
    pub async fn connect(config: &SnsConfig) -> Self {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(region) = &config.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        if let Some(endpoint) = &config.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        let sdk = loader.load().await;
        let gateway = Self::with_sdk_config(&sdk, &config.topic_arn);
        match &config.letters_from {
            Some(from) => gateway.with_letters(&sdk, from),
            None => gateway,
        }
    }

    /// A gateway over an SDK configuration made by the caller.
    pub fn with_sdk_config(sdk: &aws_config::SdkConfig, topic_arn: &str) -> Self {
        let config = aws_sdk_sns::config::Builder::from(sdk)
            .retry_config(RetryConfig::disabled())
            .timeout_config(timeouts())
            .build();
        Self {
            client: Client::from_conf(config),
            topic_arn: topic_arn.to_owned(),
            letters: None,
        }
    }

    /// The same gateway, sending letters by SES from `from`.
    pub fn with_letters(mut self, sdk: &aws_config::SdkConfig, from: &str) -> Self {
        let config = aws_sdk_sesv2::config::Builder::from(sdk)
            .retry_config(RetryConfig::disabled())
            .timeout_config(timeouts())
            .build();
        self.letters = Some((aws_sdk_sesv2::Client::from_conf(config), from.to_owned()));
        self
    }
}

/// Short timeouts and no retries: the worker that calls keeps its own.
fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(3))
        .operation_timeout(Duration::from_secs(10))
        .build()
}

#[async_trait::async_trait]
impl Messenger for SnsGateway {
    fn mode(&self) -> DeliveryMode {
        DeliveryMode::Sns
    }

    async fn send_email(&self, email: &Email<'_>) -> Result<String, MessengerError> {
        // Only the route's attribute: a caregiver's message must not match
        // the patient's own subscription.
        let (route, key) = email.route.attribute();
        let output = self
            .client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(email.subject)
            .message(email.body)
            .message_attributes(route, text(&key)?)
            .message_attributes("event", text(email.event)?)
            .message_attributes("notification_id", text(email.notification)?)
            .send()
            .await
            .map_err(failure)?;
        Ok(output.message_id().unwrap_or_default().to_owned())
    }

    async fn send_sms(&self, sms: &Sms<'_>) -> Result<String, MessengerError> {
        let output = self
            .client
            .publish()
            .phone_number(sms.to)
            .message(sms.body)
            .message_attributes("AWS.SNS.SMS.SMSType", text("Transactional")?)
            .send()
            .await
            .map_err(failure)?;
        Ok(output.message_id().unwrap_or_default().to_owned())
    }

    async fn send_letter(&self, letter: &Letter<'_>) -> Result<String, MessengerError> {
        use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
        let Some((client, from)) = &self.letters else {
            return Err(MessengerError::Rejected(
                "no sender of letters configured".into(),
            ));
        };
        let content = |text: &str| {
            Content::builder()
                .data(text)
                .charset("UTF-8")
                .build()
                .map_err(|e| MessengerError::Rejected(e.to_string()))
        };
        let message = Message::builder()
            .subject(content(letter.subject)?)
            .body(Body::builder().text(content(letter.body)?).build())
            .build();
        let output = client
            .send_email()
            .from_email_address(from)
            .destination(Destination::builder().to_addresses(letter.to).build())
            .content(EmailContent::builder().simple(message).build())
            .send()
            .await
            .map_err(failure)?;
        Ok(output.message_id().unwrap_or_default().to_owned())
    }

    async fn opted_out(&self, number: &str) -> Result<bool, MessengerError> {
        let output = self
            .client
            .check_if_phone_number_is_opted_out()
            .phone_number(number)
            .send()
            .await
            .map_err(failure)?;
        Ok(output.is_opted_out())
    }

    async fn subscribe_email(
        &self,
        route: Route<'_>,
        address: &str,
    ) -> Result<Subscription, MessengerError> {
        let policy = filter_policy(&[route]).to_string();
        let output = self
            .client
            .subscribe()
            .topic_arn(&self.topic_arn)
            .protocol("email")
            .endpoint(address)
            .attributes("FilterPolicy", policy)
            .attributes("FilterPolicyScope", "MessageAttributes")
            .return_subscription_arn(true)
            .send()
            .await
            .map_err(failure)?;
        let arn = output
            .subscription_arn()
            .ok_or_else(|| MessengerError::Rejected("no subscription arn".into()))?
            .to_owned();
        let pending = self.subscription_pending(&arn).await?;
        Ok(Subscription { arn, pending })
    }

    async fn set_routes(&self, arn: &str, routes: &[Route<'_>]) -> Result<(), MessengerError> {
        self.client
            .set_subscription_attributes()
            .subscription_arn(arn)
            .attribute_name("FilterPolicy")
            .attribute_value(filter_policy(routes).to_string())
            .send()
            .await
            .map_err(failure)?;
        Ok(())
    }

    async fn subscription_pending(&self, arn: &str) -> Result<bool, MessengerError> {
        let output = self
            .client
            .get_subscription_attributes()
            .subscription_arn(arn)
            .send()
            .await
            .map_err(failure)?;
        Ok(output
            .attributes()
            .and_then(|a| a.get("PendingConfirmation"))
            .is_some_and(|v| v == "true"))
    }

    async fn unsubscribe(&self, arn: &str) -> Result<(), MessengerError> {
        match self.client.unsubscribe().subscription_arn(arn).send().await {
            Ok(_) => Ok(()),
            // Already gone (its owner unsubscribed by the link in an email).
            Err(error) if error.code() == Some("NotFound") => Ok(()),
            Err(error) => Err(failure(error)),
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

fn text(value: &str) -> Result<MessageAttributeValue, MessengerError> {
    MessageAttributeValue::builder()
        .data_type("String")
        .string_value(value)
        .build()
        .map_err(|e| MessengerError::Rejected(e.to_string()))
}

/// The kind of failure, or the service's error code: never its message, which
/// may quote a number or an address.
fn failure<E: ProvideErrorMetadata, R>(error: SdkError<E, R>) -> MessengerError {
    match error {
        SdkError::ServiceError(service) => MessengerError::Rejected(
            service
                .err()
                .code()
                .unwrap_or("unknown service error")
                .to_owned(),
        ),
        SdkError::TimeoutError(_) => MessengerError::Unreachable("timed out".into()),
        SdkError::DispatchFailure(_) => MessengerError::Unreachable("no connection".into()),
        SdkError::ResponseError(_) => MessengerError::Unreachable("unreadable response".into()),
        _ => MessengerError::Unreachable("request not sent".into()),
    }
}
