//! The first step: the clinic's red flags, each a checkbox, and a separate
//! "None of these" that must be chosen: nothing ticked is never taken for
//! "none". A red flag ends the check at once.

use leptos::prelude::*;
use medtrack_shared::safety::RedFlagText;

/// How the checklist was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// These red flags were ticked (ids, in the checklist's order).
    Flags(Vec<String>),
    /// "None of these" was chosen.
    NoneOfThese,
}

/// The answer, or none while neither a flag nor "None of these" is chosen.
pub fn answer(ticked: &[String], none: bool) -> Option<Checked> {
    match (ticked.is_empty(), none) {
        (false, _) => Some(Checked::Flags(ticked.to_vec())),
        (true, true) => Some(Checked::NoneOfThese),
        (true, false) => None,
    }
}

/// Ticks or unticks `id`, keeping the checklist's order.
fn toggle(ticked: &mut Vec<String>, id: &str, on: bool, order: &[RedFlagText]) {
    ticked.retain(|t| t != id);
    if on {
        ticked.push(id.to_owned());
    }
    ticked.sort_by_key(|t| order.iter().position(|f| f.id == *t));
}

/// What the Continue button says while nothing is chosen.
pub const CHOOSE_FIRST: &str = "Tick every sign that applies, or choose “None of these”, to go on.";

/// The checklist and its Continue button; `on_answer` is given the answer.
#[component]
pub fn RedFlagStep(
    /// The clinic's red flags, in order.
    flags: Vec<RedFlagText>,
    /// The ids ticked (kept by the page, so that going back keeps them).
    ticked: RwSignal<Vec<String>>,
    /// "None of these" chosen.
    none: RwSignal<bool>,
    /// Whether the answer is being sent.
    #[prop(into)]
    pending: Signal<bool>,
    /// Called with the answer.
    on_answer: impl Fn(Checked) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let refusal = RwSignal::new(None::<&'static str>);
    let order = StoredValue::new(flags.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match answer(&ticked.get_untracked(), none.get_untracked()) {
            Some(checked) => {
                refusal.set(None);
                on_answer(checked);
            }
            None => refusal.set(Some(CHOOSE_FIRST)),
        }
    };
    view! {
        <form class="triage-step card" on:submit=submit novalidate aria-labelledby="triage-step-heading" data-testid="red-flags">
            <h2 id="triage-step-heading" tabindex="-1">"Do you have any of these now?"</h2>
            <p class="step-lead">"These signs need emergency care now, not an appointment. Tick every one that applies."</p>
            <fieldset class="red-flags" aria-describedby="red-flags-refusal">
                <legend class="visually-hidden">"Signs that need emergency care"</legend>
                {flags.into_iter().map(|flag| {
                    let id = flag.id.clone();
                    let mine = flag.id.clone();
                    view! {
                        <label class="option flag">
                            <input type="checkbox" name="red-flag" value=flag.id.clone()
                                prop:checked=move || ticked.with(|t| t.contains(&mine))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    ticked.update(|t| order.with_value(|order| toggle(t, &id, on, order)));
                                    if on {
                                        none.set(false);
                                    }
                                    refusal.set(None);
                                }/>
                            <span>{flag.label}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <p class="triage-or" aria-hidden="true"><span>"or"</span></p>
            <label class="option none-of-these">
                <input type="checkbox" name="none-of-these" data-testid="none-of-these"
                    prop:checked=move || none.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        none.set(on);
                        if on {
                            ticked.set(Vec::new());
                        }
                        refusal.set(None);
                    }/>
                <span><strong>"None of these"</strong></span>
            </label>
            <p class="form-error" id="red-flags-refusal" role="alert" data-testid="red-flags-refusal">{move || refusal.get()}</p>
            <div class="actions">
                <button type="submit" disabled=move || pending.get()>"Continue"</button>
                <span class="hint">{move || match answer(&ticked.get(), none.get()) {
                    None => "Choose what applies first.",
                    Some(Checked::Flags(_)) => "You will see what to do now.",
                    Some(Checked::NoneOfThese) => "Next: your symptoms.",
                }}</span>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags() -> Vec<RedFlagText> {
        ["chest_pain", "breathing", "stroke"]
            .map(|id| RedFlagText {
                id: id.to_owned(),
                label: id.to_owned(),
            })
            .to_vec()
    }

    #[test]
    fn nothing_ticked_is_not_none_of_these() {
        assert_eq!(answer(&[], false), None);
        assert_eq!(answer(&[], true), Some(Checked::NoneOfThese));
        let ticked = vec!["stroke".to_owned()];
        assert_eq!(answer(&ticked, false), Some(Checked::Flags(ticked.clone())));
        // A flag wins over a stale "none": the page clears one when the other is chosen.
        assert_eq!(answer(&ticked, true), Some(Checked::Flags(ticked)));
    }

    #[test]
    fn flags_keep_the_checklists_order() {
        let order = flags();
        let mut ticked = Vec::new();
        toggle(&mut ticked, "stroke", true, &order);
        toggle(&mut ticked, "chest_pain", true, &order);
        assert_eq!(ticked, ["chest_pain", "stroke"]);
        toggle(&mut ticked, "stroke", false, &order);
        assert_eq!(ticked, ["chest_pain"]);
    }
}
