//! Caregivers named by email. SNS mails only addresses subscribed to the
//! topic, so naming one subscribes it, and SNS mails the caregiver a link:
//! nothing reaches them before they agree. Their subscription's filter policy
//! matches the `caregiver` attribute (a hash of the address), so they get
//! caregiver alerts and nothing of the patient's own.
//!
//! One subscription per address serves every medication that names it (a
//! parent may look after several children's medicines); the claim item
//! counts them, and the last medication to let go ends the subscription.
//! SNS keeps one filter policy per address, so an address that receives an
//! account's own notifications cannot also be a caregiver's, and the reverse.

use medtrack_shared::delivery::EmailStatus;
use medtrack_shared::MedicationId;
use serde::{Deserialize, Serialize};

use super::gateway::{Gateway, Route};
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

/// The refusal when an address is taken by the other kind of use.
pub fn in_use() -> DomainError {
    DomainError::Conflict {
        code: "email_in_use",
        message: "This address already receives other MedTrack email; use another address.",
    }
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

/// Whether `address` is a caregiver's (for refusing it as an account's own).
pub async fn is_claimed(store: &Store, address: &str) -> Result<bool, DomainError> {
    Ok(load(store, address).await?.is_some())
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
        if store
            .get(&keys::notification_email_claim(address))
            .await?
            .is_some()
        {
            return Err(in_use());
        }
        let key = route_key(address);
        let subscription = gateway
            .subscribe_email(Route::Caregiver(&key), address)
            .await
            .map_err(|e| DomainError::DeliveryUnavailable(e.to_string()))?;
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
                if let Err(error) = gateway.unsubscribe(&claim.subscription).await {
                    tracing::error!(%error, "a caregiver subscription could not be removed");
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
