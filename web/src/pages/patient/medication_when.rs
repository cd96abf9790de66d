//! The "when" step of the medication form: presets that fill the dose
//! times, a time picker per dose (added and removed one by one), which
//! days, and from when until when.

use jiff::civil::{Date, Time};
use leptos::prelude::*;
use medtrack_shared::medication::{
    Frequency, Schedule, ZoneRule, MAX_EVERY_DAYS, MAX_TIMES_PER_DAY,
};
use medtrack_shared::practice::Weekday;
use medtrack_shared::{FieldErrors, ValidationError};

use crate::components::form::{chosen, digits, option_value, Field, Problems};
use crate::components::medication::{schedule_text, weekday_short};
use crate::format;

/// Which days a medication is taken, as the form offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum Repeat {
    EveryDay,
    Weekdays,
    EveryNDays,
}

impl Repeat {
    const ALL: [Repeat; 3] = [Repeat::EveryDay, Repeat::Weekdays, Repeat::EveryNDays];

    fn label(self) -> &'static str {
        match self {
            Repeat::EveryDay => "Every day",
            Repeat::Weekdays => "Chosen weekdays",
            Repeat::EveryNDays => "Every few days",
        }
    }
}

/// The usual schedules, and the times each fills in (editable after).
const PRESETS: [(&str, &[(i8, i8)]); 6] = [
    ("Once a day", &[(8, 0)]),
    ("Twice a day", &[(8, 0), (20, 0)]),
    ("Three times a day", &[(8, 0), (14, 0), (20, 0)]),
    ("Four times a day", &[(8, 0), (12, 0), (16, 0), (20, 0)]),
    ("Every 8 hours", &[(6, 0), (14, 0), (22, 0)]),
    ("At bedtime", &[(22, 0)]),
];

fn preset_times(times: &[(i8, i8)]) -> Vec<Time> {
    times
        .iter()
        .map(|(h, m)| Time::constant(*h, *m, 0, 0))
        .collect()
}

/// A time as a time picker holds it: `08:00`, or `08:00:20` when it names
/// seconds (they are part of the time).
fn picker_value(time: Time) -> String {
    let shape = if time.second() == 0 {
        "%H:%M"
    } else {
        "%H:%M:%S"
    };
    time.strftime(shape).to_string()
}

/// The time a new row starts with: an hour after the latest, or 08:00.
fn next_time(times: &[Time]) -> Time {
    times
        .iter()
        .max()
        .and_then(|t| t.checked_add(jiff::SignedDuration::from_hours(1)).ok())
        .filter(|t| !times.contains(t))
        .unwrap_or(Time::constant(8, 0, 0, 0))
}

/// The times that parse, sorted: what a preset is compared with.
fn parsed_sorted(values: &[String]) -> Vec<Time> {
    let mut times: Vec<Time> = values
        .iter()
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    times.sort();
    times
}

/// The "when" of the form, as the person edits it.
#[derive(Debug, Clone, Copy)]
pub struct When {
    as_needed: RwSignal<bool>,
    /// Each time picker: a key that stays while it is on the form, its value.
    times: RwSignal<Vec<(usize, RwSignal<String>)>>,
    next_key: StoredValue<usize>,
    frequency: RwSignal<Repeat>,
    every: RwSignal<String>,
    days: StoredValue<Vec<(Weekday, RwSignal<bool>)>>,
    start: RwSignal<String>,
    end: RwSignal<String>,
}

impl When {
    /// The fields, filled from `schedule`.
    pub fn new(schedule: &Schedule) -> Self {
        let (repeat, every, chosen_days) = match &schedule.frequency {
            Frequency::EveryDay => (Repeat::EveryDay, 2, Weekday::ALL.to_vec()),
            Frequency::Weekdays { days } => (Repeat::Weekdays, 2, days.clone()),
            Frequency::EveryNDays { every } => (Repeat::EveryNDays, *every, Weekday::ALL.to_vec()),
        };
        let when = Self {
            as_needed: RwSignal::new(schedule.as_needed),
            times: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
            frequency: RwSignal::new(repeat),
            every: RwSignal::new(every.to_string()),
            days: StoredValue::new(
                Weekday::ALL
                    .iter()
                    .map(|d| (*d, RwSignal::new(chosen_days.contains(d))))
                    .collect(),
            ),
            start: RwSignal::new(schedule.start.to_string()),
            end: RwSignal::new(schedule.end.map(|d| d.to_string()).unwrap_or_default()),
        };
        when.set_times(&schedule.times);
        when
    }

    fn row(self, time: Time) -> (usize, RwSignal<String>) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        (key, RwSignal::new(picker_value(time)))
    }

    /// Replaces every time picker with `times`.
    fn set_times(self, times: &[Time]) {
        let rows = times.iter().map(|t| self.row(*t)).collect();
        self.times.set(rows);
    }

    fn values(self) -> Vec<String> {
        self.times
            .with(|rows| rows.iter().map(|(_, v)| v.get()).collect())
    }

    fn add_time(self) {
        let next = next_time(&parsed_sorted(&self.values()));
        let row = self.row(next);
        self.times.update(|rows| rows.push(row));
    }

    /// The schedule on the form, with `zone`. What does not parse is told
    /// in `errors` (under the field's name, as the server names it) and
    /// left out, so that the shared check can still tell the rest.
    pub fn read(self, zone: ZoneRule, errors: &mut FieldErrors) -> Schedule {
        let as_needed = self.as_needed.get_untracked();
        let mut times = Vec::new();
        if !as_needed {
            for (at, (_, value)) in self.times.get_untracked().iter().enumerate() {
                match value.get_untracked().trim().parse::<Time>() {
                    Ok(time) => times.push(time),
                    Err(_) => errors.add(
                        &format!("schedule.times[{at}]"),
                        ValidationError::new("must be a time of day, e.g. 08:00"),
                    ),
                }
            }
        }
        let start = self.start.get_untracked().trim().parse::<Date>();
        if start.is_err() {
            errors.add("schedule.start", ValidationError::new("must be a date"));
        }
        let end_text = self.end.get_untracked();
        let end = match end_text.trim() {
            "" => None,
            text => {
                let end = text.parse::<Date>().ok();
                if end.is_none() {
                    errors.add(
                        "schedule.end",
                        ValidationError::new("must be a date, or empty"),
                    );
                }
                end
            }
        };
        let frequency = match self.frequency.get_untracked() {
            Repeat::EveryDay => Frequency::EveryDay,
            Repeat::Weekdays => Frequency::Weekdays {
                days: self.days.with_value(|days| {
                    days.iter()
                        .filter(|(_, on)| on.get_untracked())
                        .map(|(d, _)| *d)
                        .collect()
                }),
            },
            // Anything that is not a number is out of range for the check.
            Repeat::EveryNDays => Frequency::EveryNDays {
                every: self.every.get_untracked().trim().parse().unwrap_or(0),
            },
        };
        Schedule {
            as_needed,
            times,
            frequency,
            start: start.unwrap_or_default(),
            end,
            zone,
        }
    }
}

/// The second step: presets, the time pickers, days and dates, and the
/// schedule in one sentence as it stands.
#[component]
pub fn WhenStep(when: When, problems: Problems, zone: String) -> impl IntoView {
    let at = |field: &'static str, label: &'static str| problems.of(field, label);
    let times_error = at("schedule.times", "Dose times");
    let days_error = at("schedule.frequency.days", "Weekdays");
    let every_error = at("schedule.frequency.every", "Every how many days");
    let start_error = at("schedule.start", "Start");
    let end_error = at("schedule.end", "End");
    let start_with = when.frequency.get_untracked();
    let today = format::today(&zone);
    let summary = move || {
        let mut ignored = FieldErrors::default();
        schedule_text(&when.read_tracked(&mut ignored), today)
    };
    let times_invalid = move || times_error.get().is_some().to_string();
    // A removed row takes its button with it: focus goes on to "Add a time".
    let add_button = NodeRef::<leptos::html::Button>::new();
    let remove = move |key: usize| {
        when.times.update(|rows| rows.retain(|(k, _)| *k != key));
        if let Some(button) = add_button.get_untracked() {
            let _ = button.focus();
        }
    };
    view! {
        <fieldset class="step">
            <legend><span class="step-number" aria-hidden="true">"2"</span>" When"</legend>
            <div class="when-times" prop:hidden=move || when.as_needed.get()>
                <div class="field">
                    <span class="label" id="med-presets-label">"How often"</span>
                    <div class="presets" role="group" aria-labelledby="med-presets-label">
                        {PRESETS.map(|(label, times)| {
                            let pressed = move || (parsed_sorted(&when.values()) == preset_times(times)).to_string();
                            view! {
                                <button type="button" class="chip" aria-pressed=pressed
                                    on:click=move |_| when.set_times(&preset_times(times))>{label}</button>
                            }
                        }).collect_view()}
                    </div>
                </div>
                <div class="field" role="group" aria-labelledby="med-times-label">
                    <span class="label" id="med-times-label">"Dose times"</span>
                    <small class="hint">"On your clock. Change any of them, or add one."</small>
                    <ul class="time-list" data-testid="dose-times">
                        <For each=move || when.times.get() key=|(key, _)| *key let:row>
                            {
                                let (key, value) = row;
                                let id = format!("med-time-{key}");
                                let place = move || when.times.with(|rows| rows.iter().position(|(k, _)| *k == key).map_or(0, |n| n + 1));
                                view! {
                                    <li class="time-row">
                                        <label for=id.clone()>{move || format!("Dose time {}", place())}</label>
                                        <input type="time" id=id.clone() name=id
                                            // Seconds only where the time has them.
                                            step=move || (value.get().len() > 5).then_some("1")
                                            prop:value=move || value.get()
                                            on:input=move |ev| value.set(event_target_value(&ev))
                                            aria-invalid=times_invalid aria-describedby="med-times-error"/>
                                        <button type="button" class="secondary" aria-label=move || format!("Remove dose time {}", place())
                                            on:click=move |_| remove(key)>"Remove"</button>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                    <div>
                        <button type="button" class="secondary" node_ref=add_button on:click=move |_| when.add_time()
                            disabled=move || when.times.with(|rows| rows.len() >= MAX_TIMES_PER_DAY)>"Add a time"</button>
                    </div>
                    <p class="field-error" id="med-times-error" role="alert">{move || times_error.get()}</p>
                </div>
            </div>
            <label class="check"><input type="checkbox" prop:checked=move || when.as_needed.get() on:change=move |ev| when.as_needed.set(event_target_checked(&ev))/>
                " Taken only as needed (no dose times, no reminders)"</label>
            <div class="field">
                <label for="med-frequency">"Which days"</label>
                <select id="med-frequency" on:change=move |ev| {
                    if let Some(repeat) = chosen(event_target_value(&ev)) {
                        when.frequency.set(repeat);
                    }
                }>
                    {Repeat::ALL.map(|repeat| view! { <option value=option_value(&repeat) selected=repeat == start_with>{repeat.label()}</option> }).collect_view()}
                </select>
            </div>
            {move || (when.frequency.get() == Repeat::Weekdays).then(|| view! {
                <fieldset class="weekdays">
                    <legend>"Weekdays"</legend>
                    {when.days.get_value().into_iter().map(|(day, on)| view! {
                        <label class="chip"><input type="checkbox" prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev))/>
                            {format!(" {}", weekday_short(day))}</label>
                    }).collect_view()}
                    <p class="field-error" role="alert">{move || days_error.get()}</p>
                </fieldset>
            })}
            {move || (when.frequency.get() == Repeat::EveryNDays).then(|| view! {
                <Field label="Every how many days" id="med-every" inputmode="numeric" max=digits(u64::from(MAX_EVERY_DAYS)) value=when.every error=every_error/>
            })}
            <div class="field-pair">
                <Field label="Start" id="med-start" kind="date" value=when.start error=start_error/>
                <Field label="End (optional)" id="med-end" kind="date" value=when.end error=end_error/>
            </div>
            <p class="schedule-summary" data-testid="schedule-summary">{summary}</p>
        </fieldset>
    }
}

impl When {
    /// The schedule as it stands, tracked: for the sentence that follows
    /// the fields.
    fn read_tracked(self, errors: &mut FieldErrors) -> Schedule {
        // Reading every field tracked, then the untracked reader does the rest.
        self.as_needed.track();
        self.times
            .with(|rows| rows.iter().for_each(|(_, v)| v.track()));
        self.frequency.track();
        self.every.track();
        self.days
            .with_value(|days| days.iter().for_each(|(_, on)| on.track()));
        self.start.track();
        self.end.track();
        self.read(ZoneRule::FollowMe, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_fill_distinct_sorted_times() {
        for (label, times) in PRESETS {
            let times = preset_times(times);
            let mut sorted = times.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted, times, "{label}");
            assert!(!times.is_empty() && times.len() <= MAX_TIMES_PER_DAY);
        }
    }

    #[test]
    fn pickers_hold_seconds_only_when_a_time_has_them() {
        assert_eq!(picker_value(Time::constant(8, 0, 0, 0)), "08:00");
        assert_eq!(picker_value(Time::constant(8, 0, 20, 0)), "08:00:20");
        let values = vec!["20:00".to_owned(), "08:00".to_owned(), String::new()];
        assert_eq!(parsed_sorted(&values), preset_times(&[(8, 0), (20, 0)]));
    }

    #[test]
    fn a_new_time_follows_the_latest() {
        assert_eq!(next_time(&[]), Time::constant(8, 0, 0, 0));
        assert_eq!(
            next_time(&[Time::constant(8, 0, 0, 0), Time::constant(20, 0, 0, 0)]),
            Time::constant(21, 0, 0, 0)
        );
        assert_eq!(
            next_time(&[Time::constant(23, 30, 0, 0)]),
            Time::constant(8, 0, 0, 0),
            "not past midnight"
        );
    }
}
