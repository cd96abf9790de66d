//! Notifications. A state change writes its notifications to the outbox in
//! the same transaction ([`outbox`]); the [`dispatcher`] later delivers each
//! one to the recipient's in-app [`inbox`] exactly once, rendering its text
//! for that person ([`render`]). Email and SMS channels plug into the dispatcher.

pub mod dispatcher;
pub mod inbox;
pub mod outbox;
pub mod render;

pub use dispatcher::{Dispatcher, OutboxSignal};
pub use outbox::{AccountChange, AppointmentChange, AppointmentNotice, Event};
