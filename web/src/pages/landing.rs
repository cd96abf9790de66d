//! The start page: what MedTrack is, and the specializations it covers.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::Specialization;

use crate::api;
use crate::components::status::{LoadError, Loading};

#[derive(Clone, PartialEq)]
enum Status {
    Loading,
    Ready,
    Failed(String),
}

/// The landing page.
#[component]
pub fn Landing() -> impl IntoView {
    let items = RwSignal::new(Vec::<Specialization>::new());
    let next = RwSignal::new(None::<String>);
    let status = RwSignal::new(Status::Loading);

    let load = move |cursor: Option<String>| {
        status.set(Status::Loading);
        spawn_local(async move {
            match api::catalogue::specializations(cursor.as_deref()).await {
                Ok(page) => {
                    items.update(|list| list.extend(page.items));
                    next.set(page.next_cursor);
                    status.set(Status::Ready);
                }
                Err(error) => status.set(Status::Failed(error.to_string())),
            }
        });
    };
    load(None);

    view! {
        <h1>"Care, appointments and medication in one place"</h1>
        <p class="lead">
            "MedTrack connects patients, doctors and clinic administrators. "
            "Find a doctor by specialization, follow your appointments and keep your medication on schedule."
        </p>
        <h2 id="specializations-heading">"Specializations"</h2>
        <ul class="cards" aria-labelledby="specializations-heading" data-testid="specializations">
            <For each=move || items.get() key=|s| s.slug.clone() let:spec>
                <li class="card">
                    <h3>{spec.name}</h3>
                    <p>{spec.description}</p>
                </li>
            </For>
        </ul>
        {move || match status.get() {
            Status::Loading => view! { <Loading what="specializations"/> }.into_any(),
            Status::Failed(message) => {
                view! { <LoadError message on_retry=move || load(next.get_untracked())/> }.into_any()
            }
            Status::Ready if next.get().is_some() => {
                view! {
                    <div class="actions">
                        <button class="secondary" on:click=move |_| load(next.get_untracked())>"Show more"</button>
                    </div>
                }
                .into_any()
            }
            Status::Ready => view! { <span></span> }.into_any(),
        }}
    }
}
