//! The change feed behind live updates. Every write to a thread moves it
//! into the current minute of GSI2 (`MSG_FEED#<minute>`, sorted by the
//! time of the change). While a replica has open event streams, one task
//! reads the last few seconds of the feed once a second and hands each new
//! change to that replica's streams of the thread's two parties. So a change
//! made on any replica reaches a stream on any other within about a second
//! and a half (on its own replica at once: a commit pokes the reader), and
//! the cost is one query a second per replica, whatever the number of tabs.
//! The window looks back a few seconds and changes are told once per
//! (thread, version), so a write that committed late or on a replica whose
//! clock is a little behind is not missed; when a read may have missed some
//! (its cap, a gap), every stream is told to read again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use medtrack_shared::{ThreadId, UserId};
use tokio::sync::{broadcast, Notify};

use super::ThreadRecord;
use crate::domain::{paging, Clock};
use crate::store::{keys, Index, Query, SkRange, Store};

/// How often the feed is read while someone listens.
const EVERY: Duration = Duration::from_secs(1);
/// The least time between two reads.
const AT_LEAST: Duration = Duration::from_millis(100);
/// How far back each read looks.
const LOOKBACK: SignedDuration = SignedDuration::from_secs(5);
/// The most changes one read takes from one minute of the feed.
const MAX_PER_READ: usize = 5_000;
/// The most changes remembered as told (a frozen test clock never ages them).
const MAX_TOLD: usize = 100_000;
/// Changes buffered for slow streams before they are told to read again.
const BUFFER: usize = 4_096;

/// What the reader hands to this replica's streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// A change to one thread, for its two parties.
    Thread {
        thread: ThreadId,
        parties: [UserId; 2],
    },
    /// The reader may have missed changes (a read hit its cap, or the
    /// store did not answer for a while): every stream reads again.
    Everyone,
}

/// What a stream receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Something changed in this thread of the listener's.
    Thread(ThreadId),
    /// Changes were missed (the stream fell behind): read everything again.
    Resync,
}

#[derive(Default)]
struct Listeners {
    count: usize,
    reading: bool,
}

struct Inner {
    store: Store,
    clock: Clock,
    changes: broadcast::Sender<Change>,
    listeners: Mutex<Listeners>,
    /// A change committed by this replica: read now rather than at the tick.
    poke: Notify,
}

/// The replica's reader of the change feed. Cheap to clone.
#[derive(Clone)]
pub struct Feed(Arc<Inner>);

impl std::fmt::Debug for Feed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Feed")
    }
}

impl Feed {
    /// A feed over this store, on this clock (the one changes are keyed by).
    pub fn new(store: Store, clock: Clock) -> Self {
        let (changes, _) = broadcast::channel(BUFFER);
        Self(Arc::new(Inner {
            store,
            clock,
            changes,
            listeners: Mutex::new(Listeners::default()),
            poke: Notify::new(),
        }))
    }

    /// Tells the reader this replica just changed a thread, so its own
    /// listeners hear of it at once (others at their replica's next read).
    pub fn poke(&self) {
        self.0.poke.notify_one();
    }

    /// Starts listening for `user`'s threads; the reading task starts with
    /// the first listener and stops after the last has gone.
    pub fn listen(&self, user: UserId) -> Listener {
        let receiver = self.0.changes.subscribe();
        let start = {
            let mut listeners = self
                .0
                .listeners
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            listeners.count += 1;
            !std::mem::replace(&mut listeners.reading, true)
        };
        if start {
            tokio::spawn(read(self.0.clone()));
        }
        Listener {
            user,
            receiver,
            feed: self.0.clone(),
        }
    }
}

/// One open stream's share of the feed.
pub struct Listener {
    user: UserId,
    receiver: broadcast::Receiver<Change>,
    feed: Arc<Inner>,
}

impl Listener {
    /// The next change in one of the listener's threads.
    pub async fn next(&mut self) -> Signal {
        loop {
            match self.receiver.recv().await {
                Ok(Change::Thread { thread, parties }) if parties.contains(&self.user) => {
                    return Signal::Thread(thread)
                }
                Ok(Change::Everyone) => return Signal::Resync,
                Ok(_) => {}
                Err(broadcast::error::RecvError::Lagged(_)) => return Signal::Resync,
                // The sender lives as long as the feed, which this listener holds.
                Err(broadcast::error::RecvError::Closed) => {
                    std::future::pending::<()>().await;
                }
            }
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let mut listeners = self
            .feed
            .listeners
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        listeners.count = listeners.count.saturating_sub(1);
    }
}

/// The reading task: once a second while anyone listens.
async fn read(feed: Arc<Inner>) {
    let mut told: HashMap<(ThreadId, u64), Timestamp> = HashMap::new();
    let mut since = feed.clock.now();
    loop {
        {
            let mut listeners = feed
                .listeners
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if listeners.count == 0 {
                listeners.reading = false;
                return;
            }
        }
        let now = feed.clock.now();
        // After a gap (the store down, the clock jumped) only the window is
        // read, and everyone is told to read again.
        let oldest = now.checked_sub(LOOKBACK * 2).unwrap_or(now);
        let gap = since < oldest;
        let from = since.max(oldest).checked_sub(LOOKBACK).unwrap_or(since);
        match changes(&feed.store, from, now).await {
            Ok((found, complete)) => {
                // No receiver at this instant is not an error.
                if gap || !complete {
                    let _ = feed.changes.send(Change::Everyone);
                }
                for (change, version) in found {
                    if let Change::Thread { thread, .. } = change {
                        if told.insert((thread, version), now).is_none() {
                            let _ = feed.changes.send(change);
                        }
                    }
                }
                since = now;
            }
            Err(error) => tracing::warn!(%error, "the change feed could not be read"),
        }
        let keep_from = now.checked_sub(LOOKBACK * 3).unwrap_or(now);
        told.retain(|_, at| *at >= keep_from);
        if told.len() > MAX_TOLD {
            told.clear();
        }
        // At most ten reads a second however busy the replica is.
        tokio::time::sleep(AT_LEAST).await;
        tokio::select! {
            () = tokio::time::sleep(EVERY.saturating_sub(AT_LEAST)) => {}
            () = feed.poke.notified() => {}
        }
    }
}

/// The changes from `from` (each minute's part of the feed, a query each),
/// with their versions, and whether every one was read (a read stops at
/// its cap).
async fn changes(
    store: &Store,
    from: Timestamp,
    to: Timestamp,
) -> Result<(Vec<(Change, u64)>, bool), crate::domain::DomainError> {
    let first = from.as_millisecond().div_euclid(60_000);
    let last = to.as_millisecond().div_euclid(60_000).max(first);
    let mut found = Vec::new();
    let mut complete = true;
    for minute in first..=last {
        let query = Query::partition(keys::changed_in(minute))
            .on(Index::Gsi2)
            .range(SkRange::From(keys::sortable_time(from)));
        let items = paging::all_items(store, query, MAX_PER_READ).await?;
        complete &= items.len() < MAX_PER_READ;
        for item in items {
            let version = item.version;
            let Ok(thread) = item.into_record::<ThreadRecord>() else {
                continue;
            };
            let change = Change::Thread {
                thread: thread.id,
                parties: [thread.patient.id, thread.doctor.id],
            };
            found.push((change, version));
        }
    }
    Ok((found, complete))
}
