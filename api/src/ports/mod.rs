//! The outside world, behind the ports the domain defines
//! (`crate::domain::ports`): AWS SNS for email and text messages, or the
//! development sink that keeps them in the store for admins to read; the
//! vault's objects in a directory or in S3; a ClamAV daemon that scans
//! them.

pub mod clamd;
pub mod disk_objects;
pub mod s3_objects;
pub mod sink;
pub mod sns;

pub use disk_objects::DiskObjects;
pub use s3_objects::{S3Config, S3Objects};
pub use sink::DevSink;
pub use sns::{SnsConfig, SnsGateway};
