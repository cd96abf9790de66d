//! A doctor's free slots, two weeks at a time: a strip of days, each with
//! its first free time, then the chosen day's times as chips on the
//! reader's clock. Used for booking and for moving a booked appointment.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::Span;
use leptos::prelude::*;
use medtrack_shared::practice::{Slot, SlotList};
use medtrack_shared::UserId;

use crate::components::status::{Loaded, Loader};
use crate::format;
use crate::state::session::use_session;

/// Days shown at once (the server answers up to 31).
const DAYS: i64 = 14;

/// The free slots; a chosen slot goes to `on_pick`.
#[component]
pub fn SlotPicker(
    doctor: UserId,
    on_pick: Callback<Slot>,
    /// Told the first free slot of the first weeks shown (or that there
    /// is none), for the doctor's card.
    #[prop(optional)]
    first_free: Option<RwSignal<Option<Option<Slot>>>>,
) -> impl IntoView {
    let today = format::today(&use_session().zone());
    let first = RwSignal::new(today);
    let slots = Loader::new(move |api| {
        let from = first.get();
        api.slots(doctor, from, plus(from, DAYS - 1))
    });
    let shift = move |days: i64| first.update(|d| *d = plus(*d, days));
    view! {
        <section class="slot-picker" aria-labelledby="slots-heading">
            <div class="picker-head">
                <h2 id="slots-heading">"Choose a time"</h2>
                <div class="pager">
                    <button class="secondary" on:click=move |_| shift(-DAYS)
                        disabled=move || first.get() <= today>"Earlier"</button>
                    <button class="secondary" on:click=move |_| shift(DAYS)>"Later"</button>
                </div>
            </div>
            <Loaded from=slots what="free slots" let:list>
                <Days list first=first.get_untracked() on_pick first_free/>
            </Loaded>
        </section>
    }
}

fn plus(date: Date, days: i64) -> Date {
    date.checked_add(Span::new().days(days)).unwrap_or(date)
}

/// The day strip and the chosen day's times.
#[component]
fn Days(
    list: SlotList,
    first: Date,
    on_pick: Callback<Slot>,
    first_free: Option<RwSignal<Option<Option<Slot>>>>,
) -> impl IntoView {
    if let Some(found) = first_free.filter(|f| f.get_untracked().is_none()) {
        found.set(Some(list.slots.first().cloned()));
    }
    let by_day = by_day(list.slots);
    let (mine, theirs) = (list.viewer_time_zone.clone(), list.doctor_time_zone.clone());
    if by_day.is_empty() {
        return view! {
            <p class="empty" data-testid="no-slots">
                {format!("No free times from {} to {}. Try later dates.", format::day(first), format::day(plus(first, DAYS - 1)))}
            </p>
        }
        .into_any();
    }
    let day = RwSignal::new(by_day.keys().next().copied().unwrap_or(first));
    let chosen = RwSignal::new(None::<Slot>);
    let note = (list.doctor_time_zone != list.viewer_time_zone).then(|| {
        let example = by_day.values().next().and_then(|s| s.first()).map(|slot| {
            format!(
                " {} for you is {} for the doctor.",
                format::clock(slot.starts_at, &mine),
                format::clock(slot.starts_at, &theirs)
            )
        });
        format!(
            "Times are on your clock ({}). The doctor works on {} time.{}",
            list.viewer_time_zone,
            list.doctor_time_zone,
            example.unwrap_or_default()
        )
    });
    let strip = (0..DAYS)
        .map(|offset| {
            let date = plus(first, offset);
            let free = by_day.get(&date).map(|s| {
                (
                    s.len(),
                    s.first()
                        .map(|f| format::clock(f.starts_at, &list.viewer_time_zone)),
                )
            });
            let picked = move || day.get() == date;
            let (count, first_time) = free.clone().unwrap_or_default();
            let summary = match &first_time {
                Some(time) => format!("from {time}"),
                None => "full".to_owned(),
            };
            let free_times = match count {
                0 => String::new(),
                1 => ", 1 free time".to_owned(),
                n => format!(", {n} free times"),
            };
            view! {
                <li>
                    <button class="day-chip" aria-pressed=move || picked().to_string()
                        disabled=free.is_none()
                        on:click=move |_| { day.set(date); chosen.set(None); }>
                        <span class="weekday">{format::weekday(date)}</span>
                        <span class="date">{date.day()}</span>
                        <span class="first">{summary}</span>
                        <span class="visually-hidden">{free_times}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    let zone = list.viewer_time_zone;
    let times = move || {
        let slots = by_day.get(&day.get()).cloned().unwrap_or_default();
        let mut parts: Vec<(&str, Vec<Slot>)> = vec![
            ("Morning", vec![]),
            ("Afternoon", vec![]),
            ("Evening", vec![]),
        ];
        for slot in slots {
            let part = match hour(&slot.viewer_local) {
                0..=11 => 0,
                12..=16 => 1,
                _ => 2,
            };
            if let Some((_, list)) = parts.get_mut(part) {
                list.push(slot);
            }
        }
        parts
            .into_iter()
            .filter(|(_, slots)| !slots.is_empty())
            .map(|(name, slots)| view! {
                <h3 class="part">{name}</h3>
                <ul class="slots">
                    {slots.into_iter().map(|slot| {
                        let starts_at = slot.starts_at;
                        let zone = zone.clone();
                        let is_chosen = move || chosen.with(|c| c.as_ref().is_some_and(|c| c.starts_at == starts_at));
                        view! {
                            <li>
                                <button class="slot" aria-pressed=move || is_chosen().to_string()
                                    on:click=move |_| {
                                        chosen.set(Some(slot.clone()));
                                        on_pick.run(slot.clone());
                                    }>{format::clock(starts_at, &zone)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })
            .collect_view()
    };
    view! {
        <ul class="day-strip" aria-label="Days" data-testid="days">{strip}</ul>
        <p class="hint">{note}</p>
        <h3 class="visually-hidden">{move || format!("Times on {}", format::day(day.get()))}</h3>
        <div data-testid="slots" aria-live="polite">{times}</div>
    }
    .into_any()
}

/// Slots by the date of their start on the reader's clock.
fn by_day(slots: Vec<Slot>) -> BTreeMap<Date, Vec<Slot>> {
    let mut days: BTreeMap<Date, Vec<Slot>> = BTreeMap::new();
    for slot in slots {
        if let Some(date) = slot.viewer_local.get(..10).and_then(|d| d.parse().ok()) {
            days.entry(date).or_default().push(slot);
        }
    }
    days
}

fn hour(local: &str) -> u8 {
    local.get(11..13).and_then(|h| h.parse().ok()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_give_their_hour() {
        assert_eq!(hour("2026-11-30T07:05-04:00"), 7);
        assert_eq!(hour("2026-11-30T17:30+01:00"), 17);
        assert_eq!(hour("bad"), 0);
    }
}
