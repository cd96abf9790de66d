//! Lists read as records (`Store::query_records`): the same records, order
//! and cursors as reading the items, on both drivers, whichever way each
//! driver keeps the attributes.

use medtrack::store::{Condition, Cursor, Index, IndexKey, Item, Key, Query, StoreError};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::helpers::{empty_store, on_both_drivers, Driver};

on_both_drivers!(
    records_match_items_page_by_page,
    a_record_of_another_shape_is_an_error
);

#[derive(Debug, Deserialize, PartialEq)]
struct Entry {
    n: u32,
    name: String,
    tags: Vec<String>,
    note: Option<String>,
}

fn item(n: u32) -> Item {
    let Value::Object(attrs) = json!({
        "n": n,
        "name": format!("entry \"{n}\" ü"),
        "tags": ["a", n.to_string()],
        "note": if n.is_multiple_of(2) { Value::Null } else { json!("odd") },
    }) else {
        unreachable!()
    };
    // Equal index sort keys in threes, so the cursor needs the primary key too.
    Item::new(Key::new(format!("P#{}", n % 4), format!("E#{n:03}")), attrs)
        .with_gsi1(IndexKey::new("LIST", format!("AT#{}", n / 3)))
}

async fn records_match_items_page_by_page(driver: Driver) {
    let store = empty_store(driver).await;
    for n in (0..23).rev() {
        store.put(item(n), Condition::NotExists).await.unwrap();
    }
    let mut seen = Vec::new();
    let mut cursor: Option<Cursor> = None;
    loop {
        let query = Query::partition("LIST").on(Index::Gsi1).limit(5);
        let page = store
            .query(query.clone().after(cursor.clone()))
            .await
            .unwrap();
        let (records, next) = store
            .query_records::<Entry>(query.after(cursor.take()))
            .await
            .unwrap();
        let expected: Vec<Entry> = page.items.iter().map(|i| i.record().unwrap()).collect();
        assert_eq!(records, expected);
        assert_eq!(
            next.as_ref().map(Cursor::encode),
            page.next.as_ref().map(Cursor::encode)
        );
        seen.extend(records.into_iter().map(|r| r.n));
        match next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..23).collect::<Vec<_>>(), "every record once");
    assert_eq!(seen.len(), 23);
}

async fn a_record_of_another_shape_is_an_error(driver: Driver) {
    let store = empty_store(driver).await;
    let Value::Object(attrs) = json!({"n": "not a number"}) else {
        unreachable!()
    };
    let odd = Item::new(Key::new("P#x", "E#x"), attrs).with_gsi1(IndexKey::new("LIST", "AT#0"));
    store.put(odd, Condition::NotExists).await.unwrap();
    let result = store
        .query_records::<Entry>(Query::partition("LIST").on(Index::Gsi1))
        .await;
    assert!(matches!(result, Err(StoreError::Backend(_))), "{result:?}");
}
