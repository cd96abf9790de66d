//! The MedTrack web client: a Leptos single-page app compiled to WebAssembly.

mod api;
mod app;
mod components;
mod pages;
mod state;
mod time;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
