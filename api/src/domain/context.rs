//! What every domain operation runs with: the store, the outbound ports, the
//! clock, and the workers' wake-up signals. Domain code writes through
//! [`Context::commit`], which wakes the notification dispatcher when the
//! writes queue notifications and the scheduler when they add jobs, so no
//! caller has to remember to.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use super::messaging::feed::Feed;
use super::ports::{Messages, Objects, Scanners};
use crate::store::queue::Wake;
use crate::store::{keys, Condition, Item, Store, StoreError, TxOp};

/// The time, as domain code reads it: the system's, or one a test sets.
#[derive(Clone, Default)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self(None)
    }

    /// A clock that shows `at` until it is set again (tests).
    pub fn manual(at: Timestamp) -> Self {
        Self(Some(Arc::new(AtomicI64::new(at.as_millisecond()))))
    }

    /// What time it is.
    pub fn now(&self) -> Timestamp {
        match &self.0 {
            None => Timestamp::now(),
            Some(millis) => Timestamp::from_millisecond(millis.load(Ordering::SeqCst))
                .unwrap_or(Timestamp::UNIX_EPOCH),
        }
    }

    /// Sets a manual clock (a system clock does not change).
    pub fn set(&self, at: Timestamp) {
        if let Some(millis) = &self.0 {
            millis.store(at.as_millisecond(), Ordering::SeqCst);
        }
    }

    /// Moves a manual clock on.
    pub fn advance(&self, by: SignedDuration) {
        if let Ok(later) = self.now().checked_add(by) {
            self.set(later);
        }
    }
}

/// The workers' wake-up signals.
#[derive(Clone, Default)]
pub struct Wakes {
    /// The notification dispatcher: outbox entries are due at once.
    pub outbox: Wake,
    /// The scheduler: told when each new job is due.
    pub jobs: Wake,
}

/// The domain's context. Cheap to clone.
#[derive(Clone)]
pub struct Context {
    /// The store. Read from it freely; write through [`Context::commit`] or
    /// [`Context::put`].
    pub store: Store,
    /// Email and text messages.
    pub messages: Messages,
    /// The clock.
    pub clock: Clock,
    /// The workers to wake after a write.
    pub wakes: Wakes,
    /// Where people open the web client, for links sent by email (e.g.
    /// `https://clinic.example`): configured, never taken from a request,
    /// whose headers a caller could forge.
    pub public_url: String,
    /// How long a doctor's emergency access to a record lasts.
    pub emergency_access: SignedDuration,
    /// The clinic's crisis line and emergency number, and how long a
    /// crisis alert waits for a doctor before it goes to the admins.
    pub crisis: Crisis,
    /// Where the vault keeps files and who scans them; `None` until the
    /// server configures it (uploads and downloads then fail).
    pub vault: Option<Vault>,
    /// This replica's reader of messaging's change feed (live updates).
    pub feed: Feed,
    /// The clinic's billing rules (tax, numbering, payment terms).
    pub billing: super::billing::Billing,
    /// The blood bank's rules.
    pub blood: super::blood::BloodBank,
    /// Counters this replica has seen exist (see [`super::counters`]).
    pub known_counters: super::counters::Known,
}

/// The document vault's ports and limit.
#[derive(Clone)]
pub struct Vault {
    /// Where the files are.
    pub objects: Objects,
    /// The malware scanner; without one, files are marked "not scanned".
    pub scanner: Option<Scanners>,
    /// The largest upload, in bytes.
    pub max_upload: u64,
}

/// What the clinic tells a patient who may be in crisis, and how long an
/// alert about them waits for a doctor's acknowledgement.
#[derive(Debug, Clone)]
pub struct Crisis {
    /// The crisis line, e.g. `988`; words for one when unset.
    pub crisis_line: Option<String>,
    /// The emergency number, e.g. `112`; words for one when unset.
    pub emergency_number: Option<String>,
    /// How long a doctor has to acknowledge an alert.
    pub acknowledge_within: SignedDuration,
}

impl Default for Crisis {
    fn default() -> Self {
        Self {
            crisis_line: None,
            emergency_number: None,
            acknowledge_within: SignedDuration::from_mins(30),
        }
    }
}

impl Crisis {
    /// The crisis message with the clinic's numbers.
    pub fn message(&self) -> medtrack_shared::safety::CrisisMessage {
        medtrack_shared::safety::CrisisMessage::new(
            self.crisis_line.as_deref(),
            self.emergency_number.as_deref(),
        )
    }
}

impl Context {
    /// A context over `store` and `messages`, on the system clock.
    pub fn new(store: Store, messages: Messages) -> Self {
        let clock = Clock::system();
        Self {
            feed: Feed::new(store.clone(), clock.clone()),
            store,
            messages,
            clock,
            wakes: Wakes::default(),
            public_url: "http://127.0.0.1:8080".to_owned(),
            emergency_access: SignedDuration::from_hours(1),
            crisis: Crisis::default(),
            vault: None,
            billing: super::billing::Billing::default(),
            blood: super::blood::BloodBank::default(),
            known_counters: super::counters::Known::default(),
        }
    }

    /// The same context with the blood bank's rules.
    pub fn with_blood(mut self, blood: super::blood::BloodBank) -> Self {
        self.blood = blood;
        self
    }

    /// The same context with the clinic's billing rules.
    pub fn with_billing(mut self, billing: super::billing::Billing) -> Self {
        self.billing = billing;
        self
    }

    /// The same context with the vault's ports.
    pub fn with_vault(mut self, vault: Vault) -> Self {
        self.vault = Some(vault);
        self
    }

    /// The same context with the clinic's crisis settings.
    pub fn with_crisis(mut self, crisis: Crisis) -> Self {
        self.crisis = crisis;
        self
    }

    /// The same context, making links to the web client at `public_url`.
    pub fn with_public_url(mut self, public_url: &str) -> Self {
        self.public_url = public_url.trim_end_matches('/').to_owned();
        self
    }

    /// The same context, with emergency access lasting `minutes`.
    pub fn with_emergency_access(mut self, minutes: u16) -> Self {
        self.emergency_access = SignedDuration::from_mins(i64::from(minutes));
        self
    }

    /// The same context on another clock.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.feed = Feed::new(self.store.clone(), clock.clone());
        self.clock = clock;
        self
    }

    /// What time it is.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Applies every operation or none (see [`Store::transact`]), then wakes
    /// the workers with new work.
    pub async fn commit(&self, ops: Vec<TxOp>) -> Result<(), StoreError> {
        let work = Work::of(&ops);
        self.store.transact(ops).await?;
        work.wake(&self.wakes);
        Ok(())
    }

    /// Writes one item when `condition` holds (see [`Store::put`]), then
    /// wakes the worker it is work for, if any.
    pub async fn put(&self, item: Item, condition: Condition) -> Result<u64, StoreError> {
        let work = Work::of(std::slice::from_ref(&TxOp::Put(item.clone(), condition)));
        let version = self.store.put(item, condition).await?;
        work.wake(&self.wakes);
        Ok(version)
    }
}

/// The work a set of writes gives the workers: for writes made other than
/// through [`Context::commit`] (a worker's claim), to wake them after.
#[derive(Default)]
pub struct Work {
    notifications: bool,
    earliest_job: Option<Timestamp>,
}

impl Work {
    /// What `ops` give the workers to do.
    pub fn of(ops: &[TxOp]) -> Self {
        let mut work = Self::default();
        for op in ops {
            let TxOp::Put(item, _) = op else { continue };
            if keys::is_outbox_entry(&item.key) {
                work.notifications = true;
            } else if keys::is_job(&item.key) {
                let due = item
                    .gsi1
                    .as_ref()
                    .and_then(|index| keys::due_time(&index.sk));
                work.earliest_job = work.earliest_job.into_iter().chain(due).min();
            }
        }
        work
    }

    /// Wakes the workers with work.
    pub fn wake(&self, wakes: &Wakes) {
        if self.notifications {
            wakes.outbox.now();
        }
        if let Some(due) = self.earliest_job {
            wakes.jobs.at(due);
        }
    }
}
