//! The stock of one component as inline SVG: a bar per group of the units
//! available, each group's threshold in units drawn as a dashed line
//! across its bar, and the groups below their threshold marked (in colour,
//! and with "Low" under them). The scale's and groups' labels are HTML
//! around the drawing, so that they keep their size at any width; the
//! drawing's summary in words is its label, and the table beside it holds
//! every figure.

use leptos::prelude::*;
use medtrack_shared::blood::stock::StockLine;
use medtrack_shared::blood::Component;

use super::group_name;

/// The drawing's own units; the SVG stretches to its box.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 160.0;
const TOP: f64 = 6.0;
const BOTTOM: f64 = 156.0;

/// The smallest of 1, 2 or 5 times a power of ten that is at least
/// `value`: the scale's round top (at least 5, so a few units read well).
pub(super) fn scale_top(value: u32) -> u32 {
    let value = value.max(5);
    let mut power = 1_u32;
    loop {
        for step in [1, 2, 5] {
            let candidate = power.saturating_mul(step);
            if candidate >= value {
                return candidate;
            }
        }
        if power > u32::MAX / 10 {
            return u32::MAX;
        }
        power *= 10;
    }
}

/// Where `value` sits on a scale of `top`.
pub(super) fn y_of(value: u32, top: u32) -> f64 {
    let share = f64::from(value.min(top)) / f64::from(top.max(1));
    BOTTOM - share * (BOTTOM - TOP)
}

/// The summary of the chart, in words.
fn summary(component: Component, lines: &[StockLine]) -> String {
    let groups = lines
        .iter()
        .map(|line| {
            let mut text = format!("{} {}", group_name(line.group), line.available);
            if line.low {
                text.push_str(" (low)");
            }
            text
        })
        .collect::<Vec<_>>()
        .join(", ");
    let low = lines.iter().filter(|l| l.low).count();
    let low = match low {
        0 => "No group is below its threshold.".to_owned(),
        1 => "1 group is below its threshold.".to_owned(),
        n => format!("{n} groups are below their threshold."),
    };
    format!(
        "{} available per group: {groups}. {low} The table below lists every figure.",
        component.label()
    )
}

/// The chart of `component`'s `lines` (one per group, in the order shown).
#[component]
pub fn StockChart(component: Component, lines: Vec<StockLine>) -> impl IntoView {
    let most = lines
        .iter()
        .flat_map(|l| [l.available, l.threshold.and_then(|t| t.units).unwrap_or(0)])
        .max()
        .unwrap_or(0);
    let top = scale_top(most);
    let count = lines.len().max(1);
    let slot = WIDTH / count as f64;
    let bar_width = slot * 0.56;
    // The middle line only where it falls on a whole unit.
    let grid: Vec<u32> = if top.is_multiple_of(2) {
        vec![top, top / 2, 0]
    } else {
        vec![top, 0]
    };
    let label = summary(component, &lines);
    let bars = lines
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let left = n as f64 * slot + (slot - bar_width) / 2.0;
            let y = y_of(line.available, top);
            let height = (BOTTOM - y).max(if line.available > 0 { 1.0 } else { 0.0 });
            let name = group_name(line.group);
            let threshold = line.threshold.and_then(|t| t.units).map(|units| {
                let ty = format!("{:.1}", y_of(units, top));
                view! {
                    <line class="threshold" x1=format!("{:.1}", left - slot * 0.12) x2=format!("{:.1}", left + bar_width + slot * 0.12)
                        y1=ty.clone() y2=ty data-testid="threshold-line">
                        <title>{format!("{name}: threshold {units}")}</title>
                    </line>
                }
            });
            view! {
                <g class="stock-group" data-group=line.group.code()>
                    <rect class="stock-bar" class:low=line.low x=format!("{left:.1}") y=format!("{y:.1}")
                        width=format!("{bar_width:.1}") height=format!("{height:.1}") data-testid="stock-bar">
                        <title>{format!("{name}: {} available{}", line.available, if line.low { ", low" } else { "" })}</title>
                    </rect>
                    {threshold}
                </g>
            }
        })
        .collect_view();
    let labels = lines
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let left = (n as f64 + 0.5) * 100.0 / count as f64;
            view! {
                <span class="stock-x" class:low=line.low style=format!("left: {left:.2}%")>
                    <strong>{group_name(line.group)}</strong>
                    <span class="stock-count">{line.available}</span>
                    {line.low.then(|| view! { <span class="stock-low">"Low"</span> })}
                </span>
            }
        })
        .collect_view();
    view! {
        <figure class="stock-figure" data-testid="stock-chart" data-component=component.as_str()>
            <figcaption>{format!("{}: units available per group", component.label())}</figcaption>
            <div class="stock-plot">
                <div class="stock-y" aria-hidden="true">
                    {grid.iter().map(|value| view! {
                        <span style=format!("top: {:.2}%", y_of(*value, top) * 100.0 / HEIGHT)>{*value}</span>
                    }).collect_view()}
                </div>
                <svg class="stock-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img" aria-label=label>
                    {grid.iter().map(|value| {
                        let y = format!("{:.1}", y_of(*value, top));
                        view! { <line class="grid" class:base=*value == 0 x1="0" x2=WIDTH y1=y.clone() y2=y/> }
                    }).collect_view()}
                    {bars}
                </svg>
                <div class="stock-xs" aria-hidden="true">{labels}</div>
            </div>
            <ul class="legend stock-legend" aria-hidden="true">
                <li><span class="swatch stock-swatch"></span>"Available"</li>
                <li><span class="swatch stock-swatch low"></span>"Below its threshold"</li>
                <li><span class="swatch threshold-swatch"></span>"Threshold (units)"</li>
            </ul>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_ends_on_a_round_number() {
        assert_eq!(scale_top(0), 5);
        assert_eq!(scale_top(3), 5);
        assert_eq!(scale_top(6), 10);
        assert_eq!(scale_top(11), 20);
        assert_eq!(scale_top(140), 200);
        assert_eq!(scale_top(u32::MAX), u32::MAX);
    }

    #[test]
    fn bars_grow_from_the_bottom() {
        assert!((y_of(0, 10) - BOTTOM).abs() < 1e-9);
        assert!((y_of(10, 10) - TOP).abs() < 1e-9);
        assert!((y_of(5, 10) - (TOP + BOTTOM) / 2.0).abs() < 1e-9);
        assert!((y_of(50, 10) - TOP).abs() < 1e-9, "clamped to the top");
    }
}
