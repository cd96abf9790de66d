//! Figures on a dashboard: a number (or a short text), what it counts, and
//! where to act on it.

use leptos::prelude::*;

/// One figure linking to its page; `alert` marks a figure that needs action.
#[component]
pub fn Tile(
    /// The figure, as shown.
    #[prop(into)]
    figure: Signal<String>,
    /// What it counts.
    label: &'static str,
    /// Where to act on it.
    href: &'static str,
    /// Whether it asks for action now.
    #[prop(into, default = Signal::from(false))]
    alert: Signal<bool>,
    /// A test id.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <li>
            <a class="tile" href=href data-testid=testid>
                <span class="figure" class:alert=move || alert.get()>{move || figure.get()}</span>
                <span class="label">{label}</span>
            </a>
        </li>
    }
}

/// A page's count as people read it: `25+` when there are further pages.
pub fn count<T>(page: &medtrack_shared::Page<T>) -> String {
    match page.next_cursor {
        Some(_) => format!("{}+", page.items.len()),
        None => page.items.len().to_string(),
    }
}
