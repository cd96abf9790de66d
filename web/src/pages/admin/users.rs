//! The admin's view of accounts: by role and status, with sign-in counts, and
//! deactivation or reactivation.

use leptos::prelude::*;
use medtrack_shared::account::{AccountDecision, UserSummary};
use medtrack_shared::{AccountStatus, Role};

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::form::chosen;
use crate::components::status::{Loaded, Loader};
use crate::state::session::use_session;
use crate::time;

const ROLES: [Role; 3] = [Role::Patient, Role::Doctor, Role::Admin];

const STATUSES: [AccountStatus; 4] = [
    AccountStatus::Active,
    AccountStatus::Pending,
    AccountStatus::Rejected,
    AccountStatus::Deactivated,
];

/// The users page.
#[component]
pub fn Users() -> impl IntoView {
    let api = use_api();
    let role = RwSignal::new(Role::Patient);
    let status = RwSignal::new(AccountStatus::Active);
    // Read again whenever the filters change.
    let users = Loader::new(move |api| api.users(role.get(), status.get(), None));
    let more = Act::new();
    let show_more = move |cursor: String| {
        let filters = (role.get_untracked(), status.get_untracked());
        more.run(api.users(filters.0, filters.1, Some(cursor)), move |page| {
            // Dropped if the filters changed meanwhile.
            if (role.get_untracked(), status.get_untracked()) == filters {
                users.update(|shown| {
                    shown.items.extend(page.items);
                    shown.next_cursor = page.next_cursor;
                });
            }
        });
    };
    view! {
        <h1>"Accounts"</h1>
        <div class="filters">
            <label for="role-filter">"Role"</label>
            <select id="role-filter" on:change=move |ev| {
                if let Some(picked) = chosen(event_target_value(&ev)) {
                    role.set(picked);
                }
            }>
                {ROLES.map(|r| view! { <option value=r.as_str() selected=move || role.get() == r>{r.as_str()}</option> }).collect_view()}
            </select>
            <label for="status-filter">"Status"</label>
            <select id="status-filter" on:change=move |ev| {
                if let Some(picked) = chosen(event_target_value(&ev)) {
                    status.set(picked);
                }
            }>
                {STATUSES.map(|s| view! { <option value=s.as_str() selected=move || status.get() == s>{s.as_str()}</option> }).collect_view()}
            </select>
        </div>
        <Loaded from=users what="accounts" let:page>
            <table class="users" data-testid="users">
                <thead>
                    <tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Sign-ins"</th><th scope="col">"Last sign-in"</th><th scope="col">"Action"</th></tr>
                </thead>
                <tbody>
                    {page.items.iter().cloned().map(|user| view! { <UserRow user on_done=move || users.reload()/> }).collect_view()}
                </tbody>
            </table>
            {page.items.is_empty().then(|| view! { <p>"No accounts here."</p> })}
            {page.next_cursor.map(|cursor| view! {
                <div class="actions">
                    <button class="secondary" disabled=move || more.pending() on:click=move |_| show_more(cursor.clone())>"Show more"</button>
                </div>
            })}
        </Loaded>
        <Failure act=more/>
    }
}

#[component]
fn UserRow(user: UserSummary, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let zone = use_session().zone();
    let account = user.account;
    let id = account.id;
    let (label, decision) = if account.status == AccountStatus::Deactivated {
        ("Reactivate", AccountDecision::Reactivate)
    } else {
        ("Deactivate", AccountDecision::Deactivate)
    };
    view! {
        <tr>
            <td>{account.name.clone()}</td>
            <td>{account.email}</td>
            <td>{user.sign_in_count}</td>
            <td>{user.last_sign_in_at.map(|t| time::local(t, &zone)).unwrap_or_else(|| "never".into())}</td>
            <td>
                <button class="secondary" aria-label=format!("{label} {}", account.name) disabled=move || act.pending()
                    on:click=move |_| act.run(api.decide(id, decision, None), move |_| on_done())>
                    {label}
                </button>
                <Failure act/>
            </td>
        </tr>
    }
}
