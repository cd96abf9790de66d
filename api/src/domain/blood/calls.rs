//! The bank's calls to donors: an admin asks for a group and component
//! running low; the `AskDonors` job invites each confirmed donor of a group
//! whose units suit it and who may give now (a copy of the call for them,
//! and a notice through the outbox, per their preferences, naming no one's
//! condition); donors answer with a time they will come.

use jiff::Timestamp;
use medtrack_shared::appointment::Party;
use medtrack_shared::blood::compat::{self, Verdict};
use medtrack_shared::blood::donors::{Answer, DonationKind, DonorCall, Invitation, NewCall};
use medtrack_shared::blood::BloodGroup;
use medtrack_shared::{DonorCallId, JobId, Page, PageQuery, UserId};
use serde::{Deserialize, Serialize};

use super::donors::{eligibility, of_group};
use super::{commit, retrying};
use crate::domain::accounts::Account;
use crate::domain::jobs::{self, Outcome, Runner};
use crate::domain::notifications::blood::BloodNotice;
use crate::domain::notifications::outbox::{self, Event};
use crate::domain::{paging, Context, DomainError};
use crate::store::{keys, Condition, Index, Item, Query, StoreError, TxOp, UpdateOp};

/// Donors of a group read per run (a query's page).
const READ_PER_RUN: usize = crate::store::MAX_BATCH;
/// Donors invited per run, in one transaction (two writes each).
const PER_RUN: usize = 40;
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
        by: admin.party(),
        created_at: now,
        asked: 0,
        willing: 0,
        declined: 0,
    };
    let ops = vec![
        write_op(&call, Condition::NotExists)?,
        jobs::schedule(
            &AskDonors {
                call: call.id,
                from: None,
            },
            now,
        )?,
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
/// who may give the component's donation now and was not invited yet. A
/// run invites one batch in the transaction that records its progress, and
/// runs again from where it stopped until every group is done.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AskDonors {
    /// The call.
    pub call: DonorCallId,
    /// Where the last run stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Progress>,
}

/// How far a call's invitations went: the donors of the call's group at
/// `group` (its index) up to and including `after` are done.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Progress {
    /// The index of the group in the call's donor groups.
    pub group: usize,
    /// The last donor done in it.
    pub after: UserId,
}

impl Runner for AskDonors {
    fn id(&self) -> JobId {
        JobId::compose("ask_donors", &[&self.call])
    }

    async fn run(&self, ctx: &Context, now: Timestamp) -> Result<Outcome, DomainError> {
        let (call, _) = load(ctx, &self.call).await?;
        let kind = DonationKind::giving(call.component);
        let mut batch: Vec<(Party, BloodGroup)> = Vec::new();
        let mut stopped = None;
        let first = self.from.map_or(0, |from| from.group);
        'groups: for (at, group) in call.donor_groups.iter().enumerate().skip(first) {
            let after = self.from.filter(|from| from.group == at).map(|f| f.after);
            let (records, unread) = of_group(ctx, *group, after, READ_PER_RUN).await?;
            let mut last = None;
            for record in &records {
                let donor = &record.donor.donor;
                if Some(donor.id) == after {
                    continue;
                }
                last = Some(donor.id);
                let may_give = eligibility(ctx, record, now)
                    .iter()
                    .any(|e| e.kind == kind && e.now);
                // A donor whose group just changed may show in two lists.
                if may_give && !batch.iter().any(|(d, _)| d.id == donor.id) {
                    batch.push((donor.clone(), *group));
                }
                if batch.len() == PER_RUN {
                    break;
                }
            }
            let more = batch.len() == PER_RUN || unread;
            if let (true, Some(after)) = (more, last) {
                stopped = Some(Progress { group: at, after });
                break 'groups;
            }
        }
        let ops = invite_ops(ctx, &call, kind, batch, now).await?;
        let next = match stopped {
            Some(from) => {
                let rest = AskDonors {
                    call: call.id,
                    from: Some(from),
                };
                Some(jobs::scheduled(&rest, now)?)
            }
            None => None,
        };
        Ok(Outcome { ops, next })
    }
}

/// The operations that invite a batch of donors, skipping those invited
/// before (by an earlier run that wrote but could not finish).
async fn invite_ops(
    ctx: &Context,
    call: &DonorCall,
    kind: DonationKind,
    batch: Vec<(Party, BloodGroup)>,
    now: Timestamp,
) -> Result<Vec<TxOp>, DomainError> {
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
            component: call.component,
            patients: Some(call.group),
        };
        ops.push(outbox::queue(donor.id, Event::Blood(notice), now)?);
        asked += 1;
    }
    if asked > 0 {
        let count = vec![UpdateOp::Add("asked".into(), asked)];
        ops.push(TxOp::Update(
            keys::donor_call(&call.id),
            count,
            Condition::Exists,
        ));
    }
    Ok(ops)
}
