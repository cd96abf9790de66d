//! The storage conformance suite: every behaviour of the `Store` trait, run on
//! SQLite and on DynamoDB Local. A driver passes only if it behaves exactly like
//! the other.

use std::collections::HashSet;

use medtrack::store::Index;
use medtrack::store::{
    Condition, Cursor, IndexKey, Item, Key, Query, SkRange, StoreError, TxOp, UpdateOp,
    MAX_ITEM_BYTES,
};
use serde_json::{json, Value};

use crate::helpers::{empty_store, on_both_drivers, Driver};

on_both_drivers!(
    put_then_get_round_trips_every_json_type,
    put_conditions_guard_creation_and_versions,
    put_replaces_the_whole_item_and_its_index_keys,
    update_sets_removes_and_adds,
    update_needs_an_existing_item_and_its_condition,
    delete_honours_conditions,
    query_sort_key_ranges_in_both_directions,
    query_prefix_stays_inside_the_prefix,
    cursor_walk_returns_every_item_once_in_order,
    cursor_walk_on_a_secondary_index_with_equal_sort_keys,
    malformed_or_foreign_cursors_are_typed_errors,
    oversized_items_are_refused_and_nothing_is_written,
    failed_condition_in_a_transaction_writes_nothing,
    transaction_applies_every_operation,
    transaction_refuses_one_item_twice,
    racing_conditional_puts_have_exactly_one_winner,
    racing_versioned_updates_have_exactly_one_winner,
    batch_get_keeps_the_order_asked,
    empty_and_oversized_keys_are_refused,
);

fn attrs(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn item(pk: &str, sk: &str, value: Value) -> Item {
    Item::new(Key::new(pk, sk), attrs(value))
}

fn condition_failed<T: std::fmt::Debug>(result: Result<T, StoreError>) -> Option<usize> {
    match result {
        Err(StoreError::ConditionFailed { op }) => op,
        other => panic!("expected a failed condition, got {other:?}"),
    }
}

fn sks(items: &[Item]) -> Vec<&str> {
    items.iter().map(|i| i.key.sk.as_str()).collect()
}

async fn put_then_get_round_trips_every_json_type(driver: Driver) {
    let store = empty_store(driver).await;
    let value = json!({
        "text": "Zoë — ☂",
        "empty": "",
        "int": -42,
        "big": 9_007_199_254_740_993_i64,
        "float": 36.6,
        "yes": true,
        "nothing": null,
        "list": [1, "two", [3], {"four": 4}],
        "nested": {"a": {"b": {"c": []}}},
    });
    let stored = item("P#1", "S#1", value).with_gsi1(IndexKey::new("G1#x", "2026-01-01"));
    assert_eq!(
        store.put(stored.clone(), Condition::Always).await.unwrap(),
        1
    );

    let read = store
        .get(&Key::new("P#1", "S#1"))
        .await
        .unwrap()
        .expect("item");
    assert_eq!(read.attrs, stored.attrs);
    assert_eq!(read.gsi1, stored.gsi1);
    assert_eq!(read.gsi2, None);
    assert_eq!(read.version, 1);
    assert!(store.get(&Key::new("P#1", "S#2")).await.unwrap().is_none());
}

async fn put_conditions_guard_creation_and_versions(driver: Driver) {
    let store = empty_store(driver).await;
    let key = Key::new("P", "S");
    condition_failed(
        store
            .put(item("P", "S", json!({"n": 0})), Condition::Exists)
            .await,
    );
    condition_failed(
        store
            .put(item("P", "S", json!({"n": 0})), Condition::Version(0))
            .await,
    );
    assert!(
        store.get(&key).await.unwrap().is_none(),
        "a failed condition wrote"
    );

    assert_eq!(
        store
            .put(item("P", "S", json!({"n": 1})), Condition::NotExists)
            .await
            .unwrap(),
        1
    );
    condition_failed(
        store
            .put(item("P", "S", json!({"n": 2})), Condition::NotExists)
            .await,
    );
    assert_eq!(
        store
            .put(item("P", "S", json!({"n": 2})), Condition::Version(1))
            .await
            .unwrap(),
        2
    );
    condition_failed(
        store
            .put(item("P", "S", json!({"n": 3})), Condition::Version(1))
            .await,
    );
    assert_eq!(
        store
            .put(item("P", "S", json!({"n": 3})), Condition::Exists)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        store
            .put(item("P", "S", json!({"n": 4})), Condition::Always)
            .await
            .unwrap(),
        4
    );

    let read = store.get(&key).await.unwrap().unwrap();
    assert_eq!((read.version, read.attrs["n"].clone()), (4, json!(4)));
}

async fn put_replaces_the_whole_item_and_its_index_keys(driver: Driver) {
    let store = empty_store(driver).await;
    let first = item("P", "S", json!({"a": 1, "b": 2}))
        .with_gsi1(IndexKey::new("G1", "x"))
        .with_gsi2(IndexKey::new("G2", "y"));
    store.put(first, Condition::Always).await.unwrap();
    let in_gsi = |index| Query::partition(if index == Index::Gsi1 { "G1" } else { "G2" }).on(index);
    assert_eq!(
        store.query(in_gsi(Index::Gsi1)).await.unwrap().items.len(),
        1
    );

    let second = item("P", "S", json!({"c": 3})).with_gsi2(IndexKey::new("G2", "z"));
    store.put(second, Condition::Always).await.unwrap();
    let read = store.get(&Key::new("P", "S")).await.unwrap().unwrap();
    assert_eq!(Value::Object(read.attrs), json!({"c": 3}));
    assert!(store
        .query(in_gsi(Index::Gsi1))
        .await
        .unwrap()
        .items
        .is_empty());
    let g2 = store.query(in_gsi(Index::Gsi2)).await.unwrap().items;
    assert_eq!(g2[0].gsi2, Some(IndexKey::new("G2", "z")));
}

async fn update_sets_removes_and_adds(driver: Driver) {
    let store = empty_store(driver).await;
    let key = Key::new("P", "S");
    store
        .put(
            item("P", "S", json!({"keep": "k", "gone": 1, "count": 5}))
                .with_gsi1(IndexKey::new("G", "1")),
            Condition::Always,
        )
        .await
        .unwrap();
    let updated = store
        .update(
            &key,
            vec![
                UpdateOp::Set("status".into(), json!({"state": "confirmed"})),
                UpdateOp::Remove("gone".into()),
                UpdateOp::Add("count".into(), -2),
                UpdateOp::Add("fresh".into(), 7),
            ],
            Condition::Version(1),
        )
        .await
        .unwrap();
    let expected = json!({"keep": "k", "count": 3, "fresh": 7, "status": {"state": "confirmed"}});
    assert_eq!(Value::Object(updated.attrs.clone()), expected);
    assert_eq!(updated.version, 2);
    assert_eq!(
        updated.gsi1,
        Some(IndexKey::new("G", "1")),
        "an update keeps the index keys"
    );
    let read = store.get(&key).await.unwrap().unwrap();
    assert_eq!(read, updated);
}

async fn update_needs_an_existing_item_and_its_condition(driver: Driver) {
    let store = empty_store(driver).await;
    let key = Key::new("P", "S");
    let set = || vec![UpdateOp::Set("a".into(), json!(1))];
    condition_failed(store.update(&key, set(), Condition::Always).await);
    assert!(
        store.get(&key).await.unwrap().is_none(),
        "an update created an item"
    );

    store
        .put(item("P", "S", json!({"a": 0})), Condition::Always)
        .await
        .unwrap();
    condition_failed(store.update(&key, set(), Condition::Version(7)).await);
    condition_failed(store.update(&key, set(), Condition::NotExists).await);
    assert_eq!(store.get(&key).await.unwrap().unwrap().attrs["a"], json!(0));
    assert_eq!(
        store
            .update(&key, set(), Condition::Exists)
            .await
            .unwrap()
            .version,
        2
    );
}

async fn delete_honours_conditions(driver: Driver) {
    let store = empty_store(driver).await;
    let key = Key::new("P", "S");
    store
        .delete(&key, Condition::Always)
        .await
        .expect("deleting nothing succeeds");
    condition_failed(store.delete(&key, Condition::Exists).await);

    store
        .put(item("P", "S", json!({})), Condition::Always)
        .await
        .unwrap();
    condition_failed(store.delete(&key, Condition::Version(2)).await);
    condition_failed(store.delete(&key, Condition::NotExists).await);
    assert!(store.get(&key).await.unwrap().is_some());
    store.delete(&key, Condition::Version(1)).await.unwrap();
    assert!(store.get(&key).await.unwrap().is_none());
}

async fn query_sort_key_ranges_in_both_directions(driver: Driver) {
    let store = empty_store(driver).await;
    for sk in ["D#01", "D#02", "D#03", "D#04", "E#01"] {
        store
            .put(item("P", sk, json!({})), Condition::Always)
            .await
            .unwrap();
    }
    store
        .put(item("Q", "D#02", json!({})), Condition::Always)
        .await
        .unwrap();
    let run = |range: SkRange, forward: bool| {
        let store = store.store.clone();
        async move {
            let mut query = Query::partition("P").range(range);
            if !forward {
                query = query.backwards();
            }
            let page = store.query(query).await.unwrap();
            assert!(page.next.is_none());
            page.items
                .iter()
                .map(|i| i.key.sk.clone())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        run(SkRange::All, true).await,
        ["D#01", "D#02", "D#03", "D#04", "E#01"]
    );
    assert_eq!(
        run(SkRange::All, false).await,
        ["E#01", "D#04", "D#03", "D#02", "D#01"]
    );
    assert_eq!(
        run(SkRange::Prefix("D#".into()), false).await,
        ["D#04", "D#03", "D#02", "D#01"]
    );
    assert_eq!(
        run(SkRange::Between("D#02".into(), "D#03".into()), true).await,
        ["D#02", "D#03"]
    );
    assert_eq!(
        run(SkRange::From("D#04".into()), true).await,
        ["D#04", "E#01"]
    );
    assert_eq!(
        run(SkRange::UpTo("D#02".into()), false).await,
        ["D#02", "D#01"]
    );
    assert!(store
        .query(Query::partition("nobody"))
        .await
        .unwrap()
        .items
        .is_empty());
}

async fn query_prefix_stays_inside_the_prefix(driver: Driver) {
    let store = empty_store(driver).await;
    for sk in [
        "A",
        "A#",
        "A#1",
        "A#\u{10FFFF}",
        "A#\u{10FFFF}x",
        "A$",
        "A#z~",
        "B",
    ] {
        store
            .put(item("P", sk, json!({})), Condition::Always)
            .await
            .unwrap();
    }
    let page = store
        .query(Query::partition("P").range(SkRange::Prefix("A#".into())))
        .await
        .unwrap();
    assert_eq!(
        sks(&page.items),
        ["A#", "A#1", "A#z~", "A#\u{10FFFF}", "A#\u{10FFFF}x"]
    );
}

async fn cursor_walk_returns_every_item_once_in_order(driver: Driver) {
    let store = empty_store(driver).await;
    let mut expected: Vec<String> = (0..57).map(|i| format!("ITEM#{i:03}")).collect();
    // Written out of order, so that order comes from the store.
    for sk in expected.iter().rev() {
        store
            .put(item("WALK", sk, json!({"sk": sk})), Condition::Always)
            .await
            .unwrap();
    }
    store
        .put(item("WALK2", "ITEM#000", json!({})), Condition::Always)
        .await
        .unwrap();
    for forward in [true, false] {
        let mut seen = Vec::new();
        let mut cursor = None;
        let mut pages = 0;
        loop {
            let mut query = Query::partition("WALK").limit(10).after(cursor.take());
            if !forward {
                query = query.backwards();
            }
            let page = store.query(query).await.unwrap();
            pages += 1;
            seen.extend(page.items.iter().map(|i| i.key.sk.clone()));
            match page.next {
                // Through its text form, as an HTTP client would send it back.
                Some(next) => cursor = Some(Cursor::decode(&next.encode()).unwrap()),
                None => break,
            }
        }
        assert_eq!(pages, 6, "57 items in pages of 10, no empty last page");
        assert_eq!(seen, expected);
        expected.reverse();
    }
    // Exactly one page's worth: no cursor to an empty page.
    let page = store
        .query(Query::partition("WALK").limit(57))
        .await
        .unwrap();
    assert_eq!((page.items.len(), page.next.is_none()), (57, true));
}

async fn cursor_walk_on_a_secondary_index_with_equal_sort_keys(driver: Driver) {
    let store = empty_store(driver).await;
    let mut all = HashSet::new();
    for i in 0..23 {
        // Three index sort keys shared by many items, spread over partitions.
        let day = format!("2026-03-0{}", i % 3 + 1);
        let stored = item(&format!("APPT#{i:02}"), "A", json!({}))
            .with_gsi1(IndexKey::new("DOCTOR#1", day.clone()))
            .with_gsi2(IndexKey::new("DAY", day));
        store.put(stored, Condition::Always).await.unwrap();
        all.insert(format!("APPT#{i:02}"));
    }
    for (index, pk) in [(Index::Gsi1, "DOCTOR#1"), (Index::Gsi2, "DAY")] {
        for forward in [true, false] {
            let mut seen = Vec::new();
            let mut days = Vec::new();
            let mut cursor = None;
            loop {
                let mut query = Query::partition(pk).on(index).limit(4).after(cursor.take());
                if !forward {
                    query = query.backwards();
                }
                let page = store.query(query).await.unwrap();
                for found in &page.items {
                    seen.push(found.key.pk.clone());
                    days.push(found.gsi2.as_ref().unwrap().sk.clone());
                }
                match page.next {
                    Some(next) => cursor = Some(next),
                    None => break,
                }
            }
            assert_eq!(
                seen.len(),
                23,
                "{index:?} forward={forward}: an item twice or missing"
            );
            assert_eq!(seen.iter().cloned().collect::<HashSet<_>>(), all);
            let mut sorted = days.clone();
            sorted.sort();
            if !forward {
                sorted.reverse();
            }
            assert_eq!(days, sorted, "{index:?} forward={forward}: out of order");
        }
    }
    let range = Query::partition("DOCTOR#1")
        .on(Index::Gsi1)
        .range(SkRange::Between("2026-03-02".into(), "2026-03-02".into()));
    assert_eq!(store.query(range).await.unwrap().items.len(), 8);
}

async fn malformed_or_foreign_cursors_are_typed_errors(driver: Driver) {
    let store = empty_store(driver).await;
    for text in ["", "not a cursor", "%%%", "eyJ4IjoxfQ", "bnVsbA"] {
        assert!(
            matches!(Cursor::decode(text), Err(StoreError::InvalidCursor)),
            "{text:?}"
        );
    }
    for sk in ["1", "2", "3"] {
        store
            .put(item("A", sk, json!({})), Condition::Always)
            .await
            .unwrap();
    }
    let next = store
        .query(Query::partition("A").limit(1))
        .await
        .unwrap()
        .next
        .unwrap();
    let foreign = store
        .query(Query::partition("B").after(Some(next.clone())))
        .await;
    assert!(
        matches!(foreign, Err(StoreError::InvalidCursor)),
        "{foreign:?}"
    );
    let other_index = store
        .query(Query::partition("A").on(Index::Gsi1).after(Some(next)))
        .await;
    assert!(
        matches!(other_index, Err(StoreError::InvalidCursor)),
        "{other_index:?}"
    );
}

async fn oversized_items_are_refused_and_nothing_is_written(driver: Driver) {
    let store = empty_store(driver).await;
    let big = "x".repeat(MAX_ITEM_BYTES + 1);
    let result = store
        .put(item("P", "BIG", json!({"blob": big})), Condition::Always)
        .await;
    assert!(
        matches!(result, Err(StoreError::ItemTooLarge { .. })),
        "{result:?}"
    );
    assert!(store.get(&Key::new("P", "BIG")).await.unwrap().is_none());

    // Growing an item past the limit: DynamoDB's own limit is 400 KB.
    let half = "y".repeat(MAX_ITEM_BYTES / 2);
    store
        .put(item("P", "GROW", json!({"a": half})), Condition::Always)
        .await
        .unwrap();
    let grow = vec![UpdateOp::Set("b".into(), json!("z".repeat(300 * 1024)))];
    let result = store
        .update(&Key::new("P", "GROW"), grow, Condition::Always)
        .await;
    assert!(
        matches!(result, Err(StoreError::ItemTooLarge { .. })),
        "{result:?}"
    );
    let read = store.get(&Key::new("P", "GROW")).await.unwrap().unwrap();
    assert_eq!((read.version, read.attrs.contains_key("b")), (1, false));

    let tx = store
        .transact(vec![
            TxOp::Put(item("P", "SMALL", json!({})), Condition::Always),
            TxOp::Put(
                item("P", "BIG", json!({"blob": "x".repeat(MAX_ITEM_BYTES + 1)})),
                Condition::Always,
            ),
        ])
        .await;
    assert!(matches!(tx, Err(StoreError::ItemTooLarge { .. })), "{tx:?}");
    assert!(store.get(&Key::new("P", "SMALL")).await.unwrap().is_none());
}

async fn failed_condition_in_a_transaction_writes_nothing(driver: Driver) {
    let store = empty_store(driver).await;
    store
        .put(item("T", "B", json!({"n": 1})), Condition::Always)
        .await
        .unwrap();
    store
        .put(item("T", "C", json!({})), Condition::Always)
        .await
        .unwrap();
    store
        .put(item("T", "D", json!({})), Condition::Always)
        .await
        .unwrap();
    let ops = vec![
        TxOp::Put(
            item("T", "A", json!({})).with_gsi1(IndexKey::new("G", "A")),
            Condition::NotExists,
        ),
        TxOp::Update(
            Key::new("T", "B"),
            vec![UpdateOp::Add("n".into(), 1)],
            Condition::Version(1),
        ),
        TxOp::Delete(Key::new("T", "C"), Condition::Exists),
        TxOp::Check(Key::new("T", "D"), Condition::Version(9)),
    ];
    assert_eq!(condition_failed(store.transact(ops).await), Some(3));
    assert!(store.get(&Key::new("T", "A")).await.unwrap().is_none());
    assert!(store
        .query(Query::partition("G").on(Index::Gsi1))
        .await
        .unwrap()
        .items
        .is_empty());
    let b = store.get(&Key::new("T", "B")).await.unwrap().unwrap();
    assert_eq!((b.version, b.attrs["n"].clone()), (1, json!(1)));
    assert!(store.get(&Key::new("T", "C")).await.unwrap().is_some());

    let first_fails = vec![
        TxOp::Put(item("T", "B", json!({})), Condition::NotExists),
        TxOp::Put(item("T", "E", json!({})), Condition::NotExists),
    ];
    assert_eq!(condition_failed(store.transact(first_fails).await), Some(0));
    assert!(store.get(&Key::new("T", "E")).await.unwrap().is_none());
}

async fn transaction_applies_every_operation(driver: Driver) {
    let store = empty_store(driver).await;
    store
        .put(item("T", "B", json!({"n": 1})), Condition::Always)
        .await
        .unwrap();
    store
        .put(item("T", "C", json!({})), Condition::Always)
        .await
        .unwrap();
    store
        .put(item("T", "D", json!({})), Condition::Always)
        .await
        .unwrap();
    store
        .transact(vec![
            TxOp::Put(item("T", "A", json!({"new": true})), Condition::NotExists),
            TxOp::Update(
                Key::new("T", "B"),
                vec![UpdateOp::Add("n".into(), 1)],
                Condition::Version(1),
            ),
            TxOp::Delete(Key::new("T", "C"), Condition::Exists),
            TxOp::Check(Key::new("T", "D"), Condition::Version(1)),
            TxOp::Check(Key::new("T", "Z"), Condition::NotExists),
            TxOp::Check(Key::new("T", "Y"), Condition::Always),
        ])
        .await
        .unwrap();
    assert_eq!(
        store.get(&Key::new("T", "A")).await.unwrap().unwrap().attrs["new"],
        json!(true)
    );
    let b = store.get(&Key::new("T", "B")).await.unwrap().unwrap();
    assert_eq!((b.version, b.attrs["n"].clone()), (2, json!(2)));
    assert!(store.get(&Key::new("T", "C")).await.unwrap().is_none());
    assert_eq!(
        store
            .get(&Key::new("T", "D"))
            .await
            .unwrap()
            .unwrap()
            .version,
        1
    );
}

async fn transaction_refuses_one_item_twice(driver: Driver) {
    let store = empty_store(driver).await;
    let twice = vec![
        TxOp::Put(item("T", "A", json!({})), Condition::Always),
        TxOp::Check(Key::new("T", "A"), Condition::Always),
    ];
    assert!(matches!(
        store.transact(twice).await,
        Err(StoreError::InvalidRequest(_))
    ));
    assert!(matches!(
        store.transact(vec![]).await,
        Err(StoreError::InvalidRequest(_))
    ));
    let too_many = (0..101)
        .map(|i| TxOp::Check(Key::new("T", format!("{i}")), Condition::Always))
        .collect();
    assert!(matches!(
        store.transact(too_many).await,
        Err(StoreError::InvalidRequest(_))
    ));
    assert!(store.get(&Key::new("T", "A")).await.unwrap().is_none());
}

async fn racing_conditional_puts_have_exactly_one_winner(driver: Driver) {
    let store = empty_store(driver).await;
    let store = store.store.clone();
    let racers = (0..50).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .put(
                    item("SLOT", "2026-03-01T09:00", json!({"by": i})),
                    Condition::NotExists,
                )
                .await
        })
    });
    let results = futures::future::join_all(racers).await;
    let mut winners = 0;
    for result in results {
        match result.unwrap() {
            Ok(1) => winners += 1,
            Err(StoreError::ConditionFailed { .. }) => {}
            other => panic!("unexpected outcome: {other:?}"),
        }
    }
    assert_eq!(winners, 1);
}

async fn racing_versioned_updates_have_exactly_one_winner(driver: Driver) {
    let store = empty_store(driver).await;
    store
        .put(
            item("APPT", "1", json!({"state": "pending"})),
            Condition::Always,
        )
        .await
        .unwrap();
    let store = store.store.clone();
    let racers = (0..50).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            let ops = vec![UpdateOp::Set("state".into(), json!(format!("racer-{i}")))];
            store
                .transact(vec![
                    TxOp::Update(Key::new("APPT", "1"), ops, Condition::Version(1)),
                    TxOp::Put(
                        item("OUTBOX", &format!("{i:02}"), json!({})),
                        Condition::NotExists,
                    ),
                ])
                .await
        })
    });
    let mut winners = 0;
    for result in futures::future::join_all(racers).await {
        match result.unwrap() {
            Ok(()) => winners += 1,
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict) => {}
            Err(other) => panic!("unexpected outcome: {other:?}"),
        }
    }
    assert_eq!(winners, 1);
    let outbox = store.query(Query::partition("OUTBOX")).await.unwrap().items;
    assert_eq!(outbox.len(), 1, "a losing transaction left its other write");
    assert_eq!(
        store
            .get(&Key::new("APPT", "1"))
            .await
            .unwrap()
            .unwrap()
            .version,
        2
    );
}

async fn batch_get_keeps_the_order_asked(driver: Driver) {
    let store = empty_store(driver).await;
    for i in 0..30 {
        store
            .put(
                item("B", &format!("{i:02}"), json!({"i": i})),
                Condition::Always,
            )
            .await
            .unwrap();
    }
    let keys: Vec<Key> = ["05", "missing", "29", "00", "05"]
        .iter()
        .map(|sk| Key::new("B", *sk))
        .collect();
    let found = store.batch_get(&keys).await.unwrap();
    let got: Vec<Option<Value>> = found
        .iter()
        .map(|f| f.as_ref().map(|i| i.attrs["i"].clone()))
        .collect();
    assert_eq!(
        got,
        [
            Some(json!(5)),
            None,
            Some(json!(29)),
            Some(json!(0)),
            Some(json!(5))
        ]
    );
    assert!(store.batch_get(&[]).await.unwrap().is_empty());
    let all: Vec<Key> = (0..100).map(|i| Key::new("B", format!("{i:02}"))).collect();
    assert_eq!(
        store
            .batch_get(&all)
            .await
            .unwrap()
            .iter()
            .flatten()
            .count(),
        30
    );
    let too_many: Vec<Key> = (0..101).map(|i| Key::new("B", format!("{i}"))).collect();
    assert!(matches!(
        store.batch_get(&too_many).await,
        Err(StoreError::InvalidRequest(_))
    ));
}

async fn empty_and_oversized_keys_are_refused(driver: Driver) {
    let store = empty_store(driver).await;
    let refused = |r: Result<u64, StoreError>| matches!(r, Err(StoreError::InvalidRequest(_)));
    assert!(refused(
        store.put(item("", "S", json!({})), Condition::Always).await
    ));
    assert!(refused(
        store.put(item("P", "", json!({})), Condition::Always).await
    ));
    assert!(refused(
        store
            .put(item("P", &"s".repeat(1025), json!({})), Condition::Always)
            .await
    ));
    let empty_index = item("P", "S", json!({})).with_gsi1(IndexKey::new("G", ""));
    assert!(refused(store.put(empty_index, Condition::Always).await));
    assert!(matches!(
        store.get(&Key::new("", "S")).await,
        Err(StoreError::InvalidRequest(_))
    ));
    assert!(matches!(
        store.query(Query::partition("")).await,
        Err(StoreError::InvalidRequest(_))
    ));
    assert!(matches!(
        store.query(Query::partition("P").limit(0)).await,
        Err(StoreError::InvalidRequest(_))
    ));
    assert!(store
        .query(Query::partition("P"))
        .await
        .unwrap()
        .items
        .is_empty());
}
