//! The outside world, behind the ports the domain defines
//! (`crate::domain::ports`): AWS SNS for email and text messages, or the
//! development sink that keeps them in the store for admins to read.

pub mod sink;
pub mod sns;

pub use sink::DevSink;
pub use sns::{SnsConfig, SnsGateway};
