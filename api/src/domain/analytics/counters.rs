//! The day counters' additions for a change, made in the change's own
//! transaction: what the thing adds after the change less what it added
//! before (see `medtrack_shared::analytics`), so the counters always equal
//! a recount of the source items.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use medtrack_shared::analytics::{inpatient_days, AppointmentDay};
use medtrack_shared::appointment::Appointment;
use medtrack_shared::medication::{Dose, DoseStatus};
use medtrack_shared::{UserId, WardId};
use serde_json::{json, Map, Value};

use crate::domain::counters::add;
use crate::domain::{Context, DomainError, Zone};
use crate::store::{keys, Key, TxOp};

/// A counter item's first write (its identity) and the sums to add to it.
type Counter = (Map<String, Value>, BTreeMap<String, i64>);

/// Counts per counter item, by key.
#[derive(Default)]
pub(crate) struct Additions(BTreeMap<(String, String), Counter>);

impl Additions {
    /// Adds `counts` (scaled by `sign`) to the counter at `key`.
    pub(crate) fn add(
        &mut self,
        key: Key,
        day: jiff::civil::Date,
        counts: &[(String, i64)],
        sign: i64,
    ) {
        let mut identity = Map::new();
        identity.insert("day".into(), json!(day.to_string()));
        let (_, sums) = self
            .0
            .entry((key.pk, key.sk))
            .or_insert_with(|| (identity, BTreeMap::new()));
        for (name, count) in counts {
            *sums.entry(name.clone()).or_default() += count * sign;
        }
    }

    /// Each counter's item as a recount makes it: identity and sums.
    pub(crate) fn items(self) -> Vec<crate::store::Item> {
        self.0
            .into_iter()
            .map(|((pk, sk), (mut attrs, sums))| {
                attrs.extend(sums.into_iter().map(|(name, sum)| (name, Value::from(sum))));
                crate::store::Item::new(Key::new(pk, sk), attrs)
            })
            .collect()
    }

    /// The transaction's operations (none for counters left unchanged).
    pub(crate) async fn ops(self, ctx: &Context) -> Result<Vec<TxOp>, DomainError> {
        let mut ops = Vec::new();
        for ((pk, sk), (identity, sums)) in self.0 {
            let deltas: Vec<(&str, i64)> = sums.iter().map(|(n, d)| (n.as_str(), *d)).collect();
            ops.extend(add(ctx, Key::new(pk, sk), identity, &deltas).await?);
        }
        Ok(ops)
    }
}

/// What `appointment` adds to the clinic's and its doctor's counters.
pub(crate) fn appointment(
    into: &mut Additions,
    appointment: &Appointment,
    sign: i64,
) -> Result<(), DomainError> {
    let zone = Zone::stored(&appointment.time_zone)?;
    let counts = AppointmentDay::of(appointment, zone.tz());
    let named = counts.named();
    let shard = keys::shard(appointment.id.as_uuid());
    into.add(
        keys::appointment_day(counts.day, shard),
        counts.day,
        &named,
        sign,
    );
    into.add(
        keys::doctor_day(&appointment.doctor.id, counts.day),
        counts.day,
        &named,
        sign,
    );
    Ok(())
}

/// The counters' operations for an appointment written as `after` over `before`.
pub async fn appointment_change(
    ctx: &Context,
    before: Option<&Appointment>,
    after: &Appointment,
) -> Result<Vec<TxOp>, DomainError> {
    let mut additions = Additions::default();
    if let Some(before) = before {
        appointment(&mut additions, before, -1)?;
    }
    appointment(&mut additions, after, 1)?;
    additions.ops(ctx).await
}

/// What a logged dose of `patient` adds to the dose counters.
pub(crate) fn dose(into: &mut Additions, patient: &UserId, dose: &Dose, sign: i64) {
    let name = match dose.status {
        Some(DoseStatus::Taken) => "taken",
        Some(DoseStatus::Skipped) => "skipped",
        Some(DoseStatus::Missed) => "missed",
        None => return,
    };
    let day = dose.scheduled_at.to_zoned_datetime(TimeZone::UTC).date();
    let key = keys::dose_day(day, keys::shard(patient.as_uuid()));
    into.add(key, day, &[(name.to_owned(), 1)], sign);
}

/// The counters' operations for a dose of `patient` logged as `after` over `before`.
pub async fn dose_change(
    ctx: &Context,
    patient: &UserId,
    before: Option<&Dose>,
    after: &Dose,
) -> Result<Vec<TxOp>, DomainError> {
    let mut additions = Additions::default();
    if let Some(before) = before {
        dose(&mut additions, patient, before, -1);
    }
    dose(&mut additions, patient, after, 1);
    additions.ops(ctx).await
}

/// What a discharge from `ward` at `discharged` of a stay begun at
/// `admitted` adds to the ward's day.
pub(crate) fn discharge(
    into: &mut Additions,
    ward: &WardId,
    admitted: Timestamp,
    discharged: Timestamp,
) {
    let day = discharged.to_zoned_datetime(TimeZone::UTC).date();
    let counts = [
        ("discharges".to_owned(), 1),
        (
            "inpatient_days".to_owned(),
            inpatient_days(admitted, discharged),
        ),
    ];
    into.add(keys::ward_day(ward, day), day, &counts, 1);
}

/// The counters' operations for a discharge.
pub async fn discharge_change(
    ctx: &Context,
    ward: &WardId,
    admitted: Timestamp,
    discharged: Timestamp,
) -> Result<Vec<TxOp>, DomainError> {
    let mut additions = Additions::default();
    discharge(&mut additions, ward, admitted, discharged);
    additions.ops(ctx).await
}
