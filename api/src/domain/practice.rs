//! Doctors' practices: what they publish, the directory of approved doctors,
//! and the free slots patients can book.

use jiff::Timestamp;
use medtrack_shared::practice::{DoctorCard, Practice, Slot, SlotList, SlotQuery};
use medtrack_shared::{AccountStatus, Page, Role, SpecializationSlug, UserId};

use super::accounts::{self, Account};
use super::{slots, Context, DomainError, Zone};
use crate::store::{keys, Index, Query, SkRange, Store};

/// The clock of a practice.
pub fn zone(practice: &Practice) -> Result<Zone, DomainError> {
    Zone::stored(&practice.time_zone)
}

/// The doctor's practice as published, or an empty one in their time zone.
pub fn of(doctor: &Account) -> Practice {
    doctor
        .practice
        .clone()
        .unwrap_or_else(|| Practice::empty(doctor.time_zone.name()))
}

/// Replaces the calling doctor's practice. Bookings already made keep their
/// times; only new bookings follow the new hours.
pub async fn update(
    ctx: &Context,
    doctor: &Account,
    practice: Practice,
) -> Result<Practice, DomainError> {
    practice.check()?;
    Zone::parse_input(&practice.time_zone, "time_zone")?;
    let (mut account, version) = accounts::load(&ctx.store, &doctor.id).await?;
    account.practice = Some(practice.clone());
    accounts::save(ctx, &account, version, Vec::new()).await?;
    Ok(practice)
}

/// The doctor, if approved and active: the only doctors patients can see and book.
pub async fn bookable_doctor(store: &Store, id: &UserId) -> Result<Account, DomainError> {
    accounts::get(store, id)
        .await?
        .filter(|a| a.role == Role::Doctor && a.status == AccountStatus::Active)
        .ok_or(DomainError::NotFound)
}

/// A doctor as the directory shows them.
pub fn card(doctor: &Account) -> Option<DoctorCard> {
    Some(DoctorCard {
        id: doctor.id,
        name: doctor.name.clone(),
        specialization: doctor.specialization.clone()?,
        practice: of(doctor),
    })
}

fn directory_query(specialization: &SpecializationSlug) -> Query {
    Query::partition(keys::directory(specialization)).on(Index::Gsi2)
}

/// One page of the approved, active doctors of a specialization, in the order
/// they joined. A query on GSI2.
pub async fn directory(
    ctx: &Context,
    specialization: &SpecializationSlug,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<DoctorCard>, DomainError> {
    let query = directory_query(specialization);
    let page: Page<Account> = super::paging::page(&ctx.store, query, limit, cursor).await?;
    Ok(Page {
        items: page.items.iter().filter_map(card).collect(),
        next_cursor: page.next_cursor,
    })
}

/// The first `limit` approved, active doctors of a specialization who
/// publish hours, in the order they joined.
pub async fn bookable_in(
    ctx: &Context,
    specialization: &SpecializationSlug,
    limit: u32,
) -> Result<Vec<Account>, DomainError> {
    let query = directory_query(specialization);
    let page: Page<Account> = super::paging::page(&ctx.store, query, limit, None).await?;
    Ok(page
        .items
        .into_iter()
        .filter(|doctor| doctor.practice.is_some())
        .collect())
}

/// The doctor's free slots on the viewer's dates `query.from` to `query.to`,
/// from now on, with their times on both clocks.
pub async fn free_slots(
    ctx: &Context,
    doctor: &Account,
    query: &SlotQuery,
    viewer: &Zone,
) -> Result<SlotList, DomainError> {
    query.check()?;
    let viewer_zone = viewer.name();
    let viewer = viewer.tz();
    let practice = of(doctor);
    let zone = zone(&practice)?;
    let zone = zone.tz();
    let window_start = slots::start_of(viewer, query.from)?.max(ctx.now());
    let window_end = slots::start_of(viewer, query.to.tomorrow()?)?;
    if window_start >= window_end {
        return Ok(slot_list(&practice, viewer_zone, Vec::new()));
    }
    let held = held_slots(&ctx.store, &doctor.id, window_start, window_end).await?;
    let slots = slots::dates_between(zone, window_start, window_end)
        .into_iter()
        .flat_map(|date| slots::on_date(&practice, zone, date))
        .filter(|s| s.starts_at >= window_start && s.starts_at < window_end)
        .filter(|s| {
            held.binary_search(&keys::sortable_time(s.starts_at))
                .is_err()
        })
        .map(|s| Slot {
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            doctor_local: local(s.starts_at, zone),
            viewer_local: local(s.starts_at, viewer),
        })
        .collect();
    Ok(slot_list(&practice, viewer_zone, slots))
}

fn slot_list(practice: &Practice, viewer_zone: &str, slots: Vec<Slot>) -> SlotList {
    SlotList {
        doctor_time_zone: practice.time_zone.clone(),
        viewer_time_zone: viewer_zone.to_owned(),
        slots,
    }
}

/// An instant on a wall clock, with its offset: `2026-03-08T09:00-04:00`.
pub fn local(at: Timestamp, zone: &jiff::tz::TimeZone) -> String {
    at.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%dT%H:%M%:z")
        .to_string()
}

/// The sort keys (start times) of the doctor's held slots in a window, sorted.
async fn held_slots(
    store: &Store,
    doctor: &UserId,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<String>, DomainError> {
    let query = Query::partition(keys::slot_holds(doctor)).range(SkRange::Between(
        keys::sortable_time(from),
        keys::sortable_time(to),
    ));
    // A month of 5-minute slots around the clock is under 9,000.
    let held = super::paging::all_items(store, query, 10_000).await?;
    Ok(held.into_iter().map(|item| item.key.sk).collect())
}
