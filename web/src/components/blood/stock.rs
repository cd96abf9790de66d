//! The stock panel of the admins' page: a component chosen with chips, its
//! chart, and its table (available, reserved, quarantined, expiring soon,
//! issued in 30 days, days of cover, the threshold and whether the line is
//! low), with "Ask donors" right on a low line.

use leptos::prelude::*;
use medtrack_shared::blood::donors::{DonorCall, NewCall};
use medtrack_shared::blood::stock::{Stock, StockLine, Threshold};
use medtrack_shared::blood::{BloodGroup, Component};

use super::{cover, group_name, refused, StockChart};
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::Problems;

/// A threshold in words: `5 units`, `3 days of cover`, both, or none.
pub(super) fn threshold_words(threshold: Option<Threshold>) -> String {
    let Some(threshold) = threshold else {
        return "None".to_owned();
    };
    let units = threshold.units.map(super::units);
    let days = threshold.days.map(|d| format!("{d} days of cover"));
    match (units, days) {
        (Some(units), Some(days)) => format!("{units} or {days}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => "None".to_owned(),
    }
}

/// The chips that choose a component.
#[component]
pub fn ComponentChips(chosen: RwSignal<Component>, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <div class="chips" role="group" aria-label=label data-testid="component-chips">
            {Component::ALL.map(|component| view! {
                <button type="button" class="chip" aria-pressed=move || (chosen.get() == component).to_string()
                    on:click=move |_| chosen.set(component)>{component.label()}</button>
            }).collect_view()}
        </div>
    }
}

/// The chart and table of the chosen component.
#[component]
pub fn StockPanel(
    stock: Stock,
    chosen: RwSignal<Component>,
    /// Told of a call made from a low line.
    on_asked: Callback<DonorCall>,
) -> impl IntoView {
    let api = use_api();
    let act = Act::new();
    let ask = move |component: Component, group: BloodGroup| {
        let input = NewCall { component, group };
        let sent = async move {
            api.call_donors(&input)
                .await
                .map_err(|e| refused(Problems::new(), e))
        };
        act.run(sent, move |call: DonorCall| {
            act.done(format!(
                "Donors are being asked for {} for {} patients.",
                component.label().to_lowercase(),
                group_name(group)
            ));
            on_asked.run(call);
        });
    };
    let lines = StoredValue::new(stock.lines);
    let low_count = move || {
        lines.with_value(|lines| {
            lines
                .iter()
                .filter(|l| l.low && l.component == chosen.get())
                .count()
        })
    };
    view! {
        <ComponentChips chosen label="Component shown"/>
        <Outcome act testid="ask-outcome"/>
        {move || {
            let component = chosen.get();
            let shown: Vec<StockLine> = lines.with_value(|lines| {
                lines.iter().filter(|l| l.component == component).cloned().collect()
            });
            view! {
                <div class="stock-layout">
                    <StockChart component lines=shown.clone()/>
                    <StockTable component lines=shown ask act/>
                </div>
            }
        }}
        <p class="hint" data-testid="low-count">{move || match low_count() {
            0 => "No group of this component is below its threshold.".to_owned(),
            1 => "1 group of this component is below its threshold.".to_owned(),
            n => format!("{n} groups of this component are below their threshold."),
        }}</p>
    }
}

/// The table of one component's lines.
#[component]
fn StockTable(
    component: Component,
    lines: Vec<StockLine>,
    ask: impl Fn(Component, BloodGroup) + Copy + 'static,
    act: Act,
) -> impl IntoView {
    view! {
        // Stays a table on a phone, scrolling sideways in its box: reachable by keyboard.
        <div class="scroll stock-table-box" tabindex="0" role="region" aria-label=format!("{} stock per group, table", component.label())>
            <table class="table stock-table" data-testid="stock-table">
                <caption class="visually-hidden">{format!("{} stock per group", component.label())}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Group"</th>
                        <th scope="col" class="num">"Available"</th>
                        <th scope="col" class="num">"Reserved"</th>
                        <th scope="col" class="num">"Quarantined"</th>
                        <th scope="col" class="num">"Expiring soon"</th>
                        <th scope="col" class="num">"Issued, 30 days"</th>
                        <th scope="col" class="num">"Days of cover"</th>
                        <th scope="col">"Threshold"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|line| {
                        let group = line.group;
                        view! {
                            <tr data-testid="stock-row" data-group=group.code() class:low=line.low>
                                <th scope="row" data-label="Group">{group_name(group)}</th>
                                <td class="num" data-label="Available" data-testid="available">{line.available}</td>
                                <td class="num" data-label="Reserved">{line.reserved}</td>
                                <td class="num" data-label="Quarantined">{line.quarantined}</td>
                                <td class="num" data-label="Expiring soon">{line.expiring_soon}</td>
                                <td class="num" data-label="Issued, 30 days">{line.issued_30d}</td>
                                <td class="num" data-label="Days of cover" data-testid="cover">{cover(line.days_of_cover)}</td>
                                <td data-label="Threshold" data-testid="threshold">{threshold_words(line.threshold)}</td>
                                <td data-label="Status">
                                    {if line.low {
                                        view! {
                                            <span class="badge alert" data-testid="low">"Low"</span>
                                            " "
                                            <button type="button" class="link" disabled=move || act.pending()
                                                aria-label=format!("Ask donors for {} for {} patients", component.label().to_lowercase(), group_name(group))
                                                on:click=move |_| ask(component, group)>"Ask donors"</button>
                                        }.into_any()
                                    } else {
                                        view! { <span class="badge ok">"OK"</span> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_read_as_words() {
        assert_eq!(threshold_words(None), "None");
        let t = |units, days| Some(Threshold { units, days });
        assert_eq!(threshold_words(t(Some(5), None)), "5 units");
        assert_eq!(threshold_words(t(None, Some(3))), "3 days of cover");
        assert_eq!(
            threshold_words(t(Some(1), Some(2))),
            "1 unit or 2 days of cover"
        );
    }
}
