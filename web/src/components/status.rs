//! Loading: what a page reads from the server, and the one way it is shown
//! (loading, the error with "Try again", or the data), announced to screen
//! readers.

use std::future::Future;
use std::str::FromStr;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{use_api, Api, ApiError};

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

/// Something a page loads as the signed-in person: `None` while loading,
/// then the data or the error's message. Shown with [`Loaded`].
pub struct Loader<T: 'static> {
    state: RwSignal<Option<Result<T, String>>>,
    asked: Trigger,
    /// Whether the next load keeps the data shown until its answer comes.
    keep: StoredValue<bool>,
}

impl<T> Clone for Loader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loader<T> {}

impl<T: Send + Sync + 'static> Loader<T> {
    /// Loads with `fetch` now, again on [`Loader::reload`], and again
    /// whenever a signal that `fetch` reads before its first `.await`
    /// changes (a filter, the route's id). An answer that comes after a
    /// newer load started is dropped.
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn(Api) -> Fut + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let api = use_api();
        let loader = Self {
            state: RwSignal::new(None),
            asked: Trigger::new(),
            keep: StoredValue::new(false),
        };
        let latest = StoredValue::new(0_u64);
        Effect::new(move |_| {
            loader.asked.track();
            // A reload keeps the data in view until the answer comes; a
            // new question (or a retry after an error) shows "Loading".
            let keep = loader.keep.try_update_value(std::mem::take) == Some(true);
            let clear = loader.state.with_untracked(|state| match state {
                None => false,
                Some(Ok(_)) => !keep,
                Some(Err(_)) => true,
            });
            if clear {
                loader.state.set(None);
            }
            latest.update_value(|n| *n += 1);
            let mine = latest.get_value();
            let answer = fetch(api);
            spawn_local(async move {
                let answer = answer.await.map_err(|error| error.to_string());
                if latest.try_get_value() == Some(mine) {
                    loader.state.try_set(Some(answer));
                }
            });
        });
        loader
    }

    /// Loads what the route's `:id` names; an id that is not one answers as
    /// the server would, with a 404.
    pub fn by_route_id<I, F, Fut>(fetch: F) -> Self
    where
        I: FromStr + 'static,
        F: Fn(Api, I) -> Fut + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let params = leptos_router::hooks::use_params_map();
        Self::new(move |api| {
            let id = params.with(|p| p.get("id").and_then(|id| id.parse::<I>().ok()));
            let answer = id.map(|id| fetch(api, id));
            async move {
                match answer {
                    Some(answer) => answer.await,
                    None => Err(ApiError::Server {
                        status: 404,
                        body: None,
                    }),
                }
            }
        })
    }

    /// Loads again, keeping what is shown until the answer comes.
    pub fn reload(self) {
        self.keep.set_value(true);
        self.asked.notify();
    }

    /// Shows `data` instead (an action answered with the new state).
    pub fn set(self, data: T) {
        self.state.set(Some(Ok(data)));
    }

    /// A figure drawn from the data, for a dashboard: `…` while it loads,
    /// `–` when it could not be read.
    pub fn figure(self, of: impl Fn(&T) -> String + Send + Sync + 'static) -> Signal<String> {
        Signal::derive(move || {
            self.state.with(|state| match state {
                None => "…".to_owned(),
                Some(Err(_)) => "–".to_owned(),
                Some(Ok(data)) => of(data),
            })
        })
    }

    /// Whether the data, once read, meets `test` (false until then).
    pub fn check(self, test: impl Fn(&T) -> bool + Send + Sync + 'static) -> Signal<bool> {
        Signal::derive(move || {
            self.state
                .with(|state| matches!(state, Some(Ok(data)) if test(data)))
        })
    }

    /// The data, once read (none while loading or after an error), for a
    /// page that shows something else meanwhile.
    pub fn data(self) -> Option<T>
    where
        T: Clone,
    {
        self.state
            .with(|state| state.as_ref().and_then(|s| s.as_ref().ok()).cloned())
    }

    /// Changes the data without showing it again: for a part of the page
    /// that shows the change already and keeps state of its own (an open
    /// form, a message), which showing the data again would reset.
    pub fn remember(self, change: impl FnOnce(&mut T)) {
        self.state.try_update_untracked(|state| {
            if let Some(Ok(data)) = state {
                change(data);
            }
        });
    }

    /// Changes the data shown, if any (a further page was read).
    pub fn update(self, change: impl FnOnce(&mut T)) {
        self.state.update(|state| {
            if let Some(Ok(data)) = state {
                change(data);
            }
        });
    }
}

/// The one view of a [`Loader`]: "Loading …" meanwhile, the error with
/// "Try again", or `children` given the data.
#[component]
pub fn Loaded<T, F, V>(
    /// What to show.
    from: Loader<T>,
    /// What is loading, for "Loading …", e.g. "your medications".
    what: &'static str,
    /// The view of the data.
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match from.state.get() {
        None => view! { <Loading what/> }.into_any(),
        Some(Err(message)) => {
            view! { <LoadError message on_retry=move || from.reload()/> }.into_any()
        }
        Some(Ok(data)) => children(data).into_any(),
    }
}
