//! The overview's pictures, beside the tables that hold their figures:
//! bars of amounts or counts in a list (outstanding by age, claims by
//! state), and revenue by month as inline SVG, billed and collected side
//! by side for each month, drawn by hand as the mood chart is, with its
//! scale's labels in HTML so that they keep their size at any width.

use leptos::prelude::*;
use medtrack_shared::billing::overview::{decimal, RevenueMonth};

use crate::format;

/// One bar of a [`Bars`] list: its label, its size, its value in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// What it measures.
    pub label: String,
    /// Its size (negative counts as none).
    pub value: i64,
    /// The value as shown.
    pub shown: String,
}

/// `part` of `whole` as a CSS width with one decimal, by integers.
fn width(part: i64, whole: i64) -> String {
    if whole <= 0 || part <= 0 {
        return "0%".to_owned();
    }
    let permille = i128::from(part.min(whole)) * 1_000 / i128::from(whole);
    format!("{}.{}%", permille / 10, permille % 10)
}

/// Horizontal bars, the longest filling its track.
#[component]
pub fn Bars(
    /// What the bars show, for screen readers and as the caption.
    #[prop(into)]
    caption: String,
    bars: Vec<Bar>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let most = bars.iter().map(|b| b.value).max().unwrap_or(0);
    view! {
        <figure class="hbars-figure" data-testid=testid>
            <figcaption>{caption}</figcaption>
            <ul class="hbars">
                {bars.into_iter().map(|bar| view! {
                    <li>
                        <span class="hbar-label">{bar.label}</span>
                        <span class="hbar-track" aria-hidden="true"><span class="hbar" style=format!("width: {}", width(bar.value, most))></span></span>
                        <span class="hbar-value">{bar.shown}</span>
                    </li>
                }).collect_view()}
            </ul>
        </figure>
    }
}

/// The drawing's own units; the SVG scales to its box.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 150.0;
const TOP: f64 = 6.0;
const BOTTOM: f64 = 144.0;

/// The smallest of 1, 2 or 5 times a power of ten that is at least
/// `value` (in minor units): the scale's round top.
pub(super) fn round_up(value: i64) -> i64 {
    if value <= 0 {
        return 0;
    }
    let mut power = 1_i64;
    loop {
        for step in [1, 2, 5] {
            let candidate = power.saturating_mul(step);
            if candidate >= value {
                return candidate;
            }
        }
        if power > i64::MAX / 10 {
            return i64::MAX;
        }
        power *= 10;
    }
}

/// The scale of one currency's chart: its top and bottom in minor units
/// (the bottom below zero only when a month is negative: more credited or
/// refunded than billed or received).
pub(super) fn scale(months: &[RevenueMonth]) -> (i64, i64) {
    let values = months.iter().flat_map(|m| [m.billed, m.collected]);
    let high = values.clone().max().unwrap_or(0).max(0);
    let low = values.min().unwrap_or(0).min(0);
    let top = round_up(high);
    let bottom = -round_up(-low);
    if top == bottom {
        (1, 0)
    } else {
        (top, bottom)
    }
}

/// Where `value` sits between `top` and `bottom`.
fn y_of(value: i64, (top, bottom): (i64, i64)) -> f64 {
    let span = (top - bottom) as f64;
    TOP + (top - value) as f64 / span * (BOTTOM - TOP)
}

/// A bar from zero to `value`: its top and height.
fn bar(value: i64, range: (i64, i64)) -> (f64, f64) {
    let (zero, end) = (y_of(0, range), y_of(value, range));
    (
        zero.min(end),
        (zero - end).abs().max(if value == 0 { 0.0 } else { 0.8 }),
    )
}

/// Revenue by month in one currency: `months` oldest first.
#[component]
pub fn RevenueChart(currency: String, months: Vec<RevenueMonth>) -> impl IntoView {
    let range = scale(&months);
    let (top, bottom) = range;
    let count = months.len().max(1);
    let slot = WIDTH / count as f64;
    let bar_width = slot * 0.34;
    let money = |minor: i64| format::amount(minor, &currency);
    let mut grid = vec![top, top / 2, 0];
    if bottom < 0 {
        grid.push(bottom);
    }
    let summary = {
        let billed: i64 = months.iter().map(|m| m.billed).sum();
        let collected: i64 = months.iter().map(|m| m.collected).sum();
        format!(
            "Revenue by month in {currency}, billed beside collected, over {} months: {} billed and {} collected in all. The table below lists each month.",
            months.len(),
            money(billed),
            money(collected)
        )
    };
    let bars = months
        .iter()
        .enumerate()
        .map(|(n, month)| {
            let left = n as f64 * slot + slot * 0.13;
            let (billed_y, billed_h) = bar(month.billed, range);
            let (collected_y, collected_h) = bar(month.collected, range);
            let name = format::month(&month.month);
            view! {
                <g class="rev-month" data-month=month.month.clone()>
                    <rect class="rev-billed" x=format!("{left:.1}") y=format!("{billed_y:.1}") width=format!("{bar_width:.1}") height=format!("{billed_h:.1}")>
                        <title>{format!("{name}: billed {}", money(month.billed))}</title>
                    </rect>
                    <rect class="rev-collected" x=format!("{:.1}", left + bar_width + slot * 0.06) y=format!("{collected_y:.1}")
                        width=format!("{bar_width:.1}") height=format!("{collected_h:.1}") data-testid="collected-bar">
                        <title>{format!("{name}: collected {}", money(month.collected))}</title>
                    </rect>
                </g>
            }
        })
        .collect_view();
    let labels = months
        .iter()
        .enumerate()
        .map(|(n, month)| {
            let left = (n as f64 + 0.5) * slot * 100.0 / WIDTH;
            // Every other month on a phone, the latest always.
            let class = if (count - 1 - n) % 2 == 1 { "alt" } else { "" };
            view! { <span class=class style=format!("left: {left:.2}%")>{format::month_name(&month.month)}</span> }
        })
        .collect_view();
    view! {
        <figure class="rev-figure" data-testid=format!("revenue-chart-{currency}")>
            <figcaption>{format!("Billed and collected per month, {currency}")}</figcaption>
            <div class="rev-plot">
                <div class="rev-y" aria-hidden="true">
                    {grid.iter().map(|value| view! {
                        <span style=format!("top: {:.2}%", y_of(*value, range) * 100.0 / HEIGHT)>{decimal(*value, &currency)}</span>
                    }).collect_view()}
                </div>
                <svg class="rev-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img" aria-label=summary>
                    {grid.iter().map(|value| {
                        let y = format!("{:.1}", y_of(*value, range));
                        view! { <line class="grid" class:base=*value == 0 x1="0" x2=WIDTH y1=y.clone() y2=y/> }
                    }).collect_view()}
                    {bars}
                </svg>
                <div class="rev-x" aria-hidden="true">{labels}</div>
            </div>
            <ul class="legend rev-legend" aria-hidden="true">
                <li><span class="swatch rev-billed"></span>"Billed"</li>
                <li><span class="swatch rev-collected"></span>"Collected"</li>
            </ul>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(billed: i64, collected: i64) -> RevenueMonth {
        RevenueMonth {
            month: "2027-03".into(),
            currency: "EUR".into(),
            billed,
            collected,
            written_off: 0,
        }
    }

    #[test]
    fn scales_end_on_round_numbers() {
        assert_eq!(round_up(0), 0);
        assert_eq!(round_up(1), 1);
        assert_eq!(round_up(6_000), 10_000);
        assert_eq!(round_up(1_500), 2_000);
        assert_eq!(round_up(4_001), 5_000);
        assert_eq!(round_up(i64::MAX), i64::MAX);
        assert_eq!(scale(&[month(6_000, 2_000)]), (10_000, 0));
        assert_eq!(scale(&[month(6_000, -300)]), (10_000, -500));
        assert_eq!(scale(&[]), (1, 0), "an empty chart still has a scale");
    }

    #[test]
    fn bars_grow_from_zero() {
        let range = (10_000, 0);
        assert!((y_of(10_000, range) - TOP).abs() < 1e-9);
        assert!((y_of(0, range) - BOTTOM).abs() < 1e-9);
        let (y, h) = bar(5_000, range);
        assert!((y + h - BOTTOM).abs() < 1e-9);
        assert!((h - (BOTTOM - TOP) / 2.0).abs() < 1e-9);
        let (y, h) = bar(-500, (10_000, -1_000));
        assert!(
            (y - y_of(0, (10_000, -1_000))).abs() < 1e-9,
            "a negative bar hangs below zero"
        );
        assert!(h > 0.0);
    }

    #[test]
    fn widths_are_shares_of_the_longest() {
        assert_eq!(width(50, 200), "25.0%");
        assert_eq!(width(1, 3), "33.3%");
        assert_eq!(width(5, 0), "0%");
        assert_eq!(width(-5, 10), "0%");
        assert_eq!(width(20, 10), "100.0%");
    }
}
