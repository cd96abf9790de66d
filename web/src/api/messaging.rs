//! Messaging between a patient and their doctors: threads, their messages
//! (newest first, a page at a time), read marks, a doctor's acknowledgement
//! of an urgent thread, whom one can write to, a doctor's reply time, and
//! the admins' overview. The live stream of changes is in [`super::events`].

use medtrack_shared::messaging::{
    Contact, Message, MessagingOverview, NewMessage, NewThread, Posted, ReadInput, ReplyTime,
    Thread, UnreadMessages,
};
use medtrack_shared::{MessageId, Page, ThreadId, UserId};

use super::{nothing, paged, Api, ApiError};

/// How many threads a page of the list shows.
pub const THREADS_PAGE: u32 = 25;
/// How many messages a page of a thread shows.
pub const MESSAGES_PAGE: u32 = 30;
/// How many contacts are read at once (a choice in a list).
pub const CONTACTS_PAGE: u32 = 100;

fn thread_path(id: ThreadId) -> String {
    format!("/messages/threads/{id}")
}

impl Api {
    /// One page of the caller's threads, latest activity first.
    pub async fn threads(self, cursor: Option<String>) -> Result<Page<Thread>, ApiError> {
        self.get(&paged("/messages/threads", THREADS_PAGE, cursor.as_deref()))
            .await
    }

    /// A doctor's threads whose patient waits for a reply, the earliest due first.
    pub async fn waiting_threads(self) -> Result<Vec<Thread>, ApiError> {
        self.get("/messages/threads/waiting").await
    }

    /// Starts a thread with its first message.
    pub async fn start_thread(self, input: &NewThread) -> Result<Posted, ApiError> {
        self.post("/messages/threads", input).await
    }

    /// One thread.
    pub async fn thread(self, id: ThreadId) -> Result<Thread, ApiError> {
        self.get(&thread_path(id)).await
    }

    /// One page of a thread's messages, newest first.
    pub async fn messages(
        self,
        id: ThreadId,
        cursor: Option<String>,
    ) -> Result<Page<Message>, ApiError> {
        let path = paged(
            &format!("{}/messages", thread_path(id)),
            MESSAGES_PAGE,
            cursor.as_deref(),
        );
        self.get(&path).await
    }

    /// Sends a message in a thread.
    pub async fn send_message(self, id: ThreadId, input: &NewMessage) -> Result<Posted, ApiError> {
        self.post(&format!("{}/messages", thread_path(id)), input)
            .await
    }

    /// Marks the thread read up to a message.
    pub async fn read_thread(self, id: ThreadId, up_to: MessageId) -> Result<Thread, ApiError> {
        self.post(&format!("{}/read", thread_path(id)), &ReadInput { up_to })
            .await
    }

    /// A doctor acknowledges an urgent thread.
    pub async fn acknowledge_thread(self, id: ThreadId) -> Result<Thread, ApiError> {
        self.post(&format!("{}/acknowledge", thread_path(id)), &nothing())
            .await
    }

    /// How many messages the caller has not read.
    pub async fn unread_messages(self) -> Result<UnreadMessages, ApiError> {
        self.get("/messages/unread").await
    }

    /// One page of the people the caller can start a thread with.
    pub async fn contacts(self, cursor: Option<String>) -> Result<Page<Contact>, ApiError> {
        self.get(&paged(
            "/messages/contacts",
            CONTACTS_PAGE,
            cursor.as_deref(),
        ))
        .await
    }

    /// When a doctor answers a message sent now.
    pub async fn reply_time(self, doctor: UserId) -> Result<ReplyTime, ApiError> {
        self.get(&format!("/doctors/{doctor}/reply-time")).await
    }

    /// The clinic's messaging at a glance (admins).
    pub async fn messaging_overview(self) -> Result<MessagingOverview, ApiError> {
        self.get("/admin/messages").await
    }
}
