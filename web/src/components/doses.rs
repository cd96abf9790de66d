//! Doses: today's checklist, grouped by dose time, and the buttons that
//! log one dose.

use jiff::Timestamp;
use leptos::prelude::*;
use medtrack_shared::medication::{Dose, DoseAction, DoseStatus, MAX_SKIP_REASON};
use medtrack_shared::MedicationId;

use crate::api::{self, use_api};
use crate::components::action::{Act, Outcome};
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

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
    let now = format::now();
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

/// The word for what became of a dose (also the row's `data-status`).
fn status_text(status: Option<DoseStatus>) -> &'static str {
    match status {
        None => "to take",
        Some(DoseStatus::Taken) => "taken",
        Some(DoseStatus::Skipped) => "skipped",
        Some(DoseStatus::Missed) => "missed",
    }
}

/// The mark beside a dose: a second cue besides the colour.
fn status_mark(status: Option<DoseStatus>) -> &'static str {
    match status {
        None => "",
        Some(DoseStatus::Taken) => "✓",
        Some(DoseStatus::Skipped) => "–",
        Some(DoseStatus::Missed) => "!",
    }
}

/// Doses in groups of the same clock time (`08:00`), in time order: the
/// label of each group and its doses.
fn by_time(mut doses: Vec<Dose>, clock: impl Fn(&Dose) -> String) -> Vec<(String, Vec<Dose>)> {
    doses.sort_by_key(|d| d.scheduled_at);
    let mut groups: Vec<(String, Vec<Dose>)> = Vec::new();
    for dose in doses {
        let label = clock(&dose);
        match groups.last_mut() {
            Some((last, group)) if *last == label => group.push(dose),
            _ => groups.push((label, vec![dose])),
        }
    }
    groups
}

/// Today's doses, on the patient's clock: a checklist under a heading per
/// dose time, each dose with what became of it, or its buttons.
#[component]
pub fn TodayDoses() -> impl IntoView {
    let doses = Loader::new(|api| async move { api.doses_today(api.my_id()?).await });
    let zone = use_session().zone();
    view! {
        <h2>"Today's doses"</h2>
        <Loaded from=doses what="today's doses" let:list>
            {
                let done = list.iter().filter(|d| d.status.is_some()).count();
                let taken = list.iter().filter(|d| d.status == Some(DoseStatus::Taken)).count();
                let total = list.len();
                let zone = zone.clone();
                let groups = by_time(list, move |d| format::clock(d.scheduled_at, &zone));
                if groups.is_empty() {
                    view! { <p data-testid="no-doses">"No doses today."</p> }.into_any()
                } else {
                    view! {
                        <p class="dose-progress">
                            <progress max=total value=done aria-hidden="true"></progress>
                            <span>{format!("{taken} of {total} taken, {} to take", total - done)}</span>
                        </p>
                        <div class="dose-groups" data-testid="today-doses">
                            {groups.into_iter().map(|(time, group)| view! {
                                <section class="dose-group">
                                    <h3 class="dose-time">{time}</h3>
                                    <ul class="checklist">
                                        {group.into_iter().map(|dose| view! {
                                            <DoseRow dose on_done=move || doses.reload()/>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            }).collect_view()}
                        </div>
                    }
                    .into_any()
                }
            }
        </Loaded>
    }
}

/// One dose of today's checklist.
#[component]
fn DoseRow(dose: Dose, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let zone = use_session().zone();
    let state = status_text(dose.status);
    // A dose still to take whose time has passed says how long ago.
    let late = (dose.status.is_none() && dose.scheduled_at < format::now())
        .then(|| format!(" · due {}", format::relative(dose.scheduled_at)));
    view! {
        <li class="dose" data-status=state>
            <span class="dose-mark" aria-hidden="true">{status_mark(dose.status)}</span>
            <div class="dose-body">
                <p class="dose-what">
                    <strong>{dose.name.clone()}</strong>
                    {(!dose.dose.is_empty()).then(|| format!(" · {}", dose.dose))}
                </p>
                <p class="dose-state">
                    <span class=format!("badge dose-{}", state.replace(' ', "-"))>{state}</span>
                    {dose.taken_at.map(|at| format!(" at {}", format::clock(at, &zone)))}
                    {dose.reason.map(|reason| format!(": {reason}"))}
                    {late}
                </p>
                {dose.status.is_none().then(|| view! {
                    <DoseButtons medication=dose.medication scheduled_at=dose.scheduled_at on_done/>
                })}
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dose(name: &str, at: &str) -> Dose {
        Dose {
            medication: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".parse().unwrap(),
            name: name.into(),
            dose: String::new(),
            scheduled_at: at.parse().unwrap(),
            status: None,
            taken_at: None,
            reason: None,
        }
    }

    #[test]
    fn doses_group_under_their_time_in_order() {
        let doses = vec![
            dose("C", "2026-01-01T20:00:00Z"),
            dose("A", "2026-01-01T08:00:00Z"),
            dose("B", "2026-01-01T08:00:30Z"),
        ];
        let groups = by_time(doses, |d| d.scheduled_at.strftime("%H:%M").to_string());
        let names: Vec<(String, Vec<String>)> = groups
            .into_iter()
            .map(|(time, group)| (time, group.into_iter().map(|d| d.name).collect()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("08:00".to_owned(), vec!["A".to_owned(), "B".to_owned()]),
                ("20:00".to_owned(), vec!["C".to_owned()]),
            ]
        );
    }
}
