//! Identity: password hashes, access tokens, the signing secret, and the
//! extractor every protected handler takes.

pub mod guard;
pub mod password;
pub mod secret;
pub mod throttle;
pub mod tokens;

pub use guard::{
    ActiveAccount, AdminOnly, AnyAccount, Authenticated, DoctorOnly, PatientOnly, Policy,
};
