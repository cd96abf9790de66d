//! A person's notification channels: preferences, the email address
//! subscribed to their messages, and the phone number proven by a code.
//! Kept in one item beside the account, read by the dispatcher for every
//! notification and written with a version check.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::delivery::{
    EmailAddress, EmailStatus, NotificationSettings, PhoneNumber, Preferences,
};
use medtrack_shared::{rules, FieldErrors, UserId};
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::caregivers;
use super::gateway::{Gateway, GatewayError, Route, Sms};
use super::gsm7;
use crate::domain::secrets::token_hash;
use crate::domain::DomainError;
use crate::store::{keys, Condition, Item, Store, StoreError};

/// How long a phone code is good for.
const CODE_LIFETIME: SignedDuration = SignedDuration::from_mins(10);
/// The least time between two codes to one person.
const CODE_INTERVAL: SignedDuration = SignedDuration::from_secs(30);
/// Wrong codes allowed before a new one must be sent.
const CODE_TRIES: u32 = 5;

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

    fn view(&self, gateway: &Gateway) -> NotificationSettings {
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
            delivery: gateway.mode(),
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
    store: &Store,
    user: &UserId,
    channels: &Channels,
    version: Option<u64>,
) -> Result<(), DomainError> {
    let item = Item::from_record(keys::channel_settings(user), channels)?;
    let condition = version.map_or(Condition::NotExists, Condition::Version);
    match store.put(item, condition).await {
        Ok(_) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::Conflict {
            code: "changed_concurrently",
            message: "Your notification settings were changed meanwhile; reload and try again.",
        }),
        Err(other) => Err(other.into()),
    }
}

fn unavailable(error: GatewayError) -> DomainError {
    DomainError::DeliveryUnavailable(error.to_string())
}

/// The settings as the person sees them.
pub async fn view(
    store: &Store,
    gateway: &Gateway,
    user: &UserId,
) -> Result<NotificationSettings, DomainError> {
    let (mut channels, version) = load(store, user).await?;
    check_confirmation(store, gateway, user, &mut channels, version).await?;
    Ok(channels.view(gateway))
}

/// Looks again at an email subscription still waiting for its owner's
/// confirmation, and keeps it as active once confirmed; returns the version
/// the channels are now at. Asked when the settings are read and before a
/// notification is planned, so email starts without the owner coming back.
pub async fn check_confirmation(
    store: &Store,
    gateway: &Gateway,
    user: &UserId,
    channels: &mut Channels,
    version: Option<u64>,
) -> Result<Option<u64>, DomainError> {
    let Some(email) = channels
        .email
        .as_mut()
        .filter(|e| e.status == EmailStatus::Pending)
    else {
        return Ok(version);
    };
    match gateway.subscription_pending(&email.subscription).await {
        Ok(false) => {
            email.status = EmailStatus::Active;
            save(store, user, channels, version).await?;
            Ok(version.map(|v| v + 1).or(Some(1)))
        }
        Ok(true) => Ok(version),
        // Still shown, and treated, as pending.
        Err(error) => {
            tracing::warn!(%error, "subscription status unknown");
            Ok(version)
        }
    }
}

/// Replaces the preferences.
pub async fn set_preferences(
    store: &Store,
    gateway: &Gateway,
    user: &UserId,
    preferences: Preferences,
) -> Result<NotificationSettings, DomainError> {
    preferences.check()?;
    let (mut channels, version) = load(store, user).await?;
    channels.preferences = preferences;
    save(store, user, &channels, version).await?;
    Ok(channels.view(gateway))
}

/// Confirms `address` for notifications: subscribes it (SNS mails its owner
/// a link to confirm) and ends the subscription of the address it replaces.
/// An address serves one account (a caregiver's alerts may share it): SNS
/// keeps one subscription, with one filter policy, per address.
pub async fn set_email(
    store: &Store,
    gateway: &Gateway,
    user: &UserId,
    address: &str,
) -> Result<NotificationSettings, DomainError> {
    let address = rules::email(address).map_err(|e| field("address", e))?;
    let (mut channels, version) = load(store, user).await?;
    if channels
        .email
        .as_ref()
        .is_some_and(|e| e.address == address)
    {
        return Ok(channels.view(gateway));
    }
    let claim = Item::from_record(
        keys::notification_email_claim(&address),
        &serde_json::json!({ "user": user }),
    )?;
    match store.put(claim, Condition::NotExists).await {
        Ok(_) => {}
        Err(StoreError::ConditionFailed { .. }) => {
            // Ours already when an earlier try stopped half-way: go on.
            if address_owner(store, &address).await? != Some(*user) {
                return Err(DomainError::Conflict {
                    code: "email_in_use",
                    message: "This address already receives another account's notifications.",
                });
            }
        }
        Err(other) => return Err(other.into()),
    }
    let claim_key = keys::notification_email_claim(&address);
    let release = || store.delete(&claim_key, Condition::Always);
    let key = caregivers::route_key(&address);
    let subscribed = match caregivers::subscription(store, &address).await? {
        // A caregiver's address: its subscription now also takes the
        // account's own messages.
        Some(shared) => gateway
            .set_routes(&shared.arn, &[Route::User(user), Route::Caregiver(&key)])
            .await
            .map(|()| shared),
        None => gateway.subscribe_email(Route::User(user), &address).await,
    };
    let subscription = match subscribed {
        Ok(subscription) => subscription,
        Err(error) => {
            release().await?;
            return Err(unavailable(error));
        }
    };
    let previous = channels.email.replace(StoredEmail {
        address: address.clone(),
        subscription: subscription.arn.clone(),
        status: if subscription.pending {
            EmailStatus::Pending
        } else {
            EmailStatus::Active
        },
    });
    if let Err(error) = save(store, user, &channels, version).await {
        // Not kept: the new subscription must not outlive the failed change.
        end_subscription(store, gateway, &address, &subscription.arn).await?;
        release().await?;
        return Err(error);
    }
    if let Some(previous) = previous {
        forget_email(store, gateway, &previous).await?;
    }
    Ok(channels.view(gateway))
}

/// The account whose own notifications go to `address`, if one's do.
pub async fn address_owner(store: &Store, address: &str) -> Result<Option<UserId>, DomainError> {
    Ok(store
        .get(&keys::notification_email_claim(address))
        .await?
        .and_then(|item| serde_json::from_value(item.attrs.get("user")?.clone()).ok()))
}

/// Stops email: ends the subscription.
pub async fn remove_email(
    store: &Store,
    gateway: &Gateway,
    user: &UserId,
) -> Result<NotificationSettings, DomainError> {
    let (mut channels, version) = load(store, user).await?;
    if let Some(previous) = channels.email.take() {
        save(store, user, &channels, version).await?;
        forget_email(store, gateway, &previous).await?;
    }
    Ok(channels.view(gateway))
}

async fn forget_email(
    store: &Store,
    gateway: &Gateway,
    email: &StoredEmail,
) -> Result<(), DomainError> {
    end_subscription(store, gateway, &email.address, &email.subscription).await?;
    store
        .delete(
            &keys::notification_email_claim(&email.address),
            Condition::Always,
        )
        .await?;
    Ok(())
}

/// Ends the account's use of a subscription: removes it, or, when a
/// caregiver's alerts share it, leaves it to those alerts only.
async fn end_subscription(
    store: &Store,
    gateway: &Gateway,
    address: &str,
    arn: &str,
) -> Result<(), DomainError> {
    let key = caregivers::route_key(address);
    let result = match caregivers::subscription(store, address).await? {
        Some(shared) if shared.arn == arn => {
            gateway.set_routes(arn, &[Route::Caregiver(&key)]).await
        }
        _ => gateway.unsubscribe(arn).await,
    };
    // Its filter policy still matches its owner's messages: a subscription
    // that cannot be changed is reported for an operator to fix by hand.
    if let Err(error) = result {
        tracing::error!(%error, "an email subscription could not be let go");
    }
    Ok(())
}

/// Sets the phone number (unverified) and texts it a code, unless the number
/// opted out of our messages: then it is kept, marked so, and no code is sent.
pub async fn set_phone(
    store: &Store,
    gateway: &Gateway,
    user: &UserId,
    number: &str,
    now: Timestamp,
) -> Result<NotificationSettings, DomainError> {
    rules::phone(number).map_err(|e| field("number", e))?;
    let (mut channels, version) = load(store, user).await?;
    if let Some(sent) = channels.phone.as_ref().and_then(|p| p.code_sent_at) {
        let wait = CODE_INTERVAL - now.duration_since(sent);
        if wait.is_positive() {
            return Err(DomainError::RateLimited {
                retry_after: u64::try_from(wait.as_secs()).unwrap_or(0) + 1,
            });
        }
    }
    let opted_out = gateway.opted_out(number).await.map_err(unavailable)?;
    let mut phone = StoredPhone {
        number: number.to_owned(),
        verified: false,
        opted_out,
        code_hash: None,
        code_sent_at: None,
        tries_left: 0,
    };
    let code = (!opted_out).then(|| format!("{:06}", rand::rng().random_range(0..1_000_000)));
    if let Some(code) = &code {
        phone.code_hash = Some(token_hash(code));
        phone.code_sent_at = Some(now);
        phone.tries_left = CODE_TRIES;
    }
    channels.phone = Some(phone);
    // Saved before sending: a code that was sent is always one that can be checked.
    save(store, user, &channels, version).await?;
    if let Some(code) = code {
        let body = gsm7::one_part(&format!(
            "MedTrack code: {code}. It expires in 10 minutes. Do not share it."
        ));
        gateway
            .send_sms(&Sms {
                recipient: user,
                to: number,
                event: "phone.verification",
                body: &body,
            })
            .await
            .map_err(unavailable)?;
    }
    Ok(channels.view(gateway))
}

/// Checks the code sent to the phone number.
pub async fn verify_phone(
    store: &Store,
    gateway: &Gateway,
    user: &UserId,
    code: &str,
    now: Timestamp,
) -> Result<NotificationSettings, DomainError> {
    let (mut channels, version) = load(store, user).await?;
    let Some(phone) = channels.phone.as_mut().filter(|p| !p.verified) else {
        return Err(DomainError::Conflict {
            code: "nothing_to_verify",
            message: "There is no phone number waiting for a code.",
        });
    };
    let live = phone
        .code_sent_at
        .is_some_and(|sent| now.duration_since(sent) < CODE_LIFETIME)
        && phone.tries_left > 0;
    let Some(expected) = phone.code_hash.clone().filter(|_| live) else {
        return Err(DomainError::Conflict {
            code: "code_expired",
            message: "The code has expired or was tried too often; send a new one.",
        });
    };
    if token_hash(code.trim()) != expected {
        phone.tries_left -= 1;
        save(store, user, &channels, version).await?;
        return Err(DomainError::field("code", "is not the code we sent"));
    }
    phone.verified = true;
    phone.code_hash = None;
    phone.tries_left = 0;
    save(store, user, &channels, version).await?;
    Ok(channels.view(gateway))
}

/// Forgets the phone number.
pub async fn remove_phone(
    store: &Store,
    gateway: &Gateway,
    user: &UserId,
) -> Result<NotificationSettings, DomainError> {
    let (mut channels, version) = load(store, user).await?;
    if channels.phone.take().is_some() {
        save(store, user, &channels, version).await?;
    }
    Ok(channels.view(gateway))
}

fn field(name: &str, error: medtrack_shared::ValidationError) -> DomainError {
    let mut errors = FieldErrors::default();
    errors.add(name, error);
    DomainError::Invalid(errors)
}
