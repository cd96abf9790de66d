//! Timed work: dose reminders, snoozes and missed-dose checks are jobs in a
//! due-time index ([`jobs`]); a [`worker`] in every `medtrack serve` reads only
//! what is due now, claims each job with a conditional write and a lease, and
//! applies what it does in one transaction with the job's next step. A worker
//! that dies holding claims leaves them to whoever reads them after the lease.
//! A job that fails every try is [`stopped`] for an admin to look at.

pub mod jobs;
pub mod stopped;
pub mod worker;

pub use jobs::Job;
pub use worker::{JobSignal, Scheduler};
