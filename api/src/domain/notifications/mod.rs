//! Notifications. A state change writes its notifications to the outbox in
//! the same transaction ([`outbox`]); the dispatcher later has each one
//! delivered ([`delivery`]): to the recipient's in-app [`inbox`] exactly
//! once, with its text made for that person ([`render`]), then on the email
//! and SMS channels they chose ([`settings`]) through the messenger port.
//! Caregivers named by email have subscriptions of their own
//! ([`caregivers`]); subscriptions waiting for their owner's confirmation are
//! looked at again by a job ([`confirmations`]). What could not be delivered
//! waits for an admin ([`dead_letters`]), and so does what the development
//! sink kept ([`sent_messages`]).

pub mod billing;
pub mod blood;
pub mod care;
pub mod caregivers;
pub mod confirmations;
pub mod dead_letters;
pub mod delivery;
pub mod documents;
pub mod gsm7;
pub mod inbox;
pub mod letters;
pub mod messages;
pub mod outbox;
pub mod render;
pub mod settings;

use medtrack_shared::delivery::SentMessage;
use medtrack_shared::notification::Category;
use medtrack_shared::Page;

use super::{paging, Context, DomainError};
use crate::store::{keys, Query};

/// A notification's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Category.
    pub category: Category,
    /// The event's name, e.g. `appointment.confirmed`.
    pub event: String,
    /// One line.
    pub title: String,
    /// A sentence or two.
    pub body: String,
    /// Where in the web client it leads.
    pub link: Option<String>,
    /// Goes out during quiet hours too, whatever its category.
    pub urgent: bool,
}

/// One page of what the development sink kept, newest first.
pub async fn sent_messages(
    ctx: &Context,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<SentMessage>, DomainError> {
    let query = Query::partition(keys::SINK).backwards();
    paging::page(&ctx.store, query, limit, cursor).await
}
