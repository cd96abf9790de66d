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
use medtrack_shared::{ErrorCode, MedicationId, UserId};
use serde::{Deserialize, Serialize};

use super::confirmations::{self, Subscriber};
use super::settings;
use crate::domain::ports::{MessengerError, Route, Subscription};
use crate::domain::secrets::token_hash;
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Item, Store, StoreError, TxOp};

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

fn unavailable(error: MessengerError) -> DomainError {
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

fn write_op(address: &str, claim: &Claim, version: Option<u64>) -> Result<TxOp, StoreError> {
    let item = Item::from_record(keys::caregiver_email_claim(address), claim)?;
    Ok(TxOp::Put(
        item,
        version.map_or(Condition::NotExists, Condition::Version),
    ))
}

/// Writes the claim (with `also`) if it is still at `version`; false when not.
async fn write(
    ctx: &Context,
    address: &str,
    claim: &Claim,
    version: Option<u64>,
    also: Vec<TxOp>,
) -> Result<bool, DomainError> {
    let mut ops = vec![write_op(address, claim, version)?];
    ops.extend(also);
    match ctx.commit(ops).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { .. }) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

fn busy() -> DomainError {
    DomainError::conflict(
        ErrorCode::Busy,
        "The caregiver's address is being changed elsewhere; try again.",
    )
}

/// Names `address` as a caregiver of `medication`: subscribes it unless
/// another medication already did.
pub async fn attach(
    ctx: &Context,
    address: &str,
    medication: &MedicationId,
) -> Result<(), DomainError> {
    let (store, messages) = (&ctx.store, &ctx.messages);
    for _ in 0..TRIES {
        if let Some((mut claim, version)) = load(store, address).await? {
            if claim.medications.contains(medication) {
                return Ok(());
            }
            claim.medications.push(*medication);
            if write(ctx, address, &claim, Some(version), Vec::new()).await? {
                return Ok(());
            }
            continue;
        }
        let key = route_key(address);
        let subscription = match account_subscription(store, address).await? {
            // The account's own subscription now also takes caregiver alerts.
            Some((owner, subscription)) => {
                let routes = [Route::User(&owner), Route::Caregiver(&key)];
                messages
                    .set_routes(&subscription.arn, &routes)
                    .await
                    .map_err(unavailable)?;
                subscription
            }
            None => messages
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
        // Looked at again until the caregiver confirms, so that the
        // medication says so without asking anyone when it is read.
        let watch = (claim.status == EmailStatus::Pending)
            .then(|| confirmations::watch(Subscriber::Caregiver(address.to_owned()), ctx.now()))
            .transpose()?;
        // Lost a race to create it: SNS returned the same subscription, so
        // join the winner's claim on the next try.
        if write(ctx, address, &claim, None, watch.into_iter().collect()).await? {
            return Ok(());
        }
    }
    Err(busy())
}

/// `medication` no longer names `address`; the last one ends the subscription.
pub async fn detach(
    ctx: &Context,
    address: &str,
    medication: &MedicationId,
) -> Result<(), DomainError> {
    let (store, messages) = (&ctx.store, &ctx.messages);
    for _ in 0..TRIES {
        let Some((mut claim, version)) = load(store, address).await? else {
            return Ok(());
        };
        if !claim.medications.contains(medication) {
            return Ok(());
        }
        claim.medications.retain(|m| m != medication);
        if !claim.medications.is_empty() {
            if write(ctx, address, &claim, Some(version), Vec::new()).await? {
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
                        messages
                            .set_routes(&claim.subscription, &[Route::User(&owner)])
                            .await
                    }
                    None => messages.unsubscribe(&claim.subscription).await,
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

/// Whether the caregiver confirmed their subscription, as last known;
/// `None` when the address is not subscribed.
pub async fn status(store: &Store, address: &str) -> Result<Option<EmailStatus>, DomainError> {
    Ok(load(store, address).await?.map(|(claim, _)| claim.status))
}

/// Asks the messenger whether a pending subscription of `address` was
/// confirmed, and keeps it as active once it is; returns the status now.
/// Asked before each alert and by the confirmation job, never by a read.
pub async fn check_confirmation(
    ctx: &Context,
    address: &str,
) -> Result<Option<EmailStatus>, DomainError> {
    let Some((mut claim, version)) = load(&ctx.store, address).await? else {
        return Ok(None);
    };
    if claim.status == EmailStatus::Pending {
        match ctx.messages.subscription_pending(&claim.subscription).await {
            Ok(false) => {
                claim.status = EmailStatus::Active;
                // Another writer's version wins; the next look saves it.
                write(ctx, address, &claim, Some(version), Vec::new()).await?;
            }
            Ok(true) => {}
            Err(error) => tracing::warn!(%error, "caregiver subscription status unknown"),
        }
    }
    Ok(Some(claim.status))
}
