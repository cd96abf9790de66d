//! The adherence chart: one stacked bar a day (taken, skipped, missed) over
//! the last 7 or 30 days, drawn here as inline SVG, with its figure, a
//! legend, and the same numbers as a table.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use medtrack_shared::medication::{Adherence, DayCount, Rates};

use crate::components::dose_bars::{stacked, Part, Segment};
use crate::format;

/// The drawing's own units; the SVG scales to its box, keeping the ratio,
/// so the patterns stay square. Labels are HTML around it, so they keep
/// their size at any width.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 140.0;
/// Room above the 100% line, so its grid line is not cut.
const TOP: f64 = 4.0;
const PLOT: f64 = HEIGHT - TOP;

/// The counts of a period: due, taken, skipped, missed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Totals {
    due: u32,
    taken: u32,
    skipped: u32,
    missed: u32,
}

impl Totals {
    fn of(days: &[DayCount]) -> Self {
        days.iter().fold(Self::default(), |t, d| Self {
            due: t.due + d.due,
            taken: t.taken + d.taken,
            skipped: t.skipped + d.skipped,
            missed: t.missed + d.missed,
        })
    }

    fn part(self, part: Part) -> u32 {
        match part {
            Part::Taken => self.taken,
            Part::Skipped => self.skipped,
            Part::Missed => self.missed,
        }
    }
}

/// Taken out of due in whole percent, rounded down as the server does (99.6%
/// is not "all"); none when nothing was due.
fn percent(taken: u32, due: u32) -> Option<u32> {
    (u64::from(taken) * 100)
        .checked_div(u64::from(due))
        .and_then(|p| u32::try_from(p).ok())
}

/// The last `n` days of the chart's 30 (oldest first).
fn last(days: &[DayCount], n: usize) -> &[DayCount] {
    days.get(days.len().saturating_sub(n)..).unwrap_or(days)
}

/// The stacked segments of one day's bar, each its share of the day's doses.
fn segments(day: &DayCount) -> Vec<Segment> {
    stacked(day, HEIGHT, PLOT)
}

/// Where a label of `share` (0 to 1) sits, from the top, in percent of the
/// drawing's height.
fn label_top(share: f64) -> f64 {
    (TOP + (1.0 - share) * PLOT) * 100.0 / HEIGHT
}

/// Which bars get a day label: all of a week; every seventh of a month,
/// counting back from today, so today is always labelled.
fn labelled(index: usize, count: usize) -> bool {
    count <= 7 || count.saturating_sub(index + 1).is_multiple_of(7)
}

/// Each chart's patterns need their own ids on a page.
static CHARTS: AtomicUsize = AtomicUsize::new(0);

/// The rates of one period, as words: "86%", or "no doses due".
fn rate_text(rate: Option<u8>) -> String {
    rate.map_or("no doses due".to_owned(), |p| format!("{p}%"))
}

/// The adherence over the last 7 or 30 days (a switch), each day a stacked
/// bar of the doses taken, skipped and missed; the figure of the period, a
/// legend, the numbers as a table, and each medication's rates.
#[component]
pub fn AdherenceChart(adherence: Adherence) -> impl IntoView {
    // No scheduled medication and nothing due: a sentence, not an empty
    // chart. With a medication the chart stays, to fill in day by day.
    if adherence.medications.is_empty() && adherence.days.iter().all(|d| d.due == 0) {
        return view! {
            <section class="adherence" data-testid="adherence">
                <p class="empty" data-testid="adherence-summary">"No doses were due in the last 30 days: adherence shows here once a medication has dose times."</p>
            </section>
        }
        .into_any();
    }
    let chart = CHARTS.fetch_add(1, Ordering::Relaxed);
    let pattern = move |part: Part| format!("adherence-{chart}-{}", part.class());
    let period = RwSignal::new(7_usize);
    let days = StoredValue::new(adherence.days);
    let shown = move || days.with_value(|d| last(d, period.get()).to_vec());
    let totals = move || Totals::of(&shown());
    let figure_id = format!("adherence-{chart}-figure");
    let labelled_by = figure_id.clone();
    let figure = move || {
        let t = totals();
        match percent(t.taken, t.due) {
            Some(p) => format!("{p}%"),
            None => "–".to_owned(),
        }
    };
    let sentence = move || {
        let (t, days) = (totals(), period.get());
        if t.due == 0 {
            format!("No doses were due in the last {days} days.")
        } else {
            format!(
                "{} of {} doses taken in the last {days} days; {} skipped, {} missed.",
                t.taken, t.due, t.skipped, t.missed
            )
        }
    };
    let aria = move || {
        let t = totals();
        let share =
            percent(t.taken, t.due).map_or("no doses due".to_owned(), |p| format!("{p}% taken"));
        format!(
            "Doses per day, last {} days: {share}. {}",
            period.get(),
            sentence()
        )
    };
    let switch = move |days: usize, label: &'static str| {
        view! {
            <button type="button" class="secondary" aria-pressed=move || (period.get() == days).to_string()
                on:click=move |_| period.set(days)>{label}</button>
        }
    };
    let lines = [1.0, 0.5, 0.0];
    view! {
        <section class="adherence" aria-labelledby=labelled_by data-testid="adherence">
            <div class="adherence-head">
                <p class="adherence-figure" id=figure_id>
                    <strong data-testid="adherence-figure">{figure}</strong>
                    <span>{move || format!("of doses taken, last {} days", period.get())}</span>
                </p>
                <div class="segmented" role="group" aria-label="Days shown">
                    {switch(7, "7 days")}
                    {switch(30, "30 days")}
                </div>
            </div>
            <p class="hint" data-testid="adherence-summary">{sentence}</p>
            <div class="adherence-plot">
                <div class="y-axis" aria-hidden="true">
                    {lines.map(|share| view! {
                        <span style=format!("top: {:.2}%", label_top(share))>{format!("{}%", (share * 100.0) as u32)}</span>
                    }).collect_view()}
                </div>
                <svg class="adherence-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
                    aria-label=aria data-testid="adherence-chart" data-days=move || period.get()>
                    <defs>
                        <pattern id=pattern(Part::Skipped) class="skipped" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                            <rect class="back" width="6" height="6"/>
                            <rect class="ink" width="3" height="6"/>
                        </pattern>
                        <pattern id=pattern(Part::Missed) class="missed" patternUnits="userSpaceOnUse" width="5" height="5">
                            <rect class="back" width="5" height="5"/>
                            <circle class="ink" cx="2.5" cy="2.5" r="1.5"/>
                        </pattern>
                    </defs>
                    {lines.map(|share| {
                        let y = TOP + (1.0 - share) * PLOT;
                        view! { <line class="grid" x1="0" x2=WIDTH y1=y y2=y/> }
                    }).collect_view()}
                    {move || {
                        let shown = shown();
                        let slot = WIDTH / shown.len().max(1) as f64;
                        shown.iter().enumerate().map(|(n, day)| {
                            let x = n as f64 * slot + slot * 0.15;
                            let width = slot * 0.7;
                            let title = day_title(day);
                            let parts = segments(day);
                            let fill = move |part: Part| match part {
                                Part::Taken => None,
                                _ => Some(format!("url(#{})", pattern(part))),
                            };
                            view! {
                                <g class="day">
                                    <title>{title}</title>
                                    {(day.due == 0).then(|| view! {
                                        <rect class="none" x=x y=HEIGHT - 2.0 width=width height=2.0/>
                                    })}
                                    {parts.into_iter().map(|s| view! {
                                        <rect class=s.part.class() x=x y=s.y width=width height=s.height fill=fill(s.part)/>
                                    }).collect_view()}
                                </g>
                            }
                        }).collect_view()
                    }}
                </svg>
                <div class="x-axis" aria-hidden="true" data-days=move || period.get()
                    style=move || format!("grid-template-columns: repeat({}, minmax(0, 1fr))", period.get())>
                    {move || {
                        let shown = shown();
                        let count = shown.len();
                        shown.iter().enumerate().map(|(n, day)| {
                            let text = if !labelled(n, count) {
                                String::new()
                            } else if count <= 7 {
                                format::weekday(day.date)
                            } else {
                                format::day(day.date)
                            };
                            // A month's labels between the first and today may give way.
                            let middle = count > 7 && n > 1 && n + 1 < count;
                            view! { <span class:middle=middle>{text}</span> }
                        }).collect_view()
                    }}
                </div>
            </div>
            <ul class="legend">
                {Part::ALL.map(|part| view! {
                    <li>
                        <svg class="swatch" viewBox="0 0 12 12" aria-hidden="true">
                            <rect class=part.class() width="12" height="12" fill=(part != Part::Taken).then(|| format!("url(#{})", pattern(part)))/>
                        </svg>
                        {part.label()}" "<strong>{move || totals().part(part)}</strong>
                    </li>
                }).collect_view()}
            </ul>
            <details class="adherence-table">
                <summary>"Show the numbers as a table"</summary>
                <div class="table-scroll">
                    <table data-testid="adherence-table">
                        <caption>{move || format!("Doses per day, last {} days", period.get())}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Day"</th>
                                <th scope="col">"Due"</th>
                                <th scope="col">"Taken"</th>
                                <th scope="col">"Skipped"</th>
                                <th scope="col">"Missed"</th>
                                <th scope="col"><abbr title="Taken, in percent">"%"</abbr></th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || shown().into_iter().rev().map(|day| view! {
                                <tr>
                                    <th scope="row">{format::day(day.date)}</th>
                                    <td>{day.due}</td>
                                    <td>{day.taken}</td>
                                    <td>{day.skipped}</td>
                                    <td>{day.missed}</td>
                                    <td>{percent(day.taken, day.due).map_or("–".to_owned(), |p| format!("{p}%"))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
            <MedicationRates medications=adherence.medications/>
        </section>
    }
    .into_any()
}

/// A bar's tooltip: "Mon 30 Nov: 2 taken, 1 skipped, 0 missed of 3 due".
fn day_title(day: &DayCount) -> String {
    let date = format::day(day.date);
    if day.due == 0 {
        format!("{date}: no doses due")
    } else {
        format!(
            "{date}: {} taken, {} skipped, {} missed of {} due",
            day.taken, day.skipped, day.missed, day.due
        )
    }
}

/// Each medication's rates over 7 and 30 days, as the server counts them.
#[component]
fn MedicationRates(
    medications: Vec<medtrack_shared::medication::MedicationAdherence>,
) -> impl IntoView {
    let rates = |r: Rates| {
        format!(
            "{} (7 days), {} (30 days)",
            rate_text(r.last_7_days),
            rate_text(r.last_30_days)
        )
    };
    (!medications.is_empty()).then(|| {
        view! {
            <ul class="adherence-list">
                {medications.into_iter().map(|m| view! {
                    <li><strong>{m.name}</strong>" "<span>{rates(m.rates)}</span></li>
                }).collect_view()}
            </ul>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(due: u32, taken: u32, skipped: u32, missed: u32) -> DayCount {
        DayCount {
            date: jiff::civil::date(2026, 1, 1),
            due,
            taken,
            skipped,
            missed,
        }
    }

    #[test]
    fn a_bar_stacks_taken_skipped_and_missed_to_the_top() {
        let parts = segments(&day(4, 2, 1, 1));
        let heights: Vec<f64> = parts.iter().map(|s| s.height).collect();
        assert_eq!(heights, vec![PLOT / 2.0, PLOT / 4.0, PLOT / 4.0]);
        assert_eq!(parts.first().map(|s| s.y), Some(HEIGHT - PLOT / 2.0));
        assert_eq!(parts.last().map(|s| s.y), Some(TOP));
        assert!(segments(&day(0, 0, 0, 0)).is_empty());
    }

    #[test]
    fn percentages_round_down_and_need_a_dose_due() {
        assert_eq!(percent(199, 200), Some(99));
        assert_eq!(percent(3, 3), Some(100));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn periods_are_the_last_days_and_today_is_labelled() {
        let days: Vec<DayCount> = (0..30).map(|n| day(n, 0, 0, n)).collect();
        assert_eq!(last(&days, 7).len(), 7);
        assert_eq!(last(&days, 7).first().map(|d| d.due), Some(23));
        assert_eq!(last(&days[..3], 7).len(), 3);
        assert!((0..7).all(|n| labelled(n, 7)));
        let month: Vec<usize> = (0..30).filter(|n| labelled(*n, 30)).collect();
        assert_eq!(month, vec![1, 8, 15, 22, 29]);
        assert_eq!(
            Totals::of(&days).due,
            Totals::of(&days).missed,
            "all missed"
        );
    }

    #[test]
    fn labels_sit_on_their_grid_lines() {
        assert!((label_top(1.0) - TOP * 100.0 / HEIGHT).abs() < 1e-9);
        assert!((label_top(0.0) - 100.0).abs() < 1e-9);
    }
}
