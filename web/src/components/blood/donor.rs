//! A patient as a donor: the stock per group (with "Needed" where the bank
//! runs low), the registration (their group if they know it), where the
//! registration stands, when they may give each kind again, their
//! donations, and withdrawing.

use leptos::prelude::*;
use medtrack_shared::blood::donors::{Donor, DonorStatus, Eligibility, Registration};
use medtrack_shared::blood::stock::GroupStock;

use super::{explain, group_name, group_options, units};
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::form::Select;
use crate::format;
use crate::state::session::use_session;

/// Units in stock per group, all components together.
#[component]
pub fn GroupStockTiles(groups: Vec<GroupStock>) -> impl IntoView {
    view! {
        <ul class="group-tiles" data-testid="group-stock">
            {groups.into_iter().map(|g| view! {
                <li class="group-tile" class:low=g.low data-testid="group-tile" data-group=g.group.code()>
                    <span class="group-name">{group_name(g.group)}</span>
                    <span class="group-units">{units(g.available)}</span>
                    {g.low.then(|| view! { <span class="badge alert" data-testid="needed">"Needed"</span> })}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// Registration as a donor (again, after withdrawing).
#[component]
pub fn RegisterDonor(again: bool, on_done: Callback<String>) -> impl IntoView {
    let api = use_api();
    let group = RwSignal::new(String::new());
    let act = Act::new();
    let mut choices = vec![(String::new(), "I don't know")];
    choices.extend(group_options());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = Registration {
            group: group.get_untracked().parse().ok(),
        };
        let sent = async move { api.register_donor(&input).await.map_err(|e| explain(&e)) };
        act.run(sent, move |_| {
            on_done.run("You are registered as a donor.".to_owned());
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="register-donor">
            <Select label="Your blood group, if you know it" id="donor-group" value=group options=choices
                hint="The clinic confirms it with a test before you are asked to give."/>
            <Failure act/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>
                {if again { "Register again" } else { "Register as a donor" }}
            </button></div>
        </form>
    }
}

/// Where the registration stands.
#[component]
pub fn DonorStatusCard(donor: Donor) -> impl IntoView {
    let zone = use_session().zone();
    let since = format::date_at(donor.registered_at, &zone);
    let (class, words) = match (donor.status, donor.group) {
        (DonorStatus::Confirmed, Some(group)) => (
            "ok",
            format!("Your confirmed blood group is {}. The clinic may ask you when your group is needed.", group_name(group)),
        ),
        (DonorStatus::Pending, _) | (DonorStatus::Confirmed, None) => (
            "warn",
            match donor.stated_group {
                Some(group) => format!("Waiting for a test to confirm your group (you said {}).", group_name(group)),
                None => "Waiting for a test to find your group.".to_owned(),
            },
        ),
        (DonorStatus::Withdrawn, _) => (
            "withdrawn",
            "You withdrew: the clinic does not ask you to give. You may register again.".to_owned(),
        ),
    };
    let label = match donor.status {
        DonorStatus::Pending => "Pending",
        DonorStatus::Confirmed => "Confirmed",
        DonorStatus::Withdrawn => "Withdrawn",
    };
    view! {
        <div class=format!("card donor-status donor-{class}") data-testid="donor-status" data-status=donor.status.as_str()>
            <p class="donor-status-head"><span class=format!("badge {class}")>{label}</span>
                {format!(" Registered {since}")}</p>
            <p class="donor-words">{words}</p>
        </div>
    }
}

/// When each kind may be given again.
#[component]
pub fn EligibilityList(eligibility: Vec<Eligibility>) -> impl IntoView {
    view! {
        <ul class="eligibility" data-testid="eligibility">
            {eligibility.into_iter().map(|e| {
                let when = match (e.now, e.from) {
                    (true, _) => "You can give now".to_owned(),
                    (false, Some(day)) => format!("From {}", format::day(day)),
                    (false, None) => "Not yet".to_owned(),
                };
                view! {
                    <li data-testid="eligible" data-kind=crate::components::form::option_value(&e.kind) class:now=e.now>
                        <span class="kind">{e.kind.label()}</span>
                        <span class="when">{when}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The donor's donations, newest first.
#[component]
pub fn Donations(donor: Donor) -> impl IntoView {
    let mut donations = donor.donations;
    donations.sort_by_key(|d| std::cmp::Reverse(d.at));
    if donations.is_empty() {
        return view! { <p class="empty" data-testid="no-donations">"No donations yet. Thank you for offering."</p> }.into_any();
    }
    view! {
        <table class="table donations-table" data-testid="donations">
            <thead><tr><th scope="col">"Day"</th><th scope="col">"Given"</th><th scope="col">"Donation number"</th></tr></thead>
            <tbody>
                {donations.into_iter().map(|d| view! {
                    <tr>
                        <td data-label="Day">{format::day(d.on)}</td>
                        <td data-label="Given">{d.kind.label()}</td>
                        <td data-label="Donation number">{d.number}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Withdrawing, after a second click.
#[component]
pub fn WithdrawDonor(on_done: Callback<String>) -> impl IntoView {
    let api = use_api();
    let sure = RwSignal::new(false);
    let act = Act::new();
    let withdraw = move |_| {
        let sent = async move { api.withdraw_donor().await.map_err(|e| explain(&e)) };
        act.run(sent, move |_| {
            on_done.run("You are no longer a donor. Thank you for your help.".to_owned());
        });
    };
    view! {
        <Show when=move || sure.get() fallback=move || view! {
            <div class="actions"><button type="button" class="secondary" on:click=move |_| sure.set(true) data-testid="withdraw">"Stop being a donor…"</button></div>
        }>
            <div class="confirm-box" data-testid="withdraw-confirm">
                <p>"You will no longer be asked to give. Your donations stay on record."</p>
                <div class="actions">
                    <button type="button" class="danger" disabled=move || act.pending() on:click=withdraw>"Yes, withdraw"</button>
                    <button type="button" class="secondary" on:click=move |_| sure.set(false)>"Stay a donor"</button>
                </div>
            </div>
        </Show>
        <Failure act/>
    }
}
