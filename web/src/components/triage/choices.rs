//! The complaint step's questions as large choices: a radio group drawn
//! as options (areas, symptoms, durations, yes or no), and the severity as
//! eleven numbers with words at both ends.

use leptos::prelude::*;

/// One question answered by one of `options` (each its value and label),
/// bound to `value`, with the error of its field under it.
#[component]
pub fn Choices<T>(
    /// The question.
    legend: &'static str,
    /// The radios' name, unique on the page; also the fieldset's id.
    name: &'static str,
    /// The options: value and label.
    options: Vec<(T, String)>,
    /// The answer.
    value: RwSignal<Option<T>>,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// A hint under the question.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The grid's extra class: `two` for yes or no, `wide` for long labels.
    #[prop(default = "")]
    layout: &'static str,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let error_id = format!("{name}-error");
    let described = error_id.clone();
    view! {
        <fieldset class="triage-question" id=name data-testid=name aria-describedby=described>
            <legend>{legend}{hint.map(|hint| view! { " " <span class="hint">{hint}</span> })}</legend>
            <div class=format!("triage-options {layout}")>
                {options.into_iter().map(|(option, label)| {
                    let mine = option.clone();
                    view! {
                        <label class="option">
                            <input type="radio" name=name
                                prop:checked=move || value.with(|v| v.as_ref() == Some(&mine))
                                on:change=move |_| value.set(Some(option.clone()))/>
                            <span>{label}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// Yes and no, for a [`Choices`].
pub fn yes_no() -> Vec<(bool, String)> {
    vec![(true, "Yes".to_owned()), (false, "No".to_owned())]
}

/// The words under a severity, at its ends.
fn severity_words(severity: u8, max: u8) -> Option<&'static str> {
    match severity {
        0 => Some("none"),
        s if s == max => Some("the worst imaginable"),
        _ => None,
    }
}

/// How bad it is, 0 to `max`, as a row of numbers (two rows on a phone),
/// with what the ends mean.
#[component]
pub fn Severity(
    /// The highest severity.
    max: u8,
    /// The answer.
    value: RwSignal<Option<u8>>,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="triage-question" id="severity" data-testid="severity" aria-describedby="severity-ends severity-error">
            <legend>"How bad is it at its worst?"</legend>
            <div class="severity-scale">
                {(0..=max).map(|n| {
                    let words = severity_words(n, max);
                    view! {
                        <label class="severity-choice" title=words>
                            <input type="radio" name="severity" value=n.to_string()
                                aria-label=words.map_or_else(|| n.to_string(), |w| format!("{n}, {w}"))
                                prop:checked=move || value.get() == Some(n)
                                on:change=move |_| value.set(Some(n))/>
                            <span aria-hidden="true">{n}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <p class="severity-ends" id="severity-ends">
                <span>{format!("0 = {}", severity_words(0, max).unwrap_or_default())}</span>
                <span>{format!("{max} = {}", severity_words(max, max).unwrap_or_default())}</span>
            </p>
            <p class="field-error" id="severity-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ends_of_the_scale_have_words() {
        assert_eq!(severity_words(0, 10), Some("none"));
        assert_eq!(severity_words(10, 10), Some("the worst imaginable"));
        assert_eq!(severity_words(5, 10), None);
    }
}
