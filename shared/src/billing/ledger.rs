//! The ledger's rules: what each kind of entry does to an invoice's sums,
//! and what it may not do. The balance is always
//! `charged − credited − paid + refunded − written_off`; the server keeps
//! these sums on the invoice as a cache of its entries and checks every
//! new entry here before it writes it.

use serde::{Deserialize, Serialize};

use crate::ids::ClaimId;

/// How money moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Cash at the desk.
    Cash,
    /// A card payment (taken on the clinic's own terminal).
    Card,
    /// A bank transfer.
    BankTransfer,
    /// An insurer's payment of a claim.
    Insurance,
}

impl Method {
    /// Every method.
    pub const ALL: [Self; 4] = [Self::Cash, Self::Card, Self::BankTransfer, Self::Insurance];

    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Cash => "Cash",
            Self::Card => "Card",
            Self::BankTransfer => "Bank transfer",
            Self::Insurance => "Insurance",
        }
    }
}

/// What an entry is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntryKind {
    /// The invoice's total, charged when it is issued.
    Charge,
    /// A credit note.
    Credit {
        /// The credit note's number.
        credit_note: String,
        /// Why.
        reason: String,
    },
    /// Money received.
    Payment {
        /// How.
        method: Method,
        /// The receipt, transfer or terminal reference.
        reference: Option<String>,
        /// The claim it pays, for an insurer's payment.
        claim: Option<ClaimId>,
    },
    /// Money given back.
    Refund {
        /// How.
        method: Method,
        /// The reference.
        reference: Option<String>,
    },
    /// What the clinic gives up collecting.
    WriteOff {
        /// Why.
        reason: String,
    },
}

/// Why the ledger refuses an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerRefusal {
    /// Amounts are positive and at most [`super::MAX_AMOUNT`].
    Amount,
    /// A credit beyond what was charged and not yet credited or written off.
    CreditTooLarge,
    /// A refund beyond what was paid and not yet refunded.
    RefundTooLarge,
    /// A write-off beyond what is owed.
    WriteOffTooLarge,
    /// A second charge.
    AlreadyCharged,
}

impl LedgerRefusal {
    /// In words, for the 409's message.
    pub fn message(self) -> &'static str {
        match self {
            Self::Amount => "The amount must be positive and at most 1000000000 minor units.",
            Self::CreditTooLarge => "A credit note cannot credit more than is charged.",
            Self::RefundTooLarge => "A refund cannot give back more than was paid.",
            Self::WriteOffTooLarge => "A write-off cannot exceed what is owed.",
            Self::AlreadyCharged => "The invoice is already charged.",
        }
    }
}

/// Whether an issued invoice is paid, from its sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Nothing received, something owed.
    Unpaid,
    /// Something received, something still owed.
    PartlyPaid,
    /// Nothing owed.
    Paid,
    /// More received than owed: the patient has a credit.
    Overpaid,
}

/// An invoice's sums, in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    /// Charged when issued.
    pub charged: i64,
    /// Credited by credit notes.
    pub credited: i64,
    /// Received (from the patient and insurers).
    pub paid: i64,
    /// Given back.
    pub refunded: i64,
    /// Given up.
    pub written_off: i64,
    /// What is owed: negative when the patient has a credit.
    pub balance: i64,
}

impl Totals {
    /// The sums of a ledger's entries, refusing the first entry the rules
    /// refuse (what the server checks a cache against).
    pub fn of<'a>(
        entries: impl IntoIterator<Item = (&'a EntryKind, i64)>,
    ) -> Result<Self, LedgerRefusal> {
        let mut totals = Self::default();
        for (kind, amount) in entries {
            totals = totals.apply(kind, amount)?;
        }
        Ok(totals)
    }

    /// The sums after one more entry, or why it cannot be posted.
    pub fn apply(self, kind: &EntryKind, amount: i64) -> Result<Self, LedgerRefusal> {
        if amount <= 0 || amount > super::MAX_AMOUNT {
            return Err(LedgerRefusal::Amount);
        }
        let mut next = self;
        match kind {
            EntryKind::Charge if self.charged > 0 => return Err(LedgerRefusal::AlreadyCharged),
            EntryKind::Charge => next.charged += amount,
            EntryKind::Credit { .. } if amount > self.creditable() => {
                return Err(LedgerRefusal::CreditTooLarge)
            }
            EntryKind::Credit { .. } => next.credited += amount,
            EntryKind::Payment { .. } => next.paid += amount,
            EntryKind::Refund { .. } if amount > self.paid - self.refunded => {
                return Err(LedgerRefusal::RefundTooLarge)
            }
            EntryKind::Refund { .. } => next.refunded += amount,
            EntryKind::WriteOff { .. } if amount > self.balance => {
                return Err(LedgerRefusal::WriteOffTooLarge)
            }
            EntryKind::WriteOff { .. } => next.written_off += amount,
        }
        next.balance = next.charged - next.credited - next.paid + next.refunded - next.written_off;
        Ok(next)
    }

    /// What a credit note may still credit: the charge less what is
    /// credited or written off already.
    pub fn creditable(&self) -> i64 {
        self.charged - self.credited - self.written_off
    }

    /// Received less given back.
    pub fn net_paid(&self) -> i64 {
        self.paid - self.refunded
    }

    /// Whether it is paid; `None` when nothing is charged after credits and
    /// nothing is held (a draft, or a cancelled invoice settled).
    pub fn payment_state(&self) -> Option<PaymentState> {
        let owed = self.charged - self.credited;
        Some(match self.balance {
            b if b < 0 => PaymentState::Overpaid,
            0 if owed == 0 && self.net_paid() == 0 => return None,
            0 => PaymentState::Paid,
            _ if self.net_paid() > 0 => PaymentState::PartlyPaid,
            _ => PaymentState::Unpaid,
        })
    }
}

#[cfg(test)]
mod tests;
