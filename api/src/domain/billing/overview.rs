//! What people list: a patient's invoices, a doctor's, the admins' by
//! status, and the admins' overview (definitions in
//! `shared::billing::overview`). The overview reads the open invoices, the
//! counters of the last twelve months and the claim counts: what it costs
//! follows what is open and how many doctors bill, never all of history.

use std::collections::BTreeMap;

use jiff::civil::Date;
use medtrack_shared::billing::overview::{
    Ageing, ClaimCount, DoctorRevenue, Overview, RevenueMonth, REVENUE_MONTHS,
};
use medtrack_shared::billing::{Invoice, InvoiceStatus};
use medtrack_shared::{Page, PageQuery, Role};

use super::counters::{self, Revenue};
use super::OpenInvoice;
use crate::domain::accounts::Account;
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Index, Item, Query, SkRange};

/// The most open invoices the ageing reads (a clinic with more has the
/// first 200,000 by due date counted: the oldest, which matter most).
const MAX_OPEN: usize = 200_000;
/// The most counters of a period the revenue tables read.
const MAX_COUNTERS: usize = 50_000;

/// The calling patient's invoices (issued or cancelled), newest first.
pub async fn mine(
    ctx: &Context,
    caller: &Account,
    page: &PageQuery,
) -> Result<Page<Invoice>, DomainError> {
    if caller.role != Role::Patient {
        return Err(DomainError::Forbidden);
    }
    let query = Query::partition(keys::invoices_of(&caller.id)).on(Index::Gsi1);
    super::newest_first(ctx, query, page).await
}

/// The calling doctor's invoices, newest first, all or in one status.
pub async fn doctors(
    ctx: &Context,
    caller: &Account,
    status: Option<InvoiceStatus>,
    page: &PageQuery,
) -> Result<Page<Invoice>, DomainError> {
    if caller.role != Role::Doctor {
        return Err(DomainError::Forbidden);
    }
    let query = match status {
        None => Query::partition(keys::invoices_by(&caller.id)),
        Some(status) => Query::partition(keys::invoices_by_in(&caller.id, status)).on(Index::Gsi1),
    };
    super::newest_first(ctx, query, page).await
}

/// The invoices in a status, newest first (admins).
pub async fn in_status(
    ctx: &Context,
    status: InvoiceStatus,
    page: &PageQuery,
) -> Result<Page<Invoice>, DomainError> {
    let query = Query::partition(keys::invoices_in(status)).on(Index::Gsi2);
    super::newest_first(ctx, query, page).await
}

/// The `REVENUE_MONTHS` months ending with `today`'s, oldest first.
fn months(today: Date) -> Vec<String> {
    let first = today.first_of_month();
    (0..REVENUE_MONTHS)
        .rev()
        .filter_map(|back| {
            let back = i32::try_from(back).ok()?;
            let day = first.checked_sub(jiff::Span::new().months(back)).ok()?;
            Some(format!("{:04}-{:02}", day.year(), day.month()))
        })
        .collect()
}

fn records(items: Vec<Item>) -> Result<Vec<Revenue>, DomainError> {
    items
        .into_iter()
        .map(|item| Ok(item.into_record()?))
        .collect()
}

/// The admins' billing page.
pub async fn overview(ctx: &Context) -> Result<Overview, DomainError> {
    let as_of = ctx.now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let months = months(as_of);
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Err(DomainError::Internal("no months".into()));
    };
    let period = SkRange::Between(format!("{first}#"), format!("{last}#~"));

    let open = paging::all_items(&ctx.store, Query::partition(keys::OPEN_INVOICES), MAX_OPEN);
    let clinic = paging::all_items(
        &ctx.store,
        Query::partition(keys::REVENUE).range(period.clone()),
        MAX_COUNTERS,
    );
    let by_doctor = paging::all_items(
        &ctx.store,
        Query::partition(keys::REVENUE_BY_DOCTOR).range(period),
        MAX_COUNTERS,
    );
    let (open, clinic, by_doctor, claims) =
        tokio::try_join!(open, clinic, by_doctor, counters::claim_counts(ctx))?;

    let mut ageing: BTreeMap<String, Ageing> = BTreeMap::new();
    for item in open {
        let open: OpenInvoice = item.into_record()?;
        let days = (as_of - open.due_on).get_days();
        ageing
            .entry(open.currency.clone())
            .or_insert_with(|| Ageing {
                currency: open.currency.clone(),
                ..Ageing::default()
            })
            .add(open.balance, i64::from(days));
    }

    let clinic = records(clinic)?;
    let currencies: std::collections::BTreeSet<&str> =
        clinic.iter().map(|r| r.currency.as_str()).collect();
    let mut revenue = Vec::new();
    for currency in currencies {
        for month in &months {
            // The month's shards, added up.
            let mut row = RevenueMonth {
                month: month.clone(),
                currency: currency.to_owned(),
                ..RevenueMonth::default()
            };
            for shard in clinic
                .iter()
                .filter(|r| r.currency == currency && r.month == *month)
            {
                row.billed += shard.billed;
                row.collected += shard.collected;
                row.written_off += shard.written_off;
            }
            revenue.push(row);
        }
    }

    let mut doctors: BTreeMap<(String, String), DoctorRevenue> = BTreeMap::new();
    for counter in records(by_doctor)? {
        let Some(doctor) = counter.doctor else {
            continue;
        };
        let row = doctors
            .entry((doctor.id.to_string(), counter.currency.clone()))
            .or_insert_with(|| DoctorRevenue {
                doctor,
                currency: counter.currency.clone(),
                billed: 0,
                collected: 0,
            });
        row.billed += counter.billed;
        row.collected += counter.collected;
    }
    let mut doctors: Vec<DoctorRevenue> = doctors.into_values().collect();
    doctors.sort_by(|a, b| {
        b.billed
            .cmp(&a.billed)
            .then(a.doctor.name.cmp(&b.doctor.name))
    });

    Ok(Overview {
        as_of,
        months,
        ageing: ageing.into_values().collect(),
        claims: claims
            .into_iter()
            .map(|(state, count)| ClaimCount { state, count })
            .collect(),
        revenue,
        doctors,
    })
}
