//! The unread count in the header: read when someone signs in, every 30
//! seconds after, and whenever a page changes what is read.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::notification::UnreadCount;

use super::session::use_session;
use crate::api::{use_api, Api};

/// The inbox's unread count, shared through the context.
#[derive(Debug, Clone, Copy)]
pub struct Inbox {
    /// The count, once read.
    pub unread: RwSignal<Option<UnreadCount>>,
    // Kept here: `refresh` runs from event handlers and tasks, outside the
    // component tree where the context could be looked up.
    api: Api,
}

impl Inbox {
    /// Creates it, puts it in the context and keeps it fresh.
    pub fn provide() -> Self {
        let session = use_session();
        let inbox = Self {
            unread: RwSignal::new(None),
            api: use_api(),
        };
        provide_context(inbox);
        Effect::new(move |_| {
            if session.signed_in.get() == Some(true) {
                inbox.refresh();
            } else {
                inbox.unread.set(None);
            }
        });
        let _ = set_interval_with_handle(
            move || {
                if session.token().is_some() {
                    inbox.refresh();
                }
            },
            Duration::from_secs(30),
        );
        inbox
    }

    /// Reads the count again. A failure leaves the count as it was: it is
    /// read again within 30 seconds.
    pub fn refresh(self) {
        spawn_local(async move {
            if let Ok(count) = self.api.unread().await {
                self.unread.set(Some(count));
            }
        });
    }
}

/// The inbox from the context.
pub fn use_inbox() -> Inbox {
    expect_context::<Inbox>()
}
