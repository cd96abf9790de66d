//! The admin's queue of doctors waiting for approval.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::account::{AccountDecision, UserSummary};

use crate::api;
use crate::components::status::{LoadError, Loading};
use crate::state::session::use_session;

/// Pending doctors with approve and reject actions.
#[component]
pub fn PendingDoctors() -> impl IntoView {
    let session = use_session();
    let doctors = RwSignal::new(None::<Result<Vec<UserSummary>, String>>);
    let load = move || {
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            let result = api::auth::users(&token, "doctor", "pending", None)
                .await
                .map(|p| p.items)
                .map_err(|e| e.to_string());
            doctors.set(Some(result));
        });
    };
    Effect::new(move |_| {
        if session.current.with(Option::is_some) {
            load();
        }
    });
    view! {
        <h1>"Doctors waiting for approval"</h1>
        {move || match doctors.get() {
            None => view! { <Loading what="pending doctors"/> }.into_any(),
            Some(Err(message)) => view! { <LoadError message on_retry=load/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p data-testid="no-pending">"Nobody is waiting."</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="cards" data-testid="pending-doctors">
                    {list.into_iter().map(|doctor| view! { <PendingDoctor doctor on_done=load/> }).collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

#[component]
fn PendingDoctor(doctor: UserSummary, on_done: impl Fn() + Copy + 'static) -> impl IntoView {
    let session = use_session();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let id = doctor.account.id;
    let decide = move |decision: AccountDecision| {
        let reason = Some(reason.get_untracked()).filter(|r| !r.trim().is_empty());
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            match api::auth::decide(&token, &id, decision, reason).await {
                Ok(_) => on_done(),
                Err(e) => error.set(Some(
                    e.field("reason")
                        .map(|m| format!("Reason {m}"))
                        .unwrap_or_else(|| e.to_string()),
                )),
            }
        });
    };
    let name = doctor.account.name.clone();
    let reason_id = format!("reason-{id}");
    view! {
        <li class="card">
            <h3>{doctor.account.name}</h3>
            <p>{format!(
                "{} · licence {} · {}",
                doctor.account.specialization.map(|s| s.to_string()).unwrap_or_default(),
                doctor.account.licence_number.unwrap_or_default(),
                doctor.account.email
            )}</p>
            <label for=reason_id.clone()>{format!("Reason, to reject {name}")}</label>
            <input id=reason_id on:input=move |ev| reason.set(event_target_value(&ev)) prop:value=move || reason.get()/>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <div class="actions">
                <button on:click=move |_| decide(AccountDecision::Approve)>"Approve"</button>
                " "
                <button class="secondary" on:click=move |_| decide(AccountDecision::Reject)>"Reject"</button>
            </div>
        </li>
    }
}
