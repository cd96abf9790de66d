//! Stock: counted from the units in stock (the state lists), the issues of
//! the last 30 days and the thresholds; and the alert told to the admins
//! once each time a group and component falls below its threshold (the
//! `StockCheck` job every change of availability schedules; the alert's item
//! remembers that it was told, rewritten on its version).

use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::blood::stock::{
    GroupStock, SoonWindow, Stock, StockLine, Threshold, ISSUE_WINDOW_DAYS,
};
use medtrack_shared::blood::units::{Unit, UnitState};
use medtrack_shared::blood::{BloodGroup, Component};
use medtrack_shared::JobId;
use serde::{Deserialize, Serialize};

use crate::domain::accounts::{self, Account};
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::notifications::blood::BloodNotice;
use crate::domain::notifications::outbox::{self, Event};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, StoreError, TxOp};

/// The most units one state's list is read to (a bank holds hundreds).
const MAX_UNITS: usize = 20_000;

type Line = (Component, BloodGroup);

/// An issue, as counted for the days of cover.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Issued {
    /// The unit's component.
    pub component: Component,
    /// Its group.
    pub group: BloodGroup,
}

async fn units_in(ctx: &Context, state: UnitState) -> Result<Vec<Unit>, DomainError> {
    let query = Query::partition(keys::units_in(state)).on(Index::Gsi1);
    paging::all_items(&ctx.store, query, MAX_UNITS)
        .await?
        .into_iter()
        .map(|item| item.into_record().map_err(DomainError::from))
        .collect()
}

async fn issued_since(ctx: &Context, from: Timestamp) -> Result<HashMap<Line, u32>, DomainError> {
    let query = Query::partition(keys::BLOOD_ISSUES).range(keys::issued_since(from));
    let mut counts = HashMap::new();
    for item in paging::all_items(&ctx.store, query, MAX_UNITS).await? {
        let issued: Issued = item.into_record()?;
        *counts.entry((issued.component, issued.group)).or_default() += 1;
    }
    Ok(counts)
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

/// The whole stock, every component and group.
pub async fn stock(ctx: &Context) -> Result<Stock, DomainError> {
    let now = ctx.now();
    let mut counts: HashMap<Line, [u32; 5]> = HashMap::new();
    for (slot, state) in [
        UnitState::Available,
        UnitState::Reserved,
        UnitState::Quarantined,
    ]
    .into_iter()
    .enumerate()
    {
        for unit in units_in(ctx, state).await? {
            if unit.expires_at <= now {
                continue;
            }
            let soon = unit.expires_at - ctx.blood.soon(unit.component) <= now
                && state != UnitState::Quarantined;
            let line = counts.entry((unit.component, unit.group)).or_default();
            for (at, count) in line.iter_mut().enumerate() {
                *count += u32::from(at == slot || (at == 3 && soon));
            }
        }
    }
    let issued = issued_since(ctx, window_start(now)).await?;
    let thresholds = thresholds(ctx).await?;
    let mut lines = Vec::new();
    for component in Component::ALL {
        for group in BloodGroup::ALL {
            let key = (component, group);
            let [available, reserved, quarantined, soon, _] =
                counts.get(&key).copied().unwrap_or_default();
            let issued = issued.get(&key).copied().unwrap_or(0);
            let counts = [available, reserved, quarantined, soon, issued];
            let threshold = thresholds.get(&key).copied();
            lines.push(StockLine::new(component, group, counts, threshold));
        }
    }
    let windows = Component::ALL
        .map(|component| SoonWindow {
            component,
            hours: u32::try_from(ctx.blood.soon(component).as_hours()).unwrap_or(0),
        })
        .to_vec();
    Ok(Stock { lines, windows })
}

fn window_start(now: Timestamp) -> Timestamp {
    now - SignedDuration::from_hours(24 * i64::from(ISSUE_WINDOW_DAYS))
}

/// One group and component's availability, issues and threshold: what
/// decides whether it is low.
async fn line(
    ctx: &Context,
    component: Component,
    group: BloodGroup,
    now: Timestamp,
) -> Result<StockLine, DomainError> {
    let query = Query::partition(keys::stock(component, group))
        .on(Index::Gsi2)
        .range(keys::unexpired(now));
    let available = paging::all_items(&ctx.store, query, MAX_UNITS).await?.len();
    let issued = issued_since(ctx, window_start(now)).await?;
    let issued = issued.get(&(component, group)).copied().unwrap_or(0);
    let threshold = match ctx.store.get(&keys::threshold(component, group)).await? {
        Some(item) => Some(item.into_record::<SavedThreshold>()?.threshold),
        None => None,
    };
    let available = u32::try_from(available).unwrap_or(u32::MAX);
    let counts = [available, 0, 0, 0, issued];
    Ok(StockLine::new(component, group, counts, threshold))
}

/// What signed-in people see: units available per group, and whether the
/// bank asks for it.
pub async fn by_group(ctx: &Context) -> Result<Vec<GroupStock>, DomainError> {
    let stock = stock(ctx).await?;
    Ok(BloodGroup::ALL
        .into_iter()
        .map(|group| {
            let lines = stock.lines.iter().filter(|l| l.group == group);
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
        let line = line(ctx, self.component, self.group, now).await?;
        let key = keys::stock_alert(self.component, self.group);
        let stored = ctx.store.get(&key).await?;
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
        let mut ops = vec![TxOp::Put(Item::from_record(key, &state)?, condition)];
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
