//! Analytics: the clinic's dashboard for admins and each doctor's own. Both
//! read the day counters (`counters` keeps them in the changes'
//! transactions, `census` writes the wards' midnight census), a query per
//! series over the range's days, so their cost follows the range and the
//! number of doctors and wards, never the history. `rebuild` makes the
//! counters again from the source items when a definition changes.

pub mod census;
pub mod counters;
pub mod rebuild;

use std::collections::BTreeMap;

use jiff::civil::Date;
use medtrack_shared::analytics::{
    AppointmentDay, ClinicDashboard, DayRange, DoctorDashboard, DoctorTotals, DoseDay, OfferedDay,
    WardDay, WardTotals,
};
use medtrack_shared::{AccountStatus, Role, UserId};
use serde::de::DeserializeOwned;

use super::accounts::{self, Account};
use super::{paging, practice, slots, wards, Context, DomainError};
use crate::store::{keys, Index, Item, Query, SkRange};

/// The most doctors the clinic's dashboard lists.
const MAX_DOCTORS: usize = 1000;
/// The most counter items a series holds over a range (a day's shards).
const MAX_SERIES_ITEMS: usize = 366 * keys::COUNTER_SHARDS as usize;

/// The clinic's dashboard over `range`: admins only.
pub async fn clinic(
    ctx: &Context,
    caller: &Account,
    range: DayRange,
) -> Result<ClinicDashboard, DomainError> {
    if caller.role != Role::Admin {
        return Err(DomainError::Forbidden);
    }
    range.check()?;
    let mut reads = Reads::default();
    let appointments = reads
        .appointments(ctx, keys::APPOINTMENT_DAYS, &range)
        .await?;
    let appointments = by_day(
        appointments,
        |d: &AppointmentDay| d.day,
        AppointmentDay::add,
    );
    let doses = reads.days(ctx, keys::DOSE_DAYS, &range).await?;
    let doses = by_day(doses, |d: &DoseDay| d.day, DoseDay::add);

    let mut doctors = Vec::new();
    for doctor in active_doctors(ctx).await? {
        let days = reads
            .appointments(ctx, &keys::doctor_days(&doctor.id), &range)
            .await?;
        let mut sum = AppointmentDay::empty(range.from);
        days.iter().for_each(|d| sum.add(d));
        let offered = offered(&doctor, &range)?.iter().map(|o| o.slots).sum();
        doctors.push(DoctorTotals {
            doctor: doctor.party(),
            appointments: sum,
            offered,
        });
    }

    let departments: BTreeMap<_, _> = wards::departments(ctx)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut ward_totals = Vec::new();
    for ward in wards::wards(ctx, caller).await? {
        let days: Vec<WardDay> = reads.days(ctx, &keys::ward_days(&ward.id), &range).await?;
        let mut totals = WardDay::empty(range.from);
        days.iter().for_each(|d| totals.add(d));
        ward_totals.push(WardTotals {
            ward: ward.id,
            department_name: departments
                .get(&ward.department)
                .cloned()
                .unwrap_or_default(),
            department: ward.department,
            name: ward.name,
            kind: ward.kind,
            totals,
        });
    }
    Ok(ClinicDashboard {
        range,
        appointments,
        doctors,
        wards: ward_totals,
        doses,
        reads: reads.0,
    })
}

/// A doctor's dashboard over `range`: the doctor's own, or any doctor's for admins.
pub async fn doctor(
    ctx: &Context,
    caller: &Account,
    doctor: &UserId,
    range: DayRange,
) -> Result<DoctorDashboard, DomainError> {
    let allowed = match caller.role {
        Role::Admin => true,
        Role::Doctor => caller.id == *doctor,
        Role::Patient => false,
    };
    if !allowed {
        return Err(DomainError::Forbidden);
    }
    range.check()?;
    let account = accounts::get(&ctx.store, doctor)
        .await?
        .filter(|a| a.role == Role::Doctor)
        .ok_or(DomainError::NotFound)?;
    let mut reads = Reads::default();
    let appointments = reads
        .appointments(ctx, &keys::doctor_days(doctor), &range)
        .await?;
    Ok(DoctorDashboard {
        range,
        doctor: account.party(),
        appointments,
        offered: offered(&account, &range)?,
        reads: reads.0,
    })
}

/// The slots the doctor's hours offer on each day of `range` (their zone).
fn offered(doctor: &Account, range: &DayRange) -> Result<Vec<OfferedDay>, DomainError> {
    let practice = practice::of(doctor);
    let zone = practice::zone(&practice)?;
    Ok(range
        .days()
        .map(|day| OfferedDay {
            day,
            slots: i64::try_from(slots::on_date(&practice, zone.tz(), day).len()).unwrap_or(0),
        })
        .filter(|o| o.slots > 0)
        .collect())
}

/// The clinic's active doctors, from the query on their list.
async fn active_doctors(ctx: &Context) -> Result<Vec<Account>, DomainError> {
    let query = Query::partition(keys::users_by_role_and_status(
        Role::Doctor,
        AccountStatus::Active,
    ))
    .on(Index::Gsi1);
    let items = paging::all_items(&ctx.store, query, MAX_DOCTORS).await?;
    let mut doctors: Vec<Account> = items
        .into_iter()
        .filter_map(|i| i.into_record().ok())
        .collect();
    doctors.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(doctors)
}

/// The counter items read, for the dashboards to report.
#[derive(Default)]
struct Reads(u32);

impl Reads {
    /// The counter items of `series` over `range`'s days, in day order.
    async fn items(
        &mut self,
        ctx: &Context,
        series: &str,
        range: &DayRange,
    ) -> Result<Vec<Item>, DomainError> {
        let (from, to) = keys::days_between(range.from, range.to);
        let query = Query::partition(series).range(SkRange::Between(from, to));
        let items = paging::all_items(&ctx.store, query, MAX_SERIES_ITEMS).await?;
        self.0 += u32::try_from(items.len()).unwrap_or(u32::MAX);
        Ok(items)
    }

    /// The counters of `series` over `range`'s days, in day order.
    async fn days<T: DeserializeOwned>(
        &mut self,
        ctx: &Context,
        series: &str,
        range: &DayRange,
    ) -> Result<Vec<T>, DomainError> {
        let items = self.items(ctx, series, range).await?;
        Ok(items
            .into_iter()
            .filter_map(|item| item.into_record().ok())
            .collect())
    }

    /// The appointment counters of `series` over `range`'s days, in day order.
    async fn appointments(
        &mut self,
        ctx: &Context,
        series: &str,
        range: &DayRange,
    ) -> Result<Vec<AppointmentDay>, DomainError> {
        let items = self.items(ctx, series, range).await?;
        Ok(items.iter().filter_map(appointment_day).collect())
    }
}

/// An appointment counter item read back.
fn appointment_day(item: &Item) -> Option<AppointmentDay> {
    let day: Date = item.attrs.get("day")?.as_str()?.parse().ok()?;
    Some(AppointmentDay::from_named(day, |name| {
        item.attrs
            .get(name)
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(0)
    }))
}

/// Shards of a day added together, one entry per day in order.
fn by_day<T>(shards: Vec<T>, day: impl Fn(&T) -> Date, add: impl Fn(&mut T, &T)) -> Vec<T> {
    let mut days: Vec<T> = Vec::new();
    for shard in shards {
        match days.last_mut() {
            Some(last) if day(last) == day(&shard) => add(last, &shard),
            _ => days.push(shard),
        }
    }
    days
}
