//! The patient's mood log: how they feel now (or earlier, up to a week
//! back), the chart over 30 or 90 days, and their entries.

use jiff::civil::{Date, DateTime, Time};
use jiff::Timestamp;
use leptos::prelude::*;
use medtrack_shared::record::{MoodEntry, MoodInput, MAX_MOOD_NOTE_CHARS, MOOD_BACKDATE_DAYS};
use medtrack_shared::UserId;

use super::mood_entries::MoodEntries;
use super::record::RecordNav;
use crate::api::use_api;
use crate::components::action::{Act, Outcome};
use crate::components::form::{Field, Problems, TextArea};
use crate::components::status::Loader;
use crate::components::wellbeing::mood::{chart_loader, MoodChartPanel};
use crate::components::wellbeing::picker::{ScorePicker, TagPicker};
use crate::format;
use crate::state::session::use_session;

/// When the patient felt so, as the form offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Now,
    /// Days back: 0 is earlier today.
    DaysBack(u8),
}

impl When {
    /// Now, earlier today, yesterday, and the days before, within the week
    /// the server takes.
    fn all() -> Vec<When> {
        let back = u8::try_from(MOOD_BACKDATE_DAYS - 1).unwrap_or(6);
        std::iter::once(When::Now)
            .chain((0..=back).map(When::DaysBack))
            .collect()
    }

    fn value(self) -> String {
        match self {
            When::Now => "now".to_owned(),
            When::DaysBack(n) => n.to_string(),
        }
    }

    fn parse(value: &str) -> When {
        value.parse().map_or(When::Now, When::DaysBack)
    }

    fn label(self, today: Date) -> String {
        match self {
            When::Now => "Now".to_owned(),
            When::DaysBack(0) => "Earlier today".to_owned(),
            When::DaysBack(1) => "Yesterday".to_owned(),
            When::DaysBack(n) => day_back(today, n).map(format::day).unwrap_or_default(),
        }
    }
}

/// The day `back` days before `today`.
fn day_back(today: Date, back: u8) -> Option<Date> {
    today
        .checked_sub(jiff::Span::new().days(i64::from(back)))
        .ok()
}

/// The wall-clock time `back` days before `today` at `time`.
fn backdated(today: Date, back: u8, time: Time) -> Option<DateTime> {
    day_back(today, back).map(|day| day.to_datetime(time))
}

/// Whether `at` is a time the log takes: not to come, and within the week.
fn check_when(at: Timestamp, now: Timestamp) -> Result<(), String> {
    if at > now {
        return Err("That time is still to come: pick an earlier one.".to_owned());
    }
    if now.as_second() - at.as_second() > MOOD_BACKDATE_DAYS * 86_400 {
        return Err(format!(
            "A mood can be logged up to {MOOD_BACKDATE_DAYS} days back."
        ));
    }
    Ok(())
}

/// The mood page.
#[component]
pub fn MoodPage() -> impl IntoView {
    let me = use_api().my_id().ok();
    view! {
        <h1>"Mood"</h1>
        <p class="lead">"How you feel, as often as you like. Your doctors see this log and its chart, with your PHQ-9 scores and the doses you took."</p>
        <RecordNav current="mood"/>
        {me.map(|patient| view! { <MoodLog patient/> })}
    }
}

#[component]
fn MoodLog(patient: UserId) -> impl IntoView {
    let days = RwSignal::new(30_u16);
    let chart = chart_loader(patient, days);
    let entries = Loader::new(move |api| api.mood(patient, None));
    let logged = move |_: MoodEntry| {
        entries.reload();
        chart.reload();
    };
    view! {
        <div class="mood-page">
            <LogMood patient on_logged=logged/>
            <MoodChartPanel chart days empty="No mood logged in this period yet. Pick a score to log how you feel: your chart fills in day by day."/>
        </div>
        <MoodEntries patient entries chart/>
    }
}

/// The form that logs how the patient feels.
#[component]
fn LogMood(
    patient: UserId,
    on_logged: impl Fn(MoodEntry) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let zone = use_session().zone();
    let today = format::today(&zone);
    let zone = StoredValue::new(zone);
    let score = RwSignal::new(None::<u8>);
    let tags = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let when = RwSignal::new(When::Now);
    let time = RwSignal::new(String::new());
    let act = Act::new();
    let problems = Problems::new();
    let score_error = problems.of("score", "Score");
    let note_error = problems.of("note", "Note");
    let at_error = problems.of("at", "The time");
    let choose = move |value: String| {
        let chosen = When::parse(&value);
        when.set(chosen);
        // A time to start from: an hour ago today, midday on other days.
        let start = match chosen {
            When::Now => None,
            When::DaysBack(0) => {
                let hour_ago = format::now() - jiff::SignedDuration::from_hours(1);
                zone.with_value(|z| format::time_of_day(hour_ago, z))
            }
            When::DaysBack(_) => Some(Time::constant(12, 0, 0, 0)),
        };
        if let Some(start) = start {
            time.set(start.strftime("%H:%M").to_string());
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problems.clear();
        let at = match when.get_untracked() {
            When::Now => None,
            When::DaysBack(back) => {
                let at = time
                    .get_untracked()
                    .parse::<Time>()
                    .ok()
                    .and_then(|t| backdated(today, back, t))
                    .and_then(|dt| zone.with_value(|z| format::instant(dt, z)));
                let Some(at) = at else {
                    return act.fail("Give the time, e.g. 08:30.");
                };
                if let Err(message) = check_when(at, format::now()) {
                    return act.fail(message);
                }
                Some(at)
            }
        };
        let input = MoodInput {
            score: score.get_untracked().unwrap_or(0),
            tags: tags.get_untracked(),
            note: note.get_untracked(),
            at,
        };
        if let Err(errors) = input.check() {
            return act.fail(problems.found(errors));
        }
        let sent = async move {
            api.log_mood(patient, input)
                .await
                .map_err(|e| problems.refused(e))
        };
        act.run(sent, move |entry| {
            act.done("Mood logged.");
            score.set(None);
            tags.set(Vec::new());
            note.set(String::new());
            when.set(When::Now);
            on_logged(entry);
        });
    };
    view! {
        <form class="form mood-form" on:submit=submit novalidate aria-labelledby="log-mood-heading" data-testid="log-mood">
            <h2 id="log-mood-heading">"Log how you feel"</h2>
            <ScorePicker name="mood-score" score error=score_error/>
            <TagPicker id="mood" tags/>
            <TextArea label="Note (optional)" id="mood-note" max=MAX_MOOD_NOTE_CHARS value=note error=note_error/>
            <div class="field">
                <label for="mood-when">"When"</label>
                <select id="mood-when" on:change=move |ev| choose(event_target_value(&ev))>
                    {When::all().into_iter().map(|w| view! {
                        <option value=w.value() selected=move || when.get() == w>{w.label(today)}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || (when.get() != When::Now).then(|| view! {
                <Field label="At what time" id="mood-time" kind="time" value=time error=at_error/>
            })}
            <Outcome act testid="mood-message"/>
            <button type="submit" disabled=move || act.pending()>"Log mood"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_form_offers_now_and_the_last_week() {
        let all = When::all();
        assert_eq!(all.first(), Some(&When::Now));
        assert_eq!(all.last(), Some(&When::DaysBack(6)));
        assert_eq!(all.len(), 8);
        for w in all {
            assert_eq!(When::parse(&w.value()), w);
        }
    }

    #[test]
    fn a_day_back_keeps_the_time_given() {
        let at = backdated(date(2026, 3, 2), 2, Time::constant(8, 30, 0, 0));
        assert_eq!(at, Some(date(2026, 2, 28).at(8, 30, 0, 0)));
    }

    #[test]
    fn times_to_come_and_beyond_the_week_are_refused() {
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let hour = jiff::SignedDuration::from_hours(1);
        assert!(check_when(now - hour, now).is_ok());
        assert!(check_when(now + hour, now).is_err());
        assert!(check_when(now - hour * 24 * 7, now).is_ok());
        assert!(check_when(now - hour * (24 * 7 + 1), now).is_err());
    }
}
