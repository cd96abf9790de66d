//! Messages between patients and their doctors: the list of threads (for a
//! doctor, those waiting for a reply first), one thread, and a new one.

pub mod list;
pub mod new;
pub mod thread;
