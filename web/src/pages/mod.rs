//! One module per route.

pub mod landing;
pub mod not_found;
