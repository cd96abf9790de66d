//! The admin's view of accounts: by role and status, with sign-in counts, and
//! deactivation or reactivation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::account::{AccountDecision, UserSummary};
use medtrack_shared::AccountStatus;

use crate::api;
use crate::components::status::{Latest, LoadError};
use crate::state::session::use_session;

const ROLES: [&str; 3] = ["patient", "doctor", "admin"];
const STATUSES: [&str; 4] = ["active", "pending", "rejected", "deactivated"];

/// The users page.
#[component]
pub fn Users() -> impl IntoView {
    let session = use_session();
    let role = RwSignal::new("patient".to_owned());
    let status = RwSignal::new("active".to_owned());
    let users = RwSignal::new(Vec::<UserSummary>::new());
    let next = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);

    let latest = Latest::new();
    let load = move |cursor: Option<String>| {
        let mine = latest.start();
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            let answer = api::auth::users(
                &token,
                &role.get_untracked(),
                &status.get_untracked(),
                cursor.as_deref(),
            )
            .await;
            if !latest.is_current(mine) {
                return;
            }
            match answer {
                Ok(page) => {
                    if cursor.is_none() {
                        users.set(page.items);
                    } else {
                        users.update(|list| list.extend(page.items));
                    }
                    next.set(page.next_cursor);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    Effect::new(move |_| {
        // Reload whenever the filters change or the session arrives.
        let _ = (
            role.get(),
            status.get(),
            session.current.with(Option::is_some),
        );
        load(None);
    });

    let decide = move |id, decision| {
        spawn_local(async move {
            let Some(token) = session.token() else { return };
            match api::auth::decide(&token, &id, decision, None).await {
                Ok(_) => load(None),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    view! {
        <h1>"Accounts"</h1>
        <div class="filters">
            <label for="role-filter">"Role"</label>
            <select id="role-filter" on:change=move |ev| role.set(event_target_value(&ev))>
                {ROLES.map(|r| view! { <option value=r selected=move || role.get() == r>{r}</option> }).collect_view()}
            </select>
            <label for="status-filter">"Status"</label>
            <select id="status-filter" on:change=move |ev| status.set(event_target_value(&ev))>
                {STATUSES.map(|s| view! { <option value=s selected=move || status.get() == s>{s}</option> }).collect_view()}
            </select>
        </div>
        {move || error.get().map(|message| view! { <LoadError message on_retry=move || load(None)/> })}
        <table class="users" data-testid="users">
            <thead>
                <tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Sign-ins"</th><th scope="col">"Last sign-in"</th><th scope="col">"Action"</th></tr>
            </thead>
            <tbody>
                <For each=move || users.get() key=|u| (u.account.id, u.account.status) let:user>
                    {
                        let id = user.account.id;
                        let deactivated = user.account.status == AccountStatus::Deactivated;
                        let label = if deactivated { "Reactivate" } else { "Deactivate" };
                        let decision = if deactivated { AccountDecision::Reactivate } else { AccountDecision::Deactivate };
                        view! {
                            <tr>
                                <td>{user.account.name.clone()}</td>
                                <td>{user.account.email.clone()}</td>
                                <td>{user.sign_in_count}</td>
                                <td>{user.last_sign_in_at.map(|t| t.to_string()).unwrap_or_else(|| "never".into())}</td>
                                <td>
                                    <button class="secondary" aria-label=format!("{label} {}", user.account.name) on:click=move |_| decide(id, decision)>
                                        {label}
                                    </button>
                                </td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
        {move || users.with(Vec::is_empty).then(|| view! { <p>"No accounts here."</p> })}
        {move || next.get().map(|cursor| view! {
            <div class="actions"><button class="secondary" on:click=move |_| load(Some(cursor.clone()))>"Show more"</button></div>
        })}
    }
}
