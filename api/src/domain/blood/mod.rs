//! The blood bank: units from donation to transfusion (`units`), the stock
//! and its alerts (`stock`) from counters kept with every change
//! (`tally`), doctors' requests with reservations, the
//! crossmatch and the issue (`requests`), patients' confirmed typings
//! (`typing`), donors (`donors`) and the bank's calls to them (`calls`).
//!
//! A unit is one item, rewritten on the version read by every change, with
//! an event in the bank's log in the same transaction. Which unit suits
//! which recipient is `shared::blood::compat`, asked at every step.

pub mod calls;
pub mod crossmatch;
pub mod donors;
pub mod requests;
pub mod reserve;
pub mod stock;
pub mod tally;
pub mod typing;
pub mod units;

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::blood::donors::Intervals;
use medtrack_shared::blood::units::{DiscardReason, Unit, UnitEvent, UnitState};
use medtrack_shared::blood::Component;
use medtrack_shared::{BloodRequestId, UnitId};

use super::accounts::Account;
use super::DomainError;
use crate::store::{keys, Condition, Item, Store, StoreError, TxOp};

/// The bank's rules.
#[derive(Debug, Clone)]
pub struct BloodBank {
    /// Shelf life per component, in days.
    pub shelf_days: Vec<(Component, u32)>,
    /// "Expiring soon" per component, in hours before expiry.
    pub soon_hours: Vec<(Component, u32)>,
    /// How long units stay reserved.
    pub hold: SignedDuration,
    /// The days between donations.
    pub intervals: Intervals,
}

impl Default for BloodBank {
    fn default() -> Self {
        use Component::*;
        Self {
            shelf_days: vec![
                (WholeBlood, 35),
                (RedCells, 42),
                (Platelets, 5),
                (Plasma, 365),
            ],
            soon_hours: vec![
                (WholeBlood, 168),
                (RedCells, 168),
                (Platelets, 24),
                (Plasma, 720),
            ],
            hold: SignedDuration::from_hours(72),
            intervals: Intervals::default(),
        }
    }
}

fn of(table: &[(Component, u32)], component: Component, fallback: u32) -> i64 {
    let found = table.iter().find(|(c, _)| *c == component);
    i64::from(found.map_or(fallback, |(_, n)| *n))
}

impl BloodBank {
    /// How long a unit of `component` keeps from collection.
    pub fn shelf_life(&self, component: Component) -> SignedDuration {
        SignedDuration::from_hours(of(&self.shelf_days, component, 1) * 24)
    }

    /// How long before expiry a unit of `component` is expiring soon.
    pub fn soon(&self, component: Component) -> SignedDuration {
        SignedDuration::from_hours(of(&self.soon_hours, component, 24))
    }
}

/// A unit as read, with the version its next write must check.
pub struct Stored {
    /// The unit.
    pub unit: Unit,
    /// The item's version.
    pub version: u64,
}

/// The unit with this id.
pub async fn load(store: &Store, id: &UnitId) -> Result<Stored, DomainError> {
    let item = store
        .get(&keys::unit(id))
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(Stored {
        version: item.version,
        unit: item.into_record()?,
    })
}

/// A change of a unit: what it becomes, and what its event says.
pub struct Change<'a> {
    /// Who made it (none: the scheduler).
    pub by: Option<&'a Account>,
    /// Its new state.
    pub to: UnitState,
    /// Why it is discarded.
    pub discarded: Option<DiscardReason>,
    /// The request it is for.
    pub request: Option<BloodRequestId>,
    /// When it is held until.
    pub hold_until: Option<Timestamp>,
    /// A note or reason.
    pub note: Option<String>,
}

impl<'a> Change<'a> {
    /// A change to `to` by `by`, with nothing else.
    pub fn to(to: UnitState, by: Option<&'a Account>) -> Self {
        Self {
            by,
            to,
            discarded: None,
            request: None,
            hold_until: None,
            note: None,
        }
    }
}

/// The operations that write `unit` (absent before: it is new) as changed
/// by `change` at `now`: the unit on `condition`, and its event. Returns
/// the unit as written. (Through [`tally::Tally`], which counts the move.)
fn change_ops(
    before: Option<&Unit>,
    mut unit: Unit,
    change: Change<'_>,
    condition: Condition,
    now: Timestamp,
) -> Result<(Unit, Vec<TxOp>), StoreError> {
    unit.state = change.to;
    unit.discarded = change.discarded;
    unit.request = match change.to {
        UnitState::Reserved | UnitState::Issued => change.request.or(unit.request),
        _ => None,
    };
    unit.hold_until = change
        .hold_until
        .filter(|_| change.to == UnitState::Reserved);
    unit.updated_at = now;
    let event = UnitEvent {
        unit: unit.id,
        donation_number: unit.donation_number.clone(),
        component: unit.component,
        group: unit.group,
        at: now,
        from: before.map(|b| b.state),
        to: unit.state,
        discarded: unit.discarded,
        request: change.request,
        by: change.by.map(Account::party),
        note: change.note,
    };
    let event_id = uuid::Uuid::now_v7();
    let log = Item::from_record(keys::unit_event(now, &event_id), &event)?
        .with_gsi1(keys::unit_log(&unit.id, now, &event_id));
    let mut item = Item::from_record(keys::unit(&unit.id), &unit)?.with_gsi1(keys::by_expiry(
        keys::units_in(unit.state),
        unit.expires_at,
        &unit.id,
    ));
    if unit.state == UnitState::Available {
        let stock = keys::stock(unit.component, unit.group);
        item = item.with_gsi2(keys::by_expiry(stock, unit.expires_at, &unit.id));
    }
    let ops = vec![
        TxOp::Put(item, condition),
        TxOp::Put(log, Condition::NotExists),
    ];
    Ok((unit, ops))
}

pub(crate) use crate::domain::retry::{commit, retrying, retrying_for};
