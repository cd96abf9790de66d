//! The ledger's rules, by example and over random sequences of entries.

use proptest::prelude::*;

use super::*;

fn payment() -> EntryKind {
    EntryKind::Payment {
        method: Method::Cash,
        reference: None,
        claim: None,
    }
}

fn refund() -> EntryKind {
    EntryKind::Refund {
        method: Method::Card,
        reference: None,
    }
}

fn write_off() -> EntryKind {
    EntryKind::WriteOff {
        reason: "hardship".into(),
    }
}

fn credit() -> EntryKind {
    EntryKind::Credit {
        credit_note: "CN-2027-000001".into(),
        reason: "wrong fee".into(),
    }
}

#[test]
fn a_worked_example() {
    let steps = [
        (EntryKind::Charge, 10_000),
        (payment(), 3_000),
        (payment(), 9_000),
        (refund(), 2_000),
    ];
    let totals = Totals::of(steps.iter().map(|(k, a)| (k, *a))).unwrap();
    assert_eq!(totals.balance, 0);
    assert_eq!(totals.net_paid(), 10_000);
    assert_eq!(totals.payment_state(), Some(PaymentState::Paid));
}

#[test]
fn states_follow_the_balance() {
    let charged = Totals::default().apply(&EntryKind::Charge, 100).unwrap();
    assert_eq!(charged.payment_state(), Some(PaymentState::Unpaid));
    let part = charged.apply(&payment(), 40).unwrap();
    assert_eq!(part.payment_state(), Some(PaymentState::PartlyPaid));
    assert_eq!(part.balance, 60);
    let over = part.apply(&payment(), 100).unwrap();
    assert_eq!(over.payment_state(), Some(PaymentState::Overpaid));
    assert_eq!(over.balance, -40);
    let cancelled = charged.apply(&credit(), 100).unwrap();
    assert_eq!(cancelled.payment_state(), None);
    let written = charged.apply(&write_off(), 100).unwrap();
    assert_eq!(written.payment_state(), Some(PaymentState::Paid));
    assert_eq!(Totals::default().payment_state(), None);
}

#[test]
fn refusals() {
    let charged = Totals::default().apply(&EntryKind::Charge, 100).unwrap();
    assert_eq!(charged.apply(&payment(), 0), Err(LedgerRefusal::Amount));
    assert_eq!(charged.apply(&payment(), -5), Err(LedgerRefusal::Amount));
    let too_much = crate::billing::MAX_AMOUNT + 1;
    assert_eq!(
        charged.apply(&payment(), too_much),
        Err(LedgerRefusal::Amount)
    );
    assert_eq!(
        charged.apply(&refund(), 1),
        Err(LedgerRefusal::RefundTooLarge)
    );
    assert_eq!(
        charged.apply(&write_off(), 101),
        Err(LedgerRefusal::WriteOffTooLarge)
    );
    assert_eq!(
        charged.apply(&credit(), 101),
        Err(LedgerRefusal::CreditTooLarge)
    );
    assert_eq!(
        charged.apply(&EntryKind::Charge, 1),
        Err(LedgerRefusal::AlreadyCharged)
    );
    let paid = charged.apply(&payment(), 150).unwrap();
    assert_eq!(
        paid.apply(&write_off(), 1),
        Err(LedgerRefusal::WriteOffTooLarge)
    );
    assert_eq!(
        paid.apply(&refund(), 151),
        Err(LedgerRefusal::RefundTooLarge)
    );
    assert!(paid.apply(&refund(), 150).is_ok());
}

#[test]
fn tax_rounds_half_away_from_zero() {
    assert_eq!(crate::billing::tax_on(1_000, 2_300), 230);
    assert_eq!(crate::billing::tax_on(5, 1_000), 1); // 0.5 rounds up
    assert_eq!(crate::billing::tax_on(4, 1_000), 0); // 0.4 rounds down
    assert_eq!(crate::billing::tax_on(-5, 1_000), -1);
    assert_eq!(crate::billing::tax_on(1_999, 0), 0);
}

fn any_entry() -> impl Strategy<Value = (EntryKind, i64)> {
    let kind = prop_oneof![
        Just(payment()),
        Just(EntryKind::Payment {
            method: Method::Insurance,
            reference: Some("EOB-1".into()),
            claim: Some(crate::ClaimId::from_uuid(uuid::Uuid::nil())),
        }),
        Just(refund()),
        Just(write_off()),
        Just(credit()),
        Just(EntryKind::Charge),
    ];
    // Mostly ordinary amounts, sometimes the edges.
    let amount = prop_oneof![
        8 => 1_i64..20_000,
        1 => Just(0_i64),
        1 => Just(crate::billing::MAX_AMOUNT),
        1 => Just(-1_i64),
    ];
    (kind, amount)
}

proptest! {
    /// Whatever is posted, in whatever order: the balance is the sum of
    /// the accepted entries, refunds never exceed payments, credits never
    /// exceed the charge, a write-off never makes the patient owed money,
    /// and a refused entry changes nothing.
    #[test]
    fn the_balance_is_the_sum_of_the_entries(
        charge in 1_i64..50_000,
        entries in proptest::collection::vec(any_entry(), 0..40),
    ) {
        let mut totals = Totals::default().apply(&EntryKind::Charge, charge).unwrap();
        let mut accepted = vec![(EntryKind::Charge, charge)];
        for (kind, amount) in entries {
            let before = totals;
            match totals.apply(&kind, amount) {
                Ok(next) => {
                    totals = next;
                    accepted.push((kind, amount));
                }
                Err(_) => prop_assert_eq!(totals, before),
            }
            let mut sum = 0_i64;
            let (mut paid, mut refunded, mut credited) = (0, 0, 0);
            for (kind, amount) in &accepted {
                match kind {
                    EntryKind::Charge => sum += amount,
                    EntryKind::Credit { .. } => { sum -= amount; credited += amount }
                    EntryKind::Payment { .. } => { sum -= amount; paid += amount }
                    EntryKind::Refund { .. } => { sum += amount; refunded += amount }
                    EntryKind::WriteOff { .. } => sum -= amount,
                }
            }
            prop_assert_eq!(totals.balance, sum);
            prop_assert!(refunded <= paid);
            prop_assert!(credited <= charge);
            prop_assert_eq!(totals.charged, charge);
            // Only money received can put the balance below zero.
            prop_assert!(totals.balance >= -totals.net_paid());
            prop_assert!(totals.written_off >= 0 && totals.net_paid() >= 0);
            let replayed = Totals::of(accepted.iter().map(|(k, a)| (k, *a)));
            prop_assert_eq!(replayed, Ok(totals));
        }
    }
}
