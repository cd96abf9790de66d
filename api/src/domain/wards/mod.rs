//! Departments and wards (here), their beds and the bed board (`beds`), and
//! the admissions that fill the beds (`admissions`). Admins set up
//! departments, wards and beds; staff read them.

pub mod admissions;
pub mod beds;

use medtrack_shared::appointment::Party;
use medtrack_shared::wards::{Department, NewDepartment, NewWard, Ward};
use medtrack_shared::{AccountStatus, DepartmentId, Role, UserId, WardId};

use super::accounts::{self, Account};
use super::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, StoreError, TxOp};

/// The most departments or wards a clinic lists.
const MAX_LISTED: usize = 500;

/// Staff only: doctors and admins.
pub(crate) fn staff(caller: &Account) -> Result<(), DomainError> {
    match caller.role {
        Role::Doctor | Role::Admin => Ok(()),
        Role::Patient => Err(DomainError::Forbidden),
    }
}

fn admin_only(caller: &Account) -> Result<(), DomainError> {
    match caller.role {
        Role::Admin => Ok(()),
        _ => Err(DomainError::Forbidden),
    }
}

/// An admin adds a department.
pub async fn create_department(
    ctx: &Context,
    admin: &Account,
    input: &NewDepartment,
) -> Result<Department, DomainError> {
    admin_only(admin)?;
    input.check()?;
    if let Some(slug) = &input.specialization {
        if ctx.store.get(&keys::specialization(slug)).await?.is_none() {
            return Err(DomainError::field(
                "specialization",
                "is not in the catalogue",
            ));
        }
    }
    let department = Department {
        id: DepartmentId::from_uuid(uuid::Uuid::now_v7()),
        name: input.name.trim().to_owned(),
        specialization: input.specialization.clone(),
        created_at: ctx.now(),
    };
    let item = Item::from_record(keys::department(&department.id), &department)?
        .with_gsi1(keys::department_order(&department.name, &department.id));
    ctx.commit(vec![TxOp::Put(item, Condition::NotExists)])
        .await?;
    Ok(department)
}

/// Every department, by name.
pub async fn departments(ctx: &Context) -> Result<Vec<Department>, DomainError> {
    let query = Query::partition(keys::DEPARTMENTS).on(Index::Gsi1);
    records(ctx, query).await
}

async fn records<T: serde::de::DeserializeOwned>(
    ctx: &Context,
    query: Query,
) -> Result<Vec<T>, DomainError> {
    paging::all_items(&ctx.store, query, MAX_LISTED)
        .await?
        .into_iter()
        .map(|item| item.into_record().map_err(DomainError::from))
        .collect()
}

/// The ward with this id, and its version.
pub async fn load_ward(ctx: &Context, id: &WardId) -> Result<(Ward, u64), DomainError> {
    let item = ctx
        .store
        .get(&keys::ward(id))
        .await?
        .ok_or(DomainError::NotFound)?;
    let version = item.version;
    Ok((item.into_record()?, version))
}

/// The doctors named for a ward: each an active doctor.
async fn ward_doctors(ctx: &Context, ids: &[UserId]) -> Result<Vec<Party>, DomainError> {
    let mut found = Vec::new();
    for id in ids {
        match accounts::get(&ctx.store, id).await? {
            Some(doctor)
                if doctor.role == Role::Doctor && doctor.status == AccountStatus::Active =>
            {
                found.push(doctor.party());
            }
            _ => {
                return Err(DomainError::field(
                    "doctors",
                    "names someone who is not an approved doctor",
                ))
            }
        }
    }
    Ok(found)
}

fn ward_op(ward: &Ward, condition: Condition) -> Result<TxOp, StoreError> {
    let item = Item::from_record(keys::ward(&ward.id), ward)?
        .with_gsi1(keys::ward_order(&ward.name, &ward.id));
    Ok(TxOp::Put(item, condition))
}

async fn checked(ctx: &Context, input: &NewWard) -> Result<Vec<Party>, DomainError> {
    input.check()?;
    if ctx
        .store
        .get(&keys::department(&input.department))
        .await?
        .is_none()
    {
        return Err(DomainError::field("department", "is not a department"));
    }
    ward_doctors(ctx, &input.doctors).await
}

/// An admin adds a ward to a department.
pub async fn create_ward(
    ctx: &Context,
    admin: &Account,
    input: &NewWard,
) -> Result<Ward, DomainError> {
    admin_only(admin)?;
    let doctors = checked(ctx, input).await?;
    let ward = Ward {
        id: WardId::from_uuid(uuid::Uuid::now_v7()),
        name: input.name.trim().to_owned(),
        department: input.department,
        kind: input.kind,
        doctors,
        created_at: ctx.now(),
    };
    let census = crate::domain::analytics::census::WardCensus::schedule(ward.id, ctx.now())?;
    ctx.commit(vec![ward_op(&ward, Condition::NotExists)?, census])
        .await?;
    Ok(ward)
}

/// An admin changes a ward's name, department, kind or doctors.
pub async fn update_ward(
    ctx: &Context,
    admin: &Account,
    id: &WardId,
    input: &NewWard,
) -> Result<Ward, DomainError> {
    admin_only(admin)?;
    let doctors = checked(ctx, input).await?;
    let (mut ward, version) = load_ward(ctx, id).await?;
    ward.name = input.name.trim().to_owned();
    ward.department = input.department;
    ward.kind = input.kind;
    ward.doctors = doctors;
    match ctx
        .commit(vec![ward_op(&ward, Condition::Version(version))?])
        .await
    {
        Ok(()) => Ok(ward),
        Err(StoreError::ConditionFailed { .. }) => Err(DomainError::changed(
            "The ward changed meanwhile; read it again.",
        )),
        Err(other) => Err(other.into()),
    }
}

/// Every ward, by name (staff).
pub async fn wards(ctx: &Context, caller: &Account) -> Result<Vec<Ward>, DomainError> {
    staff(caller)?;
    records(ctx, Query::partition(keys::WARDS).on(Index::Gsi1)).await
}
