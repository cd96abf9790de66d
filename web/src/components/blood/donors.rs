//! Donors waiting for their group to be confirmed, each with the form that
//! records the tested group (which is also the patient's confirmed typing).

use leptos::prelude::*;
use medtrack_shared::blood::donors::{Confirmation, Donor, DonorStatus};
use medtrack_shared::Page;

use super::{group_name, group_options, refused};
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::form::{Field, Problems, Select};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// The pending donors.
#[component]
pub fn PendingDonors(donors: Loader<Page<Donor>>, on_done: Callback<String>) -> impl IntoView {
    let api = use_api();
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(
            api.donors(DonorStatus::Pending, Some(cursor)),
            move |page| donors.append(page),
        );
    };
    view! {
        <Loaded from=donors what="the donors waiting" let:page>
            {if page.items.is_empty() {
                view! { <p class="empty" data-testid="donors-empty">"No donors wait for a confirmed group."</p> }.into_any()
            } else {
                view! {
                    <ul class="cards" data-testid="pending-donors">
                        {page.items.into_iter().map(|donor| view! { <PendingDonor donor on_done/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}

/// One pending donor and the confirmation of their group.
#[component]
fn PendingDonor(donor: Donor, on_done: Callback<String>) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let today = format::today(&zone);
    let stated = donor.stated_group;
    let group = RwSignal::new(
        stated
            .or_else(|| medtrack_shared::blood::BloodGroup::ALL.first().copied())
            .map(|g| g.code())
            .unwrap_or_default(),
    );
    let tested_on = RwSignal::new(today.to_string());
    let act = Act::new();
    let problems = Problems::new();
    let group_error = problems.of("group", "The group");
    let tested_error = problems.of("tested_on", "The test's day");
    let id = donor.donor.id;
    let name = donor.donor.name.clone();
    let key = id.to_string();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let (Ok(chosen), Ok(day)) = (
            group.get_untracked().parse(),
            tested_on.get_untracked().parse::<jiff::civil::Date>(),
        ) else {
            return act.fail("Choose the group and give the day of the test.");
        };
        let input = Confirmation {
            group: chosen,
            tested_on: day,
        };
        if let Err(errors) = input.check(today) {
            return act.fail(problems.found(errors));
        }
        let name = name.clone();
        let sent = async move {
            api.confirm_donor(id, &input)
                .await
                .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |_| {
            on_done.run(format!(
                "{name}'s group is confirmed: {}.",
                group_name(chosen)
            ));
        });
    };
    let said = match stated {
        Some(g) => format!("Says they are {}", group_name(g)),
        None => "Does not know their group".to_owned(),
    };
    view! {
        <li class="card donor" data-testid="pending-donor" data-donor=key.clone()>
            <h3>{donor.donor.name.clone()}</h3>
            <p>{said}{format!(" · registered {}", format::date_at(donor.registered_at, &zone))}</p>
            <form class="form compact" on:submit=submit novalidate>
                <div class="field-row">
                    <Select label="Tested group" id=format!("confirm-group-{key}") value=group options=group_options() error=group_error/>
                    <Field label="Tested on" id=format!("confirm-day-{key}") kind="date" value=tested_on max_date=today.to_string() error=tested_error/>
                </div>
                <Failure act/>
                <div class="actions"><button type="submit" disabled=move || act.pending()
                    aria-label=format!("Confirm the group of {}", donor.donor.name)>"Confirm group"</button></div>
            </form>
        </li>
    }
}
