//! The stacked bar of a day's doses (taken, skipped, missed), drawn by the
//! adherence chart and beneath the mood chart.

use medtrack_shared::medication::DayCount;

/// What became of a dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Taken.
    Taken,
    /// Skipped on purpose.
    Skipped,
    /// Neither.
    Missed,
}

impl Part {
    /// Bottom to top.
    pub const ALL: [Part; 3] = [Part::Taken, Part::Skipped, Part::Missed];

    /// Its CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Part::Taken => "taken",
            Part::Skipped => "skipped",
            Part::Missed => "missed",
        }
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Part::Taken => "Taken",
            Part::Skipped => "Skipped",
            Part::Missed => "Missed",
        }
    }

    /// How many of the day's doses it counts.
    pub fn of(self, day: &DayCount) -> u32 {
        match self {
            Part::Taken => day.taken,
            Part::Skipped => day.skipped,
            Part::Missed => day.missed,
        }
    }
}

/// One part of a day's bar: its top and height in drawing units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// What it counts.
    pub part: Part,
    /// Its top.
    pub y: f64,
    /// Its height.
    pub height: f64,
}

/// The parts of `day`'s bar standing on `bottom`, each its share of `band`
/// (the height of a day when every dose due counts).
pub fn stacked(day: &DayCount, bottom: f64, band: f64) -> Vec<Segment> {
    let mut bottom = bottom;
    Part::ALL
        .into_iter()
        .filter_map(|part| {
            let count = part.of(day);
            if count == 0 || day.due == 0 {
                return None;
            }
            let height = band * f64::from(count) / f64::from(day.due);
            bottom -= height;
            Some(Segment {
                part,
                y: bottom,
                height,
            })
        })
        .collect()
}
