//! Jobs and their place in the due-time index. Instants are UTC; the rules
//! that produce them (local dose times) live with the domain.

use jiff::Timestamp;
use medtrack_shared::{AppointmentId, MedicationId, UserId};
use serde::{Deserialize, Serialize};

use crate::store::{keys, Condition, Item, StoreError, TxOp};

/// Something to do at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// A medication's next dose reminder: one job per medication, moved on to
    /// the following dose each time it runs.
    DoseReminder {
        /// The medication.
        medication: MedicationId,
        /// Whose.
        patient: UserId,
        /// The dose.
        dose_at: Timestamp,
    },
    /// A reminder asked for again.
    Snooze {
        /// The medication.
        medication: MedicationId,
        /// Whose.
        patient: UserId,
        /// The dose.
        dose_at: Timestamp,
    },
    /// Tells the patient's doctors that a dose is still not taken, if the
    /// patient opted in.
    Escalation {
        /// The medication.
        medication: MedicationId,
        /// Whose.
        patient: UserId,
        /// The dose.
        dose_at: Timestamp,
    },
    /// Reminds the patient of an appointment `hours_before` its start.
    AppointmentReminder {
        /// The appointment.
        appointment: AppointmentId,
        /// Its start when the reminder was set (a moved one has a new reminder).
        starts_at: Timestamp,
        /// 24 or 1.
        hours_before: u8,
    },
    /// Marks the dose missed if nothing was logged for it.
    MissedCheck {
        /// The medication.
        medication: MedicationId,
        /// Whose.
        patient: UserId,
        /// The dose.
        dose_at: Timestamp,
    },
}

impl Job {
    /// The job's id: one reminder job per medication; one snooze or check per dose.
    pub fn id(&self) -> String {
        match self {
            Self::DoseReminder { medication, .. } => format!("dose:{medication}"),
            Self::Snooze {
                medication,
                dose_at,
                ..
            } => format!("snooze:{medication}:{}", dose_at.as_millisecond()),
            Self::MissedCheck {
                medication,
                dose_at,
                ..
            } => format!("missed:{medication}:{}", dose_at.as_millisecond()),
            Self::Escalation {
                medication,
                dose_at,
                ..
            } => format!("escalate:{medication}:{}", dose_at.as_millisecond()),
            Self::AppointmentReminder {
                appointment,
                hours_before,
                ..
            } => format!("appt:{appointment}:{hours_before}"),
        }
    }
}

/// A stored job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobRecord {
    /// What to do.
    pub job: Job,
    /// When.
    pub due_at: Timestamp,
    /// Until when a worker holds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_until: Option<Timestamp>,
    /// Claims so far.
    #[serde(default)]
    pub attempts: u32,
    /// The kind of the last failure, while it keeps failing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

impl JobRecord {
    /// The job as an item, in the due-time index at its lease end or due time.
    pub fn item(&self) -> Result<Item, StoreError> {
        let id = self.job.id();
        let due = self.lease_until.unwrap_or(self.due_at);
        Ok(Item::from_record(keys::job(&id), self)?.with_gsi1(keys::job_due(&id, due)))
    }
}

/// The operation that schedules `job` at `due_at`, replacing a job with the
/// same id (a medication's edit moves its reminder).
pub fn schedule(job: Job, due_at: Timestamp) -> Result<TxOp, StoreError> {
    let record = JobRecord {
        job,
        due_at,
        lease_until: None,
        attempts: 0,
        last_error: None,
    };
    Ok(TxOp::Put(record.item()?, Condition::Always))
}

/// The operation that removes a job, if it is there.
pub fn cancel(job: &Job) -> TxOp {
    TxOp::Delete(keys::job(&job.id()), Condition::Always)
}
