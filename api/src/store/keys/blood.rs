//! The keys of the blood bank.
//!
//! | record          | pk                  | sk                 | GSI1                                            |
//! |-----------------|---------------------|--------------------|-------------------------------------------------|
//! | unit            | `UNIT#<id>`         | `UNIT`             | `UNITS_IN#<state>` / `<expires>#<id>`; GSI2 `STOCK#<component>#<group>` / `<expires>#<id>` (while available) |
//! | donation number | `DONATION#<number>` | `DONATION`         | -                                               |
//! | unit event      | `BLOOD_LOG`         | `<time>#<event id>`| `UNIT_LOG#<unit>` / `<time>#<event id>`         |
//! | stock count     | `BLOOD_COUNTS`      | `<component>#<group>` | -                                            |
//! | issues of a day | `BLOOD_ISSUED`      | `<day>#<component>#<group>` | -                                      |
//! | threshold       | `BLOOD_THRESHOLDS`  | `<component>#<group>` | -                                            |
//! | stock alert     | `BLOOD_ALERTS`      | `<component>#<group>` | -                                            |
//! | request         | `BLOOD_REQ#<id>`    | `REQUEST`          | `BLOOD_REQS_BY#<doctor>` / `<created>#<id>`; GSI2 `BLOOD_REQS_IN#<state>` / `<created>#<id>` |
//! | typing          | `TYPING#<patient>`  | `TYPING`           | -                                               |
//! | donor           | `DONOR#<patient>`   | `DONOR`            | `DONORS_IN#<status>` / `<registered>#<patient>`; GSI2 `DONORS_OF#<group>` / `<patient>` (confirmed) |
//! | donor call      | `DONOR_CALL#<id>`   | `CALL`             | `DONOR_CALLS` / `<created>#<id>`                |
//! | invitation      | `INVITES#<donor>`   | `<call id>`        | `CALL_INVITES#<call>` / `<donor>`               |
//!
//! A unit is one item, listed by state in expiry order (GSI1) and, while
//! available, in its group and component's stock (GSI2): proposals read the
//! stock partitions of the suitable groups, first-expiring first, and a
//! reservation rewrites each unit on the version read, so two requests can
//! never hold one unit. Counters per group and component (units
//! quarantined, available, reserved) and per day (units issued) change in
//! the transactions that change units: the stock reads them, so its cost
//! does not grow with the bank or its history. Every change of a unit writes an event to the bank's
//! log in its transaction. A stock alert item per group and component
//! remembers whether the admins were told it is low, rewritten on its
//! version, so each crossing is told once.

use jiff::civil::Date;
use jiff::Timestamp;
use medtrack_shared::blood::donors::DonorStatus;
use medtrack_shared::blood::requests::RequestState;
use medtrack_shared::blood::units::UnitState;
use medtrack_shared::blood::{BloodGroup, Component};
use medtrack_shared::{BloodRequestId, DonorCallId, UnitId, UserId};

use super::{sortable_time as millis, IndexKey, Key, SkRange};

/// A unit.
pub fn unit(id: &UnitId) -> Key {
    Key::new(format!("UNIT#{id}"), "UNIT")
}

/// The GSI1 partition of the units in a state.
pub fn units_in(state: UnitState) -> String {
    format!("UNITS_IN#{}", state.as_str())
}

/// The GSI2 partition of the available units of a component and group.
pub fn stock(component: Component, group: BloodGroup) -> String {
    format!("STOCK#{}#{group}", component.as_str())
}

/// A unit's place in a list by expiry (its state's, or its stock's).
pub fn by_expiry(pk: String, expires_at: Timestamp, id: &UnitId) -> IndexKey {
    IndexKey::new(pk, format!("{}#{id}", millis(expires_at)))
}

/// Units that have not expired at `now` (in a list by expiry).
pub fn unexpired(now: Timestamp) -> SkRange {
    SkRange::From(millis(now))
}

/// A donation number, taken.
pub fn donation(number: &str) -> Key {
    Key::new(format!("DONATION#{number}"), "DONATION")
}

/// The partition of every unit's changes, in time order.
pub const BLOOD_LOG: &str = "BLOOD_LOG";

/// One change of a unit.
pub fn unit_event(at: Timestamp, event: &uuid::Uuid) -> Key {
    Key::new(BLOOD_LOG, format!("{}#{event}", millis(at)))
}

/// The GSI1 place of a change in its unit's history.
pub fn unit_log(unit: &UnitId, at: Timestamp, event: &uuid::Uuid) -> IndexKey {
    IndexKey::new(unit_history(unit), format!("{}#{event}", millis(at)))
}

/// The GSI1 partition of a unit's history.
pub fn unit_history(unit: &UnitId) -> String {
    format!("UNIT_LOG#{unit}")
}

/// The partition of the stock's counters.
pub const BLOOD_COUNTS: &str = "BLOOD_COUNTS";

/// A component and group's units in stock, by state.
pub fn stock_count(component: Component, group: BloodGroup) -> Key {
    Key::new(BLOOD_COUNTS, line(component, group))
}

/// The partition of the units issued per day.
pub const BLOOD_ISSUED: &str = "BLOOD_ISSUED";

/// A component and group's units issued on a day (UTC).
pub fn issued_on(day: Date, component: Component, group: BloodGroup) -> Key {
    Key::new(BLOOD_ISSUED, format!("{day}#{}", line(component, group)))
}

/// The days' issues from `day` on.
pub fn issued_from(day: Date) -> SkRange {
    SkRange::From(day.to_string())
}

/// The partition of the stock thresholds.
pub const BLOOD_THRESHOLDS: &str = "BLOOD_THRESHOLDS";

/// A component and group's threshold.
pub fn threshold(component: Component, group: BloodGroup) -> Key {
    Key::new(BLOOD_THRESHOLDS, line(component, group))
}

/// The partition of the stock alerts' states.
pub const BLOOD_ALERTS: &str = "BLOOD_ALERTS";

/// Whether the admins were told a component and group is low.
pub fn stock_alert(component: Component, group: BloodGroup) -> Key {
    Key::new(BLOOD_ALERTS, line(component, group))
}

fn line(component: Component, group: BloodGroup) -> String {
    format!("{}#{group}", component.as_str())
}

/// A request for blood.
pub fn blood_request(id: &BloodRequestId) -> Key {
    Key::new(format!("BLOOD_REQ#{id}"), "REQUEST")
}

/// The GSI1 partition of a doctor's requests.
pub fn blood_requests_by(doctor: &UserId) -> String {
    format!("BLOOD_REQS_BY#{doctor}")
}

/// The GSI2 partition of the requests in a state.
pub fn blood_requests_in(state: RequestState) -> String {
    format!("BLOOD_REQS_IN#{}", state.as_str())
}

/// A request's place in a list by when it was made.
pub fn request_order(pk: String, id: &BloodRequestId, created: Timestamp) -> IndexKey {
    IndexKey::new(pk, format!("{}#{id}", millis(created)))
}

/// A patient's confirmed blood typing.
pub fn typing(patient: &UserId) -> Key {
    Key::new(format!("TYPING#{patient}"), "TYPING")
}

/// A donor.
pub fn donor(patient: &UserId) -> Key {
    Key::new(format!("DONOR#{patient}"), "DONOR")
}

/// The GSI1 partition of donors by status.
pub fn donors_in(status: DonorStatus) -> String {
    format!("DONORS_IN#{}", status.as_str())
}

/// A donor's place in their status's list.
pub fn donor_in(status: DonorStatus, registered: Timestamp, patient: &UserId) -> IndexKey {
    IndexKey::new(
        donors_in(status),
        format!("{}#{patient}", millis(registered)),
    )
}

/// The GSI2 partition of confirmed donors of a group.
pub fn donors_of(group: BloodGroup) -> String {
    format!("DONORS_OF#{group}")
}

/// A confirmed donor's place in their group's list.
pub fn donor_of(group: BloodGroup, patient: &UserId) -> IndexKey {
    IndexKey::new(donors_of(group), patient.to_string())
}

/// A call to donors.
pub fn donor_call(id: &DonorCallId) -> Key {
    Key::new(format!("DONOR_CALL#{id}"), "CALL")
}

/// The GSI1 partition of every call, by when it was made.
pub const DONOR_CALLS: &str = "DONOR_CALLS";

/// A call's place in the list of calls.
pub fn call_order(id: &DonorCallId, created: Timestamp) -> IndexKey {
    IndexKey::new(DONOR_CALLS, format!("{}#{id}", millis(created)))
}

/// A donor's copy of a call.
pub fn invitation(donor: &UserId, call: &DonorCallId) -> Key {
    Key::new(invitations(donor), call.to_string())
}

/// The partition of a donor's calls.
pub fn invitations(donor: &UserId) -> String {
    format!("INVITES#{donor}")
}

/// The GSI1 partition of a call's invitations.
pub fn call_invites(call: &DonorCallId) -> String {
    format!("CALL_INVITES#{call}")
}

/// The GSI1 place of a donor's copy among the call's.
pub fn call_invite(call: &DonorCallId, donor: &UserId) -> IndexKey {
    IndexKey::new(call_invites(call), donor.to_string())
}
