//! What a person does (save, mark read, retry): every action says how it
//! ended, next to its button or form, so a failure is never silent.

use std::fmt::Display;
use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// One action's state: whether it is under way, and its outcome, shown by
/// [`Outcome`].
#[derive(Debug, Clone, Copy)]
pub struct Act {
    pending: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
}

impl Act {
    /// Nothing done yet.
    pub fn new() -> Self {
        Self {
            pending: RwSignal::new(false),
            error: RwSignal::new(None),
            done: RwSignal::new(None),
        }
    }

    /// Whether it is under way (tracked: for `disabled` on its button).
    pub fn pending(self) -> bool {
        self.pending.get()
    }

    /// Runs `work` (unless a run is already under way) and hands its answer
    /// to `then`; a failure is shown as the error.
    pub fn run<T, E, Fut>(self, work: Fut, then: impl FnOnce(T) + 'static)
    where
        T: 'static,
        E: Display + 'static,
        Fut: Future<Output = Result<T, E>> + 'static,
    {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        self.error.set(None);
        self.done.set(None);
        spawn_local(async move {
            let answer = work.await;
            // The view may be gone by now (the person moved on).
            self.pending.try_set(false);
            match answer {
                Ok(value) => then(value),
                Err(error) => {
                    self.error.try_set(Some(error.to_string()));
                }
            }
        });
    }

    /// Says that it went well.
    pub fn done(self, message: impl Into<String>) {
        self.error.try_set(None);
        self.done.try_set(Some(message.into()));
    }

    /// Says why it cannot be done (found before anything was sent).
    pub fn fail(self, message: impl Into<String>) {
        self.done.try_set(None);
        self.error.try_set(Some(message.into()));
    }
}

impl Default for Act {
    fn default() -> Self {
        Self::new()
    }
}

/// How an action ended: a confirmation as a status, a failure as an alert.
#[component]
pub fn Outcome(
    /// The action.
    act: Act,
    /// A test id for the pair.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="outcome" data-testid=testid>
            <p class="status" role="status">{move || act.done.get()}</p>
            <p class="form-error" role="alert">{move || act.error.get()}</p>
        </div>
    }
}

/// Only how an action failed, for actions whose success shows by itself
/// (the list changes).
#[component]
pub fn Failure(act: Act) -> impl IntoView {
    view! { <p class="form-error" role="alert">{move || act.error.get()}</p> }
}
