//! The claim state table, every state × action × role against the steps
//! written out by hand.

use super::*;

/// Every allowed step as (from, action, role, to); everything else is refused.
const ALLOWED: &[(ClaimState, ClaimAction, Role, ClaimState)] = {
    use ClaimAction as A;
    use ClaimState as S;
    use Role::{Admin, Patient};
    &[
        (S::Draft, A::Submit, Patient, S::Submitted),
        (S::Draft, A::Submit, Admin, S::Submitted),
        (S::Denied, A::Submit, Patient, S::Submitted),
        (S::Denied, A::Submit, Admin, S::Submitted),
        (S::Submitted, A::StartReview, Admin, S::InReview),
        (S::InReview, A::Approve, Admin, S::Approved),
        (S::InReview, A::ApprovePart, Admin, S::PartiallyApproved),
        (S::InReview, A::Deny, Admin, S::Denied),
        (S::Approved, A::RecordPayment, Admin, S::Paid),
        (S::PartiallyApproved, A::RecordPayment, Admin, S::Paid),
        (S::Draft, A::Close, Patient, S::Closed),
        (S::Draft, A::Close, Admin, S::Closed),
        (S::Submitted, A::Close, Patient, S::Closed),
        (S::Submitted, A::Close, Admin, S::Closed),
        (S::Denied, A::Close, Patient, S::Closed),
        (S::Denied, A::Close, Admin, S::Closed),
        (S::InReview, A::Close, Admin, S::Closed),
        (S::Approved, A::Close, Admin, S::Closed),
        (S::PartiallyApproved, A::Close, Admin, S::Closed),
    ]
};

#[test]
fn every_state_action_and_role() {
    let mut checked = 0;
    for state in ClaimState::ALL {
        for action in ClaimAction::ALL {
            for role in [Role::Patient, Role::Doctor, Role::Admin] {
                let expected = ALLOWED
                    .iter()
                    .find(|(s, a, r, _)| *s == state && *a == action && *r == role)
                    .map(|(_, _, _, to)| *to);
                assert_eq!(
                    next_state(state, action, role),
                    expected,
                    "{state:?} {action:?} by {role:?}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 8 * 7 * 3);
}

#[test]
fn finished_claims_take_no_step() {
    for state in [ClaimState::Paid, ClaimState::Closed] {
        for action in ClaimAction::ALL {
            assert_eq!(next_state(state, action, Role::Admin), None);
        }
    }
}

fn claim(state: ClaimState, claimed: i64, approved: Option<i64>, paid: i64) -> Claim {
    let party = crate::appointment::Party {
        id: crate::UserId::from_uuid(uuid::Uuid::nil()),
        name: "Ana".into(),
    };
    let day = jiff::civil::date(2027, 1, 1);
    Claim {
        id: ClaimId::from_uuid(uuid::Uuid::nil()),
        invoice: InvoiceId::from_uuid(uuid::Uuid::nil()),
        invoice_number: "INV-2027-000001".into(),
        patient: party,
        policy: Policy {
            id: PolicyId::from_uuid(uuid::Uuid::nil()),
            payer: "Acme Health".into(),
            member_id: "M1".into(),
            group: None,
            valid_from: day,
            valid_to: None,
            rank: PolicyRank::Primary,
        },
        state,
        currency: "EUR".into(),
        claimed,
        approved,
        paid,
        denial_reason: None,
        submissions: 1,
        steps: vec![],
        created_at: jiff::Timestamp::UNIX_EPOCH,
        updated_at: jiff::Timestamp::UNIX_EPOCH,
    }
}

#[test]
fn what_remains_the_patients() {
    assert_eq!(
        claim(ClaimState::InReview, 100, None, 0).patient_share(),
        None
    );
    assert_eq!(
        claim(ClaimState::Denied, 100, None, 0).patient_share(),
        Some(100)
    );
    let part = claim(ClaimState::PartiallyApproved, 100, Some(70), 0);
    assert_eq!(part.patient_share(), Some(30));
    assert_eq!(part.outstanding(), 70);
    let paid = claim(ClaimState::Paid, 100, Some(70), 70);
    assert_eq!(paid.patient_share(), Some(30));
    assert_eq!(paid.outstanding(), 0);
    assert_eq!(
        claim(ClaimState::Submitted, 100, None, 0).outstanding(),
        100
    );
}

#[test]
fn a_policy_covers_its_days() {
    let mut policy = claim(ClaimState::Draft, 1, None, 0).policy;
    policy.valid_to = Some(jiff::civil::date(2027, 12, 31));
    assert!(policy.covers(jiff::civil::date(2027, 1, 1)));
    assert!(policy.covers(jiff::civil::date(2027, 12, 31)));
    assert!(!policy.covers(jiff::civil::date(2026, 12, 31)));
    assert!(!policy.covers(jiff::civil::date(2028, 1, 1)));
}
