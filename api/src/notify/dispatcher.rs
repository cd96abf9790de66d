//! The dispatcher: delivers each outbox entry, whichever replica runs it.
//!
//! Entries are found through the due-time index, so a pass costs what is due.
//! An entry is claimed with a version-conditioned write that sets a lease; a
//! replica that dies while holding a claim leaves the entry to be claimed
//! again when its lease ends. Every later write checks the claim still holds.
//!
//! The first delivery puts the in-app copy (keyed by the notification's id, so
//! it cannot be written twice) and decides, from the recipient's preferences,
//! which other channels to use. Each channel is then sent and recorded in one
//! transaction with a delivery record that may exist once per notification
//! and channel. A failed channel is tried again after an exponential backoff
//! with jitter, and after the configured number of tries it becomes a dead
//! letter that an admin can send again.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use medtrack_shared::delivery::{Channel, DeadLetter, EmailStatus, QuietHours};
use medtrack_shared::notification::{Category, Notification};
use medtrack_shared::{NotificationId, UserId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::Notify;

use super::gateway::{Email, Gateway, GatewayError, Route, Sms};
use super::outbox::{Event, MedicationChange, MedicationNotice, OutboxEntry, PendingChannel};
use super::render::{self, Rendered};
use super::settings::{self, Channels};
use super::{caregivers, inbox};
use crate::domain::accounts::{self, Account};
use crate::domain::DomainError;
use crate::metrics::DeliveryMetrics;
use crate::store::{keys, Condition, Index, Item, Query, Store, StoreError, TxOp};

/// Wakes the dispatcher when this process has queued notifications, so that
/// they are delivered at once rather than at the next poll.
#[derive(Clone, Default)]
pub struct OutboxSignal(Arc<Notify>);

impl OutboxSignal {
    /// Tells the dispatcher there is work.
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// How long to wait before trying a failed channel again.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    /// The wait after the first failure.
    pub first: SignedDuration,
    /// The longest wait.
    pub longest: SignedDuration,
}

impl Backoff {
    /// The wait after `failures` failures: doubling from `first` up to
    /// `longest`, then a random point in its upper half, so that entries
    /// that failed together do not all come back at once.
    pub fn after(&self, failures: u32) -> SignedDuration {
        let doublings = failures.saturating_sub(1).min(20);
        let full = self
            .first
            .checked_mul(1 << doublings)
            .unwrap_or(self.longest)
            .min(self.longest);
        let millis = full.as_millis().max(2);
        let half = millis / 2;
        SignedDuration::from_millis(i64::try_from(half + rand::random_range(0..=half)).unwrap_or(0))
    }
}

/// Delivers outbox entries.
pub struct Dispatcher {
    store: Store,
    gateway: Gateway,
    signal: OutboxSignal,
    /// How long a claim holds before another dispatcher may take the entry:
    /// well above the gateway's timeouts, so a claim does not run out mid-send.
    pub lease: SignedDuration,
    /// How often the due-time index is read when nothing wakes the dispatcher
    /// (other replicas' entries, retries, the end of quiet hours).
    pub poll: Duration,
    /// Tries of one channel before it becomes a dead letter.
    pub max_attempts: u32,
    /// Waits between tries.
    pub backoff: Backoff,
    /// Entries delivered at once.
    pub concurrency: usize,
    /// Where outcomes and lag are counted, if anywhere.
    pub metrics: Option<DeliveryMetrics>,
}

/// What sending on one channel came to.
enum Outcome {
    Sent(String),
    /// Not sent, and not to be tried again (no address any more, opted out).
    Skipped(&'static str),
    Failed(GatewayError),
}

/// What is kept of a dead letter: what admins see, and the entry to send again.
#[derive(Serialize, Deserialize)]
struct Buried {
    #[serde(flatten)]
    letter: DeadLetter,
    entry: Value,
}

impl Dispatcher {
    /// A dispatcher over `store`, sending through `gateway`, woken by `signal`.
    pub fn new(store: Store, gateway: Gateway, signal: OutboxSignal) -> Self {
        Self {
            store,
            gateway,
            signal,
            lease: SignedDuration::from_secs(60),
            poll: Duration::from_secs(2),
            max_attempts: crate::config::NotifySettings::DEFAULT_MAX_ATTEMPTS,
            backoff: Backoff {
                first: SignedDuration::from_secs(5),
                longest: SignedDuration::from_mins(15),
            },
            concurrency: 16,
            metrics: None,
        }
    }

    /// Runs until the task is dropped.
    pub async fn run(self) {
        loop {
            match self.dispatch_due(Timestamp::now()).await {
                Ok(delivered) if delivered > 0 => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "outbox dispatch failed; retrying"),
            }
            tokio::select! {
                _ = self.signal.0.notified() => {}
                _ = tokio::time::sleep(self.poll) => {}
            }
        }
    }

    /// One pass over what is due at `now`: claims and works on every entry
    /// that no live lease holds. Returns how many entries it worked on.
    pub async fn dispatch_due(&self, now: Timestamp) -> Result<usize, DomainError> {
        let mut worked = 0;
        let mut cursor = None;
        loop {
            let page = self
                .store
                .query(
                    Query::partition(keys::OUTBOX_DUE)
                        .on(Index::Gsi1)
                        .range(keys::outbox_due_by(now))
                        .after(cursor),
                )
                .await?;
            worked += futures::stream::iter(page.items)
                .map(|item| async move {
                    // One entry that fails must not hold up the others: its
                    // lease brings it back.
                    match self.work_on(item, now).await {
                        Ok(worked) => worked,
                        Err(error) => {
                            tracing::warn!(%error, "notification not delivered; will retry");
                            false
                        }
                    }
                })
                .buffer_unordered(self.concurrency)
                .filter(|worked| std::future::ready(*worked))
                .count()
                .await;
            match page.next {
                Some(next) => cursor = Some(next),
                None => return Ok(worked),
            }
        }
    }

    /// Claims one entry and does what is due of it; false when another
    /// dispatcher holds or took it.
    async fn work_on(&self, item: Item, now: Timestamp) -> Result<bool, DomainError> {
        // The index may lag the table: read the entry itself.
        let Some(item) = self.store.get(&item.key).await? else {
            return Ok(false);
        };
        let Some(claimed) = self.claim(item, now).await? else {
            return Ok(false);
        };
        let mut version = claimed.version;
        let mut entry: OutboxEntry = match claimed.record() {
            Ok(entry) => entry,
            Err(error) => {
                self.unreadable(&claimed, &error.to_string(), now).await?;
                return Ok(true);
            }
        };
        let (account, (mut channels, mut channels_version)) = tokio::try_join!(
            accounts::get(&self.store, &entry.recipient),
            settings::load(&self.store, &entry.recipient),
        )?;
        let Some(account) = account else {
            // The account is gone: nobody to tell.
            self.store
                .delete(&claimed.key, Condition::Version(version))
                .await?;
            return Ok(true);
        };
        let zone = accounts::time_zone(&account.time_zone).unwrap_or(TimeZone::UTC);
        let text = render::render(&entry.event, account.role, &zone);

        if entry.pending.is_none() {
            channels_version = match settings::check_confirmation(
                &self.store,
                &self.gateway,
                &account.id,
                &mut channels,
                channels_version,
            )
            .await
            {
                Ok(version) => version,
                // Changed meanwhile: the next notification looks again.
                Err(DomainError::Conflict { .. }) => channels_version,
                Err(other) => return Err(other),
            };
            // The patient asked for exactly these messages to their
            // caregiver; their own choices of channels are about messages to them.
            entry.pending = Some(
                caregiver_channels(&entry.event, now)
                    .unwrap_or_else(|| plan(text.category, &channels, &zone, now)),
            );
            let notification = Notification {
                id: entry.id,
                category: text.category,
                event: text.event.clone(),
                title: text.title.clone(),
                body: text.body.clone(),
                link: text.link.clone(),
                created_at: entry.created_at,
                read_at: None,
            };
            let in_app = TxOp::Put(
                inbox::item(&account.id, &notification)?,
                Condition::NotExists,
            );
            if !self.write(&entry, version, vec![in_app]).await? {
                return Ok(false);
            }
            version += 1;
            self.count(Channel::InApp, "sent", Some(entry.created_at));
        }

        let mut contact = Contact {
            account: &account,
            channels,
            channels_version,
        };
        let due: Vec<(Channel, Option<String>)> = entry
            .pending
            .iter()
            .flatten()
            .filter(|p| p.not_before <= now)
            .map(|p| (p.channel, p.to.clone()))
            .collect();
        for (channel, to) in due {
            let outcome = self
                .send(channel, to.as_deref(), &entry, &text, &zone, &mut contact)
                .await?;
            let Some(extra) = self.settle(&mut entry, channel, outcome, &text, now)? else {
                continue;
            };
            if !self.write(&entry, version, extra).await? {
                return Ok(false);
            }
            version += 1;
        }
        if entry.pending.as_ref().is_some_and(|p| !p.is_empty()) {
            // Channels wait for a backoff or quiet hours: let go of the claim
            // so the entry comes back when the first of them is due.
            entry.lease_until = None;
            self.write(&entry, version, Vec::new()).await?;
        }
        Ok(true)
    }

    /// Takes the lease on an entry whose lease (if any) has ended. Works on
    /// the raw item so that an unreadable entry can be claimed, and buried.
    async fn claim(&self, mut item: Item, now: Timestamp) -> Result<Option<Item>, DomainError> {
        let lease_until = item
            .attrs
            .get("lease_until")
            .and_then(|v| serde_json::from_value::<Timestamp>(v.clone()).ok());
        if lease_until.is_some_and(|until| until > now) {
            return Ok(None);
        }
        let until = now
            .checked_add(self.lease)
            .map_err(|e| DomainError::Internal(e.to_string()))?;
        let attempts = item
            .attrs
            .get("attempts")
            .and_then(Value::as_u64)
            .unwrap_or(0)
            + 1;
        item.attrs
            .insert("lease_until".into(), serde_json::json!(until));
        item.attrs.insert("attempts".into(), attempts.into());
        item.gsi1 = Some(keys::outbox_due(until, &item.key.sk));
        match self
            .store
            .put(item.clone(), Condition::Version(item.version))
            .await
        {
            Ok(version) => {
                item.version = version;
                Ok(Some(item))
            }
            Err(StoreError::ConditionFailed { .. }) => Ok(None),
            Err(other) => Err(other.into()),
        }
    }

    /// Writes the entry (or deletes it when nothing is left to send) with
    /// `ops`, if our claim still holds; false when it does not.
    async fn write(
        &self,
        entry: &OutboxEntry,
        version: u64,
        mut ops: Vec<TxOp>,
    ) -> Result<bool, DomainError> {
        let done = entry.pending.as_ref().is_some_and(Vec::is_empty);
        let at = ops.len();
        ops.push(if done {
            TxOp::Delete(keys::outbox(&entry.id), Condition::Version(version))
        } else {
            TxOp::Put(entry.item()?, Condition::Version(version))
        });
        match self.store.transact(ops).await {
            Ok(()) => Ok(true),
            // Our lease ran out and another dispatcher took the entry over.
            Err(StoreError::ConditionFailed { op: Some(op) }) if op == at => Ok(false),
            Err(other) => Err(other.into()),
        }
    }

    /// Sends `entry` on `channel`, to the recipient or to `to` (a caregiver).
    async fn send(
        &self,
        channel: Channel,
        to: Option<&str>,
        entry: &OutboxEntry,
        text: &Rendered,
        zone: &TimeZone,
        contact: &mut Contact<'_>,
    ) -> Result<Outcome, DomainError> {
        let recipient = &contact.account.id;
        let event = text.event.as_str();
        let result = match channel {
            Channel::InApp => return Ok(Outcome::Skipped("in-app is delivered first")),
            Channel::Email => {
                let caregiver_key;
                let (to, route, (subject, body)) = match (to, &entry.event) {
                    (Some(to), Event::Medication(notice)) => {
                        match caregivers::status(&self.store, &self.gateway, to).await? {
                            Some(EmailStatus::Active) => {}
                            // SNS drops what a pending subscription would get.
                            _ => return Ok(Outcome::Skipped("caregiver has not confirmed")),
                        }
                        caregiver_key = caregivers::route_key(to);
                        (
                            to,
                            Route::Caregiver(&caregiver_key),
                            render::caregiver_email(notice, zone),
                        )
                    }
                    _ => {
                        let Some(to) = contact.channels.email_address() else {
                            return Ok(Outcome::Skipped("no email address"));
                        };
                        let content = contact.channels.preferences.email_content;
                        (to, Route::User(recipient), render::email(text, content))
                    }
                };
                self.gateway
                    .send_email(&Email {
                        recipient,
                        route,
                        to,
                        event,
                        notification: &entry.id.to_string(),
                        subject: &subject,
                        body: &body,
                    })
                    .await
            }
            Channel::Sms => {
                let own = to.is_none();
                let Some(to) = to.or(contact.channels.sms_number()).map(str::to_owned) else {
                    return Ok(Outcome::Skipped("no verified phone number"));
                };
                match self.gateway.opted_out(&to).await {
                    Ok(true) => {
                        if own {
                            contact.mark_opted_out(&self.store).await?;
                        }
                        return Ok(Outcome::Skipped("opted out"));
                    }
                    Ok(false) => {}
                    Err(error) => return Ok(Outcome::Failed(error)),
                }
                let body = match &entry.event {
                    Event::Medication(notice) if !own => render::caregiver_sms(notice, zone),
                    _ => render::sms(text),
                };
                self.gateway
                    .send_sms(&Sms {
                        recipient,
                        to: &to,
                        event,
                        body: &body,
                    })
                    .await
            }
        };
        Ok(match result {
            Ok(message_id) => Outcome::Sent(message_id),
            Err(error) => Outcome::Failed(error),
        })
    }

    /// Updates `entry` for what sending on `channel` came to; returns the
    /// records to write with it.
    fn settle(
        &self,
        entry: &mut OutboxEntry,
        channel: Channel,
        outcome: Outcome,
        text: &Rendered,
        now: Timestamp,
    ) -> Result<Option<Vec<TxOp>>, DomainError> {
        let pending = entry.pending.get_or_insert_with(Vec::new);
        let Some(at) = pending.iter().position(|p| p.channel == channel) else {
            return Ok(None);
        };
        // When it went out (not when the pass began): delivery lag is read from it.
        let record = |outcome: &str, message_id: Option<String>| {
            Item::from_record(
                keys::delivery(&entry.id, channel),
                &serde_json::json!({ "at": Timestamp::now(), "outcome": outcome, "message_id": message_id }),
            )
        };
        let ops = match outcome {
            Outcome::Sent(message_id) => {
                self.count(channel, "sent", Some(entry.created_at));
                pending.remove(at);
                vec![TxOp::Put(
                    record("sent", Some(message_id))?,
                    Condition::NotExists,
                )]
            }
            Outcome::Skipped(reason) => {
                self.count(channel, "skipped", None);
                pending.remove(at);
                vec![TxOp::Put(record(reason, None)?, Condition::NotExists)]
            }
            Outcome::Failed(error) => {
                let mut failed = pending.remove(at);
                failed.attempts += 1;
                failed.last_error = Some(error.to_string());
                tracing::warn!(channel = channel.as_str(), attempts = failed.attempts, %error, "channel delivery failed");
                let dead = failed.attempts >= self.max_attempts;
                self.count(channel, if dead { "dead" } else { "failed" }, None);
                if dead {
                    let letter = DeadLetter {
                        notification: entry.id,
                        channel,
                        recipient: entry.recipient,
                        event: text.event.clone(),
                        attempts: failed.attempts,
                        error: error.to_string(),
                        died_at: now,
                    };
                    let mut kept = entry.clone();
                    kept.pending = Some(vec![failed]);
                    vec![bury(
                        letter,
                        serde_json::to_value(&kept).map_err(internal)?,
                    )?]
                } else {
                    failed.not_before = now
                        .checked_add(self.backoff.after(failed.attempts))
                        .map_err(|e| DomainError::Internal(e.to_string()))?;
                    pending.insert(at, failed);
                    Vec::new()
                }
            }
        };
        Ok(Some(ops))
    }

    /// Counts an outcome; a send's lag is measured from `since`.
    fn count(&self, channel: Channel, outcome: &str, since: Option<Timestamp>) {
        let Some(metrics) = &self.metrics else { return };
        metrics.outcome(channel.as_str(), outcome);
        if let Some(lag) =
            since.and_then(|since| Duration::try_from(Timestamp::now().duration_since(since)).ok())
        {
            metrics.lag(channel.as_str(), lag);
        }
    }

    /// An entry that cannot be read stays claimed (its lease brings it back)
    /// until it has been tried `max_attempts` times; then it is a dead letter.
    async fn unreadable(
        &self,
        item: &Item,
        error: &str,
        now: Timestamp,
    ) -> Result<(), DomainError> {
        let attempts = item
            .attrs
            .get("attempts")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        tracing::warn!(attempts, %error, "unreadable outbox entry");
        if attempts < u64::from(self.max_attempts) {
            return Ok(());
        }
        let id: NotificationId = item
            .key
            .sk
            .parse()
            .map_err(|_| DomainError::Internal("outbox entry with a malformed key".into()))?;
        let recipient = item
            .attrs
            .get("recipient")
            .and_then(|v| serde_json::from_value::<UserId>(v.clone()).ok())
            .unwrap_or_else(|| UserId::from_uuid(uuid::Uuid::nil()));
        let letter = DeadLetter {
            notification: id,
            channel: Channel::InApp,
            recipient,
            event: "unknown".into(),
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
            error: "the entry could not be read".into(),
            died_at: now,
        };
        self.count(Channel::InApp, "dead", None);
        let mut entry = item.attrs.clone();
        entry.remove("lease_until");
        entry.insert("attempts".into(), 0.into());
        self.store
            .transact(vec![
                bury(letter, Value::Object(entry))?,
                TxOp::Delete(item.key.clone(), Condition::Version(item.version)),
            ])
            .await?;
        Ok(())
    }
}

/// The recipient and their channels, as this delivery knows them.
struct Contact<'a> {
    account: &'a Account,
    channels: Channels,
    channels_version: Option<u64>,
}

impl Contact<'_> {
    /// Remembers that the phone opted out, so the settings page says so.
    async fn mark_opted_out(&mut self, store: &Store) -> Result<(), DomainError> {
        if let Some(phone) = self.channels.phone.as_mut() {
            phone.opted_out = true;
            match settings::save(
                store,
                &self.account.id,
                &self.channels,
                self.channels_version,
            )
            .await
            {
                Ok(()) => self.channels_version = self.channels_version.map(|v| v + 1),
                // Changed meanwhile: the next text message checks again.
                Err(DomainError::Conflict { .. }) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(())
    }
}

/// The channels a notification of `category` goes out on beyond the inbox,
/// by the recipient's preferences, and when.
fn plan(
    category: Category,
    channels: &Channels,
    zone: &TimeZone,
    now: Timestamp,
) -> Vec<PendingChannel> {
    let choice = channels.preferences.choice(category);
    let not_before = match channels.preferences.quiet_hours {
        Some(quiet) if !category.urgent() => end_of_quiet_hours(quiet, zone, now).unwrap_or(now),
        _ => now,
    };
    let wanted = [
        (
            Channel::Email,
            choice.email && channels.email_address().is_some(),
        ),
        (Channel::Sms, choice.sms && channels.sms_number().is_some()),
    ];
    wanted
        .into_iter()
        .filter(|(_, wanted)| *wanted)
        .map(|(channel, _)| PendingChannel {
            channel,
            not_before,
            attempts: 0,
            last_error: None,
            to: None,
        })
        .collect()
}

/// The caregiver's channels, when the notification is a message to them.
fn caregiver_channels(event: &Event, now: Timestamp) -> Option<Vec<PendingChannel>> {
    let Event::Medication(MedicationNotice {
        change: MedicationChange::CaregiverTold { phone, email, .. },
        ..
    }) = event
    else {
        return None;
    };
    let to = |channel, to: &Option<String>| {
        to.clone().map(|to| PendingChannel {
            channel,
            not_before: now,
            attempts: 0,
            last_error: None,
            to: Some(to),
        })
    };
    Some(
        [to(Channel::Sms, phone), to(Channel::Email, email)]
            .into_iter()
            .flatten()
            .collect(),
    )
}

/// When the quiet hours `now` falls in end, on the person's clock; `None`
/// outside quiet hours.
pub fn end_of_quiet_hours(quiet: QuietHours, zone: &TimeZone, now: Timestamp) -> Option<Timestamp> {
    let local = now.to_zoned_datetime(zone.clone());
    if !quiet.contains(local.time()) {
        return None;
    }
    let date = if local.time() < quiet.until {
        local.date()
    } else {
        local.date().tomorrow().ok()?
    };
    let end = zone
        .to_ambiguous_timestamp(date.to_datetime(quiet.until))
        .compatible()
        .ok()?;
    Some(end)
}

fn bury(letter: DeadLetter, entry: Value) -> Result<TxOp, DomainError> {
    let key = keys::dead_letter(&letter.notification, letter.channel);
    Ok(TxOp::Put(
        Item::from_record(key, &Buried { letter, entry })?,
        Condition::Always,
    ))
}

fn internal(error: serde_json::Error) -> DomainError {
    DomainError::Internal(error.to_string())
}

/// One page of dead letters, oldest notification first.
pub async fn dead_letters(
    store: &Store,
    limit: u32,
    cursor: Option<&str>,
) -> Result<medtrack_shared::Page<DeadLetter>, DomainError> {
    crate::domain::paging::page(store, Query::partition(keys::DEAD_LETTERS), limit, cursor).await
}

/// Puts a dead letter back in the outbox, to be tried again from the start
/// on its channel.
pub async fn retry_dead_letter(
    store: &Store,
    id: &NotificationId,
    channel: Channel,
    now: Timestamp,
) -> Result<(), DomainError> {
    let key = keys::dead_letter(id, channel);
    let item = store.get(&key).await?.ok_or(DomainError::NotFound)?;
    let buried: Buried = item.record()?;
    let entry = match channel {
        // An unreadable entry goes back as it was: it may have been fixed.
        Channel::InApp => {
            let Value::Object(attrs) = buried.entry else {
                return Err(DomainError::Internal(
                    "dead letter without its entry".into(),
                ));
            };
            Item::new(keys::outbox(id), attrs).with_gsi1(keys::outbox_due(now, id))
        }
        Channel::Email | Channel::Sms => {
            let mut entry: OutboxEntry = serde_json::from_value(buried.entry).map_err(internal)?;
            entry.lease_until = None;
            let to = entry
                .pending
                .iter()
                .flatten()
                .find(|p| p.channel == channel)
                .and_then(|p| p.to.clone());
            entry.pending = Some(vec![PendingChannel {
                channel,
                not_before: now,
                attempts: 0,
                last_error: None,
                to,
            }]);
            entry.item()?
        }
    };
    match store
        .transact(vec![
            TxOp::Delete(key, Condition::Version(item.version)),
            TxOp::Put(entry, Condition::NotExists),
        ])
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { op: Some(0) }) => Err(DomainError::NotFound),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::Conflict {
            code: "still_delivering",
            message:
                "This notification is still being delivered on another channel; try again shortly.",
        }),
        Err(other) => Err(other.into()),
    }
}
