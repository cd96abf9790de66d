//! Donors: a patient registers (with the group they believe they have), an
//! admin confirms the group after a test (which is also the patient's
//! confirmed typing), donations are kept on the donor's item with their day
//! in the donor's time zone, which is what the intervals count in.

use jiff::civil::Date;
use jiff::Timestamp;
use medtrack_shared::blood::donors::{
    Confirmation, Donation, DonationKind, Donor, DonorPage, DonorStatus, Eligibility, Invitation,
    NewDonation, Registration,
};
use medtrack_shared::blood::requests::Typing;
use medtrack_shared::blood::units::Unit;
use medtrack_shared::blood::BloodGroup;
use medtrack_shared::{ErrorCode, Page, PageQuery, UserId};
use serde::{Deserialize, Serialize};

use super::{commit, retrying};
use crate::domain::accounts::{self, Account};
use crate::domain::{paging, Context, DomainError, Zone};
use crate::store::{keys, Condition, Index, Item, Query, SkRange, StoreError, TxOp};

/// The most donations kept on a donor's item (the intervals look back a
/// year at most).
const MAX_DONATIONS: usize = 200;
/// The most calls a donor's page shows.
const MAX_CALLS: usize = 20;

/// A donor as stored: with their time zone, which dates their donations
/// (taken again from their account at each registration and donation, and
/// for their own page).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DonorRecord {
    /// The donor.
    #[serde(flatten)]
    pub donor: Donor,
    /// Their time zone.
    pub zone: Zone,
}

/// The operation that writes `record` on `condition`, in its lists.
fn write_op(record: &DonorRecord, condition: Condition) -> Result<TxOp, StoreError> {
    let donor = &record.donor;
    let id = &donor.donor.id;
    let mut item = Item::from_record(keys::donor(id), record)?.with_gsi1(keys::donor_in(
        donor.status,
        donor.registered_at,
        id,
    ));
    if let (DonorStatus::Confirmed, Some(group)) = (donor.status, donor.group) {
        item = item.with_gsi2(keys::donor_of(group, id));
    }
    Ok(TxOp::Put(item, condition))
}

async fn load(ctx: &Context, patient: &UserId) -> Result<Option<(DonorRecord, u64)>, DomainError> {
    match ctx.store.get(&keys::donor(patient)).await? {
        Some(item) => {
            let version = item.version;
            Ok(Some((item.into_record()?, version)))
        }
        None => Ok(None),
    }
}

/// A patient registers as a donor (again, after withdrawing).
pub async fn register(
    ctx: &Context,
    patient: &Account,
    input: Registration,
) -> Result<Donor, DomainError> {
    retrying(|| async {
        let now = ctx.now();
        let (record, condition) = match load(ctx, &patient.id).await? {
            Some((mut record, version)) if record.donor.status == DonorStatus::Withdrawn => {
                record.donor.status = match record.donor.group {
                    Some(_) => DonorStatus::Confirmed,
                    None => DonorStatus::Pending,
                };
                record.donor.stated_group = input.group.or(record.donor.stated_group);
                record.zone = patient.time_zone.clone();
                (record, Condition::Version(version))
            }
            Some(_) => {
                return Err(DomainError::conflict(
                    ErrorCode::AlreadyAdded,
                    "You are already registered as a donor.",
                ))
            }
            None => {
                let donor = Donor {
                    donor: patient.party(),
                    stated_group: input.group,
                    group: None,
                    status: DonorStatus::Pending,
                    registered_at: now,
                    donations: Vec::new(),
                };
                let zone = patient.time_zone.clone();
                (DonorRecord { donor, zone }, Condition::NotExists)
            }
        };
        let ops = vec![write_op(&record, condition)?];
        Ok(commit(ctx, ops).await?.then_some(record.donor))
    })
    .await
}

/// A donor stops being one: they are no longer asked.
pub async fn withdraw(ctx: &Context, patient: &Account) -> Result<Donor, DomainError> {
    retrying(|| async {
        let (mut record, version) = load(ctx, &patient.id).await?.ok_or(DomainError::NotFound)?;
        record.donor.status = DonorStatus::Withdrawn;
        let ops = vec![write_op(&record, Condition::Version(version))?];
        Ok(commit(ctx, ops).await?.then_some(record.donor))
    })
    .await
}

/// An admin records the donor's tested group: the donor is confirmed, and
/// the group is the patient's confirmed typing.
pub async fn confirm(
    ctx: &Context,
    admin: &Account,
    patient: &UserId,
    input: &Confirmation,
) -> Result<Donor, DomainError> {
    let now = ctx.now();
    input.check(now.to_zoned_datetime(admin.time_zone.tz().clone()).date())?;
    retrying(|| async {
        let (mut record, version) = load(ctx, patient).await?.ok_or(DomainError::NotFound)?;
        if record.donor.status == DonorStatus::Withdrawn {
            return Err(super::requests::refuse("The donor has withdrawn."));
        }
        record.donor.status = DonorStatus::Confirmed;
        record.donor.group = Some(input.group);
        let typing = Typing {
            group: input.group,
            tested_on: input.tested_on,
            recorded_by: admin.party(),
            recorded_at: now,
        };
        let ops = vec![
            write_op(&record, Condition::Version(version))?,
            super::typing::record_op(ctx, patient, typing).await?,
        ];
        Ok(commit(ctx, ops).await?.then_some(record.donor))
    })
    .await
}

/// When a donor whose donations are `donations` may give each kind, in
/// their zone, as of `now`.
pub fn eligibility(ctx: &Context, record: &DonorRecord, now: Timestamp) -> Vec<Eligibility> {
    let today = now.to_zoned_datetime(record.zone.tz().clone()).date();
    let history: Vec<(Date, DonationKind)> = record
        .donor
        .donations
        .iter()
        .map(|d| (d.on, d.kind))
        .collect();
    DonationKind::ALL
        .into_iter()
        .map(|kind| {
            let from = ctx.blood.intervals.next_day(&history, kind);
            Eligibility {
                kind,
                from,
                now: from.is_none_or(|day| day <= today),
            }
        })
        .collect()
}

/// A patient's donor page: registration, donations, eligibility, calls.
pub async fn page(ctx: &Context, patient: &Account) -> Result<DonorPage, DomainError> {
    let Some((mut record, _)) = load(ctx, &patient.id).await? else {
        return Ok(DonorPage {
            donor: None,
            eligibility: Vec::new(),
            calls: Vec::new(),
        });
    };
    // In the zone they live in now, which may not be the one stored.
    record.zone = patient.time_zone.clone();
    let eligibility = eligibility(ctx, &record, ctx.now());
    let query = Query::partition(keys::invitations(&patient.id))
        .backwards()
        .limit(MAX_CALLS);
    let calls = ctx
        .store
        .query(query)
        .await?
        .items
        .into_iter()
        .map(Item::into_record)
        .collect::<Result<Vec<Invitation>, _>>()?;
    Ok(DonorPage {
        donor: Some(record.donor),
        eligibility,
        calls,
    })
}

/// One page of donors in a status, newest first (admins).
pub async fn list(
    ctx: &Context,
    status: DonorStatus,
    page: &PageQuery,
) -> Result<Page<Donor>, DomainError> {
    let limit = page.checked_limit()?;
    let query = Query::partition(keys::donors_in(status))
        .on(Index::Gsi1)
        .backwards();
    paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await
}

/// The donor of a donation being recorded: confirmed, their group the one
/// given (if one is), and eligible on the day of collection.
pub(super) struct Giving {
    /// Their group.
    pub group: BloodGroup,
    record: DonorRecord,
    version: u64,
}

impl Giving {
    /// The operation that adds the donation to the donor's history.
    pub fn record_op(
        mut self,
        input: &NewDonation,
        at: Timestamp,
        units: &[Unit],
    ) -> Result<TxOp, StoreError> {
        let on = at.to_zoned_datetime(self.record.zone.tz().clone()).date();
        let donations = &mut self.record.donor.donations;
        donations.push(Donation {
            number: input.number.clone(),
            kind: input.kind,
            at,
            on,
            units: units.iter().map(|u| u.id).collect(),
        });
        donations.sort_by_key(|d| std::cmp::Reverse(d.at));
        donations.truncate(MAX_DONATIONS);
        write_op(&self.record, Condition::Version(self.version))
    }
}

/// Checks the donor of a donation collected at `at`.
pub(super) async fn for_donation(
    ctx: &Context,
    patient: &UserId,
    input: &NewDonation,
    at: Timestamp,
) -> Result<Giving, DomainError> {
    let (mut record, version) = load(ctx, patient).await?.ok_or_else(not_a_donor)?;
    // The day of the donation in the zone the donor lives in now (kept
    // with the record for the calls' eligibility).
    if let Some(account) = accounts::get(&ctx.store, patient).await? {
        record.zone = account.time_zone;
    }
    let group = match (record.donor.status, record.donor.group) {
        (DonorStatus::Confirmed, Some(group)) => group,
        _ => return Err(not_a_donor()),
    };
    if input.group.is_some_and(|given| given != group) {
        return Err(DomainError::field(
            "group",
            "is not the donor's confirmed group",
        ));
    }
    let day = at.to_zoned_datetime(record.zone.tz().clone()).date();
    let history: Vec<_> = record
        .donor
        .donations
        .iter()
        .map(|d| (d.on, d.kind))
        .collect();
    if ctx
        .blood
        .intervals
        .next_day(&history, input.kind)
        .is_some_and(|from| from > day)
    {
        return Err(DomainError::conflict(
            ErrorCode::NotEligible,
            "The donor may not give this yet.",
        ));
    }
    Ok(Giving {
        group,
        record,
        version,
    })
}

fn not_a_donor() -> DomainError {
    DomainError::field("donor", "is not a confirmed donor")
}

/// The donor records of the confirmed donors of `group`, in id order from
/// `after` (which may be among them) on, at most `max`; and whether more
/// follow.
pub(super) async fn of_group(
    ctx: &Context,
    group: BloodGroup,
    after: Option<UserId>,
    max: usize,
) -> Result<(Vec<DonorRecord>, bool), DomainError> {
    let mut query = Query::partition(keys::donors_of(group))
        .on(Index::Gsi2)
        .limit(max);
    if let Some(after) = after {
        query = query.range(SkRange::From(after.to_string()));
    }
    let (records, next) = ctx.store.query_records(query).await?;
    Ok((records, next.is_some()))
}
