//! How the OpenAPI document describes values whose Rust type comes from
//! another crate: documentation only, never (de)serialized.

/// A local time of day: `HH:MM`, or `HH:MM:SS` with optional fractions.
#[derive(utoipa::ToSchema)]
#[schema(
    value_type = String,
    pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$",
    example = "08:00"
)]
pub struct TimeOfDay(pub String);
