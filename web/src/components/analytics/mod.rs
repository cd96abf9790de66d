//! The dashboards' pieces: the range of days and its quick choices, the
//! headline figures, and the chart panels. Every chart draws a shared
//! `analytics::definitions::Table`, whose rows its table view lists and
//! whose `csv()` its download holds, so the three never disagree; nothing
//! here computes a figure of its own. Days are shown through `format`,
//! and stay ISO in the CSV. Its styles are in `style/analytics.css`.

mod charts;
mod hbars;
mod panel;
mod range;
mod summaries;

use leptos::prelude::*;
use medtrack_shared::analytics::definitions::{number, Metric, RowKey, Table};
use medtrack_shared::analytics::DayRange;

pub use charts::{Line, StackedBars};
pub use hbars::{HBars, Scale};
pub use panel::ChartPanel;
pub use range::{Quick, RangeFilter};
pub use summaries::{BillingSummary, BloodSummary};

use crate::format;

/// A table's cell as people read it: the shared number, or a dash where
/// there is nothing to divide by (the CSV leaves those empty).
pub fn cell(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), number)
}

/// A row's key as people read it: a day in the one human format, a name
/// as it is.
pub fn key_text(key: &RowKey) -> String {
    match key {
        RowKey::Day(day) => format::day(*day),
        RowKey::Name(name) => name.clone(),
    }
}

/// A row's key as the CSV writes it, for tests and links.
pub fn key_value(key: &RowKey) -> String {
    match key {
        RowKey::Day(day) => day.to_string(),
        RowKey::Name(name) => name.clone(),
    }
}

/// A ratio as a percentage, to two decimals at most as the tables write
/// them; a dash without one.
pub fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(
        || "–".to_owned(),
        |r| format!("{}%", number((r * 10_000.0).round() / 100.0)),
    )
}

/// A lead time in hours in words: minutes and hours under two days, days
/// to one decimal beyond.
pub fn lead_time(hours: Option<f64>) -> String {
    match hours {
        None => "–".to_owned(),
        Some(h) if h < 48.0 => format::duration((h * 60.0).round() as i64),
        Some(h) => format!("{} days", number((h / 24.0 * 10.0).round() / 10.0)),
    }
}

/// An average in minutes in words.
pub fn minutes(average: Option<f64>) -> String {
    average.map_or_else(|| "–".to_owned(), |m| format::duration(m.round() as i64))
}

/// The days of a range in words: `Mon 2 Nov to Tue 1 Dec (30 days)`.
pub fn range_words(range: &DayRange) -> String {
    let days = match range.length() {
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    };
    if range.from == range.to {
        format!("{} ({days})", format::day(range.from))
    } else {
        format!(
            "{} to {} ({days})",
            format::day(range.from),
            format::day(range.to)
        )
    }
}

/// A CSV file's name: the chart's title and its days, e.g.
/// `no-show-rate-2026-11-01-to-2026-11-30.csv`.
pub fn file_name(title: &str, range: &DayRange) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    format!("{slug}-{}-to-{}.csv", range.from, range.to)
}

/// The columns `at` of `table` (with its row keys), as a chart of a
/// wider table shows them: the same numbers, fewer of them, under
/// `metric`'s name.
pub fn columns(table: &Table, at: &[usize], metric: Metric) -> Table {
    Table {
        metric,
        key: table.key,
        columns: at
            .iter()
            .filter_map(|n| table.columns.get(*n).copied())
            .collect(),
        rows: table
            .rows
            .iter()
            .map(|(key, values)| {
                let picked = at
                    .iter()
                    .map(|n| values.get(*n).copied().flatten())
                    .collect();
                (key.clone(), picked)
            })
            .collect(),
    }
}

/// Whether a table's columns `at` hold anything but zeros and blanks.
pub fn any(table: &Table, at: &[usize]) -> bool {
    at.iter()
        .any(|n| table.column(*n).into_iter().flatten().any(|v| v != 0.0))
}

/// Whether a table's column `at` has a value on any row (an average
/// of zero minutes is a value; a day without visits is not).
pub fn has_values(table: &Table, at: usize) -> bool {
    table.column(at).into_iter().any(|v| v.is_some())
}

/// One headline figure: what it is, its value, a test id.
pub struct Figure {
    /// What it counts.
    pub label: &'static str,
    /// The value as shown.
    pub value: String,
    /// Its test id.
    pub testid: &'static str,
}

/// The headline figures of a dashboard.
#[component]
pub fn Headline(figures: Vec<Figure>) -> impl IntoView {
    view! {
        <ul class="tiles an-tiles" data-testid="headline">
            {figures.into_iter().map(|f| view! {
                <li class="tile" data-testid=f.testid>
                    <span class="figure">{f.value}</span>
                    <span class="label">{f.label}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn range() -> DayRange {
        DayRange {
            from: date(2026, 11, 1),
            to: date(2026, 11, 30),
        }
    }

    #[test]
    fn files_are_named_by_title_and_days() {
        assert_eq!(
            file_name("No-show rate", &range()),
            "no-show-rate-2026-11-01-to-2026-11-30.csv"
        );
        assert_eq!(
            file_name("Appointments per day by status", &range()),
            "appointments-per-day-by-status-2026-11-01-to-2026-11-30.csv"
        );
        assert_eq!(
            file_name("Utilisation (%) ", &range()),
            "utilisation-2026-11-01-to-2026-11-30.csv"
        );
    }

    #[test]
    fn cells_and_percentages_read_as_the_tables_write_them() {
        assert_eq!(cell(Some(3.0)), "3");
        assert_eq!(cell(Some(33.333)), "33.33");
        assert_eq!(cell(None), "–");
        assert_eq!(percent(Some(1.0 / 3.0)), "33.33%");
        assert_eq!(percent(Some(0.5)), "50%");
        assert_eq!(percent(None), "–");
    }

    #[test]
    fn a_few_columns_keep_their_numbers() {
        let table = Table {
            metric: Metric::PatientsSeen,
            key: "Day",
            columns: vec!["A", "B", "C"],
            rows: vec![(
                RowKey::Day(date(2026, 11, 1)),
                vec![Some(1.0), None, Some(3.0)],
            )],
        };
        let picked = columns(&table, &[2, 1], Metric::Utilisation);
        assert_eq!(picked.columns, vec!["C", "B"]);
        assert_eq!(picked.rows[0].1, vec![Some(3.0), None]);
        assert_eq!(picked.metric, Metric::Utilisation);
        assert_eq!(picked.csv(), "Day,C,B\r\n2026-11-01,3,\r\n");
        assert!(any(&table, &[0]));
        assert!(!any(&table, &[1]));
        assert!(has_values(&table, 0));
        assert!(!has_values(&table, 1));
    }
}
