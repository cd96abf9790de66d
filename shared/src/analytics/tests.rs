//! Each figure on a small worked example, computed by hand.

use jiff::civil::date;

use super::*;
use crate::analytics::{AppointmentDay, DayRange, DoseDay, WardDay};

fn day(n: i8) -> jiff::civil::Date {
    date(2027, 3, n)
}

#[test]
fn no_show_rate_divides_by_visits_that_happened_or_should_have() {
    // 6 completed, 2 no-shows, 5 cancelled, 1 pending: 2 / (6 + 2) = 25 %.
    let mut d = AppointmentDay::empty(day(1));
    (d.completed, d.no_show, d.cancelled, d.pending) = (6, 2, 5, 1);
    assert_eq!(no_show_rate(&d), Some(0.25));
    // Cancelled appointments are never visits: no completed or no-show, no rate.
    let mut only_cancelled = AppointmentDay::empty(day(1));
    only_cancelled.cancelled = 4;
    assert_eq!(no_show_rate(&only_cancelled), None);
    assert_eq!(only_cancelled.booked(), 0);
}

#[test]
fn utilisation_counts_booked_slots_over_offered() {
    // 16 slots offered; 10 appointments of which 2 cancelled and 1 rejected:
    // 7 booked, 7 / 16 = 43.75 %.
    let mut d = AppointmentDay::empty(day(1));
    (d.confirmed, d.completed, d.no_show, d.cancelled, d.rejected) = (3, 3, 1, 2, 1);
    assert_eq!(d.booked(), 7);
    assert_eq!(utilisation(d.booked(), 16), Some(0.4375));
    assert_eq!(utilisation(3, 0), None);
}

#[test]
fn occupancy_length_of_stay_and_turnover_on_a_ten_bed_ward() {
    // 10 beds over 3 days, 8, 9 and 7 occupied at the censuses; two
    // discharges with stays of 2 and 5 nights.
    let census = [(8, 10), (9, 10), (7, 10)];
    let mut week = WardDay::empty(day(1));
    for (occupied, available) in census {
        week.add(&WardDay {
            day: day(1),
            occupied,
            available,
            discharges: 0,
            inpatient_days: 0,
        });
    }
    week.discharges = 2;
    week.inpatient_days = inpatient_days_of(&[2, 5]);
    assert_eq!(occupancy(&week), Some(0.8)); // 24 / 30
    assert_eq!(length_of_stay(&week), Some(3.5)); // 7 / 2
    assert_eq!(bed_turnover(&week, 3), Some(0.2)); // 2 / (30 / 3)
}

fn inpatient_days_of(nights: &[i64]) -> i64 {
    nights.iter().sum()
}

#[test]
fn a_stay_counts_its_midnights_and_at_least_one_day() {
    let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    assert_eq!(
        super::super::inpatient_days(at("2027-03-01T09:00Z"), at("2027-03-01T17:00Z")),
        1
    );
    assert_eq!(
        super::super::inpatient_days(at("2027-03-01T23:00Z"), at("2027-03-02T01:00Z")),
        1
    );
    assert_eq!(
        super::super::inpatient_days(at("2027-03-01T09:00Z"), at("2027-03-06T08:00Z")),
        5
    );
}

#[test]
fn adherence_is_taken_over_due() {
    // 9 taken, 2 skipped, 1 missed: 9 / 12 = 75 %.
    let d = DoseDay {
        day: day(1),
        taken: 9,
        skipped: 2,
        missed: 1,
    };
    assert_eq!(adherence(&d), Some(0.75));
    let table = adherence_by_day(
        &DayRange {
            from: day(1),
            to: day(2),
        },
        &[d],
    );
    assert_eq!(table.column(3), vec![Some(75.0), None]);
}

#[test]
fn the_median_lead_time_is_interpolated_in_its_bucket() {
    // 4 bookings: 1 within the hour, 1 at 1-4 h, 2 at 1-2 days. Half is 2:
    // the second booking ends the 1-4 h bucket, so the median is 4 h.
    let mut lead = vec![0; LEAD_BUCKETS];
    (lead[0], lead[1], lead[3]) = (1, 1, 2);
    assert_eq!(median_lead_hours(&lead), Some(4.0));
    // 10 bookings all at 1-2 days: half-way through the bucket, 36 h.
    let mut lead = vec![0; LEAD_BUCKETS];
    lead[3] = 10;
    assert_eq!(median_lead_hours(&lead), Some(36.0));
    // Over 60 days says 60 days.
    let mut lead = vec![0; LEAD_BUCKETS];
    lead[LEAD_BUCKETS - 1] = 3;
    assert_eq!(median_lead_hours(&lead), Some(1440.0));
    assert_eq!(median_lead_hours(&[0; LEAD_BUCKETS]), None);
    assert_eq!(lead_bucket_label(0), "under 1 h");
    assert_eq!(lead_bucket_label(3), "1 d to 2 d");
    assert_eq!(lead_bucket_label(LEAD_BUCKETS - 1), "over 60 d");
}

#[test]
fn the_csv_holds_exactly_the_tables_numbers() {
    let range = DayRange {
        from: day(1),
        to: day(3),
    };
    let mut first = AppointmentDay::empty(day(1));
    (first.completed, first.no_show) = (3, 1);
    let mut third = AppointmentDay::empty(day(3));
    third.completed = 2;
    let table = no_shows(&range, &[first, third]);
    assert_eq!(
        table.csv(),
        "Day,Completed,No-shows,No-show rate (%)\r\n2027-03-01,3,1,25\r\n2027-03-02,0,0,\r\n2027-03-03,2,0,0\r\n"
    );
    // Every number of the CSV is the table's, in order.
    let numbers: Vec<Option<f64>> = table
        .csv()
        .lines()
        .skip(1)
        .flat_map(|line| {
            line.split(',')
                .skip(1)
                .map(|c| c.parse().ok())
                .collect::<Vec<_>>()
        })
        .collect();
    let cells: Vec<Option<f64>> = table.rows.iter().flat_map(|(_, v)| v.clone()).collect();
    assert_eq!(numbers, cells);
}

#[test]
fn names_in_a_csv_are_quoted_and_never_formulas() {
    let table = Table {
        metric: Metric::Utilisation,
        key: "Doctor",
        columns: vec!["Booked slots"],
        rows: vec![(RowKey::Name("=Smith, Jo".into()), vec![Some(1.5)])],
    };
    assert_eq!(table.csv(), "Doctor,Booked slots\r\n\"Smith, Jo\",1.50\r\n");
}

#[test]
fn a_range_is_ordered_and_at_most_366_days() {
    assert!(DayRange {
        from: day(2),
        to: day(1)
    }
    .check()
    .is_err());
    assert!(DayRange {
        from: date(2027, 1, 1),
        to: date(2027, 12, 31)
    }
    .check()
    .is_ok());
    assert!(DayRange {
        from: date(2028, 1, 1),
        to: date(2028, 12, 31)
    }
    .check()
    .is_ok());
    assert!(DayRange {
        from: date(2027, 1, 1),
        to: date(2028, 1, 1)
    }
    .check()
    .is_ok());
    assert!(DayRange {
        from: date(2027, 1, 1),
        to: date(2028, 1, 2)
    }
    .check()
    .is_err());
    assert_eq!(
        DayRange {
            from: day(1),
            to: day(3)
        }
        .length(),
        3
    );
}

#[test]
fn every_metric_has_its_words() {
    use Metric::*;
    for metric in [
        AppointmentsByStatus,
        NoShowRate,
        Cancellations,
        Utilisation,
        PatientsSeen,
        LeadTime,
        ConsultDuration,
        Adherence,
        Occupancy,
        LengthOfStay,
        BedTurnover,
    ] {
        assert!(metric.title().len() > 5);
        assert!(metric.definition().contains(' '));
    }
}

#[test]
fn appointment_counters_read_back_by_name() {
    let mut d = AppointmentDay::empty(day(4));
    (d.completed, d.cancelled_by_doctor, d.consult_minutes) = (3, 1, 42);
    d.lead[7] = 5;
    let named: std::collections::HashMap<String, i64> = d.named().into_iter().collect();
    let back = AppointmentDay::from_named(day(4), |n| named.get(n).copied().unwrap_or(0));
    assert_eq!(back, d);
}
