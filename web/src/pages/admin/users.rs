//! The admin's view of accounts: by role and status, with sign-in counts, and
//! deactivation or reactivation.

use leptos::prelude::*;
use medtrack_shared::account::{AccountDecision, UserSummary};
use medtrack_shared::{AccountStatus, Role};
use serde::de::DeserializeOwned;

use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::form::chosen;
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

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
                users.append(page);
            }
        });
    };
    view! {
        <h1>"Accounts"</h1>
        <div class="filters">
            <Filter label="Role" id="role-filter" options=&ROLES picked=role name=Role::as_str shown=Role::label/>
            <Filter label="Status" id="status-filter" options=&STATUSES picked=status name=AccountStatus::as_str shown=AccountStatus::label/>
        </div>
        <Loaded from=users what="accounts" let:page>
            <table class="table" data-testid="users">
                <thead>
                    <tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Sign-ins"</th><th scope="col">"Last sign-in"</th><th scope="col">"Action"</th></tr>
                </thead>
                <tbody>
                    {page.items.iter().cloned().map(|user| view! { <UserRow user on_done=move || users.reload()/> }).collect_view()}
                </tbody>
            </table>
            {page.items.is_empty().then(|| view! { <p>"No accounts here."</p> })}
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}

/// One filter of the list: a choice of `options`, each named by `name`,
/// kept in `picked`.
#[component]
fn Filter<T>(
    label: &'static str,
    id: &'static str,
    options: &'static [T],
    picked: RwSignal<T>,
    name: fn(T) -> &'static str,
    /// The option as people read it.
    shown: fn(T) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + DeserializeOwned + Send + Sync + 'static,
{
    view! {
        <div class="field">
        <label for=id>{label}</label>
        <select id=id on:change=move |ev| {
            if let Some(choice) = chosen(event_target_value(&ev)) {
                picked.set(choice);
            }
        }>
            {options.iter().map(|&option| view! { <option value=name(option) selected=move || picked.get() == option>{shown(option)}</option> }).collect_view()}
        </select>
        </div>
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
            <td data-label="Name">{account.name.clone()}</td>
            <td data-label="Email">{account.email}</td>
            <td data-label="Sign-ins">{user.sign_in_count}</td>
            <td data-label="Last sign-in">{user.last_sign_in_at.map(|t| format::when(t, &zone)).unwrap_or_else(|| "Never".into())}</td>
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
