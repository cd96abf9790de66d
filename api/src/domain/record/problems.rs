//! Problems (conditions) on a patient's record: recorded by their doctors
//! (confirmed) or reported by the patient (patient-reported until a doctor
//! confirms), corrected, resolved, refuted or marked entered in error, each
//! change a revision kept for good.

use medtrack_shared::record::{
    ListStatus, Problem, ProblemChange, ProblemDetails, ProblemInput, RecordListQuery,
    TimelineKind, TimelineSubject,
};
use medtrack_shared::{Page, PageQuery, ProblemId, UserId};

use super::{
    change_ops, changed, check_onset, create_ops, load, new_state, permit, revise, tidy, writer,
    Entry,
};
use crate::domain::accounts::Account;
use crate::domain::{Context, DomainError};
use crate::store::{keys, StoreError};

impl Entry for Problem {
    type Id = ProblemId;
    const WHAT: &'static str = "problems";

    fn id(&self) -> ProblemId {
        self.id
    }

    fn patient(&self) -> &UserId {
        &self.patient
    }

    fn state(&self) -> &medtrack_shared::record::EntryState {
        &self.state
    }

    fn state_mut(&mut self) -> &mut medtrack_shared::record::EntryState {
        &mut self.state
    }

    fn partition(patient: &UserId) -> String {
        keys::problems(patient)
    }

    fn status_partition(patient: &UserId, status: ListStatus) -> String {
        keys::problems_in(patient, status)
    }

    fn revisions(id: &ProblemId) -> String {
        keys::problem_revisions(id)
    }

    const RECORDED: TimelineKind = TimelineKind::ProblemRecorded;
    const RESOLVED: Option<TimelineKind> = Some(TimelineKind::ProblemResolved);

    fn title(&self) -> &str {
        &self.details.name
    }

    fn subject(&self) -> TimelineSubject {
        TimelineSubject::Problem(self.id)
    }
}

fn tidied(details: &ProblemDetails) -> ProblemDetails {
    ProblemDetails {
        name: tidy(&details.name),
        code: details
            .code
            .as_ref()
            .map(|code| medtrack_shared::record::Code {
                system: tidy(&code.system),
                value: tidy(&code.value),
            }),
        onset: details.onset,
        notes: tidy(&details.notes),
    }
}

/// One page of the patient's problems, newest first; reads by others are
/// in the patient's access log.
pub async fn list(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    query: &RecordListQuery,
) -> Result<Page<Problem>, DomainError> {
    super::list(ctx, caller, patient, query).await
}

/// One page of a problem's revisions, oldest first.
pub async fn history(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &ProblemId,
    page: &PageQuery,
) -> Result<Page<Problem>, DomainError> {
    super::history(ctx, caller, patient, id, page).await
}

/// Records a problem: confirmed when a doctor of the patient records it,
/// patient-reported when the patient does.
pub async fn add(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    input: &ProblemInput,
) -> Result<Problem, DomainError> {
    input.check()?;
    let now = ctx.now();
    check_onset("onset", input.onset, now)?;
    writer(&ctx.store, caller, patient).await?;
    let problem = Problem {
        id: ProblemId::from_uuid(uuid::Uuid::now_v7()),
        patient: *patient,
        details: tidied(&input.details()),
        state: new_state(caller, input.clinical_status, now),
    };
    ctx.commit(create_ops(&problem)?).await?;
    Ok(problem)
}

/// Changes a problem (see [`ProblemChange`]); a change that changes
/// nothing writes nothing.
pub async fn change(
    ctx: &Context,
    caller: &Account,
    patient: &UserId,
    id: &ProblemId,
    change: &ProblemChange,
) -> Result<Problem, DomainError> {
    change.check()?;
    let now = ctx.now();
    let onset = change.correction.as_ref().and_then(|c| c.onset);
    check_onset("correction.onset", onset, now)?;
    let access = writer(&ctx.store, caller, patient).await?;
    let (before, version) = load::<Problem>(&ctx.store, patient, id).await?;
    permit(&before.state, access, caller, change.verification)?;
    let mut after = before.clone();
    if let Some(correction) = &change.correction {
        after.details = tidied(correction);
    }
    let revised = revise(
        &before,
        after,
        change.clinical_status,
        change.verification,
        change.reason.as_deref(),
        caller,
        now,
    );
    let Some(after) = revised else {
        return Ok(before);
    };
    match ctx.commit(change_ops(&before, &after, version)?).await {
        Ok(()) => Ok(after),
        Err(StoreError::ConditionFailed { .. }) => Err(changed()),
        Err(other) => Err(other.into()),
    }
}
