//! Delivering one outbox entry the dispatcher claimed.
//!
//! The first delivery puts the in-app copy (keyed by the notification's id, so
//! it cannot be written twice) and decides, from the recipient's preferences,
//! which other channels to use. Each channel is then sent and recorded in one
//! transaction with a delivery record that may exist once per notification
//! and channel. A failed channel is tried again after an exponential backoff
//! with jitter, and after the configured number of tries it becomes a dead
//! letter that an admin can send again. Every write checks the claim still
//! holds.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use medtrack_shared::delivery::{Channel, DeadLetter, EmailStatus, QuietHours};
use medtrack_shared::notification::Notification;

use super::outbox::{Event, MedicationChange, MedicationNotice, OutboxEntry, PendingChannel};
use super::render;
use super::settings::{self, Channels};
use super::Rendered;
use super::{caregivers, dead_letters, inbox};
use crate::domain::accounts::{self, Account};
use crate::domain::ports::{Email, Letter, MessengerError, Route, Sms};
use crate::domain::{Context, DomainError};
use crate::store::queue::{Claim, LeasedQueue, Then};
use crate::store::{keys, Condition, Item, TxOp};

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

/// The rules of delivery.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// Tries of one channel before it becomes a dead letter; also the claims
    /// an entry that cannot be read gets.
    pub max_attempts: u32,
    /// Waits between tries of a channel.
    pub backoff: Backoff,
}

/// What became of one channel, for the caller to count: the channel, the
/// outcome (`sent`, `skipped`, `failed`, `dead`) and, for a send, when the
/// notification was made (delivery lag is measured from it).
pub type Counted = (Channel, &'static str, Option<Timestamp>);

/// What sending on one channel came to.
enum Attempt {
    Sent(String),
    /// Not sent, and not to be tried again (no address any more, opted out).
    Skipped(&'static str),
    Failed(MessengerError),
}

/// Delivers what is due of a claimed entry; returns what became of each
/// channel tried. Stops, writing nothing more, when the claim is lost.
pub async fn deliver(
    ctx: &Context,
    queue: &LeasedQueue,
    mut claim: Claim,
    rules: &Rules,
    now: Timestamp,
) -> Result<Vec<Counted>, DomainError> {
    let mut counted = Vec::new();
    let mut entry: OutboxEntry = match claim.item.record() {
        Ok(entry) => entry,
        Err(_) => {
            // It will not become readable by waiting: its claims are
            // counted, and the last one allowed makes it a dead letter.
            tracing::warn!(attempts = claim.attempts(), "unreadable outbox entry");
            if claim.attempts() >= rules.max_attempts {
                dead_letters::bury_unreadable(ctx, &claim.item, now).await?;
                counted.push((Channel::InApp, "dead", None));
            }
            return Ok(counted);
        }
    };
    let (account, (mut channels, mut channels_version)) = tokio::try_join!(
        accounts::get(&ctx.store, &entry.recipient),
        settings::load(&ctx.store, &entry.recipient),
    )?;
    let Some(account) = account else {
        // The account is gone: nobody to tell.
        queue.commit(&mut claim, Vec::new(), Then::Done).await?;
        return Ok(counted);
    };
    let zone = account.time_zone.tz().clone();
    let text = render::render(&entry.event, account.role, &zone);

    if entry.pending.is_none() && matches!(entry.event, Event::Link(_)) {
        // A link goes to the account's own address, by email only: it is
        // not for the inbox, and preferences do not hold it back.
        entry.pending = Some(vec![PendingChannel {
            channel: Channel::Email,
            not_before: now,
            attempts: 0,
            last_error: None,
            to: Some(account.email.clone()),
        }]);
        if !queue.commit(&mut claim, Vec::new(), then(&entry)?).await? {
            return Ok(counted);
        }
    }
    if entry.pending.is_none() {
        channels_version =
            match settings::check_confirmation(ctx, &account.id, &mut channels, channels_version)
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
                .unwrap_or_else(|| plan(&text, &channels, &zone, now)),
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
        if !queue
            .commit(&mut claim, vec![in_app], then(&entry)?)
            .await?
        {
            return Ok(counted);
        }
        counted.push((Channel::InApp, "sent", Some(entry.created_at)));
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
        let sent = send(
            ctx,
            channel,
            to.as_deref(),
            &entry,
            &text,
            &zone,
            &mut contact,
        )
        .await?;
        let Some(extra) = settle(&mut entry, channel, sent, &text, rules, now, &mut counted)?
        else {
            continue;
        };
        if !queue.commit(&mut claim, extra, then(&entry)?).await? {
            return Ok(counted);
        }
    }
    if entry.pending.as_ref().is_some_and(|p| !p.is_empty()) {
        // Channels wait for a backoff or quiet hours: let go of the claim
        // so the entry comes back when the first of them is due.
        queue
            .commit(
                &mut claim,
                Vec::new(),
                Then::Release(entry.item()?, entry.due()),
            )
            .await?;
    }
    Ok(counted)
}

/// Keeps holding the entry while channels are left, or deletes it.
fn then(entry: &OutboxEntry) -> Result<Then, DomainError> {
    Ok(if entry.pending.as_ref().is_some_and(Vec::is_empty) {
        Then::Done
    } else {
        Then::Hold(entry.item()?)
    })
}

/// Sends `entry` on `channel`, to the recipient or to `to` (a caregiver).
async fn send(
    ctx: &Context,
    channel: Channel,
    to: Option<&str>,
    entry: &OutboxEntry,
    text: &Rendered,
    zone: &TimeZone,
    contact: &mut Contact<'_>,
) -> Result<Attempt, DomainError> {
    let recipient = &contact.account.id;
    let event = text.event.as_str();
    let result = match channel {
        Channel::InApp => return Ok(Attempt::Skipped("in-app is delivered first")),
        Channel::Email if matches!(entry.event, Event::Link(_)) => {
            let to = to.unwrap_or(contact.account.email.as_str());
            let letter = Letter {
                recipient,
                to,
                event,
                subject: &text.title,
                body: &text.body,
            };
            ctx.messages.send_letter(&letter).await
        }
        Channel::Email => {
            let caregiver_key;
            let (to, route, (subject, body)) = match (to, &entry.event) {
                (Some(to), Event::Medication(notice)) => {
                    match caregivers::check_confirmation(ctx, to).await? {
                        Some(EmailStatus::Active) => {}
                        // SNS drops what a pending subscription would get.
                        _ => return Ok(Attempt::Skipped("caregiver has not confirmed")),
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
                        return Ok(Attempt::Skipped("no email address"));
                    };
                    let content = contact.channels.preferences.email_content;
                    (to, Route::User(recipient), render::email(text, content))
                }
            };
            ctx.messages
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
                return Ok(Attempt::Skipped("no verified phone number"));
            };
            match ctx.messages.opted_out(&to).await {
                Ok(true) => {
                    if own {
                        contact.mark_opted_out(ctx).await?;
                    }
                    return Ok(Attempt::Skipped("opted out"));
                }
                Ok(false) => {}
                Err(error) => return Ok(Attempt::Failed(error)),
            }
            let body = match &entry.event {
                Event::Medication(notice) if !own => render::caregiver_sms(notice, zone),
                _ => render::sms(text),
            };
            ctx.messages
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
        Ok(message_id) => Attempt::Sent(message_id),
        Err(error) => Attempt::Failed(error),
    })
}

/// Updates `entry` for what sending on `channel` came to; returns the
/// records to write with it.
fn settle(
    entry: &mut OutboxEntry,
    channel: Channel,
    sent: Attempt,
    text: &Rendered,
    rules: &Rules,
    now: Timestamp,
    counted: &mut Vec<Counted>,
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
    let ops = match sent {
        Attempt::Sent(message_id) => {
            counted.push((channel, "sent", Some(entry.created_at)));
            pending.remove(at);
            vec![TxOp::Put(
                record("sent", Some(message_id))?,
                Condition::NotExists,
            )]
        }
        Attempt::Skipped(reason) => {
            counted.push((channel, "skipped", None));
            pending.remove(at);
            vec![TxOp::Put(record(reason, None)?, Condition::NotExists)]
        }
        Attempt::Failed(error) => {
            let mut failed = pending.remove(at);
            failed.attempts += 1;
            failed.last_error = Some(error.to_string());
            tracing::warn!(channel = channel.as_str(), attempts = failed.attempts, %error, "channel delivery failed");
            let dead = failed.attempts >= rules.max_attempts;
            counted.push((channel, if dead { "dead" } else { "failed" }, None));
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
                vec![dead_letters::bury(letter, &kept)?]
            } else {
                failed.not_before = now
                    .checked_add(rules.backoff.after(failed.attempts))
                    .map_err(|e| DomainError::Internal(e.to_string()))?;
                pending.insert(at, failed);
                Vec::new()
            }
        }
    };
    Ok(Some(ops))
}

/// The recipient and their channels, as this delivery knows them.
struct Contact<'a> {
    account: &'a Account,
    channels: Channels,
    channels_version: Option<u64>,
}

impl Contact<'_> {
    /// Remembers that the phone opted out, so the settings page says so.
    async fn mark_opted_out(&mut self, ctx: &Context) -> Result<(), DomainError> {
        if let Some(phone) = self.channels.phone.as_mut() {
            phone.opted_out = true;
            match settings::save(ctx, &self.account.id, &self.channels, self.channels_version).await
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

/// The channels a notification goes out on beyond the inbox, by the
/// recipient's preferences for its category, and when.
fn plan(
    text: &Rendered,
    channels: &Channels,
    zone: &TimeZone,
    now: Timestamp,
) -> Vec<PendingChannel> {
    let choice = channels.preferences.choice(text.category);
    let urgent = text.urgent || text.category.urgent();
    let not_before = match channels.preferences.quiet_hours {
        Some(quiet) if !urgent => end_of_quiet_hours(quiet, zone, now).unwrap_or(now),
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
