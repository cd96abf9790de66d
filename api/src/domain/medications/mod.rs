//! Medications on a patient's list, their dose times, and the dose log.

pub mod times;
