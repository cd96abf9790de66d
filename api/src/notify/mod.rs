//! Notifications. A state change writes its notifications to the outbox in
//! the same transaction ([`outbox`]); the [`dispatcher`] later delivers each
//! one to the recipient's in-app [`inbox`] exactly once, rendering its text
//! for that person ([`render`]), and on the email and SMS channels they chose
//! ([`settings`]) through the [`gateway`]: AWS SNS, or a development sink.
//! Caregivers named by email have subscriptions of their own ([`caregivers`]).

pub mod caregivers;
pub mod dispatcher;
pub mod gateway;
pub mod gsm7;
pub mod inbox;
pub mod outbox;
pub mod render;
pub mod settings;

pub use dispatcher::{Dispatcher, OutboxSignal};
pub use gateway::Gateway;
pub use outbox::{
    AccountChange, AppointmentChange, AppointmentNotice, Event, MedicationChange, MedicationNotice,
};
