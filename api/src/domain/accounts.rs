//! Accounts: registration, the first admin, and signing in.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use medtrack_shared::account::{
    AccountDecision, AccountFields, DecisionRequest, PasswordChange, ProfileChanges, Registration,
    UserSummary,
};
use medtrack_shared::practice::Practice;
use medtrack_shared::{rules, AccountStatus, Me, Page, Role, SpecializationSlug, UserId};
use serde::{Deserialize, Serialize};

use super::DomainError;
use crate::auth::password;
use crate::notify::{outbox, AccountChange, Event};
use crate::store::{
    keys, Condition, Index, IndexKey, Item, Query, Store, StoreError, TxOp, UpdateOp,
};

/// An account as stored. No `Debug`: it holds personal data and a password hash.
#[derive(Clone, Serialize, Deserialize)]
pub struct Account {
    /// Id.
    pub id: UserId,
    /// Full name.
    pub name: String,
    /// Email as given.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Status.
    pub status: AccountStatus,
    /// argon2id PHC string.
    pub password_hash: String,
    /// IANA time zone.
    pub time_zone: String,
    /// Phone, international form.
    #[serde(default)]
    pub phone: Option<String>,
    /// Patients: date of birth.
    #[serde(default)]
    pub date_of_birth: Option<Date>,
    /// Doctors: specialization.
    #[serde(default)]
    pub specialization: Option<SpecializationSlug>,
    /// Doctors: licence number.
    #[serde(default)]
    pub licence_number: Option<String>,
    /// When the account was made.
    pub created_at: Timestamp,
    /// Why an admin rejected or deactivated the account.
    #[serde(default)]
    pub status_reason: Option<String>,
    /// The status to restore on reactivation.
    #[serde(default)]
    pub status_before_deactivation: Option<AccountStatus>,
    /// Two-factor sign-in.
    #[serde(default)]
    pub two_factor: super::two_factor::TwoFactor,
    /// Successful sign-ins.
    #[serde(default)]
    pub sign_in_count: u64,
    /// Last successful sign-in.
    #[serde(default)]
    pub last_sign_in_at: Option<Timestamp>,
    /// Doctors: bio, fee and hours, once published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<Practice>,
    /// The secret calendar-feed address, hashed, if one is live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_feed: Option<super::calendar_feed::FeedRecord>,
}

impl Account {
    /// What the account's owner sees of it.
    pub fn to_me(&self) -> Me {
        Me {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role,
            status: self.status,
            status_reason: self.status_reason.clone(),
            time_zone: self.time_zone.clone(),
            phone: self.phone.clone(),
            date_of_birth: self.date_of_birth,
            specialization: self.specialization.clone(),
            licence_number: self.licence_number.clone(),
            two_factor_enabled: self.two_factor.enabled(),
            created_at: self.created_at,
        }
    }

    /// What admins see of it.
    pub fn to_summary(&self) -> UserSummary {
        UserSummary {
            account: self.to_me(),
            sign_in_count: self.sign_in_count,
            last_sign_in_at: self.last_sign_in_at,
        }
    }

    pub(crate) fn to_item(&self) -> Result<Item, StoreError> {
        // UUIDv7 ids sort by creation time, unlike RFC 3339 text of varying precision.
        let listed = IndexKey::new(
            keys::users_by_role_and_status(self.role, self.status),
            self.id.to_string(),
        );
        let item = Item::from_record(keys::user(&self.id), self)?.with_gsi1(listed);
        // The directory lists approved, active doctors: the index key follows
        // the status in the same write.
        Ok(match (&self.specialization, self.status) {
            (Some(specialization), AccountStatus::Active) if self.role == Role::Doctor => item
                .with_gsi2(IndexKey::new(
                    keys::directory(specialization),
                    self.id.to_string(),
                )),
            _ => item,
        })
    }
}

/// Registers a patient (active at once) or a doctor (pending approval).
pub async fn register(
    store: &Store,
    registration: Registration,
    now: Timestamp,
) -> Result<Account, DomainError> {
    registration.check(now.to_zoned_datetime(TimeZone::UTC).date())?;
    let fields = registration.account();
    check_time_zone(&fields.time_zone)?;
    let (role, status, date_of_birth, specialization, licence_number) = match &registration {
        Registration::Patient { date_of_birth, .. } => (
            Role::Patient,
            AccountStatus::Active,
            Some(*date_of_birth),
            None,
            None,
        ),
        Registration::Doctor {
            specialization,
            licence_number,
            ..
        } => {
            if store
                .get(&keys::specialization(specialization))
                .await?
                .is_none()
            {
                return Err(DomainError::field(
                    "specialization",
                    "is not in the catalogue",
                ));
            }
            (
                Role::Doctor,
                AccountStatus::Pending,
                None,
                Some(specialization.clone()),
                Some(licence_number.trim().to_owned()),
            )
        }
    };
    let mut account = new_account(fields, role, status, now).await?;
    account.date_of_birth = date_of_birth;
    account.specialization = specialization;
    account.licence_number = licence_number;
    insert(store, &account).await?;
    Ok(account)
}

/// Creates an admin (the command line's `medtrack admin create`).
pub async fn create_admin(
    store: &Store,
    name: &str,
    email: &str,
    password: &str,
    now: Timestamp,
) -> Result<Account, DomainError> {
    let fields = AccountFields {
        name: name.to_owned(),
        email: email.to_owned(),
        password: password.to_owned(),
        phone: None,
        time_zone: "UTC".to_owned(),
    };
    let mut errors = medtrack_shared::FieldErrors::default();
    for (field, result) in [
        ("name", rules::person_name(name)),
        ("email", rules::email(email).map(drop)),
        ("password", rules::password(password, &[email, name])),
    ] {
        if let Err(error) = result {
            errors.add(field, error);
        }
    }
    errors.into_result(())?;
    let account = new_account(&fields, Role::Admin, AccountStatus::Active, now).await?;
    insert(store, &account).await?;
    Ok(account)
}

async fn new_account(
    fields: &AccountFields,
    role: Role,
    status: AccountStatus,
    now: Timestamp,
) -> Result<Account, DomainError> {
    Ok(Account {
        id: UserId::from_uuid(uuid::Uuid::now_v7()),
        name: fields.name.trim().to_owned(),
        email: fields.email.trim().to_owned(),
        role,
        status,
        password_hash: password::hash(fields.password.clone()).await?,
        time_zone: fields.time_zone.clone(),
        phone: fields.phone.clone(),
        date_of_birth: None,
        specialization: None,
        licence_number: None,
        created_at: now,
        status_reason: None,
        status_before_deactivation: None,
        two_factor: Default::default(),
        sign_in_count: 0,
        last_sign_in_at: None,
        practice: None,
        calendar_feed: None,
    })
}

/// The account and the claim on its email, written together: of two
/// registrations with one address (in any letter case), exactly one succeeds.
async fn insert(store: &Store, account: &Account) -> Result<(), DomainError> {
    let canonical =
        rules::email(&account.email).map_err(|e| DomainError::field("email", e.message()))?;
    let claim = Item::from_record(
        keys::email_claim(&canonical),
        &EmailClaim {
            user_id: account.id,
        },
    )?;
    let result = store
        .transact(vec![
            TxOp::Put(claim, Condition::NotExists),
            TxOp::Put(account.to_item()?, Condition::NotExists),
        ])
        .await;
    match result {
        Err(StoreError::ConditionFailed { op: Some(0) }) => Err(DomainError::Conflict {
            code: "email_taken",
            message: "An account with this email address already exists.",
        }),
        other => Ok(other?),
    }
}

#[derive(Serialize, Deserialize)]
struct EmailClaim {
    user_id: UserId,
}

/// The time zone must exist in the server's time-zone database.
fn check_time_zone(name: &str) -> Result<(), DomainError> {
    time_zone(name).map(drop)
}

/// The named zone from the server's time-zone database; a `time_zone` field
/// error when it has none.
pub(crate) fn time_zone(name: &str) -> Result<TimeZone, DomainError> {
    jiff::tz::db()
        .get(name)
        .map_err(|_| DomainError::field("time_zone", "is not a known time zone"))
}

/// The account with this id as stored, with the version its next write must check.
pub(crate) async fn load(store: &Store, id: &UserId) -> Result<(Account, u64), DomainError> {
    let item = store
        .get(&keys::user(id))
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok((item.record()?, item.version))
}

/// Writes `account` on the condition that it is still at `version`, with
/// `also` in the same transaction: of two changes made from the same read,
/// the second is a 409 `changed_concurrently`.
pub(crate) async fn save(
    store: &Store,
    account: &Account,
    version: u64,
    also: Vec<TxOp>,
) -> Result<(), DomainError> {
    let mut ops = vec![TxOp::Put(account.to_item()?, Condition::Version(version))];
    ops.extend(also);
    match store.transact(ops).await {
        Err(StoreError::ConditionFailed { op: Some(0) }) => Err(DomainError::Conflict {
            code: "changed_concurrently",
            message: "The account changed meanwhile; reload it and try again.",
        }),
        other => Ok(other?),
    }
}

/// The account with this id.
pub async fn get(store: &Store, id: &UserId) -> Result<Option<Account>, DomainError> {
    Ok(store
        .get(&keys::user(id))
        .await?
        .map(|item| item.record())
        .transpose()?)
}

async fn find_by_email(store: &Store, email: &str) -> Result<Option<Account>, DomainError> {
    let Ok(canonical) = rules::email(email) else {
        return Ok(None);
    };
    let Some(claim) = store.get(&keys::email_claim(&canonical)).await? else {
        return Ok(None);
    };
    let claim: EmailClaim = claim.record()?;
    get(store, &claim.user_id).await
}

/// Checks a sign-in. Unknown email and wrong password give the same error
/// after the same work (a hash is always verified). Only then, for accounts
/// with two-factor sign-in, is the second factor asked for and checked.
pub async fn authenticate(
    store: &Store,
    email: &str,
    password: &str,
    two_factor_code: Option<&str>,
    now: Timestamp,
) -> Result<Account, DomainError> {
    let account = find_by_email(store, email).await?;
    let stored_hash = account.as_ref().map(|a| a.password_hash.clone());
    let matches = password::verify(password.to_owned(), stored_hash).await?;
    let Some(mut account) = account.filter(|_| matches) else {
        return Err(DomainError::InvalidCredentials);
    };
    if account.status == AccountStatus::Deactivated {
        return Err(DomainError::AccountDeactivated);
    }
    if account.two_factor.enabled() {
        let code = two_factor_code.ok_or(DomainError::TwoFactorRequired)?;
        super::two_factor::verify(store, &account, code, now).await?;
    }
    let ops = vec![
        UpdateOp::Add("sign_in_count".into(), 1),
        UpdateOp::Set(
            "last_sign_in_at".into(),
            serde_json::to_value(now).map_err(|e| DomainError::Internal(e.to_string()))?,
        ),
    ];
    store
        .update(&keys::user(&account.id), ops, Condition::Exists)
        .await?;
    account.sign_in_count += 1;
    account.last_sign_in_at = Some(now);
    Ok(account)
}

/// One page of the accounts with this role and status, oldest first (the
/// order in which pending doctors registered). A query on GSI1.
pub async fn list(
    store: &Store,
    role: Role,
    status: AccountStatus,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<UserSummary>, DomainError> {
    let query = Query::partition(keys::users_by_role_and_status(role, status)).on(Index::Gsi1);
    let page: Page<Account> = super::paging::page(store, query, limit, cursor).await?;
    Ok(Page {
        items: page.items.iter().map(Account::to_summary).collect(),
        next_cursor: page.next_cursor,
    })
}

/// Applies an admin's decision about an account. The allowed changes:
/// approve a pending or rejected doctor; reject a pending doctor (with a
/// reason); deactivate any other account that is not deactivated (its
/// sessions end at once); reactivate a deactivated one. Anything else is a
/// conflict, and so is a change that raced another.
pub async fn decide(
    store: &Store,
    admin: &Account,
    target: &UserId,
    request: &DecisionRequest,
    now: Timestamp,
) -> Result<Account, DomainError> {
    request.check()?;
    let (mut account, version) = load(store, target).await?;
    let reason = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    let doctor = account.role == Role::Doctor;
    let refused = |message| {
        Err(DomainError::Conflict {
            code: "invalid_transition",
            message,
        })
    };
    match (request.decision, account.status) {
        (AccountDecision::Approve, AccountStatus::Pending | AccountStatus::Rejected) if doctor => {
            account.status = AccountStatus::Active;
            account.status_reason = None;
        }
        (AccountDecision::Reject, AccountStatus::Pending) if doctor => {
            account.status = AccountStatus::Rejected;
            account.status_reason = reason;
        }
        (AccountDecision::Deactivate, status) if status != AccountStatus::Deactivated => {
            if account.id == admin.id {
                return refused("Admins cannot deactivate their own account.");
            }
            account.status_before_deactivation = Some(status);
            account.status = AccountStatus::Deactivated;
            account.status_reason = reason;
        }
        (AccountDecision::Reactivate, AccountStatus::Deactivated) => {
            account.status = account
                .status_before_deactivation
                .take()
                .unwrap_or(AccountStatus::Active);
            account.status_reason = None;
        }
        (AccountDecision::Approve | AccountDecision::Reject, _) => return refused(
            "Only a pending doctor can be approved or rejected (a rejected one can be approved).",
        ),
        (AccountDecision::Deactivate, _) => return refused("The account is already deactivated."),
        (AccountDecision::Reactivate, _) => {
            return refused("Only a deactivated account can be reactivated.")
        }
    }
    // The doctor hears of the decision, in the same transaction.
    let notice = match request.decision {
        AccountDecision::Approve => Some(AccountChange::Approved),
        AccountDecision::Reject => Some(AccountChange::Rejected {
            reason: account.status_reason.clone(),
        }),
        _ => None,
    };
    let also = notice
        .map(|notice| outbox::queue(account.id, Event::Account(notice), now))
        .transpose()?;
    save(store, &account, version, also.into_iter().collect()).await?;
    tracing::info!(admin = %admin.id, user = %account.id, status = account.status.as_str(), "account status changed");
    if account.status == AccountStatus::Deactivated {
        super::sessions::revoke_all(store, &account.id).await?;
    }
    Ok(account)
}

/// Changes the caller's name, phone or time zone.
pub async fn update_profile(
    store: &Store,
    caller: &Account,
    changes: &ProfileChanges,
    now: Timestamp,
) -> Result<Account, DomainError> {
    changes.check()?;
    if let Some(zone) = &changes.time_zone {
        check_time_zone(zone)?;
    }
    let mut ops = Vec::new();
    if let Some(name) = &changes.name {
        ops.push(UpdateOp::Set("name".into(), name.trim().into()));
    }
    match changes.phone.as_deref() {
        Some("") => ops.push(UpdateOp::Remove("phone".into())),
        Some(phone) => ops.push(UpdateOp::Set("phone".into(), phone.into())),
        None => {}
    }
    if let Some(zone) = &changes.time_zone {
        ops.push(UpdateOp::Set("time_zone".into(), zone.as_str().into()));
    }
    if ops.is_empty() {
        return Ok(caller.clone());
    }
    let item = store
        .update(&keys::user(&caller.id), ops, Condition::Exists)
        .await?;
    let account: Account = item.record()?;
    if account.role == Role::Patient && account.time_zone != caller.time_zone {
        super::medications::follow_zone(store, &account, now).await?;
    }
    Ok(account)
}

/// Changes the caller's password, given the current one; every other session
/// of the account ends.
pub async fn change_password(
    store: &Store,
    caller: &Account,
    session: &str,
    change: &PasswordChange,
    now: Timestamp,
) -> Result<(), DomainError> {
    if !password::verify(
        change.current_password.clone(),
        Some(caller.password_hash.clone()),
    )
    .await?
    {
        return Err(DomainError::InvalidCredentials);
    }
    rules::password(&change.new_password, &[&caller.email, &caller.name])
        .map_err(|e| DomainError::field("new_password", e.message()))?;
    let hash = password::hash(change.new_password.clone()).await?;
    store
        .transact(vec![
            TxOp::Update(
                keys::user(&caller.id),
                vec![UpdateOp::Set("password_hash".into(), hash.into())],
                Condition::Exists,
            ),
            outbox::queue(
                caller.id,
                Event::Account(AccountChange::PasswordChanged),
                now,
            )?,
        ])
        .await?;
    super::sessions::revoke_all_but(store, &caller.id, Some(session)).await?;
    tracing::info!(user = %caller.id, "password changed");
    Ok(())
}
