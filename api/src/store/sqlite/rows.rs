//! Items as rows, and the conditional writes every driver call is made of.

use rusqlite::{Connection, OptionalExtension, Row};

use super::super::item::apply_update;
use super::super::{
    Attributes, Condition, IndexKey, Item, Key, StoreError, UpdateOp, MAX_ITEM_BYTES,
};
use super::map_err;

/// The columns of a row, in the order `row_to_item` reads them (a macro, so
/// that statements can be whole literals, prepared without formatting).
macro_rules! columns {
    () => {
        "pk, sk, g1pk, g1sk, g2pk, g2sk, v, d"
    };
}

pub(super) const COLUMNS: &str = columns!();

pub(super) fn row_to_item(row: &Row<'_>) -> rusqlite::Result<(Item, String)> {
    let index_key =
        |pk: Option<String>, sk: Option<String>| pk.zip(sk).map(|(pk, sk)| IndexKey { pk, sk });
    let version: i64 = row.get(6)?;
    let item = Item {
        key: Key {
            pk: row.get(0)?,
            sk: row.get(1)?,
        },
        gsi1: index_key(row.get(2)?, row.get(3)?),
        gsi2: index_key(row.get(4)?, row.get(5)?),
        attrs: Attributes::new(),
        version: u64::try_from(version).unwrap_or_default(),
    };
    Ok((item, row.get(7)?))
}

pub(super) fn parse_attrs((mut item, data): (Item, String)) -> Result<Item, StoreError> {
    item.attrs = serde_json::from_str(&data).map_err(StoreError::backend)?;
    Ok(item)
}

pub(super) fn fetch(conn: &Connection, key: &Key) -> Result<Option<Item>, StoreError> {
    conn.prepare_cached(concat!(
        "SELECT ",
        columns!(),
        " FROM items WHERE pk = ?1 AND sk = ?2"
    ))
    .map_err(map_err)?
    .query_row([&key.pk, &key.sk], row_to_item)
    .optional()
    .map_err(map_err)?
    .map(parse_attrs)
    .transpose()
}

pub(super) fn current_version(conn: &Connection, key: &Key) -> Result<Option<u64>, StoreError> {
    let version: Option<i64> = conn
        .prepare_cached("SELECT v FROM items WHERE pk = ?1 AND sk = ?2")
        .map_err(map_err)?
        .query_row([&key.pk, &key.sk], |row| row.get(0))
        .optional()
        .map_err(map_err)?;
    Ok(version.map(|v| u64::try_from(v).unwrap_or_default()))
}

/// Whether `condition` holds for an item at `current` version (`None`: absent).
fn holds(condition: Condition, current: Option<u64>) -> bool {
    match condition {
        Condition::Always => true,
        Condition::NotExists => current.is_none(),
        Condition::Exists => current.is_some(),
        Condition::Version(expected) => current == Some(expected),
    }
}

pub(super) fn require(
    condition: Condition,
    current: Option<u64>,
    op: Option<usize>,
) -> Result<(), StoreError> {
    if holds(condition, current) {
        Ok(())
    } else {
        Err(StoreError::ConditionFailed { op })
    }
}

/// An item's attributes as the row stores them. Callers encode before
/// handing a write to the writer thread, so the one thread every write goes
/// through spends its time in SQLite only.
pub(super) fn encode(attrs: &Attributes) -> Result<String, StoreError> {
    serde_json::to_string(attrs).map_err(StoreError::backend)
}

fn write_item(conn: &Connection, item: &Item, data: &str, version: u64) -> Result<(), StoreError> {
    let (g1pk, g1sk) = split(&item.gsi1);
    let (g2pk, g2sk) = split(&item.gsi2);
    let version = i64::try_from(version).map_err(StoreError::backend)?;
    conn.prepare_cached(concat!(
        "INSERT OR REPLACE INTO items (",
        columns!(),
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))
    .map_err(map_err)?
    .execute(rusqlite::params![
        item.key.pk,
        item.key.sk,
        g1pk,
        g1sk,
        g2pk,
        g2sk,
        version,
        data
    ])
    .map_err(map_err)?;
    Ok(())
}

fn split(key: &Option<IndexKey>) -> (Option<&str>, Option<&str>) {
    key.as_ref()
        .map_or((None, None), |k| (Some(k.pk.as_str()), Some(k.sk.as_str())))
}

pub(super) fn put_in(
    conn: &Connection,
    item: &Item,
    data: &str,
    condition: Condition,
    op: Option<usize>,
) -> Result<u64, StoreError> {
    let current = current_version(conn, &item.key)?;
    require(condition, current, op)?;
    let version = current.unwrap_or(0) + 1;
    write_item(conn, item, data, version)?;
    Ok(version)
}

pub(super) fn update_in(
    conn: &Connection,
    key: &Key,
    ops: &[UpdateOp],
    condition: Condition,
    op: Option<usize>,
) -> Result<Item, StoreError> {
    let Some(mut item) = fetch(conn, key)? else {
        return Err(StoreError::ConditionFailed { op });
    };
    require(condition, Some(item.version), op)?;
    apply_update(&mut item.attrs, ops)?;
    let bytes = item.size();
    if bytes > MAX_ITEM_BYTES {
        return Err(StoreError::ItemTooLarge { bytes });
    }
    item.version += 1;
    write_item(conn, &item, &encode(&item.attrs)?, item.version)?;
    Ok(item)
}

pub(super) fn delete_in(
    conn: &Connection,
    key: &Key,
    condition: Condition,
    op: Option<usize>,
) -> Result<(), StoreError> {
    require(condition, current_version(conn, key)?, op)?;
    conn.prepare_cached("DELETE FROM items WHERE pk = ?1 AND sk = ?2")
        .map_err(map_err)?
        .execute([&key.pk, &key.sk])
        .map_err(map_err)?;
    Ok(())
}
