//! Beds: added to a ward's rooms (a room and bed name once per ward), set by
//! hand by admins (cleaned, kept for isolation, contaminated, closed,
//! opened), and the bed board. Every change of a bed is one rewrite on its
//! version with an event in its ward's log.

use futures::future::try_join_all;
use jiff::Timestamp;
use medtrack_shared::appointment::Party;
use medtrack_shared::wards::{
    Bed, BedBoard, BedState, BedStateChange, BoardWard, DepartmentOccupancy, NewBeds, Occupancy,
};
use medtrack_shared::{AdmissionId, BedId, DepartmentId, ErrorCode, WardId};
use serde::{Deserialize, Serialize};

use super::{admin_only, departments, load_ward, staff};
use crate::domain::accounts::Account;
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, StoreError, TxOp};

/// The most beds a ward lists.
const MAX_BEDS: usize = 1_000;

/// One change of a bed, as its ward's log keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BedEvent {
    /// The bed.
    pub bed: BedId,
    /// Its state before.
    pub from: BedState,
    /// Its state after.
    pub to: BedState,
    /// The admission that filled or freed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admission: Option<AdmissionId>,
    /// Who changed it.
    pub by: Party,
    /// When.
    pub at: Timestamp,
}

/// The bed with this id, and its version.
pub async fn load(ctx: &Context, id: &BedId) -> Result<(Bed, u64), DomainError> {
    let item = ctx
        .store
        .get(&keys::bed(id))
        .await?
        .ok_or(DomainError::NotFound)?;
    let version = item.version;
    Ok((item.into_record()?, version))
}

/// The operations that write `bed` as changed from `from` on `condition`,
/// with the change in its ward's log.
pub fn change_ops(
    bed: &Bed,
    from: BedState,
    admission: Option<AdmissionId>,
    by: &Account,
    condition: Condition,
) -> Result<Vec<TxOp>, StoreError> {
    let item = Item::from_record(keys::bed(&bed.id), bed)?
        .with_gsi1(keys::bed_order(&bed.ward, &bed.room, &bed.label, &bed.id));
    let event = BedEvent {
        bed: bed.id,
        from,
        to: bed.state,
        admission,
        by: by.party(),
        at: bed.updated_at,
    };
    let key = keys::bed_event(&bed.ward, bed.updated_at, &uuid::Uuid::now_v7());
    Ok(vec![
        TxOp::Put(item, condition),
        TxOp::Put(Item::from_record(key, &event)?, Condition::NotExists),
    ])
}

/// An admin adds beds to a room of a ward, free.
pub async fn add(
    ctx: &Context,
    admin: &Account,
    ward: &WardId,
    input: &NewBeds,
) -> Result<Vec<Bed>, DomainError> {
    admin_only(admin)?;
    input.check()?;
    load_ward(ctx, ward).await?;
    let now = ctx.now();
    let room = input.room.trim().to_owned();
    let mut ops = Vec::new();
    let mut beds = Vec::new();
    for label in &input.labels {
        let bed = Bed {
            id: BedId::from_uuid(uuid::Uuid::now_v7()),
            ward: *ward,
            room: room.clone(),
            label: label.trim().to_owned(),
            state: BedState::Unoccupied,
            occupant: None,
            updated_at: now,
        };
        let taken = serde_json::json!({ "bed": bed.id });
        let name = Item::from_record(keys::bed_name(ward, &room, label), &taken)?;
        ops.push(TxOp::Put(name, Condition::NotExists));
        let item = Item::from_record(keys::bed(&bed.id), &bed)?
            .with_gsi1(keys::bed_order(ward, &bed.room, &bed.label, &bed.id));
        ops.push(TxOp::Put(item, Condition::NotExists));
        beds.push(bed);
    }
    // Wards set up before the census existed get theirs with their next beds.
    ops.push(crate::domain::analytics::census::WardCensus::schedule(
        *ward, now,
    )?);
    match ctx.commit(ops).await {
        Ok(()) => Ok(beds),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::conflict(
            ErrorCode::AlreadyAdded,
            "A bed of that name is already in the room.",
        )),
        Err(other) => Err(other.into()),
    }
}

/// An admin sets a bed by hand: cleaned (free again), kept for isolation,
/// contaminated, closed or opened; never into or out of occupied.
pub async fn set_state(
    ctx: &Context,
    admin: &Account,
    id: &BedId,
    input: BedStateChange,
) -> Result<Bed, DomainError> {
    admin_only(admin)?;
    let (mut bed, version) = load(ctx, id).await?;
    let from = bed.state;
    if !from.may_become(input.state) {
        return Err(DomainError::conflict(
            ErrorCode::InvalidTransition,
            "An occupied bed is freed by a discharge or a transfer, and only an admission fills one.",
        ));
    }
    bed.state = input.state;
    bed.updated_at = ctx.now();
    let ops = change_ops(&bed, from, None, admin, Condition::Version(version))?;
    match ctx.commit(ops).await {
        Ok(()) => Ok(bed),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::changed(
            "The bed changed meanwhile; read it again.",
        )),
        Err(other) => Err(other.into()),
    }
}

/// A ward's beds, by room and name.
pub async fn of_ward(ctx: &Context, ward: &WardId) -> Result<Vec<Bed>, DomainError> {
    let query = Query::partition(keys::beds_of(ward)).on(Index::Gsi1);
    paging::all_items(&ctx.store, query, MAX_BEDS)
        .await?
        .into_iter()
        .map(|item| item.into_record().map_err(DomainError::from))
        .collect()
}

/// The bed board (staff): every ward, or a department's, with its beds
/// and occupancy, and each department's occupancy.
pub async fn board(
    ctx: &Context,
    caller: &Account,
    department: Option<DepartmentId>,
) -> Result<BedBoard, DomainError> {
    staff(caller)?;
    let wards: Vec<_> = super::wards(ctx, caller)
        .await?
        .into_iter()
        .filter(|w| department.is_none_or(|d| w.department == d))
        .collect();
    let beds = try_join_all(wards.iter().map(|ward| of_ward(ctx, &ward.id))).await?;
    let wards: Vec<BoardWard> = wards
        .into_iter()
        .zip(beds)
        .map(|(ward, beds)| BoardWard {
            occupancy: Occupancy::of(&beds),
            ward,
            beds,
        })
        .collect();
    let departments = departments(ctx)
        .await?
        .into_iter()
        .filter(|d| department.is_none_or(|only| d.id == only))
        .map(|department| {
            let mut occupancy = Occupancy::default();
            for ward in wards.iter().filter(|w| w.ward.department == department.id) {
                occupancy.add(ward.occupancy);
            }
            DepartmentOccupancy {
                department,
                occupancy,
            }
        })
        .collect();
    Ok(BedBoard { wards, departments })
}
