//! What handlers share.

use crate::auth::throttle::SignInThrottle;
use crate::auth::tokens::TokenKeys;
use crate::domain::Context;

/// What handlers share.
pub struct AppState {
    /// The domain's context: store, messenger, clock, workers' wake-ups.
    pub ctx: Context,
    /// Signs and checks access tokens.
    pub tokens: TokenKeys,
    /// Whether cookies carry the Secure flag (production: served over HTTPS).
    pub secure_cookies: bool,
    /// Limits sign-in attempts.
    pub sign_in_throttle: SignInThrottle,
    /// Whether the client's address comes from X-Forwarded-For (behind a load balancer).
    pub trust_x_forwarded_for: bool,
}
