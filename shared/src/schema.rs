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

/// A string schema with a length limit, for the items of lists of text
/// (the derive has no such attribute for a newtype).
macro_rules! limited_text {
    ($(#[$doc:meta])* $name:ident, $max:literal, $example:literal) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .max_length(Some($max))
                    .examples([$example])
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

limited_text!(
    /// A mood tag: a word or two.
    MoodTag,
    30,
    "calm"
);

limited_text!(
    /// A bed's name in its room.
    BedLabel,
    80,
    "A"
);

limited_text!(
    /// A medicine's name, as it would be prescribed.
    MedicineName,
    200,
    "Amoxicillin 500 mg"
);
