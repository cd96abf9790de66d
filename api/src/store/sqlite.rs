//! The embedded driver: one SQLite file in WAL mode.
//!
//! One table holds every item; two partial indexes play GSI1 and GSI2. Writes go
//! through one connection in `BEGIN IMMEDIATE` transactions (so a condition and
//! its write are atomic even across processes); reads use a small pool of
//! connections. Every call runs on tokio's blocking pool, off the executor.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row, TransactionBehavior};

use super::item::apply_update;
use super::{
    Attributes, Condition, Cursor, Driver, Index, IndexKey, Item, Key, Query, QueryPage, SkRange,
    StoreError, TxOp, UpdateOp, MAX_ITEM_BYTES,
};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS items (
    pk   TEXT NOT NULL,
    sk   TEXT NOT NULL,
    g1pk TEXT,
    g1sk TEXT,
    g2pk TEXT,
    g2sk TEXT,
    v    INTEGER NOT NULL,
    d    TEXT NOT NULL,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS items_gsi1 ON items (g1pk, g1sk, pk, sk) WHERE g1pk IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_gsi2 ON items (g2pk, g2sk, pk, sk) WHERE g2pk IS NOT NULL;
";

const COLUMNS: &str = "pk, sk, g1pk, g1sk, g2pk, g2sk, v, d";
const IDLE_READERS: usize = 4;

/// The SQLite driver.
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl SqliteStore {
    /// Opens (creating when missing) the database file at `path`. The schema is
    /// made by [`Driver::init`].
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let writer = connect(path)?;
        // Checkpoints (the only writes that wait for the disk in WAL mode with
        // synchronous=NORMAL) run on their own thread, so a commit never waits
        // for one.
        writer
            .execute_batch("PRAGMA wal_autocheckpoint = 0;")
            .map_err(map_err)?;
        let inner = Arc::new(Inner {
            path: path.to_owned(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
        });
        let checkpointer = connect(path)?;
        let store = Arc::downgrade(&inner);
        std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || checkpoint_while_open(&checkpointer, &store))
            .map_err(StoreError::backend)?;
        Ok(Self { inner })
    }

    async fn write<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        blocking(move || {
            let mut conn = lock(&inner.writer);
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(map_err)?;
            let value = work(&tx)?;
            tx.commit().map_err(map_err)?;
            Ok(value)
        })
        .await
    }

    async fn read<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        blocking(move || {
            let idle = lock(&inner.readers).pop();
            let conn = match idle {
                Some(conn) => conn,
                None => connect(&inner.path)?,
            };
            let result = work(&conn);
            let mut readers = lock(&inner.readers);
            if readers.len() < IDLE_READERS {
                readers.push(conn);
            }
            result
        })
        .await
    }
}

/// Pages of write-ahead log past which a checkpoint waits for writers
/// (64 MB at 4 KB pages).
const WAL_PAGES_LIMIT: i64 = 16_384;

/// Copies the write-ahead log into the database every half second, without
/// blocking writers or readers, until the store is dropped. Under sustained
/// writes such a checkpoint never catches up and the log would grow without
/// end; past [`WAL_PAGES_LIMIT`] it waits for a gap between writes and starts
/// the log over, truncated.
fn checkpoint_while_open(conn: &Connection, store: &std::sync::Weak<Inner>) {
    while store.strong_count() > 0 {
        std::thread::sleep(std::time::Duration::from_millis(500));
        let pages = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
            row.get::<_, i64>(1)
        });
        let result = match pages {
            Ok(pages) if pages > WAL_PAGES_LIMIT => {
                conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            }
            Ok(_) => Ok(()),
            Err(error) => Err(error),
        };
        if let Err(error) = result {
            tracing::warn!(%error, "SQLite checkpoint failed; retrying");
        }
    }
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(map_err)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; \
         PRAGMA journal_size_limit = 67108864;",
    )
    .map_err(map_err)?;
    Ok(conn)
}

/// A poisoned lock only means another call panicked; the connection is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn blocking<T, F>(work: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, StoreError> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(StoreError::backend)?
}

fn map_err(error: rusqlite::Error) -> StoreError {
    match &error {
        rusqlite::Error::SqliteFailure(_, Some(message))
            if message.starts_with("no such table") =>
        {
            StoreError::NotInitialised
        }
        rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DatabaseBusy => {
            StoreError::Conflict
        }
        _ => StoreError::backend(error),
    }
}

fn row_to_item(row: &Row<'_>) -> rusqlite::Result<(Item, String)> {
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

fn parse_attrs((mut item, data): (Item, String)) -> Result<Item, StoreError> {
    item.attrs = serde_json::from_str(&data).map_err(StoreError::backend)?;
    Ok(item)
}

fn fetch(conn: &Connection, key: &Key) -> Result<Option<Item>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM items WHERE pk = ?1 AND sk = ?2");
    conn.prepare_cached(&sql)
        .map_err(map_err)?
        .query_row([&key.pk, &key.sk], row_to_item)
        .optional()
        .map_err(map_err)?
        .map(parse_attrs)
        .transpose()
}

fn current_version(conn: &Connection, key: &Key) -> Result<Option<u64>, StoreError> {
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

fn require(
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

fn write_item(conn: &Connection, item: &Item, version: u64) -> Result<(), StoreError> {
    let data = serde_json::to_string(&item.attrs).map_err(StoreError::backend)?;
    let (g1pk, g1sk) = split(&item.gsi1);
    let (g2pk, g2sk) = split(&item.gsi2);
    let version = i64::try_from(version).map_err(StoreError::backend)?;
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO items ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
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

fn put_in(
    conn: &Connection,
    item: &Item,
    condition: Condition,
    op: Option<usize>,
) -> Result<u64, StoreError> {
    let current = current_version(conn, &item.key)?;
    require(condition, current, op)?;
    let version = current.unwrap_or(0) + 1;
    write_item(conn, item, version)?;
    Ok(version)
}

fn update_in(
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
    write_item(conn, &item, item.version)?;
    Ok(item)
}

fn delete_in(
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

/// The smallest string greater than every string that starts with `prefix`,
/// if any: UTF-8 byte order is code point order, so bump the last char that
/// can be bumped and drop what follows it.
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

fn run_query(conn: &Connection, query: &Query) -> Result<QueryPage, StoreError> {
    let (pk_col, sk_col, order) = match query.index {
        Index::Primary => ("pk", "sk", vec!["sk"]),
        Index::Gsi1 => ("g1pk", "g1sk", vec!["g1sk", "pk", "sk"]),
        Index::Gsi2 => ("g2pk", "g2sk", vec!["g2sk", "pk", "sk"]),
    };
    let mut sql = format!("SELECT {COLUMNS} FROM items WHERE {pk_col} = ?");
    let mut params: Vec<String> = vec![query.pk.clone()];
    match &query.range {
        SkRange::All => {}
        SkRange::Prefix(prefix) => {
            sql.push_str(&format!(" AND {sk_col} >= ?"));
            params.push(prefix.clone());
            if let Some(end) = prefix_end(prefix) {
                sql.push_str(&format!(" AND {sk_col} < ?"));
                params.push(end);
            }
        }
        SkRange::Between(low, high) => {
            sql.push_str(&format!(" AND {sk_col} BETWEEN ? AND ?"));
            params.extend([low.clone(), high.clone()]);
        }
        SkRange::From(low) => {
            sql.push_str(&format!(" AND {sk_col} >= ?"));
            params.push(low.clone());
        }
        SkRange::UpTo(high) => {
            sql.push_str(&format!(" AND {sk_col} <= ?"));
            params.push(high.clone());
        }
    }
    let (cmp, dir) = if query.forward {
        (">", "ASC")
    } else {
        ("<", "DESC")
    };
    if let Some(cursor) = &query.cursor {
        let placeholders = vec!["?"; order.len()].join(", ");
        sql.push_str(&format!(
            " AND ({}) {cmp} ({placeholders})",
            order.join(", ")
        ));
        params.push(cursor.sort.clone());
        if let Some((pk, sk)) = &cursor.primary {
            params.extend([pk.clone(), sk.clone()]);
        }
    }
    let order_by: Vec<String> = order.iter().map(|col| format!("{col} {dir}")).collect();
    sql.push_str(&format!(
        " ORDER BY {} LIMIT {}",
        order_by.join(", "),
        query.limit + 1
    ));

    let mut statement = conn.prepare_cached(&sql).map_err(map_err)?;
    let rows = statement
        .query_map(params_from_iter(params.iter()), row_to_item)
        .map_err(map_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(map_err)?;
    let more = rows.len() > query.limit;
    let items = rows
        .into_iter()
        .take(query.limit)
        .map(parse_attrs)
        .collect::<Result<Vec<_>, _>>()?;
    let next = if more {
        items.last().and_then(|item| Cursor::after(query, item))
    } else {
        None
    };
    Ok(QueryPage { items, next })
}

#[async_trait]
impl Driver for SqliteStore {
    async fn init(&self) -> Result<(), StoreError> {
        let inner = Arc::clone(&self.inner);
        blocking(move || lock(&inner.writer).execute_batch(SCHEMA).map_err(map_err)).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.read(|conn| {
            conn.query_row("SELECT count(*) FROM items WHERE pk = ''", [], |_| Ok(()))
                .map_err(map_err)
        })
        .await
    }

    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let key = key.clone();
        self.read(move |conn| fetch(conn, &key)).await
    }

    async fn batch_get(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        let keys = keys.to_vec();
        self.read(move |conn| keys.iter().map(|key| fetch(conn, key)).collect())
            .await
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<u64, StoreError> {
        self.write(move |tx| put_in(tx, &item, condition, None))
            .await
    }

    async fn update(
        &self,
        key: &Key,
        ops: Vec<UpdateOp>,
        condition: Condition,
    ) -> Result<Item, StoreError> {
        let key = key.clone();
        self.write(move |tx| update_in(tx, &key, &ops, condition, None))
            .await
    }

    async fn delete(&self, key: &Key, condition: Condition) -> Result<(), StoreError> {
        let key = key.clone();
        self.write(move |tx| delete_in(tx, &key, condition, None))
            .await
    }

    async fn query(&self, query: Query) -> Result<QueryPage, StoreError> {
        self.read(move |conn| run_query(conn, &query)).await
    }

    async fn transact(&self, ops: Arc<[TxOp]>) -> Result<(), StoreError> {
        self.write(move |tx| {
            for (i, op) in ops.iter().enumerate() {
                let at = Some(i);
                match op {
                    TxOp::Put(item, condition) => {
                        put_in(tx, item, *condition, at)?;
                    }
                    TxOp::Update(key, updates, condition) => {
                        update_in(tx, key, updates, *condition, at)?;
                    }
                    TxOp::Delete(key, condition) => delete_in(tx, key, *condition, at)?,
                    TxOp::Check(key, condition) => {
                        require(*condition, current_version(tx, key)?, at)?
                    }
                }
            }
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::prefix_end;

    #[test]
    fn prefix_end_bounds_every_extension() {
        assert_eq!(prefix_end("AB#").as_deref(), Some("AB$"));
        assert_eq!(prefix_end("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_end("\u{10FFFF}"), None);
        // The char after U+D7FF is U+E000: surrogates are skipped.
        assert_eq!(prefix_end("\u{D7FF}").as_deref(), Some("\u{E000}"));
    }
}
