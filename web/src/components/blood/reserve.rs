//! The units on offer for a request and their reservation: each proposal
//! with its expiry and how it suits the patient, in words (first choice,
//! suitable after those, or needs a reason and why); reserved as the
//! server proposes them (the first suitable ones) or as ticked, with the
//! reason an exception needs when one applies.

use leptos::prelude::*;
use medtrack_shared::blood::compat::Verdict;
use medtrack_shared::blood::requests::{Proposal, RequestDetail, Reserve};
use medtrack_shared::blood::MAX_NOTE_CHARS;
use medtrack_shared::UnitId;

use super::units::unit_label;
use super::{group_name, refused, units, verdict_words};
use crate::api::use_api;
use crate::components::action::{Act, Failure};
use crate::components::form::{Problems, TextArea};
use crate::format;
use crate::state::session::use_session;

/// How the units are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The first proposals.
    Auto,
    /// The ones ticked.
    Chosen,
}

/// Whether a reason must come with the reservation: a ticked unit needs
/// one, or (choosing automatically) too few units simply suit and some
/// would with a reason.
pub(super) fn needs_reason(
    proposals: &[Proposal],
    ticked: Option<&[UnitId]>,
    needed: usize,
) -> bool {
    let with_reason = |p: &Proposal| matches!(p.verdict, Verdict::WithReason { .. });
    match ticked {
        Some(ticked) => proposals
            .iter()
            .filter(|p| ticked.contains(&p.unit.id))
            .any(with_reason),
        None => {
            let suitable = proposals
                .iter()
                .filter(|p| matches!(p.verdict, Verdict::Suitable { .. }))
                .count();
            suitable < needed && proposals.iter().any(with_reason)
        }
    }
}

/// The proposals and the reservation form; `on_done` gets the request as
/// it now stands.
#[component]
pub fn ReserveForm(
    detail: RequestDetail,
    on_done: Callback<(RequestDetail, String)>,
) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let request = detail.request.clone();
    let held = request.reserved.len() + request.issued.len();
    let needed = usize::from(request.units).saturating_sub(held);
    let proposals = StoredValue::new(detail.proposals.clone());
    let mode = RwSignal::new(Mode::Auto);
    let ticked = RwSignal::new(Vec::<UnitId>::new());
    let reason = RwSignal::new(String::new());
    // The server asked for a reason the form did not expect.
    let asked = RwSignal::new(false);
    let act = Act::new();
    let problems = Problems::new();
    let reason_error = problems.of("reason", "The reason");
    let units_error = problems.of("units", "The units");
    let show_reason = move || {
        asked.get()
            || proposals.with_value(|p| {
                let chosen = ticked.get();
                let ticked = (mode.get() == Mode::Chosen).then_some(chosen.as_slice());
                needs_reason(p, ticked, needed)
            })
    };
    let id = request.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let picked = ticked.get_untracked();
        let chosen = mode.get_untracked() == Mode::Chosen;
        if chosen && picked.is_empty() {
            return act.fail("Tick the units to reserve, or let them be chosen for you.");
        }
        if chosen && picked.len() > needed {
            return act.fail(format!(
                "Tick at most {}: the request needs no more.",
                units(needed as u64)
            ));
        }
        let text = reason.get_untracked().trim().to_owned();
        let input = Reserve {
            units: chosen.then_some(picked),
            reason: (show_reason() && !text.is_empty()).then_some(text),
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.reserve_units(id, &input).await.map_err(|e| {
                if e.field("reason").is_some() {
                    asked.try_set(true);
                }
                refused(problems, e)
            })
        };
        act.run(sent, move |detail: RequestDetail| {
            let count = detail.request.reserved.len();
            on_done.run((detail, format!("{} reserved.", units(count as u64))));
        });
    };
    if detail.proposals.is_empty() {
        return view! {
            <p class="empty" data-testid="no-proposals">"No suitable units are in stock for this patient now. Units released from quarantine appear here; the blood bank may ask donors."</p>
        }
        .into_any();
    }
    view! {
        <p class="hint">{format!("Still needed: {}. Units are held for a while once reserved; an administrator issues them.", units(needed as u64))}</p>
        <table class="table proposals-table grid-cards" data-testid="proposals">
            <thead><tr>
                <th scope="col" class:hidden-col=move || mode.get() == Mode::Auto><span class="visually-hidden">"Reserve"</span></th>
                <th scope="col">"Unit"</th>
                <th scope="col">"Group"</th>
                <th scope="col">"Expires"</th>
                <th scope="col">"Suits the patient"</th>
            </tr></thead>
            <tbody>
                {detail.proposals.into_iter().map(|proposal| {
                    let unit = proposal.unit;
                    let unit_id = unit.id;
                    let label = unit_label(&unit);
                    let (class, words) = verdict_words(proposal.verdict);
                    let check_id = format!("pick-{unit_id}");
                    view! {
                        <tr data-testid="proposal" data-number=unit.donation_number.clone() data-group=unit.group.code()>
                            <td class="pick wide" class:hidden-col=move || mode.get() == Mode::Auto>
                                <input type="checkbox" id=check_id.clone() aria-label=format!("Reserve {label}")
                                    prop:checked=move || ticked.with(|t| t.contains(&unit_id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        ticked.update(|t| {
                                            t.retain(|u| *u != unit_id);
                                            if on { t.push(unit_id); }
                                        });
                                    }/>
                            </td>
                            <th scope="row" data-label="Unit">{unit_label(&unit)}</th>
                            <td data-label="Group">{group_name(unit.group)}</td>
                            <td data-label="Expires">{format::when(unit.expires_at, &zone)}</td>
                            <td data-label="Suits the patient">
                                <span class=format!("verdict verdict-{class}") data-testid="verdict">{words}</span>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <form class="form reserve-form" on:submit=submit novalidate data-testid="reserve-form">
            <fieldset class="plain">
                <legend class="field-legend">"Which units"</legend>
                <label class="check"><input type="radio" name="reserve-mode" prop:checked=move || mode.get() == Mode::Auto
                    on:change=move |_| mode.set(Mode::Auto)/>
                    {format!("The first {} on offer (suitable units first, first expiring first)", units(needed as u64))}</label>
                <label class="check"><input type="radio" name="reserve-mode" prop:checked=move || mode.get() == Mode::Chosen
                    on:change=move |_| mode.set(Mode::Chosen)/>"The units I tick in the table"</label>
            </fieldset>
            <p class="field-error" role="alert">{move || units_error.get()}</p>
            <Show when=show_reason>
                <div class="notice warning" data-testid="reason-needed">
                    <p>"An exception applies to some of these units: say why they are needed."</p>
                    <TextArea label="Reason for the exception" id="reserve-reason" value=reason max=MAX_NOTE_CHARS error=reason_error/>
                </div>
            </Show>
            <Failure act/>
            <div class="actions"><button type="submit" disabled=move || act.pending()>"Reserve units"</button></div>
        </form>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtrack_shared::blood::compat::Exception;
    use medtrack_shared::blood::units::{Unit, UnitState};
    use medtrack_shared::blood::{Abo, BloodGroup, Component};

    fn offered(n: u8, verdict: Verdict) -> Proposal {
        let at = jiff::Timestamp::UNIX_EPOCH;
        let id = format!("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a{n:02x}");
        Proposal {
            unit: Unit {
                id: id.parse().unwrap(),
                donation_number: format!("W0000-26-00000{n}"),
                division: 1,
                component: Component::RedCells,
                group: BloodGroup::new(Abo::O, true),
                volume_ml: 280,
                collected_at: at,
                expires_at: at,
                state: UnitState::Available,
                discarded: None,
                request: None,
                hold_until: None,
                donor: None,
                updated_at: at,
            },
            verdict,
        }
    }

    #[test]
    fn a_reason_is_asked_only_when_an_exception_applies() {
        let suitable = offered(1, Verdict::Suitable { preferred: true });
        let rh = offered(
            2,
            Verdict::WithReason {
                exception: Exception::RhPositive,
            },
        );
        let both = [suitable.clone(), rh.clone()];
        // Chosen automatically: one suitable unit covers one, not two.
        assert!(!needs_reason(&both, None, 1));
        assert!(needs_reason(&both, None, 2));
        // Ticked: only a ticked unit that needs one asks for it.
        assert!(!needs_reason(&both, Some(&[suitable.unit.id]), 2));
        assert!(needs_reason(&both, Some(&[rh.unit.id]), 1));
        assert!(!needs_reason(&[], None, 2));
    }
}
