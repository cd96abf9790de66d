//! Caregivers named by email. SNS mails only addresses subscribed to the
//! topic, so naming one subscribes it, and SNS mails the caregiver a link:
//! nothing reaches them before they agree. Their subscription's filter policy
//! matches the `caregiver` attribute (a hash of the address), so they get
//! caregiver alerts and nothing of the patient's own.
//!
//! One subscription per address serves every medication that names it (a
//! parent may look after several children's medicines); the claim item
//! counts them, and the last medication to let go ends the subscription.
//! SNS keeps one subscription, with one filter policy, per address: when the
//! address also receives an account's own notifications, the two share it
//! and its policy matches either attribute.

use medtrack_shared::delivery::EmailStatus;
use medtrack_shared::{MedicationId, UserId};
use serde::{Deserialize, Serialize};

use super::gateway::{Gateway, GatewayError, Route, Subscription};
use super::settings;
use crate::domain::secrets::token_hash;
use crate::domain::DomainError;
use crate::store::{keys, Condition, Item, Store, StoreError};

/// Conflicting writes to one claim are retried this often before giving up.
const TRIES: usize = 5;

/// The stored subscription of a caregiver's address.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Claim {
    subscription: String,
    status: EmailStatus,
    medications: Vec<MedicationId>,
}

/// The `caregiver` attribute value of an address.
pub fn route_key(address: &str) -> String {
    token_hash(address)
}

fn unavailable(error: GatewayError) -> DomainError {
    DomainError::DeliveryUnavailable(error.to_string())
}

async fn load(store: &Store, address: &str) -> Result<Option<(Claim, u64)>, DomainError> {
    Ok(
        match store.get(&keys::caregiver_email_claim(address)).await? {
            Some(item) => {
                let version = item.version;
                Some((item.into_record()?, version))
            }
            None => None,
        },
    )
}

/// The caregiver subscription of `address`, for an account that takes the
/// address for its own notifications to share.
pub async fn subscription(
    store: &Store,
    address: &str,
) -> Result<Option<Subscription>, DomainError> {
    Ok(load(store, address).await?.map(|(claim, _)| Subscription {
        arn: claim.subscription,
        pending: claim.status == EmailStatus::Pending,
    }))
}

/// The account whose own notifications go to `address`, with its
/// subscription, if one does.
async fn account_subscription(
    store: &Store,
    address: &str,
) -> Result<Option<(UserId, Subscription)>, DomainError> {
    let Some(owner) = settings::address_owner(store, address).await? else {
        return Ok(None);
    };
    let (channels, _) = settings::load(store, &owner).await?;
    Ok(channels
        .email
        .filter(|email| email.address == address)
        .map(|email| {
            let subscription = Subscription {
                arn: email.subscription,
                pending: email.status == EmailStatus::Pending,
            };
            (owner, subscription)
        }))
}

async fn write(
    store: &Store,
    address: &str,
    claim: &Claim,
    version: Option<u64>,
) -> Result<bool, DomainError> {
    let item = Item::from_record(keys::caregiver_email_claim(address), claim)?;
    match store
        .put(
            item,
            version.map_or(Condition::NotExists, Condition::Version),
        )
        .await
    {
        Ok(_) => Ok(true),
        Err(StoreError::ConditionFailed { .. }) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

fn busy() -> DomainError {
    DomainError::Conflict {
        code: "busy",
        message: "The caregiver's address is being changed elsewhere; try again.",
    }
}

/// Names `address` as a caregiver of `medication`: subscribes it unless
/// another medication already did.
pub async fn attach(
    store: &Store,
    gateway: &Gateway,
    address: &str,
    medication: &MedicationId,
) -> Result<(), DomainError> {
    for _ in 0..TRIES {
        if let Some((mut claim, version)) = load(store, address).await? {
            if claim.medications.contains(medication) {
                return Ok(());
            }
            claim.medications.push(*medication);
            if write(store, address, &claim, Some(version)).await? {
                return Ok(());
            }
            continue;
        }
        let key = route_key(address);
        let subscription = match account_subscription(store, address).await? {
            // The account's own subscription now also takes caregiver alerts.
            Some((owner, subscription)) => {
                let routes = [Route::User(&owner), Route::Caregiver(&key)];
                gateway
                    .set_routes(&subscription.arn, &routes)
                    .await
                    .map_err(unavailable)?;
                subscription
            }
            None => gateway
                .subscribe_email(Route::Caregiver(&key), address)
                .await
                .map_err(unavailable)?,
        };
        let claim = Claim {
            subscription: subscription.arn,
            status: if subscription.pending {
                EmailStatus::Pending
            } else {
                EmailStatus::Active
            },
            medications: vec![*medication],
        };
        // Lost a race to create it: SNS returned the same subscription, so
        // join the winner's claim on the next try.
        if write(store, address, &claim, None).await? {
            return Ok(());
        }
    }
    Err(busy())
}

/// `medication` no longer names `address`; the last one ends the subscription.
pub async fn detach(
    store: &Store,
    gateway: &Gateway,
    address: &str,
    medication: &MedicationId,
) -> Result<(), DomainError> {
    for _ in 0..TRIES {
        let Some((mut claim, version)) = load(store, address).await? else {
            return Ok(());
        };
        if !claim.medications.contains(medication) {
            return Ok(());
        }
        claim.medications.retain(|m| m != medication);
        if !claim.medications.is_empty() {
            if write(store, address, &claim, Some(version)).await? {
                return Ok(());
            }
            continue;
        }
        match store
            .delete(
                &keys::caregiver_email_claim(address),
                Condition::Version(version),
            )
            .await
        {
            Ok(()) => {
                // Shared with an account: it keeps the account's messages only.
                let result = match account_subscription(store, address).await? {
                    Some((owner, _)) => {
                        gateway
                            .set_routes(&claim.subscription, &[Route::User(&owner)])
                            .await
                    }
                    None => gateway.unsubscribe(&claim.subscription).await,
                };
                if let Err(error) = result {
                    tracing::error!(%error, "a caregiver subscription could not be let go");
                }
                return Ok(());
            }
            Err(StoreError::ConditionFailed { .. }) => continue,
            Err(other) => return Err(other.into()),
        }
    }
    Err(busy())
}

/// Whether the caregiver confirmed their subscription (asking SNS again
/// while it waits); `None` when the address is not subscribed.
pub async fn status(
    store: &Store,
    gateway: &Gateway,
    address: &str,
) -> Result<Option<EmailStatus>, DomainError> {
    let Some((mut claim, version)) = load(store, address).await? else {
        return Ok(None);
    };
    if claim.status == EmailStatus::Pending {
        match gateway.subscription_pending(&claim.subscription).await {
            Ok(false) => {
                claim.status = EmailStatus::Active;
                // Another writer's version wins; the next look saves it.
                write(store, address, &claim, Some(version)).await?;
            }
            Ok(true) => {}
            Err(error) => tracing::warn!(%error, "caregiver subscription status unknown"),
        }
    }
    Ok(Some(claim.status))
}
