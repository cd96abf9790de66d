//! The embedded driver: one SQLite file in WAL mode.
//!
//! One table holds every item; two partial indexes play GSI1 and GSI2. Writes
//! go through one connection on a thread of its own that commits whatever
//! writes are waiting together (`writer`), each in its own savepoint, in
//! `BEGIN IMMEDIATE` transactions (so a condition and its write are atomic even
//! across processes). Reads use a small pool of connections on tokio's
//! blocking pool, off the executor.
//!
//! Crash model: a write is answered only after its commit. With
//! `synchronous=NORMAL` (the default) a killed process loses nothing that
//! was answered; a power loss or OS crash may lose the last commits.
//! `synchronous=FULL` ([`Synchronous::Full`]) keeps those too, at the cost
//! of a disk flush per commit (per batch, with group commit).

mod query;
mod rows;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use rusqlite::config::DbConfig;
use rusqlite::Connection;
use tokio::sync::Semaphore;

use super::{
    Condition, Cursor, Data, Driver, Item, Key, Query, QueryPage, StoreError, TxOp, UpdateOp,
};
use query::{query_rows, run_query};
use rows::{current_version, delete_in, encode, fetch, put_in, require, update_in};
use writer::Writer;

pub use writer::MAX_BATCH;

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

/// The most reading connections, each on a blocking thread while it reads:
/// more would not read faster on a small machine, and each holds a cache.
const READERS: usize = 8;
/// Each connection's page cache, in KiB: bounded, so memory comes back
/// after load (SQLite's default is 2 MiB a connection).
const CACHE_KIB: i64 = 2048;

/// Prepared statements kept per connection: more than the query shapes of
/// `query.rs` (index × range × cursor × direction).
const STATEMENTS: usize = 128;

/// How much a commit waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Synchronous {
    /// Survives a crash of the process; a power loss may drop the last commits.
    #[default]
    Normal,
    /// Survives a power loss too: the disk is flushed at every commit.
    Full,
}

/// The SQLite driver.
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    synchronous: Synchronous,
    writer: Writer,
    /// Idle reading connections; `reading` bounds how many exist at once.
    readers: Mutex<Vec<Connection>>,
    reading: Semaphore,
}

impl SqliteStore {
    /// Opens (creating when missing) the database file at `path`. The schema is
    /// made by [`Driver::init`].
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path, Synchronous::default())
    }

    /// [`Self::open`] with the commit durability chosen.
    pub fn open_with(path: &Path, synchronous: Synchronous) -> Result<Self, StoreError> {
        let writer = connect(path, synchronous)?;
        // Checkpoints (the only writes that wait for the disk in WAL mode with
        // synchronous=NORMAL) run on their own thread, so a commit never waits
        // for one.
        writer
            .execute_batch("PRAGMA wal_autocheckpoint = 0;")
            .map_err(map_err)?;
        let inner = Arc::new(Inner {
            path: path.to_owned(),
            synchronous,
            writer: Writer::start(writer)?,
            readers: Mutex::new(Vec::new()),
            reading: Semaphore::new(READERS),
        });
        let checkpointer = connect(path, synchronous)?;
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
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        self.inner.writer.write(work).await
    }

    async fn read<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let _permit = self
            .inner
            .reading
            .acquire()
            .await
            .map_err(StoreError::backend)?;
        let inner = Arc::clone(&self.inner);
        blocking(move || {
            let idle = lock(&inner.readers).pop();
            let conn = match idle {
                Some(conn) => conn,
                None => connect(&inner.path, inner.synchronous)?,
            };
            let result = work(&conn);
            lock(&inner.readers).push(conn);
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

fn connect(path: &Path, synchronous: Synchronous) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(map_err)?;
    let synchronous = match synchronous {
        Synchronous::Normal => "NORMAL",
        Synchronous::Full => "FULL",
    };
    // temp_store: every write runs in a savepoint, whose journal is a
    // temporary file unless it is kept in memory.
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 5000; \
         PRAGMA journal_size_limit = 67108864; PRAGMA cache_size = -{CACHE_KIB}; \
         PRAGMA temp_store = MEMORY;"
    ))
    .map_err(map_err)?;
    // Every query shape the store runs stays prepared (the default keeps 16),
    // and stays planned: without the planner's stability guarantee, a query
    // on a partial index (GSI1, GSI2) is planned again for every new value
    // bound, which was a tenth of a list read's time.
    conn.set_prepared_statement_cache_capacity(STATEMENTS);
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
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

pub(super) fn map_err(error: rusqlite::Error) -> StoreError {
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

#[async_trait]
impl Driver for SqliteStore {
    async fn init(&self) -> Result<(), StoreError> {
        self.write(|conn| conn.execute_batch(SCHEMA).map_err(map_err))
            .await
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
        let data = encode(&item.attrs)?;
        self.write(move |conn| put_in(conn, &item, &data, condition, None))
            .await
    }

    async fn update(
        &self,
        key: &Key,
        ops: Vec<UpdateOp>,
        condition: Condition,
    ) -> Result<Item, StoreError> {
        let key = key.clone();
        self.write(move |conn| update_in(conn, &key, &ops, condition, None))
            .await
    }

    async fn delete(&self, key: &Key, condition: Condition) -> Result<(), StoreError> {
        let key = key.clone();
        self.write(move |conn| delete_in(conn, &key, condition, None))
            .await
    }

    async fn query(&self, query: Query) -> Result<QueryPage, StoreError> {
        self.read(move |conn| run_query(conn, &query)).await
    }

    async fn query_data(&self, query: Query) -> Result<(Vec<Data>, Option<Cursor>), StoreError> {
        let (rows, next) = self.read(move |conn| query_rows(conn, &query)).await?;
        Ok((
            rows.into_iter().map(|(_, text)| Data::Text(text)).collect(),
            next,
        ))
    }

    async fn transact(&self, ops: Arc<[TxOp]>) -> Result<(), StoreError> {
        let data = ops
            .iter()
            .map(|op| match op {
                TxOp::Put(item, _) => encode(&item.attrs),
                _ => Ok(String::new()),
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.write(move |conn| {
            for (i, (op, data)) in ops.iter().zip(&data).enumerate() {
                let at = Some(i);
                match op {
                    TxOp::Put(item, condition) => {
                        put_in(conn, item, data, *condition, at)?;
                    }
                    TxOp::Update(key, updates, condition) => {
                        update_in(conn, key, updates, *condition, at)?;
                    }
                    TxOp::Delete(key, condition) => delete_in(conn, key, *condition, at)?,
                    TxOp::Check(key, condition) => {
                        require(*condition, current_version(conn, key)?, at)?
                    }
                }
            }
            Ok(())
        })
        .await
    }
}
