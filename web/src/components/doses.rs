//! Doses: today's checklist, the buttons that log one dose, and the
//! adherence chart (SVG drawn here, no external assets).

use jiff::Timestamp;
use leptos::prelude::*;
use medtrack_shared::medication::{Adherence, Dose, DoseAction, DoseStatus, MAX_SKIP_REASON};
use medtrack_shared::MedicationId;

use crate::api::{self, use_api};
use crate::components::action::{Act, Outcome};
use crate::components::list::Items;
use crate::components::status::{Loaded, Loader};
use crate::state::session::use_session;
use crate::time;

/// Taken, Skip and Snooze for one dose; `on_done` runs after the server answered.
#[component]
pub fn DoseButtons(
    medication: MedicationId,
    scheduled_at: Timestamp,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let answered = RwSignal::new(false);
    let send = move |action: DoseAction, done: &'static str| {
        act.run(api.log_dose(medication, action), move |_| {
            answered.set(true);
            act.done(done);
            on_done();
        });
    };
    // "Taken at" and the reason are optional: one click logs now, no reason.
    let taken_at = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let taken_then = move |_| match at_on_this_device(scheduled_at, &taken_at.get_untracked()) {
        Some(at) => send(
            DoseAction::Taken {
                scheduled_at: Some(scheduled_at),
                taken_at: Some(at),
            },
            "Marked taken.",
        ),
        None => act.fail("Give the time as HH:MM."),
    };
    let skip_with_reason = move |_| {
        send(
            DoseAction::Skipped {
                scheduled_at,
                reason: reason.get_untracked().trim().to_owned(),
            },
            "Skipped.",
        )
    };
    let busy = move || act.pending();
    view! {
        <div class="dose-buttons">
            <span class="dose-actions" prop:hidden=move || answered.get()>
                <button disabled=busy on:click=move |_| send(api::medications::taken(scheduled_at), "Marked taken.")>"Taken"</button>
                <button class="secondary" disabled=busy on:click=move |_| send(DoseAction::Skipped { scheduled_at, reason: String::new() }, "Skipped.")>"Skip"</button>
                <button class="secondary" disabled=busy on:click=move |_| send(DoseAction::Snooze { scheduled_at, minutes: Some(10) }, "We will remind you in 10 minutes.")>"Snooze 10 min"</button>
                <details class="dose-more">
                    <summary>"Another time, or a reason"</summary>
                    <label>"Time I took it "<input type="time" prop:value=move || taken_at.get() on:input=move |ev| taken_at.set(event_target_value(&ev))/></label>
                    <button class="secondary" disabled=busy on:click=taken_then>"Save the time"</button>
                    <label>"Why I did not "<input type="text" maxlength=MAX_SKIP_REASON prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/></label>
                    <button class="secondary" disabled=busy on:click=skip_with_reason>"Save the reason"</button>
                </details>
            </span>
            <Outcome act/>
        </div>
    }
}

/// `HH:MM` on this device's clock, on the day nearest the dose time that is
/// not still to come (a late-evening dose may be taken after midnight).
fn at_on_this_device(scheduled_at: Timestamp, clock: &str) -> Option<Timestamp> {
    let time: jiff::civil::Time = clock.trim().parse().ok()?;
    let day = js_sys::Date::new(&(scheduled_at.as_millisecond() as f64).into());
    day.set_hours(u32::from(time.hour().unsigned_abs()));
    day.set_minutes(u32::from(time.minute().unsigned_abs()));
    day.set_seconds(0);
    day.set_milliseconds(0);
    let same_day = Timestamp::from_millisecond(day.get_time() as i64).ok()?;
    let now = time::now();
    [-24, 0, 24]
        .into_iter()
        .filter_map(|hours| {
            same_day
                .checked_add(jiff::SignedDuration::from_hours(hours))
                .ok()
        })
        .filter(|at| *at <= now)
        .min_by_key(|at| at.duration_since(scheduled_at).abs())
}

fn status_text(status: Option<DoseStatus>) -> &'static str {
    match status {
        None => "to take",
        Some(DoseStatus::Taken) => "taken",
        Some(DoseStatus::Skipped) => "skipped",
        Some(DoseStatus::Missed) => "missed",
    }
}

/// Today's doses, on the patient's clock, each with what became of it.
#[component]
pub fn TodayDoses() -> impl IntoView {
    let doses = Loader::new(|api| async move { api.doses_today(api.my_id()?).await });
    view! {
        <h2>"Today's doses"</h2>
        <Loaded from=doses what="today's doses" let:list>
            <Items items=list testid="today-doses" empty="No doses today." empty_testid="no-doses" let:dose>
                <DoseRow dose on_done=move || doses.reload()/>
            </Items>
        </Loaded>
    }
}

#[component]
fn DoseRow(dose: Dose, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let zone = use_session().zone();
    let state = status_text(dose.status);
    let label = format!(
        "{} · {}{}",
        time::clock(dose.scheduled_at, &zone),
        dose.name,
        if dose.dose.is_empty() {
            String::new()
        } else {
            format!(" · {}", dose.dose)
        }
    );
    view! {
        <li class="card" data-status=state>
            <h3>{label}</h3>
            <p>
                <span class="badge">{state}</span>
                {dose.taken_at.map(|at| format!(" at {}", time::clock(at, &zone)))}
                {dose.reason.map(|reason| format!(": {reason}"))}
            </p>
            {dose.status.is_none().then(|| view! {
                <DoseButtons medication=dose.medication scheduled_at=dose.scheduled_at on_done/>
            })}
        </li>
    }
}

/// The adherence figures and a 30-day bar chart: each bar is one day, its
/// height the share of the day's doses taken.
#[component]
pub fn AdherenceChart(adherence: Adherence) -> impl IntoView {
    let percent = |p: Option<u8>| p.map_or("no doses due".to_owned(), |p| format!("{p}%"));
    let summary = format!(
        "Doses taken: {} over 7 days, {} over 30 days.",
        percent(adherence.overall.last_7_days),
        percent(adherence.overall.last_30_days)
    );
    const WIDTH: u32 = 300;
    const HEIGHT: u32 = 80;
    let bar = WIDTH / adherence.days.len().max(1) as u32;
    let bars = adherence
        .days
        .iter()
        .enumerate()
        .map(|(n, day)| {
            let x = n as u32 * bar;
            let full = if day.due == 0 { 0 } else { HEIGHT };
            let taken = (HEIGHT * day.taken).checked_div(day.due).unwrap_or(0);
            let title = format!("{}: {} of {} taken", day.date, day.taken, day.due);
            view! {
                <g>
                    <title>{title}</title>
                    <rect x=x y=HEIGHT - full width=bar - 1 height=full class="due"/>
                    <rect x=x y=HEIGHT - taken width=bar - 1 height=taken class="taken"/>
                </g>
            }
        })
        .collect_view();
    view! {
        <p data-testid="adherence-summary">{summary.clone()}</p>
        <svg class="adherence" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary data-testid="adherence-chart">
            {bars}
        </svg>
        <ul class="adherence-list">
            {adherence.medications.into_iter().map(|m| view! {
                <li>{format!("{}: {} (7 days), {} (30 days)", m.name, percent(m.rates.last_7_days), percent(m.rates.last_30_days))}</li>
            }).collect_view()}
        </ul>
    }
}
