//! The notification dispatcher: delivers each outbox entry, whichever
//! replica runs it. Entries are found through the due-time index, so a pass
//! costs what is due; each is claimed through the leased queue and handed
//! to `domain::notifications::delivery`. A replica that dies while holding
//! a claim leaves the entry to be claimed again when its lease ends.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::{Settings, Worker};
use crate::domain::notifications::dead_letters;
use crate::domain::notifications::delivery::{self, Backoff, Rules};
use crate::domain::{Context, DomainError};
use crate::metrics::DeliveryMetrics;
use crate::store::queue::{Claimed, Lane, LeasePolicy, LeasedQueue};
use crate::store::{keys, Key};

/// Delivers outbox entries.
pub struct Dispatcher {
    ctx: Context,
    /// Leases (well above the messenger's timeouts, so a claim does not run
    /// out mid-send), pace, and tries of one channel before it becomes a
    /// dead letter.
    pub settings: Settings,
    /// Waits between tries.
    pub backoff: Backoff,
    /// Where outcomes and lag are counted, if anywhere.
    pub metrics: Option<DeliveryMetrics>,
}

impl Dispatcher {
    /// A dispatcher working with `ctx` (its store and messenger).
    pub fn new(ctx: Context) -> Self {
        Self {
            ctx,
            settings: Settings {
                lease: SignedDuration::from_secs(60),
                poll: Duration::from_secs(2),
                concurrency: 64,
                max_attempts: crate::config::NotifySettings::DEFAULT_MAX_ATTEMPTS,
            },
            backoff: Backoff {
                first: SignedDuration::from_secs(5),
                longest: SignedDuration::from_mins(15),
            },
            metrics: None,
        }
    }

    /// One pass over what is due at `now`; returns how many entries it worked on.
    pub async fn dispatch_due(&self, now: Timestamp) -> Result<usize, DomainError> {
        super::pass(self, now).await
    }

    /// Runs until the task is dropped, woken by writes that queue notifications.
    pub async fn run(self) {
        let wake = self.ctx.wakes.outbox.clone();
        super::run(self, wake).await;
    }

    fn count(&self, (channel, outcome, since): delivery::Counted) {
        let Some(metrics) = &self.metrics else { return };
        metrics.outcome(channel.as_str(), outcome);
        if let Some(lag) =
            since.and_then(|since| Duration::try_from(Timestamp::now().duration_since(since)).ok())
        {
            metrics.lag(channel.as_str(), lag);
        }
    }
}

impl Worker for Dispatcher {
    const NAME: &'static str = "dispatcher";

    fn ctx(&self) -> &Context {
        &self.ctx
    }

    fn lane() -> Lane {
        Lane {
            partitions: vec![keys::OUTBOX_DUE.to_owned()],
            due_key: |key, due| keys::outbox_due(due, &key.sk),
        }
    }

    fn settings(&self) -> &Settings {
        &self.settings
    }

    /// A fixed lease: channels keep their own backoff.
    fn policy(&self) -> LeasePolicy {
        LeasePolicy {
            lease: self.settings.lease,
            doubling: false,
            longest: self.settings.lease,
            max_attempts: self.settings.max_attempts,
        }
    }

    async fn work_on(
        &self,
        queue: &LeasedQueue,
        key: Key,
        now: Timestamp,
    ) -> Result<bool, DomainError> {
        let rules = Rules {
            max_attempts: self.settings.max_attempts,
            backoff: self.backoff,
        };
        match queue.claim(&key, now).await? {
            Claimed::NotNow => Ok(false),
            Claimed::Exhausted(item) => {
                dead_letters::bury_unreadable(&self.ctx, &item, now).await?;
                Ok(true)
            }
            Claimed::Mine(claim) => {
                let counted = delivery::deliver(&self.ctx, queue, claim, &rules, now).await?;
                counted.into_iter().for_each(|c| self.count(c));
                Ok(true)
            }
        }
    }
}
