//! The stock's counters, kept in the transactions that change units: per
//! group and component the units quarantined, available and reserved, and
//! per day (UTC) the units issued. The stock page, the groups patients see
//! and the stock check read them, not the units: their cost does not grow
//! with the bank or its history, and they read the table itself, never an
//! index that may lag.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use medtrack_shared::blood::units::{Unit, UnitState};
use medtrack_shared::blood::{BloodGroup, Component};
use serde::{Deserialize, Serialize};

use super::{change_ops, stock, Change};
use crate::domain::counters::{add, identity};
use crate::domain::paging;
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Query, StoreError, TxOp};

/// A component and group.
pub type Line = (Component, BloodGroup);

/// The states counted, in the order of [`Counts::by_state`].
const COUNTED: [UnitState; 3] = [
    UnitState::Quarantined,
    UnitState::Available,
    UnitState::Reserved,
];

/// A line's units in stock, as stored (the names are the counters').
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Counts {
    /// The component.
    pub component: Option<Component>,
    /// The group.
    pub group: Option<BloodGroup>,
    /// Units waiting for their tests.
    #[serde(default)]
    pub quarantined: i64,
    /// Units that may be reserved.
    #[serde(default)]
    pub available: i64,
    /// Units held for requests.
    #[serde(default)]
    pub reserved: i64,
}

impl Counts {
    /// The count of a state in stock (none for states out of it).
    fn slot(state: UnitState) -> Option<usize> {
        COUNTED.iter().position(|s| *s == state)
    }

    /// Quarantined, available, reserved; never below zero.
    pub fn by_state(&self) -> [u32; 3] {
        [self.quarantined, self.available, self.reserved]
            .map(|n| u32::try_from(n.max(0)).unwrap_or(u32::MAX))
    }
}

/// What one transaction does to a line's counters.
#[derive(Default)]
struct Delta {
    states: [i64; 3],
    issued: Vec<(Date, i64)>,
}

impl Delta {
    fn count(&mut self, state: UnitState, n: i64) {
        let slot = Counts::slot(state).and_then(|at| self.states.get_mut(at));
        if let Some(count) = slot {
            *count += n;
        }
    }

    fn issue(&mut self, day: Date, n: i64) {
        match self.issued.iter_mut().find(|(d, _)| *d == day) {
            Some((_, count)) => *count += n,
            None => self.issued.push((day, n)),
        }
    }
}

/// The UTC day of `at`, as the issue counters keep it.
pub fn day(at: Timestamp) -> Date {
    at.to_zoned_datetime(TimeZone::UTC).date()
}

/// The changes of units in one transaction and what they do to the
/// stock's counters; each line touched is looked at again (`StockCheck`).
pub struct Tally {
    now: Timestamp,
    ops: Vec<TxOp>,
    lines: HashMap<Line, Delta>,
}

impl Tally {
    /// Nothing changed yet, at `now`.
    pub fn new(now: Timestamp) -> Self {
        Self {
            now,
            ops: Vec::new(),
            lines: HashMap::new(),
        }
    }

    /// Writes `unit` (absent `before`: it is new) as `change` makes it, on
    /// `condition`, and counts the move. Returns the unit as written.
    pub fn change(
        &mut self,
        before: Option<&Unit>,
        unit: Unit,
        change: Change<'_>,
        condition: Condition,
    ) -> Result<Unit, StoreError> {
        let now = self.now;
        let from = before.map(|b| b.state);
        // An issued unit returned takes back the issue of its day.
        let issued_on = before
            .filter(|b| b.state == UnitState::Issued)
            .map(|b| day(b.updated_at));
        let (unit, ops) = change_ops(before, unit, change, condition, now)?;
        self.ops.extend(ops);
        let delta = self.lines.entry((unit.component, unit.group)).or_default();
        if let Some(from) = from {
            delta.count(from, -1);
        }
        delta.count(unit.state, 1);
        match (issued_on, unit.state == UnitState::Issued) {
            (None, true) => delta.issue(day(now), 1),
            (Some(then), false) => delta.issue(then, -1),
            _ => {}
        }
        Ok(unit)
    }

    /// Adds an operation of the same transaction.
    pub fn push(&mut self, op: TxOp) {
        self.ops.push(op);
    }

    /// Every operation: the units', the counters' and the stock checks.
    pub async fn into_ops(self, ctx: &Context) -> Result<Vec<TxOp>, DomainError> {
        let mut ops = self.ops;
        for ((component, group), delta) in self.lines {
            let counts = Counts {
                component: Some(component),
                group: Some(group),
                ..Counts::default()
            };
            let [quarantined, available, reserved] = delta.states;
            let deltas = [
                ("quarantined", quarantined),
                ("available", available),
                ("reserved", reserved),
            ];
            let key = keys::stock_count(component, group);
            ops.extend(add(ctx, key, identity(&counts)?, &deltas).await?);
            for (on, n) in delta.issued {
                let key = keys::issued_on(on, component, group);
                ops.extend(add(ctx, key, identity(&counts)?, &[("issued", n)]).await?);
            }
            ops.push(stock::check_op(component, group, self.now)?);
        }
        Ok(ops)
    }
}

/// Every line's counts.
pub async fn all(ctx: &Context) -> Result<HashMap<Line, Counts>, DomainError> {
    let query = Query::partition(keys::BLOOD_COUNTS);
    let mut found = HashMap::new();
    for item in paging::all_items(&ctx.store, query, 100).await? {
        let counts: Counts = item.into_record()?;
        if let (Some(component), Some(group)) = (counts.component, counts.group) {
            found.insert((component, group), counts);
        }
    }
    Ok(found)
}

/// A line's counts, with the version of their item (none: never counted).
pub async fn of(ctx: &Context, line: Line) -> Result<(Counts, Option<u64>), DomainError> {
    match ctx.store.get(&keys::stock_count(line.0, line.1)).await? {
        Some(item) => {
            let version = item.version;
            Ok((item.into_record()?, Some(version)))
        }
        None => Ok((Counts::default(), None)),
    }
}

/// A day's issues of a line, as stored.
#[derive(Debug, Deserialize)]
struct IssuedOn {
    component: Component,
    group: BloodGroup,
    #[serde(default)]
    issued: i64,
}

/// Units issued per line from `first` (a UTC day) on: at most a row per
/// line and day.
pub async fn issued_from(ctx: &Context, first: Date) -> Result<HashMap<Line, u32>, DomainError> {
    let query = Query::partition(keys::BLOOD_ISSUED).range(keys::issued_from(first));
    let rows = Component::ALL.len() * BloodGroup::ALL.len() * 32;
    let mut counts: HashMap<Line, i64> = HashMap::new();
    for item in paging::all_items(&ctx.store, query, rows).await? {
        let day: IssuedOn = item.into_record()?;
        *counts.entry((day.component, day.group)).or_default() += day.issued;
    }
    Ok(counts
        .into_iter()
        .map(|(line, n)| (line, u32::try_from(n.max(0)).unwrap_or(u32::MAX)))
        .collect())
}
