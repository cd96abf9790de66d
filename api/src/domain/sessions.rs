//! Sessions: one refresh-token family each. Refresh tokens are random, stored
//! only as SHA-256 hashes, single use (each refresh rotates the token), and
//! presenting a used one again ends the whole session: it means the token was
//! copied.

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::{AccountStatus, ErrorCode, SessionId, UserId};
use serde::{Deserialize, Serialize};

use super::accounts::{self, Account};
use super::secrets::{new_token, token_hash};
use super::{Context, DomainError};
use crate::store::{keys, Condition, Item, Query, SkRange, Store, StoreError, TxOp, UpdateOp};

/// How long a session lasts without signing in again.
pub const SESSION_LIFETIME: SignedDuration = SignedDuration::from_hours(30 * 24);

/// A session as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    /// Id (in access tokens as `sid`).
    pub id: SessionId,
    /// The account.
    pub user_id: UserId,
    /// When it started.
    pub created_at: Timestamp,
    /// When it was last refreshed.
    pub last_used_at: Timestamp,
    /// When it ends at the latest.
    pub expires_at: Timestamp,
    /// Ended by signing out, reuse of a token, or deactivation.
    #[serde(default)]
    pub revoked: bool,
}

impl Session {
    fn is_live(&self, now: Timestamp) -> bool {
        !self.revoked && now < self.expires_at
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum TokenState {
    Current,
    Used,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RefreshRecord {
    user_id: UserId,
    session_id: SessionId,
    state: TokenState,
    /// When it was traded for its successor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    used_at: Option<Timestamp>,
    /// The hash of the token it was traded for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    successor: Option<String>,
}

/// How long after a refresh token was traded the same token may be presented
/// again, as long as the token it was traded for has not been used: the
/// client never received the answer (a reload or a dropped connection
/// during the refresh). Any other reuse ends the session.
const REUSE_GRACE: SignedDuration = SignedDuration::from_secs(10);

fn refresh_item(hash: &str, record: &RefreshRecord) -> Result<Item, StoreError> {
    Item::from_record(keys::refresh_token(hash), record)
}

/// Starts a session for a signed-in account; returns it and its first refresh token.
pub async fn start(ctx: &Context, account: &Account) -> Result<(Session, String), DomainError> {
    let now = ctx.now();
    let session = Session {
        id: SessionId::from_uuid(uuid::Uuid::now_v7()),
        user_id: account.id,
        created_at: now,
        last_used_at: now,
        expires_at: now + SESSION_LIFETIME,
        revoked: false,
    };
    let (token, hash) = new_token();
    let record = RefreshRecord {
        user_id: account.id,
        session_id: session.id,
        state: TokenState::Current,
        used_at: None,
        successor: None,
    };
    ctx.commit(vec![
        TxOp::Put(
            Item::from_record(keys::session(&account.id, &session.id), &session)?,
            Condition::NotExists,
        ),
        TxOp::Put(refresh_item(&hash, &record)?, Condition::NotExists),
    ])
    .await?;
    Ok((session, token))
}

/// Trades a refresh token for a new one; returns the account, its session
/// and the new token. A token used before ends the session, unless it is a
/// retry within [`REUSE_GRACE`] whose answer never arrived. Of two refreshes
/// racing with one token, the loser tries once more as such a retry.
pub async fn refresh(
    ctx: &Context,
    token: &str,
) -> Result<(Account, Session, String), DomainError> {
    match refresh_once(ctx, token).await {
        Err(DomainError::Conflict { .. }) => refresh_once(ctx, token).await.map_err(|e| match e {
            DomainError::Conflict { .. } => DomainError::SessionEnded,
            other => other,
        }),
        other => other,
    }
}

async fn refresh_once(
    ctx: &Context,
    token: &str,
) -> Result<(Account, Session, String), DomainError> {
    let (store, now) = (&ctx.store, ctx.now());
    let old_hash = token_hash(token);
    let Some(token_item) = store.get(&keys::refresh_token(&old_hash)).await? else {
        return Err(DomainError::SessionEnded);
    };
    let record: RefreshRecord = token_item.record()?;
    let session_key = keys::session(&record.user_id, &record.session_id);
    let Some(session_item) = store.get(&session_key).await? else {
        return Err(DomainError::SessionEnded);
    };
    let mut session: Session = session_item.record()?;
    // A retry retires the successor its client never received.
    let mut retired = None;
    if record.state == TokenState::Used {
        match unreceived_successor(store, &record, now).await? {
            Some(successor) => retired = Some(successor),
            None => {
                tracing::warn!(session = %session.id, "a used refresh token was presented again; ending its session");
                revoke(store, &record.user_id, &session.id).await?;
                return Err(DomainError::SessionEnded);
            }
        }
    }
    let account = accounts::get(store, &record.user_id).await?;
    let Some(account) =
        account.filter(|a| a.status != AccountStatus::Deactivated && session.is_live(now))
    else {
        return Err(DomainError::SessionEnded);
    };
    let (token, new_hash) = new_token();
    session.last_used_at = now;
    let used = |successor: &str| {
        vec![
            UpdateOp::Set("state".into(), serde_json::json!(TokenState::Used)),
            UpdateOp::Set("used_at".into(), serde_json::json!(now)),
            UpdateOp::Set("successor".into(), serde_json::json!(successor)),
        ]
    };
    let touched = vec![UpdateOp::Set("last_used_at".into(), serde_json::json!(now))];
    let next = RefreshRecord {
        user_id: record.user_id,
        session_id: record.session_id,
        state: TokenState::Current,
        used_at: None,
        successor: None,
    };
    let mut ops = vec![
        TxOp::Update(
            keys::refresh_token(&old_hash),
            used(&new_hash),
            Condition::Version(token_item.version),
        ),
        TxOp::Put(refresh_item(&new_hash, &next)?, Condition::NotExists),
        TxOp::Update(
            session_key,
            touched,
            Condition::Version(session_item.version),
        ),
    ];
    if let Some((hash, version)) = retired {
        ops.push(TxOp::Update(
            keys::refresh_token(&hash),
            used(&new_hash),
            Condition::Version(version),
        ));
    }
    match ctx.commit(ops).await {
        Ok(()) => Ok((account, session, token)),
        // Another refresh of the same token won the race.
        Err(StoreError::ConditionFailed { .. } | StoreError::Conflict) => {
            Err(DomainError::conflict(
                ErrorCode::RefreshRaced,
                "Another refresh of this token happened at the same time.",
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// For a used token presented again within the grace period: its successor's
/// hash and version, when the successor has never been used (its client never
/// received it). `None` means the reuse is not a retry.
async fn unreceived_successor(
    store: &Store,
    record: &RefreshRecord,
    now: Timestamp,
) -> Result<Option<(String, u64)>, DomainError> {
    let (Some(used_at), Some(successor)) = (record.used_at, &record.successor) else {
        return Ok(None);
    };
    if now.duration_since(used_at) > REUSE_GRACE {
        return Ok(None);
    }
    let Some(item) = store.get(&keys::refresh_token(successor)).await? else {
        return Ok(None);
    };
    let next: RefreshRecord = item.record()?;
    Ok((next.state == TokenState::Current).then(|| (successor.clone(), item.version)))
}

/// Ends the session a refresh token belongs to (signing out with the token).
pub async fn end_by_token(store: &Store, token: &str) -> Result<(), DomainError> {
    if let Some(item) = store.get(&keys::refresh_token(&token_hash(token))).await? {
        let record: RefreshRecord = item.record()?;
        revoke(store, &record.user_id, &record.session_id).await?;
    }
    Ok(())
}

/// Ends one session. Ending an ended or unknown session does nothing.
pub async fn revoke(store: &Store, user: &UserId, session: &SessionId) -> Result<(), DomainError> {
    let ops = vec![UpdateOp::Set("revoked".into(), serde_json::json!(true))];
    match store
        .update(&keys::session(user, session), ops, Condition::Exists)
        .await
    {
        Ok(_) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
        Err(other) => Err(other.into()),
    }
}

/// Ends every session of an account (deactivation). The per-request check
/// refuses a deactivated account anyway; this also stops its refresh tokens.
pub async fn revoke_all(store: &Store, user: &UserId) -> Result<(), DomainError> {
    revoke_all_but(store, user, None).await
}

/// Ends every session of an account but `keep` (a password change keeps the
/// session that made it).
pub async fn revoke_all_but(
    store: &Store,
    user: &UserId,
    keep: Option<&SessionId>,
) -> Result<(), DomainError> {
    let mut cursor = None;
    loop {
        let query = Query::partition(keys::user(user).pk)
            .range(SkRange::Prefix(keys::SESSION_PREFIX.into()))
            .after(cursor.take());
        let page = store.query(query).await?;
        for item in &page.items {
            let session: Session = item.record()?;
            if !session.revoked && keep != Some(&session.id) {
                revoke(store, user, &session.id).await?;
            }
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => return Ok(()),
        }
    }
}

/// The account behind an access token, if its session is still live: one
/// batch get of the account and the session (they share a partition).
pub async fn check(
    ctx: &Context,
    user: &UserId,
    session: &SessionId,
) -> Result<Account, DomainError> {
    let now = ctx.now();
    let mut found = ctx
        .store
        .batch_get(&[keys::user(user), keys::session(user, session)])
        .await?
        .into_iter();
    let (Some(Some(account)), Some(Some(session))) = (found.next(), found.next()) else {
        return Err(DomainError::SessionEnded);
    };
    let account: Account = account.into_record()?;
    let session: Session = session.into_record()?;
    if !session.is_live(now) || account.status == AccountStatus::Deactivated {
        return Err(DomainError::SessionEnded);
    }
    Ok(account)
}
