//! Messages, live: one stream of the server's events per tab, open while a
//! patient or an approved doctor is signed in. Each event reads the unread
//! count again (the header's badge) and tells an open page which thread
//! changed, so that it reads that thread's newest messages. The server ends
//! the stream when the access token expires; it is opened again at once
//! with the renewed token, and after a failure with a growing pause.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::{AccountStatus, Me, Role, ThreadId, UserId};
use web_sys::AbortController;

use super::inbox::{use_inbox, Inbox};
use super::session::use_session;
use crate::api::events::{sleep, Pushed};
use crate::api::{use_api, Api, ApiError};

/// The first pause after a failure; it doubles up to [`LONGEST_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_secs(2);
const LONGEST_PAUSE: Duration = Duration::from_secs(30);
/// A stream that ends sooner than this did not really work: the next
/// attempt waits as after a failure.
const SHORT_LIVED_MS: f64 = 5_000.0;

/// What changed last, as the stream told it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Change {
    /// Counts the changes: a page reacts to each, the same thread's too.
    pub seq: u64,
    /// The thread; none when anything may have changed (the stream was
    /// away for a while).
    pub thread: Option<ThreadId>,
}

impl Change {
    /// Whether it may concern `thread`.
    pub fn concerns(self, thread: ThreadId) -> bool {
        self.seq > 0 && self.thread.is_none_or(|t| t == thread)
    }
}

/// Messages' unread count and the changes the stream tells of, shared
/// through the context.
#[derive(Debug, Clone, Copy)]
pub struct Messages {
    /// The caller's unread messages, once read (none for admins).
    pub unread: RwSignal<Option<u32>>,
    /// The last change.
    pub changed: RwSignal<Change>,
    api: Api,
    inbox: Inbox,
    /// Who is signed in, when they write messages.
    writer: Memo<Option<UserId>>,
    /// Counts the streams started: a stream whose number is no longer the
    /// latest stops.
    epoch: StoredValue<u64>,
    abort: StoredValue<Option<AbortController>, LocalStorage>,
}

/// Whether `me` writes and reads messages.
pub fn writes(me: &Me) -> bool {
    matches!(me.role, Role::Patient | Role::Doctor) && me.status == AccountStatus::Active
}

impl Messages {
    /// Creates it, puts it in the context, and keeps the stream open while
    /// someone who writes messages is signed in.
    pub fn provide() -> Self {
        let session = use_session();
        // Who is signed in, not their token: a renewed token keeps the stream.
        let writer = Memo::new(move |_| {
            session
                .current
                .with(|s| s.as_ref().filter(|s| writes(&s.me)).map(|s| s.me.id))
        });
        let messages = Self {
            unread: RwSignal::new(None),
            changed: RwSignal::new(Change::default()),
            api: use_api(),
            inbox: use_inbox(),
            writer,
            epoch: StoredValue::new(0),
            abort: StoredValue::new_local(None),
        };
        provide_context(messages);
        Effect::new(move |_| {
            messages.stop();
            if writer.get().is_some() {
                messages.refresh();
                messages.start();
            } else {
                messages.unread.set(None);
            }
        });
        messages
    }

    /// Reads the count again; a failure leaves it as it was.
    pub fn refresh(self) {
        if self.writer.try_get_untracked().flatten().is_none() {
            return;
        }
        spawn_local(async move {
            if let Ok(count) = self.api.unread_messages().await {
                self.unread.try_set(Some(count.total));
            }
        });
    }

    fn start(self) {
        self.epoch.update_value(|n| *n += 1);
        let mine = self.epoch.get_value();
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let signal = controller.signal();
        self.abort.set_value(Some(controller));
        spawn_local(async move {
            let mut pause = FIRST_PAUSE;
            let mut first = true;
            while self.epoch.try_get_value() == Some(mine) {
                let began = js_sys::Date::now();
                let stream = self.api.events(&signal).await;
                let failed = match stream {
                    Ok(mut stream) => {
                        if !std::mem::take(&mut first) {
                            // Events may have been missed meanwhile.
                            self.changed(None);
                        }
                        loop {
                            match stream.next().await {
                                Ok(Some(Pushed::Thread(change))) => {
                                    self.changed(Some(change.thread))
                                }
                                Ok(Some(Pushed::Resync)) => self.changed(None),
                                Ok(Some(Pushed::Other)) => {}
                                Ok(None) => break false,
                                Err(_) => break true,
                            }
                        }
                    }
                    // Signed out meanwhile, or the session could not be renewed.
                    Err(ApiError::SignedOut) => return,
                    Err(e) if e.status() == Some(401) => return,
                    Err(_) => true,
                };
                if self.epoch.try_get_value() != Some(mine) {
                    return;
                }
                if failed || js_sys::Date::now() - began < SHORT_LIVED_MS {
                    sleep(pause).await;
                    pause = (pause * 2).min(LONGEST_PAUSE);
                } else {
                    pause = FIRST_PAUSE;
                }
            }
        });
    }

    /// Ends the stream (signed out, or someone else signed in).
    fn stop(self) {
        self.epoch.update_value(|n| *n += 1);
        if let Some(Some(controller)) = self.abort.try_update_value(Option::take) {
            controller.abort();
        }
    }

    /// Something changed in `thread` (or anywhere): the counts are read
    /// again and open pages are told.
    fn changed(self, thread: Option<ThreadId>) {
        self.refresh();
        // A message may also have left a notification in the inbox.
        self.inbox.refresh();
        self.changed.try_update(|c| {
            c.seq += 1;
            c.thread = thread;
        });
    }
}

/// The messages' state from the context.
pub fn use_messages() -> Messages {
    expect_context::<Messages>()
}
