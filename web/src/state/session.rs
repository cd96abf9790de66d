//! The session: the access token in memory only, renewed from the refresh
//! cookie a minute before it expires, after a page reload, and when the
//! server refuses the token.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::account::SessionTokens;
use medtrack_shared::Me;

use crate::api;

/// Who is signed in.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedIn {
    /// The access token.
    pub token: String,
    /// The account.
    pub me: Me,
}

/// The session, shared through the context.
#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in account, if any. It changes with every renewed token:
    /// views that must not be rebuilt then read [`Session::signed_in`].
    pub current: RwSignal<Option<SignedIn>>,
    /// Whether someone is signed in; `None` until the first attempt to
    /// restore a session (after a reload) has finished.
    pub signed_in: Memo<Option<bool>>,
    /// The renewal under way, which every caller that needs one joins.
    renewal: StoredValue<Option<Rc<Flight>>, LocalStorage>,
    /// The timer of the next planned renewal.
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Counts sign-outs: a renewal that started before one is dropped.
    epoch: StoredValue<u64>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("current", &self.current)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Creates the session, puts it in the context and tries to restore one
    /// from the refresh cookie.
    pub fn provide() -> Self {
        let current = RwSignal::new(None::<SignedIn>);
        let ready = RwSignal::new(false);
        let session = Self {
            current,
            signed_in: Memo::new(move |_| ready.get().then(|| current.with(Option::is_some))),
            renewal: StoredValue::new_local(None),
            timer: StoredValue::new(None),
            epoch: StoredValue::new(0),
        };
        provide_context(session);
        spawn_local(async move {
            session.renew().await;
            ready.set(true);
        });
        session
    }

    /// Uses freshly issued tokens: reads the account and plans the renewal.
    pub async fn start(self, tokens: SessionTokens) -> Result<(), api::ApiError> {
        let me = api::auth::me_with(&tokens.access_token).await?;
        self.current.set(Some(SignedIn {
            token: tokens.access_token,
            me,
        }));
        let renew_in = Duration::from_secs(tokens.expires_in.saturating_sub(60).max(30));
        let next = set_timeout_with_handle(
            move || {
                spawn_local(async move {
                    self.renew().await;
                })
            },
            renew_in,
        )
        .ok();
        if let Some(Some(planned)) = self
            .timer
            .try_update_value(|timer| std::mem::replace(timer, next))
        {
            planned.clear();
        }
        Ok(())
    }

    /// Trades the refresh cookie for new tokens, or joins the trade already
    /// under way (two with one cookie would race for its refresh token).
    /// Answers the new access token; `None` means nobody is signed in now.
    pub async fn renew(self) -> Option<String> {
        let flight = match self.renewal.get_value() {
            Some(flight) => flight,
            None => {
                let flight = Rc::new(Flight::default());
                self.renewal.set_value(Some(Rc::clone(&flight)));
                let shared = Rc::clone(&flight);
                let epoch = self.epoch.get_value();
                spawn_local(async move {
                    let token = match api::auth::refresh().await {
                        Ok(tokens) if self.epoch.get_value() == epoch => {
                            let token = tokens.access_token.clone();
                            self.start(tokens).await.ok().map(|()| token)
                        }
                        _ => None,
                    };
                    if token.is_none() {
                        self.current.set(None);
                    }
                    self.renewal.set_value(None);
                    shared.land(token);
                });
                flight
            }
        };
        Landing(flight).await
    }

    /// A token to use instead of `refused`, which the server turned down:
    /// the one a renewal made meanwhile, or a new one.
    pub async fn renewed_after(self, refused: &str) -> Option<String> {
        match self.token() {
            Some(token) if token != refused => Some(token),
            Some(_) => self.renew().await,
            None => None,
        }
    }

    /// Signs out here and on the server.
    pub fn sign_out(self) {
        let token = self.token();
        self.epoch.update_value(|n| *n += 1);
        if let Some(Some(planned)) = self.timer.try_update_value(Option::take) {
            planned.clear();
        }
        self.current.set(None);
        spawn_local(async move {
            // Signed out locally either way; the server forgets the session when it can.
            let _ = api::auth::logout(token.as_deref()).await;
        });
    }

    /// The signed-in person's account, read without tracking.
    pub fn me(self) -> Option<Me> {
        self.current
            .with_untracked(|s| s.as_ref().map(|s| s.me.clone()))
    }

    /// The signed-in person's time zone (UTC when nobody is signed in).
    pub fn zone(self) -> String {
        self.me()
            .map(|me| me.time_zone)
            .unwrap_or_else(|| "UTC".into())
    }

    /// The access token, if signed in.
    pub fn token(self) -> Option<String> {
        self.current
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    }
}

/// The session from the context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// A renewal's outcome, awaited by everyone who asked for it.
#[derive(Default)]
struct Flight {
    outcome: RefCell<Option<Option<String>>>,
    waiting: RefCell<Vec<Waker>>,
}

impl Flight {
    fn land(&self, token: Option<String>) {
        self.outcome.replace(Some(token));
        for waker in self.waiting.take() {
            waker.wake();
        }
    }
}

/// Waits for a [`Flight`] to land.
struct Landing(Rc<Flight>);

impl Future for Landing {
    type Output = Option<String>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Some(outcome) = self.0.outcome.borrow().clone() {
            return Poll::Ready(outcome);
        }
        self.0.waiting.borrow_mut().push(cx.waker().clone());
        Poll::Pending
    }
}
