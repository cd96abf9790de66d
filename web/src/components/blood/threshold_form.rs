//! Setting or removing the threshold of a component and group: the fewest
//! units available, the fewest days of cover, or both. Choosing a line
//! shows its threshold as it stands.

use std::collections::BTreeMap;

use leptos::prelude::*;
use medtrack_shared::blood::stock::{Stock, Threshold, MAX_THRESHOLD};
use medtrack_shared::blood::{BloodGroup, Component};

use super::stock::threshold_words;
use super::{component_options, component_value, group_name, group_options, refused};
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{digits, Field, Problems, Select};
use crate::components::status::Loader;

/// An optional whole number, or the field's problem.
fn optional_number(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>()
        .map(Some)
        .map_err(|_| "must be a whole number".to_owned())
}

/// The form; `stock` tells what stands.
#[component]
pub fn ThresholdForm(stock: Loader<Stock>, on_done: Callback<String>) -> impl IntoView {
    let api = use_api();
    let component = RwSignal::new(component_value(Component::RedCells));
    let group = RwSignal::new(
        BloodGroup::ALL
            .first()
            .map(|g| g.code())
            .unwrap_or_default(),
    );
    let units = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let units_error = problems.of("units", "Units");
    let days_error = problems.of("days", "Days of cover");
    let line = move || -> Option<(Component, BloodGroup, Option<Threshold>)> {
        let c: Component = component.get().parse().ok()?;
        let g: BloodGroup = group.get().parse().ok()?;
        let current = stock.data().and_then(|stock| {
            stock
                .lines
                .iter()
                .find(|l| l.component == c && l.group == g)
                .and_then(|l| l.threshold)
        });
        Some((c, g, current))
    };
    // Choosing a line shows its threshold in the fields.
    Effect::new(move |_| {
        let current = line().and_then(|(_, _, t)| t);
        units.set(
            current
                .and_then(|t| t.units)
                .map(|u| u.to_string())
                .unwrap_or_default(),
        );
        days.set(
            current
                .and_then(|t| t.days)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        );
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let Some((c, g, _)) = line() else {
            return act.fail("Choose a component and a group.");
        };
        let mut found = BTreeMap::new();
        let mut read = |field: &str, text: String| {
            optional_number(&text).unwrap_or_else(|message| {
                found.insert(field.to_owned(), message);
                None
            })
        };
        let threshold = Threshold {
            units: read("units", units.get_untracked()),
            days: read("days", days.get_untracked()),
        };
        if let Err(errors) = threshold.check() {
            for (field, message) in errors.into_map() {
                found.entry(field).or_insert(message);
            }
        }
        if !found.is_empty() {
            return act.fail(problems.show(found));
        }
        let sent = async move {
            api.set_threshold(c, g, &threshold)
                .await
                .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |_| {
            let said = format!(
                "Threshold of {} {} set: {}.",
                c.label().to_lowercase(),
                group_name(g),
                threshold_words(Some(threshold)).to_lowercase()
            );
            act.done(said.clone());
            on_done.run(said);
        });
    };
    let remove = move |_| {
        let Some((c, g, _)) = line() else {
            return;
        };
        problems.clear();
        let sent = async move {
            api.remove_threshold(c, g)
                .await
                .map_err(|e| refused(problems, e))
        };
        act.run(sent, move |_| {
            let said = format!(
                "Threshold of {} {} removed.",
                c.label().to_lowercase(),
                group_name(g)
            );
            act.done(said.clone());
            on_done.run(said);
        });
    };
    let standing = move || match line() {
        Some((_, _, current)) => format!("Now: {}.", threshold_words(current)),
        None => String::new(),
    };
    let has_one = move || line().is_some_and(|(_, _, t)| t.is_some());
    view! {
        <form class="form" on:submit=save novalidate data-testid="threshold-form">
            <div class="field-row">
                <Select label="Component" id="threshold-component" value=component options=component_options()/>
                <Select label="Group" id="threshold-group" value=group options=group_options()/>
            </div>
            <p class="hint" data-testid="threshold-now">{standing}</p>
            <div class="field-row">
                <Field label="Fewest units (optional)" id="threshold-units" value=units inputmode="numeric"
                    max=digits(u64::from(MAX_THRESHOLD)) error=units_error/>
                <Field label="Fewest days of cover (optional)" id="threshold-days" value=days inputmode="numeric"
                    max=digits(u64::from(MAX_THRESHOLD)) error=days_error/>
            </div>
            <p class="hint">"The line is low below either. Admins are told once each time it falls below."</p>
            <Outcome act testid="threshold-outcome"/>
            <div class="actions">
                <button type="submit" disabled=move || act.pending()>"Save threshold"</button>
                <Show when=has_one>
                    <button type="button" class="secondary" disabled=move || act.pending() on:click=remove>"Remove threshold"</button>
                </Show>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_optional() {
        assert_eq!(optional_number(""), Ok(None));
        assert_eq!(optional_number(" 12 "), Ok(Some(12)));
        assert!(optional_number("1.5").is_err());
    }
}
