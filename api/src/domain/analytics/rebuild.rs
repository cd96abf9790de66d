//! Makes the day counters again from the source items: every appointment,
//! every logged dose and every discharge, added up by the same functions the
//! changes use (counters no source item adds to are emptied, never
//! deleted). For when a definition changes (or to check the counters):
//! `medtrack rebuild-analytics`, run while the server is stopped or quiet,
//! since changes made during the recount may be counted twice or not at all.
//! The wards' census is a record of each midnight, not derived from other
//! items, and is kept as it is.

use std::collections::HashSet;

use medtrack_shared::appointment::Appointment;
use medtrack_shared::medication::Dose;
use medtrack_shared::wards::admissions::{Admission, AdmissionState};
use medtrack_shared::{AccountStatus, Role};
use serde_json::Value;

use super::counters::{self, Additions};
use crate::domain::accounts::Account;
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Key, Query, TxOp, UpdateOp};

/// What a rebuild counted and wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rebuilt {
    /// Appointments counted.
    pub appointments: usize,
    /// Logged doses counted.
    pub doses: usize,
    /// Discharges counted.
    pub discharges: usize,
    /// Counter items written or cleared.
    pub counters: usize,
}

/// The store's largest page.
const PAGE: u32 = 100;

/// Every record of `query`, page after page.
async fn every<T: serde::de::DeserializeOwned>(
    ctx: &Context,
    query: Query,
) -> Result<Vec<T>, DomainError> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = paging::page::<T>(&ctx.store, query.clone(), PAGE, cursor.as_deref()).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(all),
        }
    }
}

/// Recounts every counter kept by changes and writes the results.
pub async fn rebuild(ctx: &Context) -> Result<Rebuilt, DomainError> {
    let mut done = Rebuilt::default();
    let mut appointments = Additions::default();
    for appointment in every::<Appointment>(
        ctx,
        Query::partition(keys::ALL_APPOINTMENTS).on(Index::Gsi1),
    )
    .await?
    {
        counters::appointment(&mut appointments, &appointment, 1)?;
        done.appointments += 1;
    }
    let mut doses = Additions::default();
    let mut series = vec![
        keys::APPOINTMENT_DAYS.to_owned(),
        keys::DOSE_DAYS.to_owned(),
    ];
    for role in [Role::Patient, Role::Doctor] {
        for status in [
            AccountStatus::Active,
            AccountStatus::Pending,
            AccountStatus::Rejected,
            AccountStatus::Deactivated,
        ] {
            let query =
                Query::partition(keys::users_by_role_and_status(role, status)).on(Index::Gsi1);
            for account in every::<Account>(ctx, query).await? {
                if role == Role::Doctor {
                    series.push(keys::doctor_days(&account.id));
                    continue;
                }
                for dose in
                    every::<Dose>(ctx, Query::partition(keys::dose_log(&account.id))).await?
                {
                    counters::dose(&mut doses, &account.id, &dose, 1);
                    done.doses += 1;
                }
            }
        }
    }
    let mut discharges = Additions::default();
    let query = Query::partition(keys::admissions_in(AdmissionState::Discharged)).on(Index::Gsi2);
    for admission in every::<Admission>(ctx, query).await? {
        let (Some(stay), Some(discharge)) = (admission.stays.last(), admission.discharge.as_ref())
        else {
            continue;
        };
        counters::discharge(
            &mut discharges,
            &stay.ward,
            admission.admitted_at,
            discharge.at,
        );
        done.discharges += 1;
    }

    let mut counted = appointments.items();
    counted.extend(doses.items());
    done.counters += replace(ctx, &series, counted).await?;
    let wards =
        every::<medtrack_shared::wards::Ward>(ctx, Query::partition(keys::WARDS).on(Index::Gsi1))
            .await?;
    let ward_series: Vec<String> = wards.iter().map(|w| keys::ward_days(&w.id)).collect();
    done.counters += discharges_into(ctx, &ward_series, discharges.items()).await?;
    Ok(done)
}

/// Writes `counted` over the counters of `series`, and clears those it does not hold.
async fn replace(
    ctx: &Context,
    series: &[String],
    counted: Vec<Item>,
) -> Result<usize, DomainError> {
    let fresh: HashSet<Key> = counted.iter().map(|i| i.key.clone()).collect();
    let mut written = 0;
    for pk in series {
        for old in every_item(ctx, pk).await? {
            if !fresh.contains(&old.key) {
                // Emptied, never deleted: replicas add to counters they know exist.
                let identity = old.attrs.get("day").cloned().unwrap_or(Value::Null);
                let attrs = serde_json::Map::from_iter([("day".to_owned(), identity)]);
                let empty = Item::new(old.key, attrs);
                ctx.commit(vec![TxOp::Put(empty, Condition::Always)])
                    .await?;
                written += 1;
            }
        }
    }
    for item in counted {
        ctx.commit(vec![TxOp::Put(item, Condition::Always)]).await?;
        written += 1;
    }
    Ok(written)
}

/// Sets the wards' discharge counters to `counted`, keeping their census.
async fn discharges_into(
    ctx: &Context,
    series: &[String],
    counted: Vec<Item>,
) -> Result<usize, DomainError> {
    let fresh: HashSet<Key> = counted.iter().map(|i| i.key.clone()).collect();
    let mut written = 0;
    for pk in series {
        for old in every_item(ctx, pk).await? {
            if !fresh.contains(&old.key) {
                let zero = ["discharges", "inpatient_days"]
                    .map(|n| UpdateOp::Set(n.into(), Value::from(0)));
                ctx.commit(vec![TxOp::Update(old.key, zero.into(), Condition::Exists)])
                    .await?;
                written += 1;
            }
        }
    }
    for item in counted {
        if ctx.store.get(&item.key).await?.is_none() {
            ctx.commit(vec![TxOp::Put(item, Condition::Always)]).await?;
        } else {
            let set = ["discharges", "inpatient_days"].map(|n| {
                UpdateOp::Set(
                    n.into(),
                    item.attrs.get(n).cloned().unwrap_or(Value::from(0)),
                )
            });
            ctx.commit(vec![TxOp::Update(item.key, set.into(), Condition::Exists)])
                .await?;
        }
        written += 1;
    }
    Ok(written)
}

async fn every_item(ctx: &Context, pk: &str) -> Result<Vec<Item>, DomainError> {
    paging::all_items(&ctx.store, Query::partition(pk), usize::MAX).await
}
