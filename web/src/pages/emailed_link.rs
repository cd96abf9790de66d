//! What the pages that emailed links open share: the link's secret, read
//! from the address's fragment (`#token=`, which browsers never send to a
//! server) and then taken out of the address bar and the history; and the
//! words for a link that no longer works.

use leptos::prelude::*;
use medtrack_shared::rules;
use wasm_bindgen::JsValue;

/// The secret of the link this page was opened from, if it carries one.
/// Read once: the fragment is then removed from the address bar, so the
/// secret stays neither on the screen nor in the history.
pub fn take_token() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let token = hash
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .map(|raw| {
            js_sys::decode_uri_component(raw)
                .map(String::from)
                .unwrap_or_else(|_| raw.to_owned())
        })
        .filter(|token| !token.is_empty() && token.chars().count() <= rules::MAX_TOKEN_CHARS);
    if !hash.is_empty() {
        if let (Ok(history), Ok(path)) = (window.history(), location.pathname()) {
            // Only the address changes: nothing is loaded or navigated.
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
        }
    }
    token
}

/// Runs `then` with the secret of each further link opened while the page
/// is shown: a link whose address differs only in its fragment does not
/// load the page again.
pub fn on_new_link(then: impl Fn(String) + 'static) {
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(token) = take_token() {
            then(token);
        }
    });
    on_cleanup(move || listener.remove());
}

/// A link that is missing, expired or used; `children` say what to do instead.
#[component]
pub fn LinkProblem(
    /// What went wrong, in a sentence.
    #[prop(into)]
    what: String,
    /// The way on.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="notice problem" role="alert" data-testid="link-problem">
            <p><strong>{what}</strong></p>
            {children()}
        </div>
    }
}
