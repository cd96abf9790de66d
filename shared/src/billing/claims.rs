//! Insurance: a patient's policies and the claims made on them, with the
//! one table that says which step a claim may take, from which state, by
//! whom ([`next_state`]).

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::appointment::Party;
use crate::ids::{ClaimId, InvoiceId, PolicyId};
use crate::Role;

/// Which policy pays first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PolicyRank {
    /// Billed first.
    Primary,
    /// Billed for what the primary leaves.
    Secondary,
}

/// A patient's insurance policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Policy {
    /// Its id.
    pub id: PolicyId,
    /// The insurer.
    pub payer: String,
    /// The patient's member id with the insurer.
    pub member_id: String,
    /// The group (employer plan), if any.
    pub group: Option<String>,
    /// First day covered.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub valid_from: Date,
    /// Last day covered, if it ends.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub valid_to: Option<Date>,
    /// Primary or secondary.
    pub rank: PolicyRank,
}

impl Policy {
    /// Whether it covers `day`.
    pub fn covers(&self, day: Date) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }
}

/// Where a claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClaimState {
    /// Prepared, not yet sent.
    Draft,
    /// Sent to the payer.
    Submitted,
    /// The payer is looking at it.
    InReview,
    /// The payer will pay all that was claimed.
    Approved,
    /// The payer will pay part of it.
    PartiallyApproved,
    /// The payer refused; it may be corrected and submitted again.
    Denied,
    /// The payer's payment is in the ledger.
    Paid,
    /// Finished without (further) payment: withdrawn, or a denial accepted.
    Closed,
}

impl ClaimState {
    /// Every state, in the order a claim goes through them.
    pub const ALL: [Self; 8] = [
        Self::Draft,
        Self::Submitted,
        Self::InReview,
        Self::Approved,
        Self::PartiallyApproved,
        Self::Denied,
        Self::Paid,
        Self::Closed,
    ];

    /// Its name in the API.
    pub fn name(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::InReview => "in_review",
            Self::Approved => "approved",
            Self::PartiallyApproved => "partially_approved",
            Self::Denied => "denied",
            Self::Paid => "paid",
            Self::Closed => "closed",
        }
    }

    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Submitted",
            Self::InReview => "In review",
            Self::Approved => "Approved",
            Self::PartiallyApproved => "Partly approved",
            Self::Denied => "Denied",
            Self::Paid => "Paid",
            Self::Closed => "Closed",
        }
    }

    /// Whether the claim still waits for the payer (its amount is not yet
    /// the patient's to pay).
    pub fn pending(self) -> bool {
        matches!(
            self,
            Self::Submitted | Self::InReview | Self::Approved | Self::PartiallyApproved
        )
    }
}

/// A step a claim takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClaimAction {
    /// Send it (again, after a denial) to the payer.
    Submit,
    /// The payer started its review.
    StartReview,
    /// The payer approved all of it.
    Approve,
    /// The payer approved part of it (`amount`).
    ApprovePart,
    /// The payer refused (`reason`).
    Deny,
    /// The payer's payment arrived (`amount`, posted to the ledger); the
    /// claim is paid once all that was approved is.
    RecordPayment,
    /// Finish it: withdrawn, or a denial accepted.
    Close,
}

impl ClaimAction {
    /// Every action.
    pub const ALL: [Self; 7] = [
        Self::Submit,
        Self::StartReview,
        Self::Approve,
        Self::ApprovePart,
        Self::Deny,
        Self::RecordPayment,
        Self::Close,
    ];
}

/// The state `action` takes a claim in `state` to when a person in `role`
/// takes it, or `None` when they may not. Patients submit their own claims,
/// resubmit them after a denial, and withdraw them before the payer
/// decides; everything the payer does is recorded by admins; doctors take
/// no step.
pub fn next_state(state: ClaimState, action: ClaimAction, role: Role) -> Option<ClaimState> {
    use ClaimAction as A;
    use ClaimState as S;
    let to = match (state, action) {
        (S::Draft | S::Denied, A::Submit) => S::Submitted,
        (S::Submitted, A::StartReview) => S::InReview,
        (S::InReview, A::Approve) => S::Approved,
        (S::InReview, A::ApprovePart) => S::PartiallyApproved,
        (S::InReview, A::Deny) => S::Denied,
        (S::Approved | S::PartiallyApproved, A::RecordPayment) => S::Paid,
        (S::Draft | S::Submitted | S::Denied, A::Close) => S::Closed,
        (S::InReview | S::Approved | S::PartiallyApproved, A::Close) => {
            return (role == Role::Admin).then_some(S::Closed)
        }
        _ => return None,
    };
    let allowed = match role {
        Role::Admin => true,
        Role::Patient => matches!(action, A::Submit | A::Close),
        Role::Doctor => false,
    };
    allowed.then_some(to)
}

/// One step of a claim's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimStep {
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// What (`None` for its creation).
    pub action: Option<ClaimAction>,
    /// The state it led to.
    pub to: ClaimState,
    /// Who took it, by role.
    pub by_role: Role,
    /// The amount it named, if any.
    pub amount: Option<i64>,
    /// The reason or reference it gave, if any.
    pub note: Option<String>,
}

/// An insurance claim for an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Claim {
    /// Its id.
    pub id: ClaimId,
    /// The invoice.
    pub invoice: InvoiceId,
    /// The invoice's number.
    pub invoice_number: String,
    /// The patient.
    pub patient: Party,
    /// The policy it is made on (as it was when the claim was made).
    pub policy: Policy,
    /// Where it is.
    pub state: ClaimState,
    /// The invoice's currency.
    pub currency: String,
    /// What is asked of the payer, in minor units.
    pub claimed: i64,
    /// What the payer approved.
    pub approved: Option<i64>,
    /// What the payer paid.
    pub paid: i64,
    /// Why the payer refused, after a denial.
    pub denial_reason: Option<String>,
    /// How many times it was submitted.
    pub submissions: u32,
    /// Its history, oldest first.
    pub steps: Vec<ClaimStep>,
    /// When it was made.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// When it last changed.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
}

impl Claim {
    /// What of the claimed amount is the patient's to pay, once the payer
    /// decided: all of it after a denial or withdrawal, the part not
    /// approved after a partial approval; `None` while it is undecided.
    pub fn patient_share(&self) -> Option<i64> {
        match self.state {
            ClaimState::Draft | ClaimState::Submitted | ClaimState::InReview => None,
            ClaimState::Denied | ClaimState::Closed => Some(self.claimed - self.paid),
            ClaimState::Approved | ClaimState::PartiallyApproved | ClaimState::Paid => {
                Some(self.claimed - self.approved.unwrap_or(0).max(self.paid))
            }
        }
    }

    /// What the payer may still pay: approved less paid while decided and
    /// unpaid, the claimed amount while it waits, nothing otherwise.
    pub fn outstanding(&self) -> i64 {
        match self.state {
            ClaimState::Submitted | ClaimState::InReview => self.claimed,
            ClaimState::Approved | ClaimState::PartiallyApproved => {
                self.approved.unwrap_or(0) - self.paid
            }
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests;
