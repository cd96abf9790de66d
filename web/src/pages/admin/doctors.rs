//! The admin's queue of doctors waiting for approval.

use crate::state::catalogue::use_catalogue;
use leptos::prelude::*;
use medtrack_shared::account::{AccountDecision, UserSummary, MAX_REASON_CHARS};
use medtrack_shared::{AccountStatus, Role};

use crate::api::use_api;
use crate::components::action::{Act, Failure, Outcome};
use crate::components::list::Items;
use crate::components::status::{Loaded, Loader};

/// Pending doctors with approve and reject actions.
#[component]
pub fn PendingDoctors() -> impl IntoView {
    let doctors = Loader::new(|api| async move {
        api.users(Role::Doctor, AccountStatus::Pending, None)
            .await
            .map(|page| page.items)
    });
    // The decision is told here: the doctor's card leaves the list with it.
    let decided = Act::new();
    let on_done = move |message: String| {
        decided.done(message);
        doctors.reload();
    };
    view! {
        <h1>"Doctors waiting for approval"</h1>
        <Outcome act=decided testid="decision-message"/>
        <Loaded from=doctors what="pending doctors" let:list>
            <Items items=list testid="pending-doctors" empty="Nobody is waiting." empty_testid="no-pending" let:doctor>
                <PendingDoctor doctor on_done/>
            </Items>
        </Loaded>
    }
}

#[component]
fn PendingDoctor(
    doctor: UserSummary,
    on_done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let reason = RwSignal::new(String::new());
    let act = Act::new();
    let id = doctor.account.id;
    let name = StoredValue::new(doctor.account.name.clone());
    let decide = move |decision: AccountDecision| {
        let reason = Some(reason.get_untracked()).filter(|r| !r.trim().is_empty());
        let decided = async move {
            api.decide(id, decision, reason)
                .await
                .map_err(|e| e.about("reason", "Reason"))
        };
        let told = match decision {
            AccountDecision::Approve => {
                "approved: they can now publish their hours and take bookings"
            }
            _ => "rejected; they see the reason when they sign in",
        };
        act.run(decided, move |_| {
            on_done(format!("{} {told}.", name.get_value()))
        });
    };
    let account = doctor.account;
    let reason_id = format!("reason-{id}");
    view! {
        <li class="card">
            <h3>{account.name.clone()}</h3>
            <p>{format!(
                "{} · licence {} · {}",
                account.specialization.map(|s| use_catalogue().name(&s)).unwrap_or_default(),
                account.licence_number.unwrap_or_default(),
                account.email
            )}</p>
            <label for=reason_id.clone()>{format!("Reason, to reject {}", account.name)}</label>
            <input id=reason_id maxlength=MAX_REASON_CHARS on:input=move |ev| reason.set(event_target_value(&ev)) prop:value=move || reason.get()/>
            <Failure act/>
            <div class="actions">
                <button disabled=move || act.pending() on:click=move |_| decide(AccountDecision::Approve)>"Approve"</button>
                " "
                <button class="secondary" disabled=move || act.pending() on:click=move |_| decide(AccountDecision::Reject)>"Reject"</button>
            </div>
        </li>
    }
}
