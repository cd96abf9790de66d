//! What a mood entry is made of, as the patient picks it: the score as a
//! row of ten large choices, and tags as toggle chips (the suggested ones,
//! and the patient's own).

use leptos::prelude::*;
use medtrack_shared::record::{normal_tag, MAX_MOOD_TAGS, MAX_MOOD_TAG_CHARS, SUGGESTED_MOOD_TAGS};

/// Why a tag could not be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagRefusal {
    Empty,
    TooLong,
    TooMany,
}

impl TagRefusal {
    pub fn message(self) -> String {
        match self {
            Self::Empty => "Type a tag first.".to_owned(),
            Self::TooLong => format!("A tag has at most {MAX_MOOD_TAG_CHARS} characters."),
            Self::TooMany => format!("An entry has at most {MAX_MOOD_TAGS} tags."),
        }
    }
}

/// Adds `tag` (in normal form) unless it is there already.
pub fn add_tag(tags: &mut Vec<String>, tag: &str) -> Result<(), TagRefusal> {
    let tag = normal_tag(tag);
    if tag.is_empty() {
        return Err(TagRefusal::Empty);
    }
    if tags.contains(&tag) {
        return Ok(());
    }
    if tag.chars().count() > MAX_MOOD_TAG_CHARS {
        return Err(TagRefusal::TooLong);
    }
    if tags.len() >= MAX_MOOD_TAGS {
        return Err(TagRefusal::TooMany);
    }
    tags.push(tag);
    Ok(())
}

/// Takes `tag` off when it is on, puts it on otherwise.
pub fn toggle_tag(tags: &mut Vec<String>, tag: &str) -> Result<(), TagRefusal> {
    let normal = normal_tag(tag);
    match tags.iter().position(|t| *t == normal) {
        Some(at) => {
            tags.remove(at);
            Ok(())
        }
        None => add_tag(tags, &normal),
    }
}

/// The chips to offer: the suggested tags, then the patient's own.
pub fn offered(chosen: &[String]) -> Vec<String> {
    let mut all: Vec<String> = SUGGESTED_MOOD_TAGS
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
    for tag in chosen {
        if !all.contains(tag) {
            all.push(tag.clone());
        }
    }
    all
}

/// The words under a score, for its extremes.
fn score_words(score: u8) -> Option<&'static str> {
    match score {
        1 => Some("very low"),
        10 => Some("very good"),
        _ => None,
    }
}

/// The score, 1 to 10, as a radio group drawn as ten large buttons.
#[component]
pub fn ScorePicker(
    /// The radio group's name (one per form on the page).
    #[prop(into)]
    name: String,
    score: RwSignal<Option<u8>>,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let described = error_id.clone();
    view! {
        <fieldset class="score-picker" aria-describedby=described data-testid="score-picker">
            <legend>"How do you feel? " <span class="hint">"1 is very low, 10 very good"</span></legend>
            <div class="scores">
                {(1..=10_u8).map(|n| {
                    let id = format!("{name}-{n}");
                    let label_for = id.clone();
                    view! {
                        <label class="score" for=label_for>
                            <input type="radio" id=id name=name.clone() value=n.to_string()
                                prop:checked=move || score.get() == Some(n)
                                on:change=move |_| score.set(Some(n))/>
                            <span class="number">{n}</span>
                            {score_words(n).map(|w| view! { <span class="visually-hidden">{format!(" ({w})")}</span> })}
                        </label>
                    }
                }).collect_view()}
            </div>
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// Tags as toggle chips, with a field to add one's own.
#[component]
pub fn TagPicker(
    /// Prefix of the ids inside (one per form on the page).
    #[prop(into)]
    id: String,
    tags: RwSignal<Vec<String>>,
) -> impl IntoView {
    let own = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let heading = format!("{id}-tags");
    let field = format!("{id}-own-tag");
    let error_id = format!("{field}-error");
    let toggle = move |tag: String| {
        let mut next = tags.get_untracked();
        match toggle_tag(&mut next, &tag) {
            Ok(()) => {
                problem.set(None);
                tags.set(next);
            }
            Err(refusal) => problem.set(Some(refusal.message())),
        }
    };
    let add = move || {
        let mut next = tags.get_untracked();
        match add_tag(&mut next, &own.get_untracked()) {
            Ok(()) => {
                problem.set(None);
                tags.set(next);
                own.set(String::new());
            }
            Err(refusal) => problem.set(Some(refusal.message())),
        }
    };
    view! {
        <div class="tag-picker">
            <p class="label" id=heading.clone()>"Tags " <span class="hint">{format!("up to {MAX_MOOD_TAGS}")}</span></p>
            <div class="presets" role="group" aria-labelledby=heading data-testid="tag-chips">
                {move || offered(&tags.get()).into_iter().map(|tag| {
                    let on = tags.with(|t| t.contains(&tag));
                    let chosen = tag.clone();
                    view! {
                        <button type="button" class="chip" aria-pressed=on.to_string()
                            on:click=move |_| toggle(chosen.clone())>{tag}</button>
                    }
                }).collect_view()}
            </div>
            <div class="own-tag">
                <label for=field.clone()>"Add your own"</label>
                <div class="own-tag-row">
                    <input id=field.clone() type="text" maxlength=MAX_MOOD_TAG_CHARS autocomplete="off"
                        aria-describedby=error_id.clone()
                        aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                        prop:value=move || own.get()
                        on:input=move |ev| own.set(event_target_value(&ev))
                        on:keydown=move |ev| {
                            // Enter adds the tag instead of sending the form.
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                add();
                            }
                        }/>
                    <button type="button" class="secondary" on:click=move |_| add()>"Add tag"</button>
                </div>
                <p class="field-error" id=error_id role="alert">{move || problem.get()}</p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_puts_a_tag_on_and_takes_it_off() {
        let mut tags = Vec::new();
        toggle_tag(&mut tags, "tired").unwrap();
        toggle_tag(&mut tags, "calm").unwrap();
        assert_eq!(tags, ["tired", "calm"]);
        toggle_tag(&mut tags, "  Tired ").unwrap();
        assert_eq!(tags, ["calm"]);
    }

    #[test]
    fn own_tags_are_stored_in_normal_form_once() {
        let mut tags = vec!["calm".to_owned()];
        add_tag(&mut tags, "  Long   Walk ").unwrap();
        add_tag(&mut tags, "long walk").unwrap();
        assert_eq!(tags, ["calm", "long walk"]);
        assert_eq!(add_tag(&mut tags, "   "), Err(TagRefusal::Empty));
        assert_eq!(
            add_tag(&mut tags, &"x".repeat(MAX_MOOD_TAG_CHARS + 1)),
            Err(TagRefusal::TooLong)
        );
    }

    #[test]
    fn an_entry_takes_at_most_eight_tags() {
        let mut tags = Vec::new();
        for tag in SUGGESTED_MOOD_TAGS.iter().take(MAX_MOOD_TAGS) {
            toggle_tag(&mut tags, tag).unwrap();
        }
        assert_eq!(toggle_tag(&mut tags, "lonely"), Err(TagRefusal::TooMany));
        // Taking one off still works, and makes room.
        toggle_tag(&mut tags, "calm").unwrap();
        toggle_tag(&mut tags, "lonely").unwrap();
        assert_eq!(tags.len(), MAX_MOOD_TAGS);
    }

    #[test]
    fn the_patients_own_tags_follow_the_suggested_ones() {
        let chosen = vec!["tired".to_owned(), "gardening".to_owned()];
        let chips = offered(&chosen);
        assert_eq!(chips.len(), SUGGESTED_MOOD_TAGS.len() + 1);
        assert_eq!(chips.last().map(String::as_str), Some("gardening"));
    }
}
