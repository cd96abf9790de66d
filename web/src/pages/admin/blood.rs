//! The blood bank, for admins: the stock as a chart and a table (with
//! days of cover, and "Ask donors" on a low line), the requests to serve,
//! units in quarantine to release or discard, units in stock first
//! expiring first, the donation and threshold forms, donors waiting for
//! their group, the calls to donors with their answers, and the units'
//! recent history.

use std::time::Duration;

use leptos::prelude::*;
use medtrack_shared::blood::donors::{Donor, DonorCall, DonorStatus};
use medtrack_shared::blood::requests::RequestState;
use medtrack_shared::blood::units::{Unit, UnitState};
use medtrack_shared::blood::Component;

use crate::api::{Api, ApiError};
use crate::components::action::{Act, Failure, Outcome};
use crate::components::blood::{
    AskDonorsForm, Calls, DonationForm, ExpiringUnits, PendingDonors, QuarantinedUnits,
    RequestTable, StockPanel, ThresholdForm, UnitHistory,
};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};

/// The most pages of confirmed donors read for the donation form.
const DONOR_PAGES: usize = 8;

/// The confirmed donors, by name.
async fn confirmed_donors(api: Api) -> Result<Vec<Donor>, ApiError> {
    let mut all = Vec::new();
    let mut cursor = None;
    for _ in 0..DONOR_PAGES {
        let page = api.donors(DonorStatus::Confirmed, cursor).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    all.sort_by(|a, b| a.donor.name.cmp(&b.donor.name));
    Ok(all)
}

/// The parts of the page, as links.
const PARTS: [(&str, &str); 8] = [
    ("#stock-heading", "Stock"),
    ("#requests-heading", "Requests"),
    ("#quarantine-heading", "Quarantine"),
    ("#expiring-heading", "Expiring"),
    ("#donation-heading", "Record a donation"),
    ("#donors-heading", "Donors"),
    ("#calls-heading", "Calls to donors"),
    ("#history-heading", "History"),
];

/// The admins' blood bank page.
#[component]
pub fn BloodBankPage() -> impl IntoView {
    let stock = Loader::new(|api| api.blood_stock());
    let quarantined = Loader::new(|api| api.units(UnitState::Quarantined, None));
    let available = Loader::new(|api| api.units(UnitState::Available, None));
    let history = Loader::new(|api| api.unit_history(None));
    let pending = Loader::new(|api| api.donors(DonorStatus::Pending, None));
    let confirmed = Loader::new(confirmed_donors);
    let calls = Loader::new(|api| api.donor_calls(None));
    let chosen = RwSignal::new(Component::RedCells);
    let told = Act::new();
    let units_changed = Callback::new(move |said: String| {
        for loader in [quarantined, available] {
            loader.reload();
        }
        stock.reload();
        history.reload();
        told.done(said);
    });
    let recorded = Callback::new(move |_: Vec<Unit>| {
        quarantined.reload();
        stock.reload();
        history.reload();
    });
    let threshold_set = Callback::new(move |_: String| stock.reload());
    let donor_confirmed = Callback::new(move |said: String| {
        pending.reload();
        confirmed.reload();
        told.done(said);
    });
    // The invitations go out from a job within seconds: read the calls
    // now, and again a moment later.
    let asked = Callback::new(move |_: DonorCall| {
        calls.reload();
        set_timeout(move || calls.reload(), Duration::from_millis(2_500));
    });
    view! {
        <h1>"Blood bank"</h1>
        <p class="lead">"Stock by component and group, the requests to serve, units from donation to issue, and the donors."</p>
        <nav class="subnav" aria-label="On this page" data-testid="blood-nav">
            <ul>{PARTS.map(|(href, label)| view! { <li><a href=href>{label}</a></li> }).collect_view()}</ul>
        </nav>
        <Outcome act=told testid="blood-told"/>
        <section aria-labelledby="stock-heading" data-testid="stock">
            <h2 id="stock-heading">"Stock"</h2>
            <Loaded from=stock what="the stock" let:stock>
                <StockPanel stock chosen on_asked=asked/>
            </Loaded>
        </section>
        <Requests/>
        <section aria-labelledby="quarantine-heading">
            <h2 id="quarantine-heading">"In quarantine"</h2>
            <p class="hint">"Release a unit when all its screening tests are negative; a failed test discards it."</p>
            <QuarantinedUnits units=quarantined on_change=units_changed/>
        </section>
        <section aria-labelledby="expiring-heading">
            <h2 id="expiring-heading">"In stock, first expiring first"</h2>
            {move || {
                let windows = stock.data().map(|s| s.windows).unwrap_or_default();
                view! { <ExpiringUnits units=available windows on_change=units_changed/> }
            }}
        </section>
        <div class="blood-forms">
            <section class="card" aria-labelledby="donation-heading">
                <h2 id="donation-heading">"Record a donation"</h2>
                <Loaded from=confirmed what="the donors" let:donors>
                    <DonationForm donors on_done=recorded/>
                </Loaded>
            </section>
            <section class="card" aria-labelledby="threshold-heading">
                <h2 id="threshold-heading">"Thresholds"</h2>
                <ThresholdForm stock on_done=threshold_set/>
            </section>
        </div>
        <section aria-labelledby="donors-heading">
            <h2 id="donors-heading">"Donors waiting for their group"</h2>
            <PendingDonors donors=pending on_done=donor_confirmed/>
        </section>
        <section aria-labelledby="calls-heading">
            <h2 id="calls-heading">"Calls to donors"</h2>
            <div class="card ask-card"><AskDonorsForm on_asked=asked/></div>
            <Calls calls/>
        </section>
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">"Recent history"</h2>
            <UnitHistory events=history/>
        </section>
    }
}

/// The requests to serve: those waiting for units, and those whose units
/// are reserved, to issue.
#[component]
fn Requests() -> impl IntoView {
    let api = crate::api::use_api();
    let open = Loader::new(|api| api.blood_requests(Some(RequestState::Open), None));
    let reserved = Loader::new(|api| api.blood_requests(Some(RequestState::Reserved), None));
    let more_open = Act::new();
    let more_reserved = Act::new();
    let show_more_open = move |cursor: String| {
        more_open.run(
            api.blood_requests(Some(RequestState::Open), Some(cursor)),
            move |page| open.append(page),
        );
    };
    let show_more_reserved = move |cursor: String| {
        more_reserved.run(
            api.blood_requests(Some(RequestState::Reserved), Some(cursor)),
            move |page| reserved.append(page),
        );
    };
    view! {
        <section aria-labelledby="requests-heading">
            <h2 id="requests-heading">"Requests"</h2>
            <h3>"Waiting for units"</h3>
            <Loaded from=open what="the open requests" let:page>
                <RequestTable items=page.items doctors=true testid="open-requests"
                    empty="No request waits for units."/>
                <ShowMore cursor=page.next_cursor act=more_open show_more=show_more_open/>
            </Loaded>
            <Failure act=more_open/>
            <h3>"Reserved, to issue"</h3>
            <Loaded from=reserved what="the reserved requests" let:page>
                <RequestTable items=page.items doctors=true testid="reserved-requests"
                    empty="No request has all its units reserved."/>
                <ShowMore cursor=page.next_cursor act=more_reserved show_more=show_more_reserved/>
            </Loaded>
            <Failure act=more_reserved/>
        </section>
    }
}
