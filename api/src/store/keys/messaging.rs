//! The keys of messaging (see the table in the parent module).
//!
//! A thread is one item and a copy per party, rewritten together by every
//! message and read mark under the versions read: a list is one query on
//! the copies, and a copy's unread count and its owner's total change in
//! the same transaction, so they never disagree. Each change also moves the
//! thread into the current minute of the change feed (GSI2), which each
//! replica reads once a second while it has open event streams: the cost
//! does not grow with the tabs open, and a thread is in one minute only.

use jiff::Timestamp;
use medtrack_shared::{MessageId, ThreadId, UserId};

use super::{sortable_time as millis, IndexKey, Key};

/// A thread: what both parties share (subject, read marks, the wait).
pub fn thread(id: &ThreadId) -> Key {
    Key::new(format!("THREAD#{id}"), "THREAD")
}

/// The partition of a thread's messages, in time order.
pub fn messages(thread: &ThreadId) -> String {
    format!("MSGS#{thread}")
}

/// One message.
pub fn message(thread: &ThreadId, id: &MessageId) -> Key {
    Key::new(messages(thread), id.to_string())
}

/// One party's copy of a thread: what their list shows, with their unread count.
pub fn thread_copy(user: &UserId, thread: &ThreadId) -> Key {
    Key::new(format!("MSG_BOX#{user}"), thread.to_string())
}

/// The GSI1 partition of a person's threads, by last activity.
pub fn threads_of(user: &UserId) -> String {
    format!("MSG_INBOX#{user}")
}

/// A thread copy's place in its owner's list.
pub fn thread_copy_order(user: &UserId, thread: &ThreadId, last: Timestamp) -> IndexKey {
    IndexKey::new(threads_of(user), format!("{}#{thread}", millis(last)))
}

/// The GSI2 partition of a doctor's threads whose patient waits, by due time.
pub fn waiting_for(doctor: &UserId) -> String {
    format!("MSG_WAITING#{doctor}")
}

/// The GSI1 partition of every thread whose patient waits, by due time.
pub const WAITING: &str = "MSG_WAITING";

/// A waiting thread's place in a list by due time.
pub fn by_due(pk: String, thread: &ThreadId, due: Timestamp) -> IndexKey {
    IndexKey::new(pk, format!("{}#{thread}", millis(due)))
}

/// The GSI2 partition of the threads last changed in one minute (the
/// change feed every replica reads for its open streams).
pub fn changed_in(minute: i64) -> String {
    format!("MSG_FEED#{minute}")
}

/// A thread's place in the change feed.
pub fn changed_at(thread: &ThreadId, at: Timestamp) -> IndexKey {
    let ms = at.as_millisecond();
    IndexKey::new(
        changed_in(ms.div_euclid(60_000)),
        format!("{}#{thread}", millis(at)),
    )
}

/// A person's count of unread messages in all their threads.
pub fn unread_messages(user: &UserId) -> Key {
    Key::new(format!("MSG_UNREAD#{user}"), "TOTAL")
}
