//! Form fields: a label, the input, and the field's error, tied together for
//! screen readers; the problems of a form's fields, from its own check or
//! the server's answer, each shown under its field.

use std::collections::BTreeMap;

use leptos::prelude::*;
use medtrack_shared::FieldErrors;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::ApiError;

/// A labelled input bound to `value`, showing `error` under it.
#[component]
pub fn Field(
    /// The visible label (built when it names something, e.g. an amount's currency).
    #[prop(into)]
    label: String,
    /// The input's id (and name).
    #[prop(into)]
    id: String,
    /// The bound value.
    value: RwSignal<String>,
    /// The most characters the server takes (`maxlength`).
    #[prop(optional)]
    max: Option<usize>,
    /// The error to show, if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// The input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// The autocomplete hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The kind of keyboard a phone shows, e.g. `decimal`.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// The latest day a date field offers (`YYYY-MM-DD`).
    #[prop(optional, into)]
    max_date: Option<String>,
    /// Values offered as it is typed (any other may be typed too).
    #[prop(optional)]
    choices: Option<&'static [&'static str]>,
) -> impl IntoView {
    let list = choices.map(|_| format!("{id}-choices"));
    view! {
        <Labelled label id=id.clone() hint error>
            <input
                id=id.clone()
                name=id.clone()
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=max
                max=max_date
                list=list.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=invalid(error)
                aria-describedby=error_id(&id)
            />
            {choices.zip(list).map(|(choices, list)| view! {
                <datalist id=list>
                    {choices.iter().map(|choice| view! { <option value=*choice></option> }).collect_view()}
                </datalist>
            })}
        </Labelled>
    }
}

/// A labelled choice of `options` (each its value and label) bound to
/// `value`, showing `error` under it.
#[component]
pub fn Select(
    /// The visible label.
    label: &'static str,
    /// The select's id (and name).
    #[prop(into)]
    id: String,
    /// The bound value: the chosen option's value.
    value: RwSignal<String>,
    /// The options: each its value and its label.
    options: Vec<(String, &'static str)>,
    /// The error to show, if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <Labelled label id=id.clone() hint error>
            <select
                id=id.clone()
                name=id.clone()
                on:change=move |ev| value.set(event_target_value(&ev))
                aria-invalid=invalid(error)
                aria-describedby=error_id(&id)
            >
                {options.into_iter().map(|(option, label)| {
                    let chosen = option.clone();
                    view! { <option value=option selected=move || value.get() == chosen>{label}</option> }
                }).collect_view()}
            </select>
        </Labelled>
    }
}

/// The options of a [`Select`] of enum values: each value's name on the
/// wire and its label.
pub fn options<T: Serialize>(choices: &[(T, &'static str)]) -> Vec<(String, &'static str)> {
    choices
        .iter()
        .map(|(choice, label)| (option_value(choice), *label))
        .collect()
}

/// A labelled text area bound to `value`, showing `error` under it.
#[component]
pub fn TextArea(
    /// The visible label.
    label: &'static str,
    /// The text area's id (and name).
    #[prop(into)]
    id: String,
    /// The bound value.
    value: RwSignal<String>,
    /// The most characters the server takes (`maxlength`).
    max: usize,
    /// The error to show, if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// Visible lines.
    #[prop(default = 3)]
    rows: u8,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <Labelled label id=id.clone() hint error>
            <textarea
                id=id.clone()
                name=id.clone()
                rows=rows
                maxlength=max
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=invalid(error)
                aria-describedby=error_id(&id)
            ></textarea>
        </Labelled>
    }
}

/// What is around every field's control (`children`): the label, a hint,
/// and the error, which the control names with `aria-describedby`
/// ([`error_id`]).
#[component]
fn Labelled(
    #[prop(into)] label: String,
    id: String,
    hint: Option<&'static str>,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <small class="hint">{hint}</small> })}
            {children()}
            <p class="field-error" id=error_id(&id) role="alert">{move || error.get()}</p>
        </div>
    }
}

/// The id of the error shown under the field `id`.
fn error_id(id: &str) -> String {
    format!("{id}-error")
}

/// A control's `aria-invalid`: whether `error` holds one.
fn invalid(error: Signal<Option<String>>) -> impl Fn() -> &'static str {
    move || {
        if error.get().is_some() {
            "true"
        } else {
            "false"
        }
    }
}

/// The problems of a form's fields, found by the form's own check (the
/// shared rules) or named by the server (`consultation.diagnosis`,
/// `schedule.times[1]`). Each shows under the field that has the place for
/// it ([`Problems::of`]); [`Problems::found`] and [`Problems::refused`]
/// answer the summary for the form's outcome, labelled, naming also what
/// has no place on the form.
#[derive(Debug, Clone, Copy)]
pub struct Problems {
    found: RwSignal<BTreeMap<String, String>>,
    /// Field names with a place on the form, and their labels. A name may
    /// move: the fields of the second item of a list are `list[1]…` only
    /// while it is second.
    places: StoredValue<Vec<(Signal<String>, &'static str)>>,
}

impl Problems {
    /// No problems yet.
    pub fn new() -> Self {
        Self {
            found: RwSignal::new(BTreeMap::new()),
            places: StoredValue::new(Vec::new()),
        }
    }

    /// The place of `field` (named as the server names it), labelled
    /// `label` in the summary: its problems, and those of its parts
    /// (`field[1]`, `field.name`) that have no place of their own.
    pub fn of(self, field: impl Into<String>, label: &'static str) -> Signal<Option<String>> {
        self.at(Signal::stored(field.into()), label)
    }

    /// The place of a field whose name changes (an item of a list).
    pub fn at(self, field: Signal<String>, label: &'static str) -> Signal<Option<String>> {
        self.places
            .try_update_value(|places| places.push((field, label)));
        Signal::derive(move || {
            let field = field.get();
            let messages: Vec<String> = self.found.with(|found| {
                found
                    .iter()
                    .filter(|(name, _)| self.place(name).as_deref() == Some(field.as_str()))
                    .map(|(name, message)| match name.strip_prefix(field.as_str()) {
                        Some("") | None => message.clone(),
                        Some(part) => format!("{}: {message}", capitalised(words(part).trim())),
                    })
                    .collect()
            });
            (!messages.is_empty()).then(|| messages.join("; "))
        })
    }

    /// The field whose place shows `name`'s problem: the longest placed
    /// name that is `name` or contains it.
    fn place(self, name: &str) -> Option<String> {
        // The form may be gone by the time the server answers.
        self.places.try_with_value(|places| {
            places
                .iter()
                // A place whose field is gone (a removed item) answers nothing.
                .filter_map(|(place, _)| place.try_get_untracked())
                .filter(|place| part_of(name, place))
                .max_by_key(String::len)
        })?
    }

    fn label(self, place: &str) -> Option<&'static str> {
        self.places.try_with_value(|places| {
            places
                .iter()
                .find(|(name, _)| name.try_get_untracked().as_deref() == Some(place))
                .map(|(_, label)| *label)
        })?
    }

    /// Forgets the problems shown (a new attempt starts).
    pub fn clear(self) {
        self.found.try_set(BTreeMap::new());
    }

    /// Shows `problems` under their fields; answers them in one sentence,
    /// each named by its field's label.
    pub fn show(self, problems: BTreeMap<String, String>) -> String {
        let summary = problems
            .iter()
            .map(|(name, message)| match self.place(name) {
                Some(place) => {
                    let label = self.label(&place).unwrap_or_default();
                    match name.strip_prefix(place.as_str()) {
                        Some(part) if !part.is_empty() => {
                            format!("{label} ({}) {message}", words(part).trim())
                        }
                        _ => format!("{label} {message}"),
                    }
                }
                None => format!("{} {message}", capitalised(words(name).trim())),
            })
            .enumerate()
            .map(|(at, text)| if at == 0 { text } else { decapitalised(&text) })
            .collect::<Vec<_>>()
            .join("; ");
        self.found.try_set(problems);
        if summary.ends_with('.') {
            summary
        } else {
            format!("{summary}.")
        }
    }

    /// What the form's own check found: shown, and answered as the summary.
    pub fn found(self, errors: FieldErrors) -> String {
        self.show(errors.into_map())
    }

    /// What the server refused: the fields it named are shown, and the
    /// summary answered; any other error answers in its own words.
    pub fn refused(self, error: ApiError) -> String {
        let fields = error.fields();
        if fields.is_empty() {
            error.to_string()
        } else {
            self.show(fields)
        }
    }
}

impl Default for Problems {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether the field `name` is `place` or one of its parts.
fn part_of(name: &str, place: &str) -> bool {
    match name.strip_prefix(place) {
        Some(rest) => rest.is_empty() || rest.starts_with('.') || rest.starts_with('['),
        None => false,
    }
}

/// A field name in words: `prescription[0].drug` gives " prescription item 1 drug".
fn words(name: &str) -> String {
    let mut out = String::new();
    let mut number = String::new();
    let mut in_index = false;
    for c in name.chars() {
        match c {
            '[' => in_index = true,
            ']' => {
                in_index = false;
                let shown = number
                    .parse::<usize>()
                    .map_or(number.clone(), |n| (n + 1).to_string());
                out.push_str(" item ");
                out.push_str(&shown);
                number.clear();
            }
            _ if in_index => number.push(c),
            '.' | '_' => out.push(' '),
            _ => out.push(c),
        }
    }
    if out.starts_with(' ') || out.is_empty() {
        out
    } else {
        format!(" {out}")
    }
}

/// `text` with a lowercase first letter, unless it starts an acronym ("IANA").
fn decapitalised(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_owned(),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The most characters of a number field holding at most `max` (its digits).
pub fn digits(max: u64) -> usize {
    max.to_string().len()
}

/// An enum's name on the wire (`every_day`): the value of its `<option>`.
pub fn option_value<T: Serialize>(choice: &T) -> String {
    serde_json::to_value(choice)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The enum a `<select>`'s value names, read as the server reads it.
pub fn chosen<T: DeserializeOwned>(value: String) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(value)).ok()
}
