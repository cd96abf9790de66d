//! Lists a page shows: the items, or a line saying there are none; and the
//! "Show more" button of a list read a page at a time.

use leptos::prelude::*;
use medtrack_shared::Page;

use crate::components::action::Act;
use crate::components::status::Loader;

/// `items`, a view each (`children`), in a list; or `empty` when there are none.
#[component]
pub fn Items<T, F, V>(
    /// What to show.
    items: Vec<T>,
    /// The list's class.
    #[prop(default = "cards")]
    class: &'static str,
    /// The list's test id.
    #[prop(into)]
    testid: String,
    /// What to say when there is nothing.
    empty: &'static str,
    /// The test id of what is said when there is nothing.
    #[prop(optional)]
    empty_testid: Option<&'static str>,
    /// The view of one item (an `<li>`).
    children: F,
) -> impl IntoView
where
    F: Fn(T) -> V + 'static,
    V: IntoView + 'static,
{
    if items.is_empty() {
        return view! { <p data-testid=empty_testid>{empty}</p> }.into_any();
    }
    view! {
        <ul class=class data-testid=testid>
            {items.into_iter().map(children).collect_view()}
        </ul>
    }
    .into_any()
}

/// The "Show more" button of a list read a page at a time: there while a
/// next page exists (`cursor`), it hands the cursor to `show_more`, and
/// waits while `act` is under way.
#[component]
pub fn ShowMore(
    cursor: Option<String>,
    act: Act,
    show_more: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    cursor.map(|cursor| {
        view! {
            <div class="actions">
                <button class="secondary" disabled=move || act.pending() on:click=move |_| show_more(cursor.clone())>"Show more"</button>
            </div>
        }
    })
}

impl<T: Send + Sync + 'static> Loader<Page<T>> {
    /// Adds a further page to the one shown.
    pub fn append(self, page: Page<T>) {
        self.update(|shown| {
            shown.items.extend(page.items);
            shown.next_cursor = page.next_cursor;
        });
    }
}
