//! The mood chart with its period switch (30 or 90 days), its summary in
//! words, the numbers as a table, and the average per tag; the same for the
//! patient and their doctors.

use leptos::prelude::*;
use medtrack_shared::record::{one_decimal, MoodChart, MoodDay, ScorePoint, TagAverage};
use medtrack_shared::UserId;

use super::chart::MoodPlot;
use crate::components::status::{Loaded, Loader};
use crate::format;

/// The periods the chart offers, in days.
pub const PERIODS: [u16; 2] = [30, 90];

/// The chart of `patient` over the days `days` holds, read again when it
/// changes.
pub fn chart_loader(patient: UserId, days: RwSignal<u16>) -> Loader<MoodChart> {
    Loader::new(move |api| api.mood_chart(patient, days.get()))
}

/// What the period holds, in numbers.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Summary {
    /// Days with at least one entry.
    pub logged_days: usize,
    /// Entries.
    pub entries: u32,
    /// The average of every entry, to one decimal.
    pub average: Option<f64>,
    /// The trend of the last day that has one.
    pub trend: Option<f64>,
    /// Doses due, taken, skipped, missed.
    pub doses: [u32; 4],
}

impl Summary {
    pub fn of(days: &[MoodDay]) -> Self {
        let entries: u32 = days.iter().map(|d| d.entries).sum();
        let total: f64 = days
            .iter()
            .filter_map(|d| d.average.map(|a| a * f64::from(d.entries)))
            .sum();
        let doses = days
            .iter()
            .fold([0; 4], |[due, taken, skipped, missed], d| {
                [
                    due + d.doses.due,
                    taken + d.doses.taken,
                    skipped + d.doses.skipped,
                    missed + d.doses.missed,
                ]
            });
        Self {
            logged_days: days.iter().filter(|d| d.entries > 0).count(),
            entries,
            average: (entries > 0).then(|| one_decimal(total / f64::from(entries))),
            trend: days.iter().rev().find_map(|d| d.trend),
            doses,
        }
    }

    /// Whether there is nothing to draw: no mood, no PHQ-9, no dose due.
    pub fn nothing(&self, scores: &[ScorePoint]) -> bool {
        self.entries == 0 && scores.is_empty() && self.doses[0] == 0
    }
}

/// The chart in words: what a screen reader reads for the drawing, and
/// what the figure's caption says.
fn sentence(summary: &Summary, scores: &[ScorePoint], days: usize) -> String {
    let mood = match summary.average {
        Some(average) => format!(
            "Mood logged on {} of the last {days} days ({} {}), average {average} of 10",
            summary.logged_days,
            summary.entries,
            if summary.entries == 1 {
                "entry"
            } else {
                "entries"
            },
        ),
        None => format!("No mood logged in the last {days} days"),
    };
    let trend = summary
        .trend
        .map(|t| format!("; 7-day trend now {t}"))
        .unwrap_or_default();
    let phq9 = match scores.last() {
        Some(last) => format!(
            " PHQ-9: {} {}, the latest {} ({}) on {}.",
            scores.len(),
            if scores.len() == 1 { "score" } else { "scores" },
            last.score,
            last.severity.label(),
            format::day(last.date)
        ),
        None => " No PHQ-9 answered in this period.".to_owned(),
    };
    let [due, taken, skipped, missed] = summary.doses;
    let doses = if due == 0 {
        " No doses were due.".to_owned()
    } else {
        format!(" Doses: {taken} of {due} taken, {skipped} skipped, {missed} missed.")
    };
    format!("{mood}{trend}.{phq9}{doses}")
}

/// The mood chart of a patient: the period switch, then the chart (or
/// `empty` when the period holds nothing), its summary, its numbers, and
/// the average per tag.
#[component]
pub fn MoodChartPanel(
    chart: Loader<MoodChart>,
    days: RwSignal<u16>,
    /// What to say when there is nothing to draw.
    empty: &'static str,
) -> impl IntoView {
    let switch = move |period: u16| {
        view! {
            <button type="button" class="secondary" aria-pressed=move || (days.get() == period).to_string()
                on:click=move |_| days.set(period)>{format!("{period} days")}</button>
        }
    };
    view! {
        <section class="mood-panel" aria-labelledby="mood-chart-heading" data-testid="mood-panel">
            <div class="mood-head">
                <h2 id="mood-chart-heading">{move || format!("Mood, last {} days", days.get())}</h2>
                <div class="segmented" role="group" aria-label="Days shown">
                    {PERIODS.map(switch).collect_view()}
                </div>
            </div>
            <Loaded from=chart what="the mood chart" let:chart>
                <ChartBody chart empty/>
            </Loaded>
        </section>
    }
}

#[component]
fn ChartBody(chart: MoodChart, empty: &'static str) -> impl IntoView {
    let summary = Summary::of(&chart.days);
    if summary.nothing(&chart.phq9) {
        return view! { <p class="empty" data-testid="mood-chart-empty">{empty}</p> }.into_any();
    }
    let words = sentence(&summary, &chart.phq9, chart.days.len());
    let tags = chart.tags.clone();
    let rows = chart.days.clone();
    let scores = chart.phq9.clone();
    view! {
        <figure class="mood-figure">
            <MoodPlot chart label=words.clone()/>
            <figcaption class="hint" data-testid="mood-summary">{words}</figcaption>
        </figure>
        <NumbersTable days=rows scores/>
        <TagAverages tags/>
    }
    .into_any()
}

/// The chart's numbers, day by day, newest first.
#[component]
fn NumbersTable(days: Vec<MoodDay>, scores: Vec<ScorePoint>) -> impl IntoView {
    let count = days.len();
    let number = |x: Option<f64>| x.map_or("–".to_owned(), |x| x.to_string());
    view! {
        <details class="adherence-table">
            <summary>"Show the numbers as a table"</summary>
            <div class="table-scroll">
                <table data-testid="mood-table">
                    <caption>{format!("Mood, PHQ-9 and doses per day, last {count} days")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Day"</th>
                            <th scope="col">"Entries"</th>
                            <th scope="col">"Average"</th>
                            <th scope="col">"Trend"</th>
                            <th scope="col">"PHQ-9"</th>
                            <th scope="col">"Doses taken"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {days.into_iter().rev().map(|day| {
                            let phq9 = scores
                                .iter()
                                .filter(|s| s.date == day.date)
                                .map(|s| s.score.to_string())
                                .collect::<Vec<_>>()
                                .join(", ");
                            let doses = if day.doses.due == 0 {
                                "–".to_owned()
                            } else {
                                format!("{} of {}", day.doses.taken, day.doses.due)
                            };
                            view! {
                                <tr>
                                    <th scope="row">{format::day(day.date)}</th>
                                    <td>{day.entries}</td>
                                    <td>{number(day.average)}</td>
                                    <td>{number(day.trend)}</td>
                                    <td>{if phq9.is_empty() { "–".to_owned() } else { phq9 }}</td>
                                    <td>{doses}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

/// The width of a tag's bar, in percent: its average of 10.
pub(super) fn bar_percent(average: f64) -> f64 {
    (average.clamp(0.0, 10.0) * 10.0).round()
}

/// The average mood of the entries carrying each tag, as horizontal bars.
#[component]
fn TagAverages(tags: Vec<TagAverage>) -> impl IntoView {
    if tags.is_empty() {
        return ().into_any();
    }
    view! {
        <h3 id="mood-tags-heading">"Average mood by tag"</h3>
        <ul class="tag-bars" aria-labelledby="mood-tags-heading" data-testid="mood-tags">
            {tags.into_iter().map(|tag| {
                let entries = if tag.entries == 1 { "1 entry".to_owned() } else { format!("{} entries", tag.entries) };
                view! {
                    <li data-tag=tag.tag.clone()>
                        <span class="tag-name">{tag.tag.clone()}</span>
                        <span class="tag-track" aria-hidden="true">
                            <span class="tag-bar" style=format!("width: {}%", bar_percent(tag.average))></span>
                        </span>
                        <span class="tag-value">{format!("{} ", tag.average)}<span class="hint">{format!("({entries})")}</span></span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use medtrack_shared::medication::DayCount;

    fn day(entries: u32, average: Option<f64>, trend: Option<f64>, due: u32) -> MoodDay {
        let mut doses = DayCount::new(date(2026, 3, 1));
        doses.due = due;
        doses.taken = due;
        MoodDay {
            date: date(2026, 3, 1),
            entries,
            average,
            trend,
            doses,
        }
    }

    #[test]
    fn the_period_average_weighs_each_entry() {
        let days = vec![
            day(3, Some(4.0), Some(4.0), 2),
            day(0, None, Some(4.0), 2),
            day(1, Some(8.0), Some(5.0), 0),
            day(0, None, None, 1),
        ];
        let summary = Summary::of(&days);
        assert_eq!(summary.entries, 4);
        assert_eq!(summary.logged_days, 2);
        assert_eq!(summary.average, Some(5.0));
        assert_eq!(summary.trend, Some(5.0), "the last day with a trend");
        assert_eq!(summary.doses, [5, 5, 0, 0]);
        assert!(!summary.nothing(&[]));
    }

    #[test]
    fn an_empty_period_has_nothing_to_draw() {
        let summary = Summary::of(&[day(0, None, None, 0), day(0, None, None, 0)]);
        assert_eq!(summary.average, None);
        assert!(summary.nothing(&[]));
    }

    #[test]
    fn tag_bars_are_their_share_of_ten() {
        assert!((bar_percent(6.4) - 64.0).abs() < 1e-9);
        assert!((bar_percent(12.0) - 100.0).abs() < 1e-9);
        assert!((bar_percent(-1.0)).abs() < 1e-9);
    }
}
