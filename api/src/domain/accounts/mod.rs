//! Accounts: registration, the first admin, signing in ([`sign_in`]), the
//! owner's changes ([`profile`]) and admins' decisions ([`decisions`]).

pub mod decisions;
pub mod links;
pub mod profile;
pub mod recovery;
pub mod sign_in;
pub mod throttle;
pub mod verification;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use medtrack_shared::account::{AccountFields, Registration, UserSummary};
use medtrack_shared::practice::Practice;
use medtrack_shared::{rules, AccountStatus, ErrorCode, Me, Role, SpecializationSlug, UserId};
use serde::{Deserialize, Serialize};

use super::notifications::outbox::LinkPurpose;
use super::{Context, DomainError, Zone};
use crate::auth::password;
use crate::store::{keys, Condition, Index, IndexKey, Item, Query, Store, StoreError, TxOp};

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
    /// Their clock.
    pub time_zone: Zone,
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
    /// When the owner confirmed the email address by the link sent to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified_at: Option<Timestamp>,
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
    /// Who the account is, as records name people (id and name).
    pub fn party(&self) -> medtrack_shared::appointment::Party {
        medtrack_shared::appointment::Party {
            id: self.id,
            name: self.name.clone(),
        }
    }

    /// What the account's owner sees of it.
    pub fn to_me(&self) -> Me {
        Me {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role,
            status: self.status,
            status_reason: self.status_reason.clone(),
            time_zone: self.time_zone.name().to_owned(),
            phone: self.phone.clone(),
            date_of_birth: self.date_of_birth,
            specialization: self.specialization.clone(),
            licence_number: self.licence_number.clone(),
            two_factor_enabled: self.two_factor.enabled(),
            email_verified: self.email_verified_at.is_some(),
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
        let item = Item::from_record(keys::user(&self.id), self)?;
        // A doctor reaches the admins' queue once their address is confirmed.
        let waiting_unconfirmed = self.role == Role::Doctor
            && self.status == AccountStatus::Pending
            && self.email_verified_at.is_none();
        let item = if waiting_unconfirmed {
            item
        } else {
            item.with_gsi1(listed)
        };
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
pub async fn register(ctx: &Context, registration: Registration) -> Result<Account, DomainError> {
    let now = ctx.now();
    registration.check(now.to_zoned_datetime(TimeZone::UTC).date())?;
    let fields = registration.account();
    let zone = Zone::parse_input(&fields.time_zone, "time_zone")?;
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
            if ctx
                .store
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
    let mut account = new_account(fields, zone, role, status, now).await?;
    account.date_of_birth = date_of_birth;
    account.specialization = specialization;
    account.licence_number = licence_number;
    let confirm = links::send(ctx, &account.id, LinkPurpose::ConfirmEmail)
        .await?
        .unwrap_or_default();
    insert(ctx, &account, confirm).await?;
    Ok(account)
}

/// Creates an admin (the command line's `medtrack admin create`).
pub async fn create_admin(
    ctx: &Context,
    name: &str,
    email: &str,
    password: &str,
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
    let mut account = new_account(
        &fields,
        Zone::utc(),
        Role::Admin,
        AccountStatus::Active,
        ctx.now(),
    )
    .await?;
    // Made on the command line by whoever runs the clinic: nothing to confirm.
    account.email_verified_at = Some(ctx.now());
    insert(ctx, &account, Vec::new()).await?;
    Ok(account)
}

async fn new_account(
    fields: &AccountFields,
    time_zone: Zone,
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
        time_zone,
        phone: fields.phone.clone(),
        date_of_birth: None,
        specialization: None,
        licence_number: None,
        created_at: now,
        status_reason: None,
        status_before_deactivation: None,
        two_factor: Default::default(),
        email_verified_at: None,
        sign_in_count: 0,
        last_sign_in_at: None,
        practice: None,
        calendar_feed: None,
    })
}

/// The account and the claim on its email, written together: of two
/// registrations with one address (in any letter case), exactly one succeeds.
async fn insert(ctx: &Context, account: &Account, also: Vec<TxOp>) -> Result<(), DomainError> {
    let canonical =
        rules::email(&account.email).map_err(|e| DomainError::field("email", e.message()))?;
    let claim = Item::from_record(
        keys::email_claim(&canonical),
        &EmailClaim {
            user_id: account.id,
        },
    )?;
    let mut ops = vec![
        TxOp::Put(claim, Condition::NotExists),
        TxOp::Put(account.to_item()?, Condition::NotExists),
    ];
    ops.extend(also);
    let result = ctx.commit(ops).await;
    match result {
        Err(StoreError::ConditionFailed { op: Some(0) }) => Err(DomainError::conflict(
            ErrorCode::EmailTaken,
            "An account with this email address already exists.",
        )),
        other => Ok(other?),
    }
}

#[derive(Serialize, Deserialize)]
struct EmailClaim {
    user_id: UserId,
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
    ctx: &Context,
    account: &Account,
    version: u64,
    also: Vec<TxOp>,
) -> Result<(), DomainError> {
    let mut ops = vec![TxOp::Put(account.to_item()?, Condition::Version(version))];
    ops.extend(also);
    match ctx.commit(ops).await {
        Err(StoreError::ConditionFailed { op: Some(0) }) => Err(DomainError::changed(
            "The account changed meanwhile; reload it and try again.",
        )),
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

/// The account an email address belongs to, in any letter case.
pub(crate) async fn find_by_email(
    store: &Store,
    email: &str,
) -> Result<Option<Account>, DomainError> {
    let Ok(canonical) = rules::email(email) else {
        return Ok(None);
    };
    let Some(claim) = store.get(&keys::email_claim(&canonical)).await? else {
        return Ok(None);
    };
    let claim: EmailClaim = claim.record()?;
    get(store, &claim.user_id).await
}

/// The clinic's active admins (a handful), from the query on their list; at
/// most 90, so that telling them all fits in one transaction with the change.
pub async fn active_admins(store: &Store) -> Result<Vec<UserId>, DomainError> {
    let query = Query::partition(keys::users_by_role_and_status(
        Role::Admin,
        AccountStatus::Active,
    ))
    .on(Index::Gsi1);
    let items = super::paging::all_items(store, query, 90).await?;
    Ok(items
        .into_iter()
        .filter_map(|item| item.record::<Account>().ok().map(|a| a.id))
        .take(90)
        .collect())
}
