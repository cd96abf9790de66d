//! Loading and error states, announced to screen readers.

use leptos::prelude::*;

/// Shown while data loads.
#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! { <p class="status" role="status" aria-live="polite">{format!("Loading {what}…")}</p> }
}

/// Shown when loading failed, with a way to try again.
#[component]
pub fn LoadError(message: String, on_retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="status error" role="alert">
            <p>{message}</p>
            <button class="secondary" on:click=move |_| on_retry()>"Try again"</button>
        </div>
    }
}

/// What a page loads with the signed-in person's token: `None` while
/// loading, then the data or the error's message.
pub type Loaded<T> = RwSignal<Option<Result<T, String>>>;

/// Loads with `fetch` once someone is signed in (and again when the returned
/// function is called).
pub fn load_with_token<T, F, Fut>(fetch: F) -> (Loaded<T>, impl Fn() + Copy + 'static)
where
    T: Send + Sync + 'static,
    F: Fn(String) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<T, crate::api::ApiError>> + 'static,
{
    let session = crate::state::session::use_session();
    let data: Loaded<T> = RwSignal::new(None);
    let load = move || {
        let Some(token) = session.token() else { return };
        leptos::task::spawn_local(async move {
            data.set(Some(fetch(token).await.map_err(|e| e.to_string())));
        });
    };
    Effect::new(move |_| {
        if session.current.with(Option::is_some) {
            load();
        }
    });
    (data, load)
}

/// Loads what the route's `:id` names, with `fetch`; an id that is not one
/// answers as the server would, with a 404.
pub fn load_by_route_id<I, T, F, Fut>(fetch: F) -> (Loaded<T>, impl Fn() + Copy + 'static)
where
    I: std::str::FromStr + 'static,
    T: Send + Sync + 'static,
    F: Fn(String, I) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<T, crate::api::ApiError>> + 'static,
{
    let params = leptos_router::hooks::use_params_map();
    load_with_token(move |token| {
        let id = params.with_untracked(|p| p.get("id").and_then(|id| id.parse::<I>().ok()));
        async move {
            match id {
                Some(id) => fetch(token, id).await,
                None => Err(crate::api::ApiError::Server {
                    status: 404,
                    body: None,
                }),
            }
        }
    })
}

/// Tells the newest of several loads apart, so that an answer to an older
/// request (a filter changed meanwhile) that arrives late is dropped.
#[derive(Clone, Copy)]
pub struct Latest(StoredValue<u64>);

impl Latest {
    /// A counter at zero.
    pub fn new() -> Self {
        Self(StoredValue::new(0))
    }

    /// Starts a load; returns its number.
    pub fn start(self) -> u64 {
        self.0.update_value(|n| *n += 1);
        self.0.get_value()
    }

    /// Whether load `n` is still the newest.
    pub fn is_current(self, n: u64) -> bool {
        self.0.get_value() == n
    }
}
