//! Units as admins handle them: those in quarantine, each released when its
//! tests pass or discarded when one fails; and those in stock, first
//! expiring first, the ones within their component's "expiring soon"
//! window marked, each of which may be discarded (damaged, or another
//! reason told in a note).

use jiff::{SignedDuration, Timestamp};
use leptos::prelude::*;
use medtrack_shared::blood::stock::SoonWindow;
use medtrack_shared::blood::units::{Discard, DiscardReason, TestResult, Unit, UnitState};
use medtrack_shared::blood::MAX_NOTE_CHARS;
use medtrack_shared::Page;

use super::{group_name, refused};
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::form::{chosen, option_value, options, Field, Problems, Select};
use crate::components::list::ShowMore;
use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// A unit's name on its label: the donation number, and which unit of
/// the donation when it made two.
pub fn unit_label(unit: &Unit) -> String {
    if unit.division > 1 {
        format!("{} (unit {})", unit.donation_number, unit.division)
    } else {
        unit.donation_number.clone()
    }
}

/// Whether `unit` expires within its component's window of `windows`.
pub(super) fn expiring_soon(unit: &Unit, windows: &[SoonWindow], now: Timestamp) -> bool {
    windows
        .iter()
        .find(|w| w.component == unit.component)
        .is_some_and(|w| unit.expires_at <= now + SignedDuration::from_hours(i64::from(w.hours)))
}

/// The units in quarantine, with their test results to record.
#[component]
pub fn QuarantinedUnits(
    units: Loader<Page<Unit>>,
    /// Told what to say once a unit is released or discarded.
    on_change: Callback<String>,
) -> impl IntoView {
    let api = use_api();
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(
            api.units(UnitState::Quarantined, Some(cursor)),
            move |page| units.append(page),
        );
    };
    view! {
        <Loaded from=units what="the units in quarantine" let:page>
            {if page.items.is_empty() {
                view! { <p class="empty" data-testid="quarantine-empty">"No units wait for their tests. A recorded donation's units wait here until their results are in."</p> }.into_any()
            } else {
                view! {
                    <ul class="unit-list" data-testid="quarantined">
                        {page.items.into_iter().map(|unit| view! { <QuarantineRow unit on_change/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}

/// One unit in quarantine: "Release" when its tests passed, "Failed
/// test…" with a note otherwise.
#[component]
fn QuarantineRow(unit: Unit, on_change: Callback<String>) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let act = Act::new();
    let failing = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let problems = Problems::new();
    let note_error = problems.of("note", "The note");
    let id = unit.id;
    let label = unit_label(&unit);
    let send = move |passed: bool| {
        problems.clear();
        let text = note.get_untracked().trim().to_owned();
        let result = TestResult {
            passed,
            note: (!passed && !text.is_empty()).then_some(text),
        };
        if let Err(errors) = result.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.test_unit(id, &result)
                .await
                .map_err(|e| refused(problems, e))
        };
        let label = label.clone();
        act.run(sent, move |_| {
            on_change.run(if passed {
                format!("{label} is released to stock.")
            } else {
                format!("{label} is discarded: failed test.")
            });
        });
    };
    let send_failed = send.clone();
    let who = unit_label(&unit);
    view! {
        <li class="card unit" data-testid="quarantined-unit" data-number=unit.donation_number.clone()>
            <div class="unit-head">
                <h3>{unit_label(&unit)}</h3>
                <span class="badge blood-group">{group_name(unit.group)}</span>
            </div>
            <p>{format!("{} · {} ml · collected {} · expires {}", unit.component.label(), unit.volume_ml,
                format::when(unit.collected_at, &zone), format::when(unit.expires_at, &zone))}</p>
            <div class="actions">
                <button type="button" disabled=move || act.pending() on:click=move |_| send(true)
                    aria-label=format!("Release {who}: tests passed")>"Release"</button>
                <button type="button" class="secondary" aria-expanded=move || failing.get().to_string()
                    on:click=move |_| failing.update(|f| *f = !*f)>"Failed test…"</button>
            </div>
            {move || failing.get().then(|| {
                let send_failed = send_failed.clone();
                view! {
                    <div class="unit-fail">
                        <Field label="Which test failed (optional)" id=format!("fail-note-{id}") value=note max=MAX_NOTE_CHARS error=note_error/>
                        <button type="button" class="danger" disabled=move || act.pending()
                            on:click=move |_| send_failed(false)>"Discard: failed test"</button>
                    </div>
                }
            })}
            <Failure act/>
        </li>
    }
}

/// The units in stock, first expiring first; those within their window
/// marked "Expires soon".
#[component]
pub fn ExpiringUnits(
    units: Loader<Page<Unit>>,
    windows: Vec<SoonWindow>,
    /// Told what to say once a unit is discarded.
    on_change: Callback<String>,
) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let more = Act::new();
    let show_more = move |cursor: String| {
        more.run(api.units(UnitState::Available, Some(cursor)), move |page| {
            units.append(page)
        });
    };
    let windows = StoredValue::new(windows);
    view! {
        <Loaded from=units what="the units in stock" let:page>
            {if page.items.is_empty() {
                view! { <p class="empty" data-testid="stock-empty">"No units in stock."</p> }.into_any()
            } else {
                let now = format::now();
                let zone = zone.clone();
                view! {
                    <table class="table units-table grid-cards" data-testid="expiring">
                        <thead><tr>
                            <th scope="col">"Unit"</th>
                            <th scope="col">"Component"</th>
                            <th scope="col">"Group"</th>
                            <th scope="col">"Expires"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|unit| {
                                let soon = windows.with_value(|w| expiring_soon(&unit, w, now));
                                view! {
                                    <tr class:soon=soon data-testid="stock-unit" data-number=unit.donation_number.clone()>
                                        <th scope="row" data-label="Unit">{unit_label(&unit)}</th>
                                        <td data-label="Component">{unit.component.label()}</td>
                                        <td data-label="Group">{group_name(unit.group)}</td>
                                        <td data-label="Expires">
                                            {format::when(unit.expires_at, &zone)}
                                            {soon.then(|| view! { " " <span class="badge warn" data-testid="expires-soon">"Expires soon"</span> })}
                                        </td>
                                        <td class="wide unit-actions"><DiscardUnit unit=unit.clone() on_change/></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <ShowMore cursor=page.next_cursor act=more show_more/>
        </Loaded>
        <Failure act=more/>
    }
}

/// "Discard…" for a unit in stock: why (damaged, or another reason told in
/// the note), then discarded.
#[component]
fn DiscardUnit(unit: Unit, on_change: Callback<String>) -> impl IntoView {
    let api = use_api();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(option_value(&DiscardReason::Damaged));
    let note = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let note_error = problems.of("note", "The note");
    let id = unit.id;
    let label = StoredValue::new(unit_label(&unit));
    let reasons = options(&[
        (DiscardReason::Damaged, DiscardReason::Damaged.label()),
        (DiscardReason::Other, DiscardReason::Other.label()),
    ]);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let text = note.get_untracked().trim().to_owned();
        let input = Discard {
            reason: chosen(reason.get_untracked()).unwrap_or(DiscardReason::Damaged),
            note: (!text.is_empty()).then_some(text),
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.discard_unit(id, &input)
                .await
                .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |_| {
            on_change.run(format!("{} is discarded.", label.get_value()));
        });
    };
    view! {
        <button type="button" class="link" aria-expanded=move || open.get().to_string()
            aria-label=move || format!("Discard {}", label.get_value())
            on:click=move |_| open.update(|o| *o = !*o)>"Discard…"</button>
        <Show when=move || open.get()>
            <form class="form compact discard-form" on:submit=submit novalidate data-testid="discard-form">
                <Select label="Why" id=format!("discard-reason-{id}") value=reason options=reasons.clone()/>
                <Field label="Note" id=format!("discard-note-{id}") value=note max=MAX_NOTE_CHARS error=note_error
                    hint="Required for another reason."/>
                <Failure act/>
                <div class="actions"><button type="submit" class="danger" disabled=move || act.pending()>"Discard unit"</button></div>
            </form>
        </Show>
    }
}
