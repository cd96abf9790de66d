//! Identity primitives: password hashes, access tokens, the signing secret
//! and the sign-in throttle. The request guard that uses them lives with the
//! routes (`routes::guard`).

pub mod password;
pub mod secret;
pub mod throttle;
pub mod tokens;
