//! Stock: the counters of `tally` (units in stock by state, units issued
//! per day), the units expiring soon (read from the stock lists, at most
//! what expires within a component's window) and the thresholds; and the
//! alert told to the admins once each time a group and component falls
//! below its threshold (the `StockCheck` job every change of a line
//! schedules; the alert's item remembers that it was told, and its write
//! checks that the counts it read are still the line's).

use std::collections::HashMap;

use futures::future::try_join_all;
use jiff::{SignedDuration, Timestamp};
use medtrack_shared::blood::stock::{
    GroupStock, SoonWindow, Stock, StockLine, Threshold, ISSUE_WINDOW_DAYS,
};
use medtrack_shared::blood::units::{Unit, UnitState};
use medtrack_shared::blood::{BloodGroup, Component};
use medtrack_shared::JobId;
use serde::{Deserialize, Serialize};

use super::tally::{self, Line};
use crate::domain::accounts::{self, Account};
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::notifications::blood::BloodNotice;
use crate::domain::notifications::outbox::{self, Event};
use crate::domain::{paging, Context, DomainError};
use crate::store::keys::sortable_time;
use crate::store::{keys, Condition, Index, Item, Query, SkRange, StoreError, TxOp};

/// The most units read as expiring soon in one line (or held, in all).
const MAX_SOON: usize = 5_000;

/// Available units of a line that expire within its window.
async fn soon_available(ctx: &Context, line: Line, now: Timestamp) -> Result<u32, DomainError> {
    let until = now + ctx.blood.soon(line.0);
    let range = SkRange::Between(sortable_time(now), format!("{}#~", sortable_time(until)));
    let query = Query::partition(keys::stock(line.0, line.1))
        .on(Index::Gsi2)
        .range(range);
    let found = paging::all_items(&ctx.store, query, MAX_SOON).await?.len();
    Ok(u32::try_from(found).unwrap_or(u32::MAX))
}

/// Units held for requests that expire within their component's window.
async fn soon_reserved(ctx: &Context, now: Timestamp) -> Result<HashMap<Line, u32>, DomainError> {
    let query = Query::partition(keys::units_in(UnitState::Reserved))
        .on(Index::Gsi1)
        .range(keys::unexpired(now));
    let mut counts = HashMap::new();
    for item in paging::all_items(&ctx.store, query, MAX_SOON).await? {
        let unit: Unit = item.into_record()?;
        if unit.expires_at - ctx.blood.soon(unit.component) <= now {
            *counts.entry((unit.component, unit.group)).or_default() += 1;
        }
    }
    Ok(counts)
}

/// Units issued per line over the last 30 days (today's included).
async fn issued_recently(ctx: &Context, now: Timestamp) -> Result<HashMap<Line, u32>, DomainError> {
    let days = i64::from(ISSUE_WINDOW_DAYS) - 1;
    let first = tally::day(now - SignedDuration::from_hours(24 * days));
    tally::issued_from(ctx, first).await
}

async fn thresholds(ctx: &Context) -> Result<HashMap<Line, Threshold>, DomainError> {
    let query = Query::partition(keys::BLOOD_THRESHOLDS);
    let mut found = HashMap::new();
    for item in paging::all_items(&ctx.store, query, 100).await? {
        let saved: SavedThreshold = item.into_record()?;
        found.insert((saved.component, saved.group), saved.threshold);
    }
    Ok(found)
}

/// A threshold as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SavedThreshold {
    component: Component,
    group: BloodGroup,
    #[serde(flatten)]
    threshold: Threshold,
}

/// Every component and group's line; with the units expiring soon when
/// `soon` (the admins' page), without for the groups patients see.
async fn lines(ctx: &Context, soon: bool) -> Result<Vec<StockLine>, DomainError> {
    let now = ctx.now();
    let counts = tally::all(ctx).await?;
    let issued = issued_recently(ctx, now).await?;
    let thresholds = thresholds(ctx).await?;
    let (soon_available, soon_reserved) = if soon {
        let stocked = counts.iter().filter(|(_, c)| c.available > 0);
        let lines: Vec<Line> = stocked.map(|(line, _)| *line).collect();
        let found = try_join_all(lines.iter().map(|line| soon_available(ctx, *line, now))).await?;
        let by_line: HashMap<Line, u32> = lines.into_iter().zip(found).collect();
        (by_line, soon_reserved(ctx, now).await?)
    } else {
        Default::default()
    };
    let mut lines = Vec::new();
    for component in Component::ALL {
        for group in BloodGroup::ALL {
            let key = (component, group);
            let [quarantined, available, reserved] =
                counts.get(&key).map(|c| c.by_state()).unwrap_or_default();
            let soon = [&soon_available, &soon_reserved]
                .map(|found| found.get(&key).copied().unwrap_or(0))
                .iter()
                .sum();
            let issued = issued.get(&key).copied().unwrap_or(0);
            let counts = [available, reserved, quarantined, soon, issued];
            let threshold = thresholds.get(&key).copied();
            lines.push(StockLine::new(component, group, counts, threshold));
        }
    }
    Ok(lines)
}

/// The whole stock, every component and group.
pub async fn stock(ctx: &Context) -> Result<Stock, DomainError> {
    let lines = lines(ctx, true).await?;
    let windows = Component::ALL
        .map(|component| SoonWindow {
            component,
            hours: u32::try_from(ctx.blood.soon(component).as_hours()).unwrap_or(0),
        })
        .to_vec();
    Ok(Stock { lines, windows })
}

/// What signed-in people see: units available per group, and whether the
/// bank asks for it.
pub async fn by_group(ctx: &Context) -> Result<Vec<GroupStock>, DomainError> {
    let lines = lines(ctx, false).await?;
    Ok(BloodGroup::ALL
        .into_iter()
        .map(|group| {
            let lines = lines.iter().filter(|l| l.group == group);
            let (available, low) =
                lines.fold((0, false), |(n, low), l| (n + l.available, low || l.low));
            GroupStock {
                group,
                available,
                low,
            }
        })
        .collect())
}

/// Sets (or, with `None`, removes) a threshold, and looks at the stock again.
pub async fn set_threshold(
    ctx: &Context,
    _admin: &Account,
    component: Component,
    group: BloodGroup,
    threshold: Option<Threshold>,
) -> Result<(), DomainError> {
    let key = keys::threshold(component, group);
    let now = ctx.now();
    let write = match threshold {
        Some(threshold) => {
            threshold.check()?;
            let saved = SavedThreshold {
                component,
                group,
                threshold,
            };
            TxOp::Put(Item::from_record(key, &saved)?, Condition::Always)
        }
        None => TxOp::Delete(key, Condition::Always),
    };
    ctx.commit(vec![write, check_op(component, group, now)?])
        .await?;
    Ok(())
}

/// The job that looks at a group and component's stock after a change.
pub fn check_op(
    component: Component,
    group: BloodGroup,
    now: Timestamp,
) -> Result<TxOp, StoreError> {
    let job = StockCheck {
        component,
        group,
        nonce: uuid::Uuid::now_v7(),
    };
    jobs::schedule(&job, now)
}

/// Whether the admins were told a line is low.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct AlertState {
    low: bool,
}

/// Looks at one group and component after a change: when it is now below
/// its threshold and the admins were not told, they are; when it is back
/// above, the alert is armed again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StockCheck {
    /// The component.
    pub component: Component,
    /// The group.
    pub group: BloodGroup,
    /// One job per change (each change's transaction writes its own, so
    /// concurrent changes never write the same job).
    pub nonce: uuid::Uuid,
}

impl Runner for StockCheck {
    fn id(&self) -> JobId {
        JobId::compose(
            "stock_check",
            &[&self.component.as_str(), &self.group, &self.nonce.simple()],
        )
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let key = (self.component, self.group);
        let (counts, counted) = tally::of(ctx, key).await?;
        let threshold_key = keys::threshold(self.component, self.group);
        let (threshold, set) = match ctx.store.get(&threshold_key).await? {
            Some(item) => {
                let version = item.version;
                (
                    Some(item.into_record::<SavedThreshold>()?.threshold),
                    Some(version),
                )
            }
            None => (None, None),
        };
        let issued = issued_recently(ctx, now).await?;
        let issued = issued.get(&key).copied().unwrap_or(0);
        let [_, available, _] = counts.by_state();
        let line = StockLine::new(
            self.component,
            self.group,
            [available, 0, 0, 0, issued],
            threshold,
        );
        let alert = keys::stock_alert(self.component, self.group);
        let stored = ctx.store.get(&alert).await?;
        let (told, condition) = match &stored {
            Some(item) => (
                item.clone().into_record::<AlertState>()?.low,
                Condition::Version(item.version),
            ),
            None => (false, Condition::NotExists),
        };
        if told == line.low {
            return Ok(Outcome::done());
        }
        let state = AlertState { low: line.low };
        // Written only if the counts and threshold read are still the
        // line's: a check that read before a later change fails and is run
        // again, so two checks never tell the admins in the wrong order.
        let still = |version: Option<u64>| version.map_or(Condition::NotExists, Condition::Version);
        let mut ops = vec![
            TxOp::Put(Item::from_record(alert, &state)?, condition),
            TxOp::Check(
                keys::stock_count(self.component, self.group),
                still(counted),
            ),
            TxOp::Check(threshold_key, still(set)),
        ];
        if line.low {
            let notice = BloodNotice::StockLow {
                component: self.component,
                group: self.group,
                available: line.available,
                days_of_cover: line.days_of_cover,
            };
            for admin in accounts::active_admins(&ctx.store).await? {
                ops.push(outbox::queue(admin, Event::Blood(notice.clone()), now)?);
            }
            tracing::info!(component = self.component.as_str(), group = %self.group, "blood stock low");
        }
        Ok(Outcome { ops, next: None })
    }
}
