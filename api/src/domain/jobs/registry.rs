//! Every kind of job, in one place: its name in the store and the type that
//! runs it. A new kind is one line here and one [`Runner`] beside its feature.

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::Value;

use super::{Job, Outcome, Runner};
use crate::domain::analytics::census::WardCensus;
use crate::domain::appointments::reminders::AppointmentReminder;
use crate::domain::billing::drafts::{InvoiceVisit, IssueDraft};
use crate::domain::blood::calls::AskDonors;
use crate::domain::blood::requests::HoldEnds;
use crate::domain::blood::stock::StockCheck;
use crate::domain::blood::units::UnitDue;
use crate::domain::medications::reminders::{DoseReminder, Escalation, MissedCheck, Snooze};
use crate::domain::messaging::overdue::{ReplyDue, UrgentCheck};
use crate::domain::notifications::confirmations::ConfirmationCheck;
use crate::domain::record::phq9::Escalation as CrisisEscalation;
use crate::domain::record::phq9_requests::Reminder as Phq9Reminder;
use crate::domain::vault::download::GrantExpiry;
use crate::domain::vault::scan::Scan;
use crate::domain::{Context, DomainError};

macro_rules! registry {
    ($($kind:literal => $runner:ident),* $(,)?) => {
        /// A stored job, read back as its kind.
        #[derive(Deserialize)]
        #[serde(tag = "kind")]
        enum Registered {
            $(#[serde(rename = $kind)] $runner($runner),)*
        }

        $(impl Job for $runner {
            const KIND: &'static str = $kind;
        })*

        /// Runs the stored job `job` at `now`.
        pub async fn run(ctx: &Context, job: &Value, now: Timestamp) -> Result<Outcome, DomainError> {
            let job = Registered::deserialize(job)
                .map_err(|_| DomainError::Internal("unreadable job".into()))?;
            match job {
                $(Registered::$runner(job) => job.run(ctx, now).await,)*
            }
        }
    };
}

registry! {
    "dose_reminder" => DoseReminder,
    "snooze" => Snooze,
    "missed_check" => MissedCheck,
    "escalation" => Escalation,
    "appointment_reminder" => AppointmentReminder,
    "confirmation_check" => ConfirmationCheck,
    "crisis_escalation" => CrisisEscalation,
    "phq9_request" => Phq9Reminder,
    "vault_scan" => Scan,
    "download_expiry" => GrantExpiry,
    "reply_due" => ReplyDue,
    "urgent_message" => UrgentCheck,
    "invoice_visit" => InvoiceVisit,
    "issue_draft" => IssueDraft,
    "unit_due" => UnitDue,
    "stock_check" => StockCheck,
    "blood_hold" => HoldEnds,
    "ask_donors" => AskDonors,
    "ward_census" => WardCensus,
}
