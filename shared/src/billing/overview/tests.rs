//! The overview's definitions on a small worked example.

use super::*;

#[test]
fn ages_fall_in_their_buckets() {
    let mut ageing = Ageing {
        currency: "EUR".into(),
        ..Ageing::default()
    };
    for (balance, days) in [
        (100, -3),
        (200, 0),
        (300, 1),
        (400, 30),
        (500, 31),
        (600, 90),
        (700, 91),
    ] {
        ageing.add(balance, days);
    }
    assert_eq!(ageing.current, 300);
    assert_eq!(ageing.days_1_30, 700);
    assert_eq!(ageing.days_31_60, 500);
    assert_eq!(ageing.days_61_90, 600);
    assert_eq!(ageing.over_90, 700);
    assert_eq!(ageing.total(), 2_800);
    assert_eq!(ageing.invoices, 7);
}

#[test]
fn amounts_in_major_units() {
    assert_eq!(decimal(123_456, "EUR"), "1234.56");
    assert_eq!(decimal(5, "USD"), "0.05");
    assert_eq!(decimal(-1_050, "GBP"), "-10.50");
    assert_eq!(decimal(1_500, "JPY"), "1500");
    assert_eq!(decimal(1_500, "KWD"), "1.500");
}

#[test]
fn the_csv_is_the_screens_rows() {
    let overview = Overview {
        as_of: jiff::civil::date(2027, 3, 1),
        months: vec!["2027-03".into()],
        ageing: vec![],
        claims: vec![ClaimCount {
            state: ClaimState::InReview,
            count: 2,
        }],
        revenue: vec![],
        doctors: vec![DoctorRevenue {
            doctor: crate::appointment::Party {
                id: crate::UserId::from_uuid(uuid::Uuid::nil()),
                name: "=HYPERLINK(\"x\"), Dr".into(),
            },
            currency: "EUR".into(),
            billed: 12_000,
            collected: -500,
        }],
    };
    assert_eq!(
        overview.csv(Panel::Claims),
        "State,Claims\r\nIn review,2\r\n"
    );
    assert_eq!(
        overview.csv(Panel::Doctors),
        "Doctor,Currency,Billed,Collected\r\n\"'=HYPERLINK(\"\"x\"\"), Dr\",EUR,120.00,-5.00\r\n"
    );
    for panel in Panel::ALL {
        let lines = overview.csv(panel).lines().count();
        assert_eq!(lines, overview.rows(panel).len() + 1, "{panel:?}");
    }
}
