//! Identity primitives: password hashes, access tokens and the signing
//! secret. The request guard that uses them lives with the routes
//! (`routes::guard`); the sign-in limits with the domain
//! (`domain::accounts::throttle`), in the store, so that they hold across
//! replicas.

pub mod password;
pub mod secret;
pub mod tokens;
