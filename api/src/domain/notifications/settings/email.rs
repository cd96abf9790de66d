//! The email address a person's notifications go to: one subscription per
//! address, confirmed by its owner through the link the messenger mails.

use medtrack_shared::delivery::{EmailStatus, NotificationSettings};
use medtrack_shared::{rules, ErrorCode, UserId};

use super::{field, load, save, save_with, unavailable, Channels, StoredEmail};
use crate::domain::notifications::caregivers;
use crate::domain::notifications::confirmations::{self, Subscriber};
use crate::domain::ports::Route;
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Item, Store, StoreError};

/// Looks again at an email subscription still waiting for its owner's
/// confirmation, and keeps it as active once confirmed; returns the version
/// the channels are now at. Asked before a notification is planned and by
/// the confirmation job, so email starts without the owner coming back.
pub async fn check_confirmation(
    ctx: &Context,
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
    match ctx.messages.subscription_pending(&email.subscription).await {
        Ok(false) => {
            email.status = EmailStatus::Active;
            save(ctx, user, channels, version).await?;
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

/// Confirms `address` for notifications: subscribes it (SNS mails its owner
/// a link to confirm) and ends the subscription of the address it replaces.
/// An address serves one account (a caregiver's alerts may share it): SNS
/// keeps one subscription, with one filter policy, per address.
pub async fn set_email(
    ctx: &Context,
    user: &UserId,
    address: &str,
) -> Result<NotificationSettings, DomainError> {
    let (store, messages) = (&ctx.store, &ctx.messages);
    let address = rules::email(address).map_err(|e| field("address", e))?;
    let (mut channels, version) = load(store, user).await?;
    if channels
        .email
        .as_ref()
        .is_some_and(|e| e.address == address)
    {
        return Ok(channels.view(messages.mode()));
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
                return Err(DomainError::conflict(
                    ErrorCode::EmailInUse,
                    "This address already receives another account's notifications.",
                ));
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
        Some(shared) => messages
            .set_routes(&shared.arn, &[Route::User(user), Route::Caregiver(&key)])
            .await
            .map(|()| shared),
        None => messages.subscribe_email(Route::User(user), &address).await,
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
    // A subscription waiting for its owner is looked at again until it is
    // confirmed, so that the settings page says so without asking anyone.
    let watch = subscription
        .pending
        .then(|| confirmations::watch(Subscriber::Account(*user), ctx.now()))
        .transpose()?;
    if let Err(error) = save_with(ctx, user, &channels, version, watch.into_iter().collect()).await
    {
        // Not kept: the new subscription must not outlive the failed change.
        end_subscription(ctx, &address, &subscription.arn).await?;
        release().await?;
        return Err(error);
    }
    if let Some(previous) = previous {
        forget_email(ctx, &previous).await?;
    }
    Ok(channels.view(messages.mode()))
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
    ctx: &Context,
    user: &UserId,
) -> Result<NotificationSettings, DomainError> {
    let (mut channels, version) = load(&ctx.store, user).await?;
    if let Some(previous) = channels.email.take() {
        save(ctx, user, &channels, version).await?;
        forget_email(ctx, &previous).await?;
    }
    Ok(channels.view(ctx.messages.mode()))
}

async fn forget_email(ctx: &Context, email: &StoredEmail) -> Result<(), DomainError> {
    end_subscription(ctx, &email.address, &email.subscription).await?;
    ctx.store
        .delete(
            &keys::notification_email_claim(&email.address),
            Condition::Always,
        )
        .await?;
    Ok(())
}

/// Ends the account's use of a subscription: removes it, or, when a
/// caregiver's alerts share it, leaves it to those alerts only.
async fn end_subscription(ctx: &Context, address: &str, arn: &str) -> Result<(), DomainError> {
    let key = caregivers::route_key(address);
    let result = match caregivers::subscription(&ctx.store, address).await? {
        Some(shared) if shared.arn == arn => {
            ctx.messages
                .set_routes(arn, &[Route::Caregiver(&key)])
                .await
        }
        _ => ctx.messages.unsubscribe(arn).await,
    };
    // Its filter policy still matches its owner's messages: a subscription
    // that cannot be changed is reported for an operator to fix by hand.
    if let Err(error) = result {
        tracing::error!(%error, "an email subscription could not be let go");
    }
    Ok(())
}
