//! Other symptoms than the main one, from any area: a list grouped by
//! area, and those chosen as chips that can be taken off.

use leptos::prelude::*;
use medtrack_shared::triage::Vocabulary;

/// Adds `id` to the other symptoms unless it is the main one, there
/// already, or one too many (`max` counts the main one).
fn add_extra(extra: &mut Vec<String>, id: &str, main: Option<&str>, max: usize) {
    if main != Some(id) && !extra.iter().any(|e| e == id) && extra.len() + 1 < max {
        extra.push(id.to_owned());
    }
}

/// The list (type a letter to jump) and the chips.
#[component]
pub fn ExtraSymptoms(
    /// What may be chosen.
    vocabulary: StoredValue<Vocabulary>,
    /// The main symptom, not offered again.
    main: RwSignal<Option<String>>,
    /// The others chosen.
    extra: RwSignal<Vec<String>>,
    /// The most symptoms in all, the main one counted.
    max: usize,
) -> impl IntoView {
    let label_of = move |id: &str| {
        vocabulary.with_value(|v| v.symptom(id).map(|s| s.label.clone()).unwrap_or_default())
    };
    let full = move || extra.with(Vec::len) + 1 >= max;
    let groups = vocabulary.with_value(|v| {
        v.areas
            .iter()
            .map(|area| {
                let own: Vec<(String, String)> = v
                    .symptoms
                    .iter()
                    .filter(|s| s.areas.first() == Some(&area.id))
                    .map(|s| (s.id.clone(), s.label.clone()))
                    .collect();
                (area.label.clone(), own)
            })
            .filter(|(_, own)| !own.is_empty())
            .collect::<Vec<_>>()
    });
    // The main symptom is not offered again.
    Effect::new(move |_| {
        if let Some(main) = main.get() {
            extra.update(|e| e.retain(|x| *x != main));
        }
    });
    view! {
        <div class="field triage-extra" data-testid="extra-symptoms">
            <label for="extra-symptom">"Other symptoms (optional)"</label>
            <small class="hint" id="extra-symptom-hint">
                {move || if full() {
                    format!("That is the most one check takes ({max} symptoms in all).")
                } else {
                    format!("From any area, up to {} more.", max.saturating_sub(1))
                }}
            </small>
            <select id="extra-symptom" aria-describedby="extra-symptom-hint" disabled=full
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if !id.is_empty() {
                        extra.update(|e| add_extra(e, &id, main.get_untracked().as_deref(), max));
                    }
                    // Back to the prompt, ready for the next one.
                    if let Some(target) = ev.target() {
                        let _ = js_sys::Reflect::set(&target, &"value".into(), &"".into());
                    }
                }>
                <option value="">"Add a symptom…"</option>
                {groups.into_iter().map(|(area, own)| view! {
                    <optgroup label=area>
                        {own.into_iter().map(|(id, label)| {
                            let mine = id.clone();
                            let taken = move || main.with(|m| m.as_ref() == Some(&mine)) || extra.with(|e| e.contains(&mine));
                            view! { <option value=id disabled=taken>{label}</option> }
                        }).collect_view()}
                    </optgroup>
                }).collect_view()}
            </select>
            <ul class="triage-chosen" aria-label="Other symptoms chosen" data-testid="extra-chosen">
                {move || extra.get().into_iter().map(|id| {
                    let label = label_of(&id);
                    view! {
                        <li>
                            <span>{label.clone()}</span>
                            <button type="button" class="remove" aria-label=format!("Remove {label}")
                                on:click=move |_| extra.update(|e| e.retain(|x| *x != id))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_symptoms_leave_out_the_main_one_repeats_and_one_too_many() {
        let mut extra = Vec::new();
        add_extra(&mut extra, "headache", Some("headache"), 3);
        assert!(extra.is_empty());
        add_extra(&mut extra, "fever_only", Some("headache"), 3);
        add_extra(&mut extra, "fever_only", Some("headache"), 3);
        add_extra(&mut extra, "dizziness", Some("headache"), 3);
        add_extra(&mut extra, "red_eye", Some("headache"), 3);
        assert_eq!(extra, ["fever_only", "dizziness"]);
    }
}
