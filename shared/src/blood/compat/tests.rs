use super::*;

fn g(code: &str) -> BloodGroup {
    code.parse().unwrap()
}

/// The standard red cell table, written out: for each recipient, the unit
/// groups that suit (no emergency).
const RED_CELLS: [(&str, &[&str]); 8] = [
    ("O-", &["O-"]),
    ("O+", &["O-", "O+"]),
    ("A-", &["O-", "A-"]),
    ("A+", &["O-", "O+", "A-", "A+"]),
    ("B-", &["O-", "B-"]),
    ("B+", &["O-", "O+", "B-", "B+"]),
    ("AB-", &["O-", "A-", "B-", "AB-"]),
    ("AB+", &["O-", "O+", "A-", "A+", "B-", "B+", "AB-", "AB+"]),
];

/// The standard plasma table: for each recipient, the unit ABO groups that
/// suit, whatever the RhD.
const PLASMA: [(&str, &[&str]); 4] = [
    ("O", &["O", "A", "B", "AB"]),
    ("A", &["A", "AB"]),
    ("B", &["B", "AB"]),
    ("AB", &["AB"]),
];

fn suits(v: Verdict) -> bool {
    matches!(v, Verdict::Suitable { .. })
}

#[test]
fn red_cells_follow_the_table_for_all_64_pairs() {
    for (recipient, units) in RED_CELLS {
        for unit in BloodGroup::ALL {
            let expected = units.contains(&unit.code().as_str());
            let got = verdict(Component::RedCells, unit, Some(g(recipient)), false);
            assert_eq!(suits(got), expected, "{unit} to {recipient}: {got:?}");
            if !expected {
                assert_eq!(got, Verdict::Unsuitable, "{unit} to {recipient}");
            }
        }
    }
}

#[test]
fn plasma_follows_the_reverse_table_for_all_64_pairs() {
    for recipient in BloodGroup::ALL {
        let (_, units) = PLASMA
            .iter()
            .find(|(abo, _)| *abo == recipient.abo.as_str())
            .unwrap();
        for unit in BloodGroup::ALL {
            let expected = units.contains(&unit.abo.as_str());
            let got = verdict(Component::Plasma, unit, Some(recipient), false);
            assert_eq!(suits(got), expected, "{unit} plasma to {recipient}");
            assert_eq!(got.allowed(), expected);
        }
    }
}

#[test]
fn whole_blood_is_abo_identical_and_keeps_the_rh_rule() {
    for recipient in BloodGroup::ALL {
        for unit in BloodGroup::ALL {
            let expected =
                unit.abo == recipient.abo && (!unit.rh_positive || recipient.rh_positive);
            let got = verdict(Component::WholeBlood, unit, Some(recipient), false);
            assert_eq!(suits(got), expected, "{unit} whole blood to {recipient}");
        }
    }
}

#[test]
fn platelets_prefer_plasma_abo_and_need_a_reason_for_rh_positive() {
    for recipient in BloodGroup::ALL {
        for unit in BloodGroup::ALL {
            let got = verdict(Component::Platelets, unit, Some(recipient), false);
            let preferred = plasma_abo(unit.abo, recipient.abo);
            if unit.rh_positive && !recipient.rh_positive {
                assert_eq!(
                    got,
                    Verdict::WithReason {
                        exception: Exception::RhPositive
                    },
                    "{unit} platelets to {recipient}"
                );
            } else {
                assert_eq!(
                    got,
                    Verdict::Suitable { preferred },
                    "{unit} to {recipient}"
                );
            }
        }
    }
    // O platelets to an A recipient: allowed, after A or AB.
    assert_eq!(
        verdict(Component::Platelets, g("O+"), Some(g("A+")), false),
        Verdict::Suitable { preferred: false }
    );
}

#[test]
fn rh_positive_red_cells_reach_an_rh_negative_recipient_only_in_an_emergency() {
    for recipient in BloodGroup::ALL.into_iter().filter(|r| !r.rh_positive) {
        for unit in BloodGroup::ALL.into_iter().filter(|u| u.rh_positive) {
            for component in [Component::RedCells, Component::WholeBlood] {
                assert_eq!(
                    verdict(component, unit, Some(recipient), false),
                    Verdict::Unsuitable
                );
                let abo = match component {
                    Component::WholeBlood => unit.abo == recipient.abo,
                    _ => red_cells_abo(unit.abo, recipient.abo),
                };
                let emergency = verdict(component, unit, Some(recipient), true);
                if abo {
                    assert_eq!(
                        emergency,
                        Verdict::WithReason {
                            exception: Exception::RhPositive
                        }
                    );
                } else {
                    // An emergency never makes an ABO mismatch acceptable.
                    assert_eq!(emergency, Verdict::Unsuitable);
                }
            }
        }
    }
}

#[test]
fn an_emergency_never_relaxes_abo() {
    for component in Component::ALL {
        for recipient in BloodGroup::ALL {
            for unit in BloodGroup::ALL {
                let calm = verdict(component, unit, Some(recipient), false);
                let urgent = verdict(component, unit, Some(recipient), true);
                if calm == Verdict::Unsuitable && urgent != Verdict::Unsuitable {
                    assert_eq!(
                        urgent,
                        Verdict::WithReason {
                            exception: Exception::RhPositive
                        },
                        "{component:?} {unit} to {recipient}"
                    );
                }
            }
        }
    }
}

#[test]
fn without_typing_only_universal_units_in_an_emergency() {
    let untyped = Verdict::WithReason {
        exception: Exception::Untyped,
    };
    for component in Component::ALL {
        for unit in BloodGroup::ALL {
            assert_eq!(verdict(component, unit, None, false), Verdict::Unsuitable);
            let universal = match component {
                Component::RedCells => unit.code() == "O-",
                Component::WholeBlood => false,
                Component::Plasma => unit.abo == Abo::Ab,
                Component::Platelets => unit.code() == "AB-",
            };
            let expected = if universal {
                untyped
            } else {
                Verdict::Unsuitable
            };
            assert_eq!(
                verdict(component, unit, None, true),
                expected,
                "{component:?} {unit}"
            );
        }
    }
}

#[test]
fn every_universal_unit_suits_every_typed_recipient_too() {
    // What is given before typing must be what suits whoever they turn out to be.
    for recipient in BloodGroup::ALL {
        assert!(verdict(Component::RedCells, g("O-"), Some(recipient), false).allowed());
        assert!(verdict(Component::Plasma, g("AB+"), Some(recipient), false).allowed());
        assert!(verdict(Component::Platelets, g("AB-"), Some(recipient), false).allowed());
    }
}
