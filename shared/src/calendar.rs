//! Calendar feeds: secret iCalendar addresses for phone and desktop calendars.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Whether the signed-in person has a live feed address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeedStatus {
    /// When the live address was made; absent when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub created_at: Option<Timestamp>,
}

/// A new feed address: shown once; the previous one stops working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeedAddress {
    /// The address to subscribe to (https, or webcal by changing the scheme).
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://clinic.example.org/api/v1/calendar/3q2-….ics")
    )]
    pub url: String,
    /// When it was made.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}
