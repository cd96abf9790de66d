//! "Give blood": the blood in stock per group (with "Needed" where the
//! bank runs low), registering as a donor, where the registration stands,
//! the calls to the donor with their answer, when they may give each kind
//! again, their donations, and withdrawing.

use leptos::prelude::*;
use medtrack_shared::blood::donors::{DonorPage, DonorStatus};

use crate::components::action::{Act, Outcome};
use crate::components::blood::{
    Donations, DonorCalls, DonorStatusCard, EligibilityList, GroupStockTiles, RegisterDonor,
    WithdrawDonor,
};
use crate::components::status::{Loaded, Loader};

/// The donor page of patients.
#[component]
pub fn DonorPage() -> impl IntoView {
    let groups = Loader::new(|api| api.group_stock());
    let page = Loader::new(|api| api.donor_page());
    let told = Act::new();
    let changed = Callback::new(move |said: String| {
        page.reload();
        told.done(said);
    });
    view! {
        <h1>"Give blood"</h1>
        <p class="lead">"Blood and its components come only from donors. One donation can help up to three patients."</p>
        <Outcome act=told testid="donor-told"/>
        <section aria-labelledby="stock-heading">
            <h2 id="stock-heading">"Blood in stock"</h2>
            <p class="hint">"Units the clinic holds for each group. Groups marked “Needed” run low: if you have one of them, your donation is most welcome."</p>
            <Loaded from=groups what="the stock" let:groups>
                <GroupStockTiles groups/>
            </Loaded>
        </section>
        <Loaded from=page what="your donor page" let:page>
            <Donor page changed/>
        </Loaded>
    }
}

#[component]
fn Donor(page: DonorPage, changed: Callback<String>) -> impl IntoView {
    let Some(donor) = page.donor else {
        return view! {
            <section class="card register-card" aria-labelledby="register-heading">
                <h2 id="register-heading">"Become a donor"</h2>
                <p>"Register, and the clinic confirms your blood group with a test. When your group is needed and you may give, you are asked here and by your chosen channels."</p>
                <RegisterDonor again=false on_done=changed/>
            </section>
        }
        .into_any();
    };
    let withdrawn = donor.status == DonorStatus::Withdrawn;
    view! {
        <section aria-labelledby="donor-heading">
            <h2 id="donor-heading">"You as a donor"</h2>
            <DonorStatusCard donor=donor.clone()/>
            {withdrawn.then(|| view! { <RegisterDonor again=true on_done=changed/> })}
        </section>
        {(!withdrawn).then(|| view! {
            <section aria-labelledby="calls-heading">
                <h2 id="calls-heading">"Calls from the clinic"</h2>
                <DonorCalls calls=page.calls.clone() on_done=changed/>
            </section>
            <section aria-labelledby="eligibility-heading">
                <h2 id="eligibility-heading">"When you can give"</h2>
                <EligibilityList eligibility=page.eligibility.clone()/>
            </section>
        })}
        <section aria-labelledby="donations-heading">
            <h2 id="donations-heading">"Your donations"</h2>
            <Donations donor=donor.clone()/>
        </section>
        {(!withdrawn).then(|| view! {
            <section aria-labelledby="withdraw-heading">
                <h2 id="withdraw-heading">"Stop being a donor"</h2>
                <WithdrawDonor on_done=changed/>
            </section>
        })}
    }
    .into_any()
}
