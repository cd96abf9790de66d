use jiff::civil::date;

use super::*;

fn rules() -> Intervals {
    Intervals::default()
}

#[test]
fn a_first_time_donor_may_give_anything_at_once() {
    for kind in DonationKind::ALL {
        assert_eq!(rules().next_day(&[], kind), None);
    }
}

#[test]
fn each_interval_counts_from_the_day_of_the_donation() {
    let day = date(2026, 3, 1);
    let cases = [
        (DonationKind::WholeBlood, DonationKind::WholeBlood, 56),
        (DonationKind::DoubleRedCells, DonationKind::WholeBlood, 112),
        (
            DonationKind::DoubleRedCells,
            DonationKind::DoubleRedCells,
            112,
        ),
        (DonationKind::Platelets, DonationKind::Platelets, 7),
        (DonationKind::Plasma, DonationKind::Plasma, 28),
        (DonationKind::Plasma, DonationKind::WholeBlood, 28),
        // What keeps no red cells waits no longer than its own interval.
        (DonationKind::WholeBlood, DonationKind::Platelets, 7),
        (DonationKind::WholeBlood, DonationKind::Plasma, 28),
        (DonationKind::DoubleRedCells, DonationKind::Plasma, 28),
    ];
    for (given, next, days) in cases {
        let from = rules().next_day(&[(day, given)], next).unwrap();
        assert_eq!(
            from,
            day.saturating_add(days.days()),
            "{given:?} then {next:?}"
        );
    }
}

#[test]
fn the_latest_wait_wins() {
    let history = [
        (date(2026, 1, 1), DonationKind::DoubleRedCells),
        (date(2026, 3, 1), DonationKind::Platelets),
    ];
    // 1 January + 112 days is 23 April; 1 March + 7 is 8 March.
    assert_eq!(
        rules().next_day(&history, DonationKind::WholeBlood),
        Some(date(2026, 4, 23))
    );
    assert_eq!(
        rules().next_day(&history, DonationKind::Platelets),
        Some(date(2026, 3, 8))
    );
}

#[test]
fn at_most_24_platelet_donations_in_any_365_days() {
    // 24 donations a week apart from 5 January 2026.
    let first = date(2026, 1, 5);
    let history: Vec<_> = (0..24)
        .map(|week| {
            (
                first.saturating_add((week * 7).days()),
                DonationKind::Platelets,
            )
        })
        .collect();
    let next = rules().next_day(&history, DonationKind::Platelets).unwrap();
    // The first falls out of the year on 5 January 2027.
    assert_eq!(next, date(2027, 1, 5));
    // With 23, the weekly interval is all that counts.
    let next = rules()
        .next_day(&history[..23], DonationKind::Platelets)
        .unwrap();
    assert_eq!(next, history[22].0.saturating_add(7.days()));
    // The limit is about platelets only.
    let whole = rules()
        .next_day(&history, DonationKind::WholeBlood)
        .unwrap();
    assert_eq!(whole, history[23].0.saturating_add(7.days()));
}

#[test]
fn answers_are_checked() {
    let now: Timestamp = "2026-11-30T10:00:00Z".parse().unwrap();
    let answer = |willing, come_at: Option<&str>| Answer {
        willing,
        come_at: come_at.map(|t| t.parse().unwrap()),
    };
    assert!(answer(true, Some("2026-12-02T09:00:00Z"))
        .check(now)
        .is_ok());
    assert!(answer(false, None).check(now).is_ok());
    assert!(answer(true, None).check(now).is_err());
    assert!(answer(false, Some("2026-12-02T09:00:00Z"))
        .check(now)
        .is_err());
    assert!(answer(true, Some("2026-11-29T09:00:00Z"))
        .check(now)
        .is_err());
    assert!(answer(true, Some("2027-03-01T09:00:00Z"))
        .check(now)
        .is_err());
}

#[test]
fn a_donation_needs_a_good_number_and_a_donor_or_a_group() {
    let now: Timestamp = "2026-11-30T10:00:00Z".parse().unwrap();
    let donation = NewDonation {
        donor: None,
        group: Some("O-".parse().unwrap()),
        number: "W1234-26-000123".into(),
        kind: DonationKind::WholeBlood,
        volume_ml: 470,
        collected_at: None,
    };
    assert!(donation.check(now).is_ok());
    let no_group = NewDonation {
        group: None,
        ..donation.clone()
    };
    assert!(no_group.check(now).unwrap_err().get("group").is_some());
    let bad = NewDonation {
        number: "w 1".into(),
        volume_ml: 0,
        collected_at: Some("2026-12-01T00:00:00Z".parse().unwrap()),
        ..donation
    };
    let errors = bad.check(now).unwrap_err();
    for field in ["number", "volume_ml", "collected_at"] {
        assert!(errors.get(field).is_some(), "{field}");
    }
}
