//! The lists people see, each a query on a key made for it (no scans): a
//! patient's appointments and medical history, a doctor's day, requests and
//! week, and the clinic's oversight list.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use medtrack_shared::appointment::{
    Appointment, AppointmentFilter, AppointmentStatus, DayFigure, DoctorDay, StatusCount,
    WeeklyFigures, When,
};
use medtrack_shared::{Page, UserId};

use crate::domain::accounts::Account;
use crate::domain::paging::{all_items, page};
use crate::domain::{patients, practice, slots, Context, DomainError};
use crate::store::{keys, Index, Query, SkRange, Store};

/// The most appointments a day or week view reads.
const MAX_LISTED: usize = 2000;
/// What a doctor's schedule shows of a patient, in the patient's access log.
const IN_SCHEDULE: &str = "appointment in their schedule";

/// A patient's appointments: upcoming ones (from the start of the viewer's
/// today) soonest first, or past ones latest first.
pub async fn of_patient(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    when: When,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<Appointment>, DomainError> {
    patients::open_record(ctx, caller, patient, "appointments").await?;
    let viewer = caller.time_zone.tz();
    let today = slots::start_of(viewer, ctx.now().to_zoned_datetime(viewer.clone()).date())?;
    let query = Query::partition(keys::patient_appointments(patient));
    let query = match when {
        When::Upcoming => query.range(SkRange::From(keys::sortable_time(today))),
        When::Past => query
            .range(SkRange::UpTo(keys::sortable_time(today)))
            .backwards(),
    };
    page(&ctx.store, query, limit, cursor).await
}

/// A patient's medical history: completed visits with their diagnoses and
/// prescriptions, latest first.
pub async fn history(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<Appointment>, DomainError> {
    patients::open_record(ctx, caller, patient, "history").await?;
    let query = Query::partition(keys::patient_appointments_in(
        patient,
        AppointmentStatus::Completed,
    ))
    .on(Index::Gsi1)
    .backwards();
    page(&ctx.store, query, limit, cursor).await
}

/// The doctor's pending requests still ahead, soonest first.
pub async fn requests(
    ctx: &Context,
    doctor: &Account,
    limit: u32,
    cursor: Option<&str>,
) -> Result<Page<Appointment>, DomainError> {
    let page: Page<Appointment> =
        page(&ctx.store, pending_query(doctor, ctx.now()), limit, cursor).await?;
    let seen = page.items.iter().map(|a| a.patient.id);
    patients::seen_in_lists(ctx, doctor, seen, IN_SCHEDULE).await?;
    Ok(page)
}

fn pending_query(doctor: &Account, now: Timestamp) -> Query {
    Query::partition(keys::doctor_appointments_in(
        &doctor.id,
        AppointmentStatus::Pending,
    ))
    .on(Index::Gsi2)
    .range(SkRange::From(keys::sortable_time(now)))
}

/// The doctor's day in the practice's zone: its appointments in order (not
/// the rejected or cancelled ones), the next patient, and the number of
/// pending requests.
pub async fn day(
    ctx: &Context,
    doctor: &Account,
    date: Option<Date>,
) -> Result<DoctorDay, DomainError> {
    let (store, now) = (&ctx.store, ctx.now());
    let zone = practice::zone(&practice::of(doctor))?;
    let name = zone.name().to_owned();
    let zone = zone.tz();
    let date = date.unwrap_or_else(|| now.to_zoned_datetime(zone.clone()).date());
    let appointments: Vec<Appointment> = between(store, doctor, zone, date, date)
        .await?
        .into_iter()
        .filter(|a| a.status.holds_slot())
        .collect();
    let next = appointments
        .iter()
        .find(|a| {
            matches!(
                a.status,
                AppointmentStatus::Confirmed
                    | AppointmentStatus::CheckedIn
                    | AppointmentStatus::Consulting
            ) && a.ends_at > now
        })
        .map(|a| a.id);
    let seen = appointments.iter().map(|a| a.patient.id);
    patients::seen_in_lists(ctx, doctor, seen, IN_SCHEDULE).await?;
    let pending = store.query(pending_query(doctor, now)).await?;
    Ok(DoctorDay {
        date,
        time_zone: name,
        appointments,
        next,
        pending_requests: u32::try_from(pending.items.len()).unwrap_or(u32::MAX),
    })
}

/// The doctor's week (Monday to Sunday, practice's zone) containing `date`.
pub async fn week(
    ctx: &Context,
    doctor: &Account,
    date: Option<Date>,
) -> Result<WeeklyFigures, DomainError> {
    let zone = practice::zone(&practice::of(doctor))?;
    let zone = zone.tz();
    let date = date.unwrap_or_else(|| ctx.now().to_zoned_datetime(zone.clone()).date());
    let monday =
        date.checked_sub(jiff::Span::new().days(date.weekday().to_monday_zero_offset()))?;
    let sunday = monday.checked_add(jiff::Span::new().days(6))?;
    let appointments = between(&ctx.store, doctor, zone, monday, sunday).await?;
    let by_status = AppointmentStatus::ALL
        .into_iter()
        .map(|status| StatusCount {
            status,
            count: count(appointments.iter().filter(|a| a.status == status)),
        })
        .collect();
    let days = std::iter::successors(Some(monday), |d| d.tomorrow().ok())
        .take(7)
        .map(|day| {
            let on_day: Vec<&Appointment> = appointments
                .iter()
                .filter(|a| a.starts_at.to_zoned_datetime(zone.clone()).date() == day)
                .collect();
            DayFigure {
                date: day,
                appointments: count(on_day.iter()),
                completed: count(
                    on_day
                        .iter()
                        .filter(|a| a.status == AppointmentStatus::Completed),
                ),
            }
        })
        .collect();
    Ok(WeeklyFigures {
        week_of: monday,
        by_status,
        days,
    })
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

/// Every appointment of the doctor from `first` to `last` (dates in `zone`).
async fn between(
    store: &Store,
    doctor: &Account,
    zone: &TimeZone,
    first: Date,
    last: Date,
) -> Result<Vec<Appointment>, DomainError> {
    let from = slots::start_of(zone, first)?;
    let until = slots::start_of(zone, last.tomorrow()?)?;
    // Up to the last millisecond before the next day.
    let range = keys::appointments_between(from, until - jiff::SignedDuration::from_millis(1));
    let query = Query::partition(keys::doctor_appointments(&doctor.id))
        .on(Index::Gsi1)
        .range(range);
    all_items(store, query, MAX_LISTED)
        .await?
        .into_iter()
        .map(|item| Ok(item.into_record()?))
        .collect()
}

/// The clinic's appointments, filtered by status, doctor and start time, in
/// time order. Each combination of filters is a query on its own key.
pub async fn oversee(
    ctx: &Context,
    filter: &AppointmentFilter,
    limit: u32,
) -> Result<Page<Appointment>, DomainError> {
    let query = match (filter.status, filter.doctor) {
        (Some(status), Some(doctor)) => {
            Query::partition(keys::doctor_appointments_in(&doctor, status)).on(Index::Gsi2)
        }
        (Some(status), None) => Query::partition(keys::appointments_in(status)),
        (None, Some(doctor)) => {
            Query::partition(keys::doctor_appointments(&doctor)).on(Index::Gsi1)
        }
        (None, None) => Query::partition(keys::ALL_APPOINTMENTS).on(Index::Gsi1),
    };
    let range = match (filter.from, filter.to) {
        (Some(from), Some(to)) if from > to => {
            return Err(DomainError::field("from", "must not be after `to`"))
        }
        (Some(from), Some(to)) => keys::appointments_between(from, to),
        (Some(from), None) => SkRange::From(keys::sortable_time(from)),
        (None, Some(to)) => SkRange::UpTo(format!("{}#~", keys::sortable_time(to))),
        (None, None) => SkRange::All,
    };
    page(
        &ctx.store,
        query.range(range),
        limit,
        filter.cursor.as_deref(),
    )
    .await
}
