//! Email subscriptions waiting for their owner to follow the link the
//! messenger mailed them. Reads never ask the messenger, so a job asks
//! instead: soon after the subscription was made, then less and less often,
//! for three days. A notification planned meanwhile asks too.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::delivery::EmailStatus;
use medtrack_shared::{JobId, UserId};
use serde::{Deserialize, Serialize};

use super::{caregivers, settings};
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::secrets::token_hash;
use crate::domain::{Context, DomainError};
use crate::store::{StoreError, TxOp};

/// The first look, after the subscription was made.
const FIRST: SignedDuration = SignedDuration::from_secs(30);
/// The longest wait between two looks.
const LONGEST: SignedDuration = SignedDuration::from_hours(1);
/// How long to keep looking.
const GIVE_UP: SignedDuration = SignedDuration::from_hours(72);

/// Whose subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subscriber {
    /// An account's own notifications.
    Account(UserId),
    /// A caregiver's alerts, by address.
    Caregiver(String),
}

/// Looks whether a pending subscription was confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationCheck {
    /// Whose subscription.
    pub subscriber: Subscriber,
    /// When it was made.
    pub since: Timestamp,
}

/// The job that watches `subscriber`'s new subscription, made at `now`.
pub fn watch(subscriber: Subscriber, now: Timestamp) -> Result<TxOp, StoreError> {
    let job = ConfirmationCheck {
        subscriber,
        since: now,
    };
    jobs::schedule(&job, now + FIRST)
}

impl Runner for ConfirmationCheck {
    fn id(&self) -> JobId {
        match &self.subscriber {
            Subscriber::Account(user) => JobId::compose("confirm", &[&"account", user]),
            // The address itself is not for ids: they are listed to admins.
            Subscriber::Caregiver(address) => {
                JobId::compose("confirm", &[&"caregiver", &token_hash(address)])
            }
        }
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let status = match &self.subscriber {
            Subscriber::Account(user) => {
                let (mut channels, version) = settings::load(&ctx.store, user).await?;
                settings::check_confirmation(ctx, user, &mut channels, version).await?;
                channels.email.map(|email| email.status)
            }
            Subscriber::Caregiver(address) => caregivers::check_confirmation(ctx, address).await?,
        };
        let waited = now.duration_since(self.since);
        if status != Some(EmailStatus::Pending) || waited > GIVE_UP {
            return Ok(Outcome::done());
        }
        // Each wait about as long as the time waited so far.
        let due = now + waited.clamp(FIRST, LONGEST);
        Ok(Outcome {
            ops: Vec::new(),
            next: Some(jobs::scheduled(self, due)?),
        })
    }
}
