//! Charts over days, as inline SVG: bars (stacked when they show several
//! columns, one colour each) and lines (broken where a day has no value).
//! Each draws columns of a shared `Table`, a row per day. The drawing
//! stretches to its box; the scale's and days' labels are HTML around it,
//! so that they keep their size at any width, as the billing and blood
//! charts do. The summary in words is the drawing's label and title.

use leptos::prelude::*;
use medtrack_shared::analytics::definitions::{number, RowKey, Table};

use super::key_text;

/// The drawing's own units.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 150.0;
const TOP: f64 = 6.0;
const BOTTOM: f64 = 144.0;

/// The smallest of 1, 2 or 5 times a power of ten that is at least
/// `value` (1 when there is nothing): the scale's round top.
pub(super) fn nice_top(value: f64) -> f64 {
    if value.is_nan() || value <= 0.0 {
        return 1.0;
    }
    let power = 10_f64.powf(value.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|step| step * power)
        .find(|top| *top >= value * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

/// Where `value` sits on a scale of `top`.
pub(super) fn y_of(value: f64, top: f64) -> f64 {
    let share = (value / top).clamp(0.0, 1.0);
    BOTTOM - share * (BOTTOM - TOP)
}

/// The width of one row's slot.
fn slot(count: usize) -> f64 {
    WIDTH / count.max(1) as f64
}

/// The grid's values: the top, its half when that is a whole number of
/// what is counted (or a percentage), and zero.
fn grid(top: f64, whole: bool) -> Vec<f64> {
    let half = top / 2.0;
    if !whole || half.fract() == 0.0 {
        vec![top, half, 0.0]
    } else {
        vec![top, 0.0]
    }
}

/// Which rows carry a label under the chart: every row of a week or less,
/// else the first, the last and three between. Each with whether it stays
/// on a phone (the first and the last).
pub(super) fn ticks(count: usize) -> Vec<(usize, bool)> {
    if count == 0 {
        return Vec::new();
    }
    let last = count - 1;
    let mut shown: Vec<usize> = if count <= 7 {
        (0..count).collect()
    } else {
        (0..=4).map(|n| n * last / 4).collect()
    };
    shown.dedup();
    shown
        .into_iter()
        .map(|n| (n, n == 0 || n == last))
        .collect()
}

/// The labels under a chart, the first one flush left and the last flush
/// right so that neither runs past the edge.
fn x_labels(table: &Table) -> impl IntoView {
    let count = table.rows.len();
    ticks(count)
        .into_iter()
        .filter_map(|(n, keep)| {
            let (key, _) = table.rows.get(n)?;
            let left = (n as f64 + 0.5) * 100.0 / count.max(1) as f64;
            let place = match (n, count) {
                (0, 1) => "middle",
                (0, _) => "first",
                (n, c) if n + 1 == c => "last",
                _ => "middle",
            };
            let class = format!("{place}{}", if keep { "" } else { " alt" });
            let style = match place {
                "first" => "left: 0".to_owned(),
                "last" => "right: 0".to_owned(),
                _ => format!("left: {left:.2}%"),
            };
            Some(view! { <span class=class style=style>{key_text(key)}</span> })
        })
        .collect_view()
}

/// The scale's labels left of the drawing.
fn y_labels(values: &[f64], top: f64, unit: &'static str) -> impl IntoView {
    values
        .iter()
        .map(|value| {
            view! {
                <span style=format!("top: {:.2}%", y_of(*value, top) * 100.0 / HEIGHT)>{format!("{}{unit}", number(*value))}</span>
            }
        })
        .collect_view()
}

/// The grid lines across the drawing.
fn grid_lines(values: &[f64], top: f64) -> impl IntoView {
    values
        .iter()
        .map(|value| {
            let y = format!("{:.1}", y_of(*value, top));
            view! { <line class="grid" class:base=*value == 0.0 x1="0" x2=WIDTH y1=y.clone() y2=y/> }
        })
        .collect_view()
}

/// A row's key for its tooltip and test hooks.
fn row_data(key: &RowKey) -> String {
    super::key_value(key)
}

/// Bars per day of `table`'s `columns`, stacked from the first up, a
/// colour each (`series` gives each column's class), with their legend.
#[component]
pub fn StackedBars(
    table: Table,
    columns: Vec<usize>,
    /// Each column's colour class, in the order of `columns`.
    series: Vec<&'static str>,
    /// What the chart shows, in words.
    #[prop(into)]
    label: String,
    /// The unit after the scale's numbers, e.g. ` min`.
    #[prop(optional)]
    unit: &'static str,
) -> impl IntoView {
    let count = table.rows.len();
    let total = |values: &[Option<f64>]| -> f64 {
        columns
            .iter()
            .map(|n| values.get(*n).copied().flatten().unwrap_or(0.0).max(0.0))
            .sum()
    };
    let most = table.rows.iter().map(|(_, v)| total(v)).fold(0.0, f64::max);
    let top = nice_top(most);
    let grid_values = grid(top, true);
    let width = slot(count) * if count > 60 { 0.9 } else { 0.7 };
    let bars = table
        .rows
        .iter()
        .enumerate()
        .map(|(n, (key, values))| {
            let left = n as f64 * slot(count) + (slot(count) - width) / 2.0;
            let name = key_text(key);
            let mut base = 0.0;
            let parts = columns
                .iter()
                .zip(&series)
                .filter_map(|(column, class)| {
                    let value = values.get(*column).copied().flatten().unwrap_or(0.0);
                    if value <= 0.0 {
                        return None;
                    }
                    let (low, high) = (y_of(base, top), y_of(base + value, top));
                    base += value;
                    let heading = table.columns.get(*column).copied().unwrap_or_default();
                    Some(view! {
                        <rect class=format!("an-bar {class}") x=format!("{left:.2}") y=format!("{high:.2}")
                            width=format!("{width:.2}") height=format!("{:.2}", (low - high).max(0.6))>
                            <title>{format!("{name}: {heading} {}", number(value))}</title>
                        </rect>
                    })
                })
                .collect_view();
            view! { <g data-key=row_data(key)>{parts}</g> }
        })
        .collect_view();
    let legend = (columns.len() > 1).then(|| {
        let items = columns
            .iter()
            .zip(&series)
            .map(|(column, class)| {
                let heading = table.columns.get(*column).copied().unwrap_or_default();
                view! { <li><span class=format!("swatch {class}")></span>{heading}</li> }
            })
            .collect_view();
        view! { <ul class="legend an-legend" aria-hidden="true">{items}</ul> }
    });
    view! {
        <figure class="an-figure">
            <div class="an-plot">
                <div class="an-y" aria-hidden="true">{y_labels(&grid_values, top, unit)}</div>
                <svg class="an-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img" aria-label=label.clone()>
                    <title>{label.clone()}</title>
                    {grid_lines(&grid_values, top)}
                    {bars}
                </svg>
                <div class="an-x" aria-hidden="true">{x_labels(&table)}</div>
            </div>
            {legend}
        </figure>
    }
}

/// The path through `values` (each at the middle of its slot), broken
/// where a value is missing.
pub(super) fn line_path(values: &[Option<f64>], top: f64) -> String {
    let count = values.len();
    let mut path = String::new();
    let mut drawing = false;
    for (n, value) in values.iter().enumerate() {
        match value {
            Some(value) => {
                if !path.is_empty() {
                    path.push(' ');
                }
                let verb = if drawing { 'L' } else { 'M' };
                let x = (n as f64 + 0.5) * slot(count);
                path.push_str(&format!("{verb}{x:.2} {:.2}", y_of(*value, top)));
                drawing = true;
            }
            None => drawing = false,
        }
    }
    path
}

/// A line per day of `table`'s `column`, a percentage: its scale runs to
/// 100 (further when a value does). Days without a value break the line;
/// a day alone between such gaps, or every day of a short range, is a dot.
#[component]
pub fn Line(
    table: Table,
    column: usize,
    /// What the chart shows, in words.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let values = table.column(column);
    let count = values.len();
    let most = values.iter().flatten().fold(0.0, |a: f64, b| a.max(*b));
    let top = if most > 100.0 { nice_top(most) } else { 100.0 };
    let grid_values = grid(top, false);
    let heading = table.columns.get(column).copied().unwrap_or_default();
    let path = line_path(&values, top);
    let dots = table
        .rows
        .iter()
        .zip(&values)
        .enumerate()
        .filter_map(|(n, ((key, _), value))| {
            let value = (*value)?;
            let before = n.checked_sub(1).and_then(|b| values.get(b).copied().flatten());
            let after = values.get(n + 1).copied().flatten();
            let alone = before.is_none() && after.is_none();
            (alone || count <= 31).then(|| {
                let x = (n as f64 + 0.5) * slot(count);
                view! {
                    <circle class="an-dot" cx=format!("{x:.2}") cy=format!("{:.2}", y_of(value, top)) r="2.4" data-key=row_data(key)>
                        <title>{format!("{}: {heading} {}", key_text(key), number(value))}</title>
                    </circle>
                }
            })
        })
        .collect_view();
    view! {
        <figure class="an-figure">
            <div class="an-plot">
                <div class="an-y" aria-hidden="true">{y_labels(&grid_values, top, "%")}</div>
                <svg class="an-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img" aria-label=label.clone()>
                    <title>{label.clone()}</title>
                    {grid_lines(&grid_values, top)}
                    <path class="an-line" d=path/>
                    {dots}
                </svg>
                <div class="an-x" aria-hidden="true">{x_labels(&table)}</div>
            </div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_end_on_round_numbers() {
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(1.0), 1.0);
        assert_eq!(nice_top(3.0), 5.0);
        assert_eq!(nice_top(6.0), 10.0);
        assert_eq!(nice_top(11.0), 20.0);
        assert_eq!(nice_top(100.0), 100.0);
        assert_eq!(nice_top(140.0), 200.0);
        assert_eq!(nice_top(0.3), 0.5);
    }

    #[test]
    fn counts_have_whole_grid_lines() {
        assert_eq!(grid(5.0, true), vec![5.0, 0.0]);
        assert_eq!(grid(10.0, true), vec![10.0, 5.0, 0.0]);
        assert_eq!(grid(100.0, false), vec![100.0, 50.0, 0.0]);
    }

    #[test]
    fn values_sit_on_their_scale() {
        assert!((y_of(0.0, 10.0) - BOTTOM).abs() < 1e-9);
        assert!((y_of(10.0, 10.0) - TOP).abs() < 1e-9);
        assert!((y_of(50.0, 10.0) - TOP).abs() < 1e-9, "clamped to the top");
    }

    #[test]
    fn lines_break_where_a_day_has_no_value() {
        let path = line_path(&[Some(0.0), Some(100.0), None, Some(50.0)], 100.0);
        assert_eq!(path, "M40.00 144.00 L120.00 6.00 M280.00 75.00");
        assert_eq!(line_path(&[None, None], 100.0), "");
    }

    #[test]
    fn a_week_labels_every_day_and_longer_ranges_five() {
        assert_eq!(ticks(0), vec![]);
        assert_eq!(ticks(1), vec![(0, true)]);
        assert_eq!(ticks(3), vec![(0, true), (1, false), (2, true)]);
        let month: Vec<usize> = ticks(30).into_iter().map(|(n, _)| n).collect();
        assert_eq!(month, vec![0, 7, 14, 21, 29]);
    }
}
