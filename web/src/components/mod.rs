//! Pieces shared by pages: the design system, and the views of the
//! domain that several pages show.

pub mod action;
pub mod adherence;
pub mod allergy_warning;
pub mod analytics;
pub mod appointment;
pub mod billing;
pub mod blood;
pub mod dose_bars;
pub mod doses;
pub mod email;
pub mod form;
pub mod guard;
pub mod layout;
pub mod list;
pub mod medication;
pub mod messaging;
pub mod record;
pub mod slots;
pub mod status;
pub mod strength;
pub mod tiles;
pub mod triage;
pub mod vault;
pub mod wards;
pub mod wellbeing;
