//! The development sink: with no SNS configured, email and text messages are
//! kept in the store, newest first, for an admin to read in the web client.

use jiff::Timestamp;
use medtrack_shared::delivery::{Channel, DeliveryMode, SentMessage};

use crate::domain::ports::{Email, Letter, Messenger, MessengerError, Route, Sms, Subscription};
use crate::store::{keys, Condition, Item, Store};

/// Keeps what would have been sent.
#[derive(Clone)]
pub struct DevSink {
    store: Store,
}

impl DevSink {
    /// A sink writing to `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    async fn keep(&self, message: SentMessage) -> Result<String, MessengerError> {
        let id = uuid::Uuid::now_v7().to_string();
        let item = Item::from_record(keys::sink_message(message.sent_at, &id), &message)
            .map_err(|e| MessengerError::Rejected(e.to_string()))?;
        self.store
            .put(item, Condition::NotExists)
            .await
            .map_err(|_| MessengerError::Unreachable("store".into()))?;
        Ok(id)
    }
}

/// The sink has no opt-out list and no confirmations: every subscription is
/// active at once, so a local user sees what would have been sent.
#[async_trait::async_trait]
impl Messenger for DevSink {
    fn mode(&self) -> DeliveryMode {
        DeliveryMode::DevelopmentSink
    }

    async fn send_email(&self, email: &Email<'_>) -> Result<String, MessengerError> {
        self.keep(SentMessage {
            sent_at: Timestamp::now(),
            channel: Channel::Email,
            recipient: *email.recipient,
            to: email.to.to_owned(),
            event: email.event.to_owned(),
            subject: Some(email.subject.to_owned()),
            body: email.body.to_owned(),
        })
        .await
    }

    async fn send_sms(&self, sms: &Sms<'_>) -> Result<String, MessengerError> {
        self.keep(SentMessage {
            sent_at: Timestamp::now(),
            channel: Channel::Sms,
            recipient: *sms.recipient,
            to: sms.to.to_owned(),
            event: sms.event.to_owned(),
            subject: None,
            body: sms.body.to_owned(),
        })
        .await
    }

    async fn send_letter(&self, letter: &Letter<'_>) -> Result<String, MessengerError> {
        self.keep(SentMessage {
            sent_at: Timestamp::now(),
            channel: Channel::Email,
            recipient: *letter.recipient,
            to: letter.to.to_owned(),
            event: letter.event.to_owned(),
            subject: Some(letter.subject.to_owned()),
            body: letter.body.to_owned(),
        })
        .await
    }

    async fn opted_out(&self, _number: &str) -> Result<bool, MessengerError> {
        Ok(false)
    }

    async fn subscribe_email(
        &self,
        route: Route<'_>,
        _address: &str,
    ) -> Result<Subscription, MessengerError> {
        Ok(Subscription {
            arn: format!("sink:{}", route.attribute().1),
            pending: false,
        })
    }

    async fn set_routes(&self, _arn: &str, _routes: &[Route<'_>]) -> Result<(), MessengerError> {
        Ok(())
    }

    async fn subscription_pending(&self, _arn: &str) -> Result<bool, MessengerError> {
        Ok(false)
    }

    async fn unsubscribe(&self, _arn: &str) -> Result<(), MessengerError> {
        Ok(())
    }
}
