//! The bank's calls to donors: an admin asks for a group and component
//! running low; the `AskDonors` job invites each confirmed donor of a group
//! whose units suit it and who may give now (a copy of the call for them,
//! and a notice through the outbox, per their preferences, naming no one's
//! condition); donors answer with a time they will come.

use jiff::Timestamp;
use medtrack_shared::blood::compat::{self, Verdict};
use medtrack_shared::blood::donors::{Answer, DonationKind, DonorCall, Invitation, NewCall};
use medtrack_shared::blood::BloodGroup;
use medtrack_shared::{DonorCallId, JobId, Page, PageQuery};
use serde::{Deserialize, Serialize};

use super::donors::{eligibility, of_group};
use super::{commit, party, retrying};
use crate::domain::accounts::Account;
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::notifications::blood::BloodNotice;
use crate::domain::notifications::outbox::{self, Event};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, StoreError, TxOp, UpdateOp};

/// The most donors of one group a call reaches.
const MAX_DONORS: usize = 5_000;
/// Donors invited per transaction (two writes each).
const PER_COMMIT: usize = 40;
/// The most answers a call's page lists.
const MAX_ANSWERS: usize = 1_000;

fn write_op(call: &DonorCall, condition: Condition) -> Result<TxOp, StoreError> {
    let item = Item::from_record(keys::donor_call(&call.id), call)?
        .with_gsi1(keys::call_order(&call.id, call.created_at));
    Ok(TxOp::Put(item, condition))
}

async fn load(ctx: &Context, id: &DonorCallId) -> Result<(DonorCall, u64), DomainError> {
    let item = ctx
        .store
        .get(&keys::donor_call(id))
        .await?
        .ok_or(DomainError::NotFound)?;
    let version = item.version;
    Ok((item.into_record()?, version))
}

/// An admin asks donors for a group and component; the invitations go out
/// from a job.
pub async fn create(
    ctx: &Context,
    admin: &Account,
    input: NewCall,
) -> Result<DonorCall, DomainError> {
    let now = ctx.now();
    let donor_groups = BloodGroup::ALL
        .into_iter()
        .filter(|donor| {
            let verdict = compat::verdict(input.component, *donor, Some(input.group), false);
            matches!(verdict, Verdict::Suitable { .. })
        })
        .collect();
    let call = DonorCall {
        id: DonorCallId::from_uuid(uuid::Uuid::now_v7()),
        component: input.component,
        group: input.group,
        donor_groups,
        by: party(admin),
        created_at: now,
        asked: 0,
        willing: 0,
        declined: 0,
    };
    let ops = vec![
        write_op(&call, Condition::NotExists)?,
        jobs::schedule(&AskDonors { call: call.id }, now)?,
    ];
    ctx.commit(ops).await?;
    tracing::info!(call = %call.id, "donors called");
    Ok(call)
}

/// One page of calls, newest first.
pub async fn list(ctx: &Context, page: &PageQuery) -> Result<Page<DonorCall>, DomainError> {
    let limit = page.checked_limit()?;
    let query = Query::partition(keys::DONOR_CALLS)
        .on(Index::Gsi1)
        .backwards();
    paging::page(&ctx.store, query, limit, page.cursor.as_deref()).await
}

/// The donors a call invited, with their answers.
pub async fn invitations(ctx: &Context, id: &DonorCallId) -> Result<Vec<Invitation>, DomainError> {
    load(ctx, id).await?;
    let query = Query::partition(keys::call_invites(id)).on(Index::Gsi1);
    paging::all_items(&ctx.store, query, MAX_ANSWERS)
        .await?
        .into_iter()
        .map(|item| item.into_record().map_err(DomainError::from))
        .collect()
}

/// A donor answers a call they were invited to (again, to change it).
pub async fn answer(
    ctx: &Context,
    donor: &Account,
    id: &DonorCallId,
    input: Answer,
) -> Result<Invitation, DomainError> {
    input.check(ctx.now())?;
    retrying(|| async {
        let key = keys::invitation(&donor.id, id);
        let item = ctx.store.get(&key).await?.ok_or(DomainError::NotFound)?;
        let version = item.version;
        let mut invitation: Invitation = item.into_record()?;
        let before = invitation.answer.map(|a| a.willing);
        invitation.answer = Some(input);
        let mut deltas = Vec::new();
        for (willing, delta) in [(before, -1), (Some(input.willing), 1)] {
            match willing {
                Some(true) => deltas.push(UpdateOp::Add("willing".into(), delta)),
                Some(false) => deltas.push(UpdateOp::Add("declined".into(), delta)),
                None => {}
            }
        }
        let copy = Item::from_record(key, &invitation)?.with_gsi1(keys::call_invite(id, &donor.id));
        let mut ops = vec![TxOp::Put(copy, Condition::Version(version))];
        // A change of mind from willing to willing adds and takes one.
        if before != Some(input.willing) {
            ops.push(TxOp::Update(
                keys::donor_call(id),
                deltas,
                Condition::Exists,
            ));
        }
        Ok(commit(ctx, ops).await?.then_some(invitation.clone()))
    })
    .await
}

/// Invites the donors of a call: each confirmed donor of a suitable group
/// who may give the component's donation now and was not invited yet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AskDonors {
    /// The call.
    pub call: DonorCallId,
}

impl Runner for AskDonors {
    fn id(&self) -> JobId {
        JobId::compose("ask_donors", &[&self.call])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let (call, _) = load(ctx, &self.call).await?;
        let kind = DonationKind::giving(call.component);
        let mut batch = Vec::new();
        for group in &call.donor_groups {
            for record in of_group(ctx, *group, MAX_DONORS).await? {
                let may_give = eligibility(ctx, &record, now)
                    .iter()
                    .any(|e| e.kind == kind && e.now);
                if may_give {
                    batch.push((record.donor.donor.clone(), *group));
                }
                if batch.len() == PER_COMMIT {
                    invite(ctx, &call, kind, std::mem::take(&mut batch), now).await?;
                }
            }
        }
        invite(ctx, &call, kind, batch, now).await?;
        Ok(Outcome::done())
    }
}

/// Invites a batch of donors in one transaction, skipping those invited
/// before (a rerun of the job after a crash).
async fn invite(
    ctx: &Context,
    call: &DonorCall,
    kind: DonationKind,
    batch: Vec<(medtrack_shared::appointment::Party, BloodGroup)>,
    now: Timestamp,
) -> Result<(), DomainError> {
    let keys: Vec<_> = batch
        .iter()
        .map(|(d, _)| keys::invitation(&d.id, &call.id))
        .collect();
    let found = ctx.store.batch_get(&keys).await?;
    let mut ops = Vec::new();
    let mut asked = 0;
    for ((donor, group), existing) in batch.into_iter().zip(found) {
        if existing.is_some() {
            continue;
        }
        let invitation = Invitation {
            call: call.id,
            donor: donor.clone(),
            kind,
            asked_at: now,
            answer: None,
        };
        let item = Item::from_record(keys::invitation(&donor.id, &call.id), &invitation)?
            .with_gsi1(keys::call_invite(&call.id, &donor.id));
        ops.push(TxOp::Put(item, Condition::NotExists));
        let notice = BloodNotice::DonorCall {
            call: call.id,
            group,
        };
        ops.push(outbox::queue(donor.id, Event::Blood(notice), now)?);
        asked += 1;
    }
    if asked == 0 {
        return Ok(());
    }
    let count = vec![UpdateOp::Add("asked".into(), asked)];
    ops.push(TxOp::Update(
        keys::donor_call(&call.id),
        count,
        Condition::Exists,
    ));
    ctx.commit(ops).await?;
    Ok(())
}
