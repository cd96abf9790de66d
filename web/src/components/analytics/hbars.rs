//! Horizontal bars, one per row of a shared `Table` whose rows are named
//! (a doctor, a ward, a bucket): the name and the figure on a line, the
//! bar beneath. Drawn in SVG with lengths in percent and rows in pixels,
//! so the text keeps its size and the bars their room at any width.

use leptos::prelude::*;
use medtrack_shared::analytics::definitions::Table;

use super::{key_text, key_value};

/// One row's height, and where its text and bar sit in it, in pixels.
const ROW: f64 = 46.0;
const TEXT: f64 = 16.0;
const BAR: f64 = 23.0;
const BAR_HEIGHT: f64 = 14.0;

/// How long the bars are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Counts: the longest bar (or track) fills the width.
    Longest,
    /// Percentages: the width is 100 (more when a value is).
    Percent,
}

/// What fills the width: the largest of `values` (and 100 for percentages).
pub(super) fn full(values: impl Iterator<Item = f64>, scale: Scale) -> f64 {
    let most = values.fold(0.0, f64::max);
    match scale {
        Scale::Percent => most.max(100.0),
        Scale::Longest if most > 0.0 => most,
        Scale::Longest => 1.0,
    }
}

/// `value` of `full` as an SVG length in percent.
pub(super) fn length(value: f64, full: f64) -> String {
    format!("{:.2}%", (value / full * 100.0).clamp(0.0, 100.0))
}

/// The bars of `table`'s column `value`, each on a track as long as its
/// `whole` column (its offered slots, say) or the whole width.
#[component]
pub fn HBars(
    table: Table,
    /// The column each bar draws.
    value: usize,
    /// The column of each bar's track, if the bar is a part of something.
    #[prop(optional)]
    whole: Option<usize>,
    scale: Scale,
    /// What each bar says beside its name, from its row's values.
    describe: fn(&[Option<f64>]) -> String,
    /// What the chart shows, in words.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let at = |values: &[Option<f64>], n: usize| values.get(n).copied().flatten().unwrap_or(0.0);
    let width = full(
        table
            .rows
            .iter()
            .flat_map(|(_, v)| [Some(at(v, value)), whole.map(|w| at(v, w))])
            .flatten(),
        scale,
    );
    let height = ROW * table.rows.len() as f64;
    let rows = table
        .rows
        .iter()
        .enumerate()
        .map(|(n, (key, values))| {
            let top = n as f64 * ROW;
            let said = describe(values);
            let name = key_text(key);
            let track = whole.map_or_else(|| "100%".to_owned(), |w| length(at(values, w), width));
            view! {
                <g class="an-hrow" data-key=key_value(key)>
                    <title>{format!("{name}: {said}")}</title>
                    <text class="an-hname" x="0" y=format!("{:.0}", top + TEXT)>{name}</text>
                    <text class="an-hvalue" x="100%" y=format!("{:.0}", top + TEXT) text-anchor="end">{said}</text>
                    <rect class="an-track" x="0" y=format!("{:.0}", top + BAR) width=track height=BAR_HEIGHT rx="3"/>
                    <rect class="an-hbar" x="0" y=format!("{:.0}", top + BAR) width=length(at(values, value), width) height=BAR_HEIGHT rx="3"/>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="an-figure">
            <svg class="an-hbars" width="100%" height=format!("{height:.0}") role="img" aria-label=label.clone()>
                <title>{label.clone()}</title>
                {rows}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_fills_the_width() {
        assert_eq!(full([3.0, 6.0].into_iter(), Scale::Longest), 6.0);
        assert_eq!(full([0.0].into_iter(), Scale::Longest), 1.0);
        assert_eq!(full([40.0].into_iter(), Scale::Percent), 100.0);
        assert_eq!(full([120.0].into_iter(), Scale::Percent), 120.0);
        assert_eq!(length(3.0, 6.0), "50.00%");
        assert_eq!(length(9.0, 6.0), "100.00%");
        assert_eq!(length(-1.0, 6.0), "0.00%");
    }
}
