//! A person's notification channels: preferences, the email address
//! subscribed to their messages, and the phone number proven by a code.
//! Kept in one item beside the account, read by the dispatcher for every
//! notification and written with a version check.

mod email;
mod phone;

use jiff::Timestamp;
use medtrack_shared::delivery::{
    DeliveryMode, EmailAddress, EmailStatus, NotificationSettings, PhoneNumber, Preferences,
};
use medtrack_shared::{FieldErrors, UserId};
use serde::{Deserialize, Serialize};

use crate::domain::ports::MessengerError;
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Item, Store, StoreError, TxOp};

pub use email::{address_owner, check_confirmation, remove_email, set_email};
pub use phone::{remove_phone, set_phone, verify_phone};

/// The stored channels of one person.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Channels {
    /// What goes where.
    #[serde(default)]
    pub preferences: Preferences,
    /// The email address subscribed for notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<StoredEmail>,
    /// The phone number for text messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<StoredPhone>,
}

/// An email address and its subscription.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredEmail {
    /// The address.
    pub address: String,
    /// The subscription's ARN.
    pub subscription: String,
    /// Confirmed by its owner or not yet.
    pub status: EmailStatus,
}

/// A phone number and its verification.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredPhone {
    /// The number, in international form.
    pub number: String,
    /// Its owner entered the code.
    pub verified: bool,
    /// The number opted out of our text messages, when last checked.
    #[serde(default)]
    pub opted_out: bool,
    /// SHA-256 of the code sent, until it is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_hash: Option<String>,
    /// When the code sent was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_sent_at: Option<Timestamp>,
    /// Wrong codes still allowed.
    #[serde(default)]
    pub tries_left: u32,
}

impl Channels {
    /// The number that may receive text messages now.
    pub fn sms_number(&self) -> Option<&str> {
        self.phone
            .as_ref()
            .filter(|p| p.verified && !p.opted_out)
            .map(|p| p.number.as_str())
    }

    /// The address that may receive email now.
    pub fn email_address(&self) -> Option<&str> {
        self.email
            .as_ref()
            .filter(|e| e.status == EmailStatus::Active)
            .map(|e| e.address.as_str())
    }

    fn view(&self, delivery: DeliveryMode) -> NotificationSettings {
        NotificationSettings {
            preferences: self.preferences,
            email: self.email.as_ref().map(|e| EmailAddress {
                address: e.address.clone(),
                status: e.status,
            }),
            phone: self.phone.as_ref().map(|p| PhoneNumber {
                number: p.number.clone(),
                verified: p.verified,
                opted_out: p.opted_out,
            }),
            delivery,
        }
    }
}

/// A person's channels and the version to write them back at (`None`: never saved).
pub async fn load(store: &Store, user: &UserId) -> Result<(Channels, Option<u64>), DomainError> {
    Ok(match store.get(&keys::channel_settings(user)).await? {
        Some(item) => {
            let version = item.version;
            (item.into_record()?, Some(version))
        }
        None => (Channels::default(), None),
    })
}

/// Writes `channels` if nobody changed them since `version` was read.
pub async fn save(
    ctx: &Context,
    user: &UserId,
    channels: &Channels,
    version: Option<u64>,
) -> Result<(), DomainError> {
    save_with(ctx, user, channels, version, Vec::new()).await
}

/// [`save`], with `also` in the same transaction.
async fn save_with(
    ctx: &Context,
    user: &UserId,
    channels: &Channels,
    version: Option<u64>,
    also: Vec<TxOp>,
) -> Result<(), DomainError> {
    let mut ops = vec![save_op(user, channels, version)?];
    ops.extend(also);
    match ctx.commit(ops).await {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { op: Some(0) }) => Err(DomainError::changed(
            "Your notification settings were changed meanwhile; reload and try again.",
        )),
        Err(other) => Err(other.into()),
    }
}

/// The write of `channels`, if nobody changed them since `version` was read.
pub fn save_op(
    user: &UserId,
    channels: &Channels,
    version: Option<u64>,
) -> Result<TxOp, StoreError> {
    let item = Item::from_record(keys::channel_settings(user), channels)?;
    let condition = version.map_or(Condition::NotExists, Condition::Version);
    Ok(TxOp::Put(item, condition))
}

fn unavailable(error: MessengerError) -> DomainError {
    DomainError::DeliveryUnavailable(error.to_string())
}

/// The settings as the person sees them (an email subscription's state as
/// last known: a read never asks the messenger).
pub async fn view(ctx: &Context, user: &UserId) -> Result<NotificationSettings, DomainError> {
    let (channels, _) = load(&ctx.store, user).await?;
    Ok(channels.view(ctx.messages.mode()))
}

/// Replaces the preferences.
pub async fn set_preferences(
    ctx: &Context,
    user: &UserId,
    preferences: Preferences,
) -> Result<NotificationSettings, DomainError> {
    preferences.check()?;
    let (mut channels, version) = load(&ctx.store, user).await?;
    channels.preferences = preferences;
    save(ctx, user, &channels, version).await?;
    Ok(channels.view(ctx.messages.mode()))
}

pub(super) fn field(name: &str, error: medtrack_shared::ValidationError) -> DomainError {
    let mut errors = FieldErrors::default();
    errors.add(name, error);
    DomainError::Invalid(errors)
}
