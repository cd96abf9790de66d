//! What handlers share.

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
    /// Whether the client's address comes from X-Forwarded-For (behind a load balancer).
    pub trust_x_forwarded_for: bool,
}
