//! The wards' midnight census: at 00:00 UTC a job per ward counts its beds
//! occupied and its beds in use (not closed) into the day that ended, its
//! occupied and available bed-days. The job is scheduled when a ward is set
//! up or gets beds and schedules itself for the next midnight; after a
//! pause of more than a day it counts the last day and goes on from there.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use medtrack_shared::wards::BedState;
use medtrack_shared::{JobId, WardId};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::wards::beds;
use crate::domain::{Context, DomainError};
use crate::store::{keys, Condition, Item, StoreError, TxOp, UpdateOp};

/// The census of `ward` for `day`, due at the midnight that ends it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WardCensus {
    /// The ward.
    pub ward: WardId,
    /// The day counted.
    pub day: Date,
}

impl WardCensus {
    /// The census of the day `now` is in (UTC), and when it is due.
    pub fn next(ward: WardId, now: Timestamp) -> (Self, Timestamp) {
        let census = Self {
            ward,
            day: utc_day(now),
        };
        let due = census.due();
        (census, due)
    }

    /// The operation that schedules the ward's census (once per ward: a
    /// second scheduling replaces the first).
    pub fn schedule(ward: WardId, now: Timestamp) -> Result<TxOp, StoreError> {
        let (census, due) = Self::next(ward, now);
        jobs::schedule(&census, due)
    }

    fn due(&self) -> Timestamp {
        self.day
            .checked_add(Span::new().days(1))
            .ok()
            .and_then(|d| d.to_zoned_datetime(TimeZone::UTC).ok())
            .map_or(Timestamp::MAX, |z| z.timestamp())
    }
}

fn utc_day(at: Timestamp) -> Date {
    at.to_zoned_datetime(TimeZone::UTC).date()
}

impl Runner for WardCensus {
    fn id(&self) -> JobId {
        JobId::compose("ward_census", &[&self.ward])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let Ok((_, _)) = crate::domain::wards::load_ward(ctx, &self.ward).await else {
            return Ok(Outcome::done());
        };
        let beds = beds::of_ward(ctx, &self.ward).await?;
        let occupied = beds
            .iter()
            .filter(|b| b.state == BedState::Occupied)
            .count();
        let available = beds.iter().filter(|b| b.state != BedState::Closed).count();
        let key = keys::ward_day(&self.ward, self.day);
        let mut identity = Map::new();
        identity.insert("day".into(), json!(self.day.to_string()));
        match ctx
            .store
            .put(Item::new(key.clone(), identity), Condition::NotExists)
            .await
        {
            Ok(_) | Err(StoreError::ConditionFailed { .. }) => {}
            Err(other) => return Err(other.into()),
        }
        let set = vec![
            UpdateOp::Set("occupied".into(), Value::from(occupied)),
            UpdateOp::Set("available".into(), Value::from(available)),
        ];
        // The next census: tomorrow's, or after a pause the last full day's.
        let yesterday = utc_day(now).yesterday().unwrap_or(self.day);
        let following = self.day.tomorrow().unwrap_or(self.day).max(yesterday);
        let next = Self {
            ward: self.ward,
            day: following,
        };
        let due = next.due();
        Ok(Outcome {
            ops: vec![TxOp::Update(key, set, Condition::Exists)],
            next: Some(jobs::scheduled(&next, due)?),
        })
    }
}
