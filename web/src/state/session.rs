//! The session: the access token in memory only, renewed from the refresh
//! cookie a minute before it expires and after a page reload.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
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
#[derive(Debug, Clone, Copy)]
pub struct Session {
    /// The signed-in account, if any.
    pub current: RwSignal<Option<SignedIn>>,
    /// False until the first attempt to restore a session has finished.
    pub ready: RwSignal<bool>,
}

impl Session {
    /// Creates the session, puts it in the context and tries to restore one
    /// from the refresh cookie.
    pub fn provide() -> Self {
        let session = Self {
            current: RwSignal::new(None),
            ready: RwSignal::new(false),
        };
        provide_context(session);
        session.renew();
        session
    }

    /// Uses freshly issued tokens: reads the account and schedules renewal.
    pub async fn start(self, tokens: SessionTokens) -> Result<(), api::ApiError> {
        let me = api::auth::me(&tokens.access_token).await?;
        self.current.set(Some(SignedIn {
            token: tokens.access_token,
            me,
        }));
        let renew_in = Duration::from_secs(tokens.expires_in.saturating_sub(60).max(30));
        set_timeout(move || self.renew(), renew_in);
        Ok(())
    }

    /// Trades the refresh cookie for new tokens; without one, nobody is signed in.
    pub fn renew(self) {
        spawn_local(async move {
            let renewed = match api::auth::refresh().await {
                Ok(tokens) => self.start(tokens).await,
                Err(error) => Err(error),
            };
            if renewed.is_err() {
                self.current.set(None);
            }
            self.ready.set(true);
        });
    }

    /// Signs out here and on the server.
    pub fn sign_out(self) {
        let token = self.current.get_untracked().map(|s| s.token);
        self.current.set(None);
        spawn_local(async move {
            // Signed out locally either way; the server forgets the session when it can.
            let _ = api::auth::logout(token.as_deref()).await;
        });
    }

    /// The signed-in person's time zone (UTC when nobody is signed in).
    pub fn zone(self) -> String {
        self.current
            .get_untracked()
            .map(|s| s.me.time_zone)
            .unwrap_or_else(|| "UTC".into())
    }

    /// The access token, if signed in.
    pub fn token(self) -> Option<String> {
        self.current.get_untracked().map(|s| s.token)
    }
}

/// Sends people who are not signed in to the sign-in page, once the session
/// has been restored (or not) after a reload.
pub fn require_sign_in() {
    let session = use_session();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.ready.get() && session.current.with(Option::is_none) {
            navigate("/signin", Default::default());
        }
    });
}

/// The session from the context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
