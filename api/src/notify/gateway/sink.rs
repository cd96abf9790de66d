//! The development sink: with no SNS configured, email and text messages are
//! kept in the store, newest first, for an admin to read in the web client.

use jiff::Timestamp;
use medtrack_shared::delivery::{Channel, SentMessage};
use medtrack_shared::Page;

use super::{Email, GatewayError, Sms};
use crate::domain::DomainError;
use crate::store::{keys, Condition, Item, Query, Store};

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

    pub(super) async fn send_email(&self, email: &Email<'_>) -> Result<String, GatewayError> {
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

    pub(super) async fn send_sms(&self, sms: &Sms<'_>) -> Result<String, GatewayError> {
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

    async fn keep(&self, message: SentMessage) -> Result<String, GatewayError> {
        let id = uuid::Uuid::now_v7().to_string();
        let item = Item::from_record(keys::sink_message(message.sent_at, &id), &message)
            .map_err(|e| GatewayError::Rejected(e.to_string()))?;
        self.store
            .put(item, Condition::NotExists)
            .await
            .map_err(|_| GatewayError::Unreachable("store".into()))?;
        Ok(id)
    }
}

/// One page of what the sink kept, newest first.
pub async fn list(
    store: &Store,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<SentMessage>, DomainError> {
    let query = Query::partition(keys::SINK).backwards();
    crate::domain::paging::page(store, query, limit, cursor).await
}
