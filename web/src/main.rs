//! The MedTrack web client: a Leptos single-page app compiled to WebAssembly.

mod api;
mod app;
mod components;
mod format;
mod pages;
mod state;

fn main() {
    console_error_panic_hook::set_once();
    // index.html's static header and loading line, shown until now.
    if let Some(shell) = leptos::prelude::document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
