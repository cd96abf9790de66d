//! The days a dashboard covers: quick choices ("Last 30 days", "This
//! week"…) and two date fields, checked by the shared rule (in order, at
//! most 366 days) before anything is asked of the server.

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use leptos::prelude::*;
use medtrack_shared::analytics::DayRange;

use super::range_words;
use crate::components::form::Field;

/// A range people often want, counted from today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quick {
    /// Today alone.
    Today,
    /// Monday to Sunday of this week.
    ThisWeek,
    /// The first to the last day of this month.
    ThisMonth,
    /// The 7 days ending today.
    Last7Days,
    /// The 30 days ending today.
    Last30Days,
    /// The 1st of January to today.
    ThisYear,
    /// The year ending today.
    Last12Months,
}

impl Quick {
    /// Its name on its button.
    pub fn label(self) -> &'static str {
        match self {
            Self::Today => "Today",
            Self::ThisWeek => "This week",
            Self::ThisMonth => "This month",
            Self::Last7Days => "Last 7 days",
            Self::Last30Days => "Last 30 days",
            Self::ThisYear => "This year",
            Self::Last12Months => "Last 12 months",
        }
    }

    /// Its days, counted from `today`.
    pub fn range(self, today: Date) -> DayRange {
        let back = |span: Span| today.checked_sub(span).unwrap_or(today);
        let (from, to) = match self {
            Self::Today => (today, today),
            Self::ThisWeek => {
                let monday = back(i64::from(today.weekday().to_monday_zero_offset()).days());
                (monday, monday.checked_add(6.days()).unwrap_or(today))
            }
            Self::ThisMonth => (today.first_of_month(), today.last_of_month()),
            Self::Last7Days => (back(6.days()), today),
            Self::Last30Days => (back(29.days()), today),
            Self::ThisYear => (today.first_of_year(), today),
            // A year back and a day on: 365 or 366 days, within the limit.
            Self::Last12Months => (back(1.year()).checked_add(1.day()).unwrap_or(today), today),
        };
        DayRange { from, to }
    }
}

/// The days asked for, or why not: the problem of each field by its name.
pub(super) fn read(from: &str, to: &str) -> Result<DayRange, (Option<String>, Option<String>)> {
    let from: Result<Date, _> = from.trim().parse();
    let to: Result<Date, _> = to.trim().parse();
    let (Ok(from), Ok(to)) = (&from, &to) else {
        let missing = |ok: bool, which: &str| (!ok).then(|| format!("Enter the {which} day."));
        return Err((missing(from.is_ok(), "first"), missing(to.is_ok(), "last")));
    };
    let range = DayRange {
        from: *from,
        to: *to,
    };
    match range.check() {
        Ok(()) => Ok(range),
        Err(errors) => {
            let said =
                |field: &str, label: &str| errors.get(field).map(|m| format!("{label} {m}."));
            Err((said("from", "From"), said("to", "To")))
        }
    }
}

/// The quick choices and the two fields; `applied` is the range shown.
#[component]
pub fn RangeFilter(
    applied: RwSignal<DayRange>,
    /// The quick choices offered.
    choices: &'static [Quick],
    /// Today, in the time zone the days are counted in.
    today: Date,
) -> impl IntoView {
    let start = applied.get_untracked();
    let from = RwSignal::new(start.from.to_string());
    let to = RwSignal::new(start.to.to_string());
    let from_error = RwSignal::new(None::<String>);
    let to_error = RwSignal::new(None::<String>);
    let show = move |range: DayRange| {
        from.set(range.from.to_string());
        to.set(range.to.to_string());
        from_error.set(None);
        to_error.set(None);
        applied.set(range);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match read(&from.get_untracked(), &to.get_untracked()) {
            Ok(range) => show(range),
            Err((on_from, on_to)) => {
                from_error.set(on_from);
                to_error.set(on_to);
            }
        }
    };
    view! {
        <form class="card an-range" on:submit=submit aria-label="Days shown" data-testid="range" novalidate>
            <div class="chips an-quick" role="group" aria-label="Quick ranges">
                {choices.iter().map(|quick| {
                    let range = quick.range(today);
                    view! {
                        <button type="button" class="chip" aria-pressed=move || (applied.get() == range).to_string()
                            on:click=move |_| show(range)>{quick.label()}</button>
                    }
                }).collect_view()}
            </div>
            <div class="an-dates">
                <Field label="From" id="range-from" value=from kind="date" error=from_error/>
                <Field label="To" id="range-to" value=to kind="date" error=to_error/>
                <button type="submit">"Show"</button>
            </div>
        </form>
        <p class="an-showing" role="status" data-testid="range-shown">
            {move || format!("Showing {}.", range_words(&applied.get()))}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    // Wednesday.
    const TODAY: Date = date(2026, 11, 18);

    #[test]
    fn quick_ranges_count_from_today() {
        let days = |q: Quick| {
            let r = q.range(TODAY);
            (r.from, r.to)
        };
        assert_eq!(days(Quick::Today), (TODAY, TODAY));
        assert_eq!(
            days(Quick::ThisWeek),
            (date(2026, 11, 16), date(2026, 11, 22))
        );
        assert_eq!(
            days(Quick::ThisMonth),
            (date(2026, 11, 1), date(2026, 11, 30))
        );
        assert_eq!(days(Quick::Last7Days), (date(2026, 11, 12), TODAY));
        assert_eq!(days(Quick::Last30Days), (date(2026, 10, 20), TODAY));
        assert_eq!(days(Quick::ThisYear), (date(2026, 1, 1), TODAY));
        assert_eq!(days(Quick::Last12Months), (date(2025, 11, 19), TODAY));
        assert_eq!(Quick::Last30Days.range(TODAY).length(), 30);
        // Every quick range is one the server takes, in a leap year too.
        for today in [TODAY, date(2028, 12, 31), date(2028, 2, 29)] {
            for q in [Quick::ThisYear, Quick::Last12Months, Quick::ThisMonth] {
                assert!(q.range(today).check().is_ok(), "{q:?} from {today}");
            }
        }
    }

    #[test]
    fn typed_days_are_checked_by_the_shared_rule() {
        assert_eq!(
            read("2026-11-01", "2026-11-30"),
            Ok(DayRange {
                from: date(2026, 11, 1),
                to: date(2026, 11, 30)
            })
        );
        assert_eq!(
            read("", "2026-11-30"),
            Err((Some("Enter the first day.".into()), None))
        );
        let (_, to) = read("2026-11-30", "2026-11-01").expect_err("out of order");
        assert_eq!(to.as_deref(), Some("To must not be before from."));
        let (_, to) = read("2025-01-01", "2026-11-01").expect_err("too long");
        assert_eq!(to.as_deref(), Some("To must be within 366 days of from."));
    }
}
