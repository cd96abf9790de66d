//! The mood chart, drawn as inline SVG: each day's average as a dot, the
//! 7-day trend as a line, PHQ-9 scores as diamonds on a second scale (0 to
//! 27), and beneath, on the same days, a small stacked bar of the doses
//! taken, skipped and missed. The axis labels are HTML around the drawing,
//! so they keep their size at any width.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use medtrack_shared::medication::DayCount;
use medtrack_shared::record::{MoodChart, MoodDay, ScorePoint};

use crate::components::dose_bars::{stacked, Part, Segment};
use crate::format;

/// The drawing's own units; the SVG scales to its box, keeping the ratio.
const WIDTH: f64 = 320.0;
/// The mood band: score 10 at its top, 1 at its bottom.
const MOOD_TOP: f64 = 8.0;
const MOOD_BOTTOM: f64 = 170.0;
/// The doses band beneath.
const DOSES_TOP: f64 = 186.0;
const DOSES_BOTTOM: f64 = 224.0;
const HEIGHT: f64 = 228.0;
/// The highest PHQ-9 total.
const PHQ9_MAX: f64 = 27.0;

/// The grid lines: mood 10, 7, 4, 1, which are PHQ-9 27, 18, 9, 0.
const GRID: [(u8, u8); 4] = [(10, 27), (7, 18), (4, 9), (1, 0)];

/// The width of one day.
fn slot(count: usize) -> f64 {
    WIDTH / count.max(1) as f64
}

/// The middle of day `index` of `count`.
pub(super) fn x_of(index: usize, count: usize) -> f64 {
    (index as f64 + 0.5) * slot(count)
}

/// Where a mood score (1 to 10) sits.
pub(super) fn mood_y(score: f64) -> f64 {
    let share = (score.clamp(1.0, 10.0) - 1.0) / 9.0;
    MOOD_BOTTOM - share * (MOOD_BOTTOM - MOOD_TOP)
}

/// Where a PHQ-9 total (0 to 27) sits on the same band.
pub(super) fn phq9_y(score: u8) -> f64 {
    let share = f64::from(score).min(PHQ9_MAX) / PHQ9_MAX;
    MOOD_BOTTOM - share * (MOOD_BOTTOM - MOOD_TOP)
}

/// A dot's radius: as large as a day's room allows, within limits.
fn radius(count: usize) -> f64 {
    (slot(count) * 0.45).clamp(1.8, 5.0)
}

/// The trend line: a path through every day that has a trend, broken where
/// a day has none.
pub(super) fn trend_path(days: &[MoodDay]) -> String {
    let count = days.len();
    let mut path = String::new();
    let mut drawing = false;
    for (n, day) in days.iter().enumerate() {
        match day.trend {
            Some(trend) => {
                let verb = if drawing { 'L' } else { 'M' };
                if !path.is_empty() {
                    path.push(' ');
                }
                path.push_str(&format!("{verb}{:.1} {:.1}", x_of(n, count), mood_y(trend)));
                drawing = true;
            }
            None => drawing = false,
        }
    }
    path
}

/// The stacked parts of a day's doses bar, each its share of the doses due.
pub(super) fn dose_segments(day: &DayCount) -> Vec<Segment> {
    stacked(day, DOSES_BOTTOM, DOSES_BOTTOM - DOSES_TOP)
}

/// A diamond of half-size `size` around (`x`, `y`), as SVG points.
fn diamond(x: f64, y: f64, size: f64) -> String {
    format!(
        "{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}",
        y - size,
        x + size,
        y + size,
        x - size
    )
}

/// Which days carry a label: today, and every week back (every 30 days
/// back on a longer chart). Each is (index, whether it is the first or the
/// last label: those stay on a phone).
pub(super) fn ticks(count: usize) -> Vec<(usize, bool)> {
    let step = if count <= 31 { 7 } else { 30 };
    let mut shown: Vec<usize> = (0..count)
        .filter(|n| count.saturating_sub(n + 1).is_multiple_of(step))
        .collect();
    shown.sort_unstable();
    let (first, last) = (shown.first().copied(), shown.last().copied());
    shown
        .into_iter()
        .map(|n| (n, Some(n) == first || Some(n) == last))
        .collect()
}

/// The position of a label `y` units from the top, in percent of the drawing.
fn top_percent(y: f64) -> f64 {
    y * 100.0 / HEIGHT
}

/// Each chart's patterns need their own ids on a page.
static CHARTS: AtomicUsize = AtomicUsize::new(0);

/// A day's tooltip.
fn day_title(day: &MoodDay) -> String {
    let date = format::day(day.date);
    let mood = match day.average {
        Some(average) if day.entries == 1 => format!("mood {average}"),
        Some(average) => format!("average mood {average} of {} entries", day.entries),
        None => "no mood logged".to_owned(),
    };
    let trend = day
        .trend
        .map(|t| format!("; 7-day trend {t}"))
        .unwrap_or_default();
    let doses = if day.doses.due == 0 {
        String::new()
    } else {
        format!(
            "; doses: {} taken, {} skipped, {} missed of {}",
            day.doses.taken, day.doses.skipped, day.doses.missed, day.doses.due
        )
    };
    format!("{date}: {mood}{trend}{doses}")
}

/// A PHQ-9 marker's tooltip.
fn score_title(point: &ScorePoint) -> String {
    format!(
        "PHQ-9 on {}: {} ({})",
        format::day(point.date),
        point.score,
        point.severity.label()
    )
}

/// The drawing of `chart`; `label` is its text summary, for screen readers.
#[component]
pub fn MoodPlot(chart: MoodChart, #[prop(into)] label: String) -> impl IntoView {
    let id = CHARTS.fetch_add(1, Ordering::Relaxed);
    let pattern = move |part: Part| format!("mood-{id}-{}", part.class());
    let fill = move |part: Part| match part {
        Part::Taken => None,
        _ => Some(format!("url(#{})", pattern(part))),
    };
    let count = chart.days.len();
    let r = radius(count);
    let bar = slot(count) * 0.7;
    let dots = chart
        .days
        .iter()
        .enumerate()
        .filter_map(|(n, day)| {
            let average = day.average?;
            let title = day_title(day);
            Some(view! {
                <circle class="mood-dot" cx=format!("{:.1}", x_of(n, count)) cy=format!("{:.1}", mood_y(average)) r=r>
                    <title>{title}</title>
                </circle>
            })
        })
        .collect_view();
    let doses = chart
        .days
        .iter()
        .enumerate()
        .map(|(n, day)| {
            let x = x_of(n, count) - bar / 2.0;
            let parts = dose_segments(&day.doses);
            let title = day_title(day);
            view! {
                <g class="dose-day">
                    <title>{title}</title>
                    {(day.doses.due == 0).then(|| view! {
                        <rect class="none" x=x y=DOSES_BOTTOM - 1.0 width=bar height=1.0/>
                    })}
                    {parts.into_iter().map(|s| view! {
                        <rect class=s.part.class() x=x y=s.y width=bar height=s.height fill=fill(s.part)/>
                    }).collect_view()}
                </g>
            }
        })
        .collect_view();
    let scores = chart
        .phq9
        .iter()
        .filter_map(|point| {
            let n = chart.days.iter().position(|d| d.date == point.date)?;
            let points = diamond(x_of(n, count), phq9_y(point.score), r + 1.5);
            let title = score_title(point);
            Some(
                view! { <polygon class="phq9-mark" points=points><title>{title}</title></polygon> },
            )
        })
        .collect_view();
    let trend = trend_path(&chart.days);
    let labels = ticks(count)
        .into_iter()
        .filter_map(|(n, edge)| {
            let day = chart.days.get(n)?;
            let left = x_of(n, count) * 100.0 / WIDTH;
            let today = n + 1 == count;
            let class = match (today, edge) {
                (true, _) => "today",
                (false, true) => "edge",
                (false, false) => "middle",
            };
            Some(view! { <span class=class style=format!("left: {left:.2}%")>{format::day(day.date)}</span> })
        })
        .collect_view();
    view! {
        <div class="mood-plot">
            <div class="y-axis" aria-hidden="true">
                {GRID.map(|(mood, _)| view! {
                    <span style=format!("top: {:.2}%", top_percent(mood_y(f64::from(mood))))>{mood}</span>
                }).collect_view()}
                <span class="doses-label" style=format!("top: {:.2}%", top_percent((DOSES_TOP + DOSES_BOTTOM) / 2.0))>"Doses"</span>
            </div>
            <svg class="mood-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=label
                data-testid="mood-chart" data-days=count>
                <defs>
                    <pattern id=pattern(Part::Skipped) class="skipped" patternUnits="userSpaceOnUse" width="4" height="4" patternTransform="rotate(45)">
                        <rect class="back" width="4" height="4"/>
                        <rect class="ink" width="2" height="4"/>
                    </pattern>
                    <pattern id=pattern(Part::Missed) class="missed" patternUnits="userSpaceOnUse" width="4" height="4">
                        <rect class="back" width="4" height="4"/>
                        <circle class="ink" cx="2" cy="2" r="1.2"/>
                    </pattern>
                </defs>
                {GRID.map(|(mood, _)| {
                    let y = mood_y(f64::from(mood));
                    view! { <line class="grid" x1="0" x2=WIDTH y1=y y2=y/> }
                }).collect_view()}
                <line class="grid base" x1="0" x2=WIDTH y1=DOSES_BOTTOM y2=DOSES_BOTTOM/>
                {doses}
                <path class="mood-trend" d=trend/>
                {dots}
                {scores}
            </svg>
            <div class="y-axis right" aria-hidden="true">
                {GRID.map(|(mood, phq9)| view! {
                    <span style=format!("top: {:.2}%", top_percent(mood_y(f64::from(mood))))>{phq9}</span>
                }).collect_view()}
            </div>
            <div class="mood-x-axis" aria-hidden="true">{labels}</div>
        </div>
        <ul class="legend mood-legend" aria-hidden="true">
            <li><svg class="swatch" viewBox="0 0 12 12"><circle class="mood-dot" cx="6" cy="6" r="4"/></svg>"Mood, daily average (left, 1–10)"</li>
            <li><svg class="swatch" viewBox="0 0 12 12"><line class="mood-trend" x1="0" y1="6" x2="12" y2="6"/></svg>"7-day trend"</li>
            <li><svg class="swatch" viewBox="0 0 12 12"><polygon class="phq9-mark" points=diamond(6.0, 6.0, 5.0)/></svg>"PHQ-9 score (right, 0–27)"</li>
            <li>
                "Doses:"
                {Part::ALL.map(|part| view! {
                    <span class="legend-part">
                        <svg class="swatch" viewBox="0 0 12 12">
                            <rect class=part.class() width="12" height="12" fill=fill(part)/>
                        </svg>
                        {match part {
                            Part::Taken => "taken",
                            Part::Skipped => "skipped",
                            Part::Missed => "missed",
                        }}
                    </span>
                }).collect_view()}
            </li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn day(n: i8, average: Option<f64>, trend: Option<f64>) -> MoodDay {
        let date = date(2026, 3, 1)
            .checked_add(jiff::Span::new().days(i64::from(n)))
            .unwrap();
        MoodDay {
            date,
            entries: u32::from(average.is_some()),
            average,
            trend,
            doses: DayCount::new(date),
        }
    }

    #[test]
    fn scores_span_the_mood_band_and_phq9_shares_it() {
        assert!((mood_y(10.0) - MOOD_TOP).abs() < 1e-9);
        assert!((mood_y(1.0) - MOOD_BOTTOM).abs() < 1e-9);
        assert!((mood_y(0.0) - MOOD_BOTTOM).abs() < 1e-9, "clamped");
        assert!((phq9_y(27) - MOOD_TOP).abs() < 1e-9);
        assert!((phq9_y(0) - MOOD_BOTTOM).abs() < 1e-9);
        // The grid lines are the same height on both scales.
        for (mood, phq9) in GRID {
            assert!((mood_y(f64::from(mood)) - phq9_y(phq9)).abs() < 1e-9);
        }
        assert!(mood_y(7.0) < mood_y(4.0), "higher is better, and higher up");
    }

    #[test]
    fn days_sit_in_the_middle_of_their_slots() {
        let half = WIDTH / 60.0;
        assert!((x_of(0, 30) - half).abs() < 1e-9);
        assert!((x_of(29, 30) - (WIDTH - half)).abs() < 1e-9);
        assert!(
            (x_of(0, 0) - WIDTH / 2.0).abs() < 1e-9,
            "no division by zero"
        );
        assert!((radius(30) - 4.8).abs() < 1e-6);
        assert!((radius(90) - 1.8).abs() < 1e-9);
    }

    #[test]
    fn the_trend_breaks_where_days_have_none() {
        let days = vec![
            day(0, Some(5.0), Some(5.0)),
            day(1, None, Some(5.5)),
            day(2, None, None),
            day(3, Some(8.0), Some(8.0)),
        ];
        let path = trend_path(&days);
        assert_eq!(path.matches('M').count(), 2);
        assert_eq!(path.matches('L').count(), 1);
        assert!(path.starts_with(&format!("M{:.1} ", WIDTH / 8.0)));
        assert_eq!(trend_path(&[]), "");
    }

    #[test]
    fn a_doses_bar_stacks_taken_skipped_and_missed() {
        let mut doses = DayCount::new(date(2026, 3, 1));
        doses.due = 4;
        doses.taken = 2;
        doses.skipped = 1;
        doses.missed = 1;
        let band = DOSES_BOTTOM - DOSES_TOP;
        let parts = dose_segments(&doses);
        let heights: Vec<f64> = parts.iter().map(|s| s.height).collect();
        assert_eq!(heights, vec![band / 2.0, band / 4.0, band / 4.0]);
        assert_eq!(parts.last().map(|s| s.y), Some(DOSES_TOP));
        assert!(dose_segments(&DayCount::new(date(2026, 3, 1))).is_empty());
    }

    #[test]
    fn labels_count_back_from_today() {
        let month: Vec<usize> = ticks(30).into_iter().map(|(n, _)| n).collect();
        assert_eq!(month, vec![1, 8, 15, 22, 29]);
        let edges: Vec<usize> = ticks(30)
            .into_iter()
            .filter(|(_, e)| *e)
            .map(|(n, _)| n)
            .collect();
        assert_eq!(edges, vec![1, 29]);
        let quarter: Vec<usize> = ticks(90).into_iter().map(|(n, _)| n).collect();
        assert_eq!(quarter, vec![29, 59, 89]);
    }
}
