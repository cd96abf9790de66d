use super::*;

fn daily(times: &[(i8, i8)]) -> MedicationInput {
    MedicationInput {
        name: "Amoxicillin".into(),
        strength: "500 mg".into(),
        form: "capsule".into(),
        dose: "1 capsule".into(),
        instructions: String::new(),
        schedule: Schedule {
            as_needed: false,
            times: times
                .iter()
                .map(|(h, m)| Time::constant(*h, *m, 0, 0))
                .collect(),
            frequency: Frequency::EveryDay,
            start: jiff::civil::date(2026, 1, 1),
            end: None,
            zone: ZoneRule::FollowMe,
        },
        supply: None,
        missed: MissedDoses::default(),
    }
}

#[test]
fn a_schedule_needs_times_unless_as_needed() {
    assert!(daily(&[(8, 0), (20, 0)]).check().is_ok());
    let none = daily(&[]);
    assert!(none.check().unwrap_err().get("schedule.times").is_some());
    let mut as_needed = daily(&[]);
    as_needed.schedule.as_needed = true;
    assert!(as_needed.check().is_ok());
    let twice = daily(&[(8, 0), (8, 0)]);
    assert!(twice.check().is_err());
    let mut escalate_to_nobody = daily(&[(8, 0)]);
    escalate_to_nobody.missed.escalate_after_minutes = Some(120);
    assert!(escalate_to_nobody
        .check()
        .unwrap_err()
        .get("missed.escalate_after_minutes")
        .is_some());
}

#[test]
fn a_day_counts_each_dose_by_what_became_of_it() {
    let mut day = DayCount::new(jiff::civil::date(2026, 1, 1));
    for status in [
        DoseStatus::Taken,
        DoseStatus::Taken,
        DoseStatus::Skipped,
        DoseStatus::Missed,
    ] {
        day.count(status);
    }
    assert_eq!((day.due, day.taken, day.skipped, day.missed), (4, 2, 1, 1));
}
