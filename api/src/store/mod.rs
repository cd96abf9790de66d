//! The storage interface: one small, DynamoDB-shaped trait and its two drivers.
//!
//! Items live in one table, keyed by partition key + sort key, with two sparse
//! secondary indexes (GSI1, GSI2). Every write may carry a condition, every item
//! carries a version the store increments on each write, and a transaction is
//! all-or-nothing. Domain code talks only to [`Store`], which checks every
//! request before its driver sees it; [`sqlite::SqliteStore`]
//! and [`dynamo::DynamoStore`] implement [`Driver`] with the same observable behaviour,
//! which the conformance suite (`api/tests/it/store_conformance.rs`) checks.

mod cursor;
pub mod dynamo;
mod error;
mod item;
pub mod keys;
pub mod queue;
pub mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use serde::de::DeserializeOwned;

pub use cursor::Cursor;
pub use error::StoreError;
use item::check_update;
pub use item::{
    Attributes, Condition, Data, IndexKey, Item, Key, SkRange, TxOp, UpdateOp, MAX_ITEM_BYTES,
    MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES,
};

/// The most items one query page, batch get or transaction may hold.
pub const MAX_BATCH: usize = 100;

/// How often a transaction cancelled by a concurrent one is tried again.
const TRANSACTION_RETRIES: u64 = 4;

/// Which key a query walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Index {
    /// The table's own partition and sort key.
    Primary,
    /// The first secondary index.
    Gsi1,
    /// The second secondary index.
    Gsi2,
}

/// A query: one partition of one index, a sort-key range, a direction and a page.
#[derive(Debug, Clone)]
pub struct Query {
    /// The index to walk.
    pub index: Index,
    /// The partition key (of that index).
    pub pk: String,
    /// Which sort keys to return.
    pub range: SkRange,
    /// Ascending sort-key order when true, descending otherwise.
    pub forward: bool,
    /// Page size, 1 to [`MAX_BATCH`].
    pub limit: usize,
    /// Where the previous page stopped.
    pub cursor: Option<Cursor>,
}

impl Query {
    /// A forward query of a whole partition of the primary index.
    pub fn partition(pk: impl Into<String>) -> Self {
        Self {
            index: Index::Primary,
            pk: pk.into(),
            range: SkRange::All,
            forward: true,
            limit: MAX_BATCH,
            cursor: None,
        }
    }

    /// The same query on another index.
    pub fn on(mut self, index: Index) -> Self {
        self.index = index;
        self
    }

    /// The same query restricted to a sort-key range.
    pub fn range(mut self, range: SkRange) -> Self {
        self.range = range;
        self
    }

    /// The same query in descending sort-key order.
    pub fn backwards(mut self) -> Self {
        self.forward = false;
        self
    }

    /// The same query with another page size.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// The same query resumed after `cursor`.
    pub fn after(mut self, cursor: Option<Cursor>) -> Self {
        self.cursor = cursor;
        self
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.pk.is_empty() {
            return Err(StoreError::invalid("a query needs a partition key"));
        }
        if self.limit == 0 || self.limit > MAX_BATCH {
            return Err(StoreError::invalid("a query page holds 1 to 100 items"));
        }
        if let Some(cursor) = &self.cursor {
            cursor.check_fits(self)?;
        }
        Ok(())
    }
}

/// One page of query results. `next` is present exactly when more items match.
#[derive(Debug, Clone, Default)]
pub struct QueryPage {
    /// Items in the query's order.
    pub items: Vec<Item>,
    /// Where the next page starts.
    pub next: Option<Cursor>,
}

/// A storage backend. Drivers receive only requests that [`Store`] has
/// checked (keys, sizes, limits, cursors), so both refuse the same things.
#[async_trait]
pub trait Driver: Send + Sync + 'static {
    /// See [`Store::init`].
    async fn init(&self) -> Result<(), StoreError>;
    /// See [`Store::ping`].
    async fn ping(&self) -> Result<(), StoreError>;
    /// See [`Store::get`].
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError>;
    /// See [`Store::batch_get`].
    async fn batch_get(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError>;
    /// See [`Store::put`].
    async fn put(&self, item: Item, condition: Condition) -> Result<u64, StoreError>;
    /// See [`Store::update`].
    async fn update(
        &self,
        key: &Key,
        ops: Vec<UpdateOp>,
        condition: Condition,
    ) -> Result<Item, StoreError>;
    /// See [`Store::delete`].
    async fn delete(&self, key: &Key, condition: Condition) -> Result<(), StoreError>;
    /// See [`Store::query`].
    async fn query(&self, query: Query) -> Result<QueryPage, StoreError>;
    /// See [`Store::query_records`]: the page's attributes as the driver has
    /// them, and where the next page starts.
    async fn query_data(&self, query: Query) -> Result<(Vec<Data>, Option<Cursor>), StoreError> {
        let page = self.query(query).await?;
        let data = page.items.into_iter().map(|item| Data::Attrs(item.attrs));
        Ok((data.collect(), page.next))
    }
    /// See [`Store::transact`]. Shared, so that a retry costs no copy.
    async fn transact(&self, ops: Arc<[TxOp]>) -> Result<(), StoreError>;
}

/// The storage interface domain code is written against: checks each request
/// once, then hands it to the configured driver. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    driver: Arc<dyn Driver>,
}

impl Store {
    /// A store over this driver.
    pub fn new(driver: impl Driver) -> Self {
        Self {
            driver: Arc::new(driver),
        }
    }

    /// Creates the table and indexes when missing. Idempotent.
    pub async fn init(&self) -> Result<(), StoreError> {
        self.driver.init().await
    }

    /// Answers when the store is usable (the readiness probe).
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.driver.ping().await
    }

    /// The item with this key, if any.
    pub async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        key.check()?;
        self.driver.get(key).await
    }

    /// The items with these keys, in the order asked, `None` where absent.
    pub async fn batch_get(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        if keys.len() > MAX_BATCH {
            return Err(StoreError::invalid("a batch get holds at most 100 keys"));
        }
        keys.iter().try_for_each(Key::check)?;
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        self.driver.batch_get(keys).await
    }

    /// Writes the whole item when `condition` holds; returns its new version.
    pub async fn put(&self, item: Item, condition: Condition) -> Result<u64, StoreError> {
        item.check()?;
        self.driver.put(item, condition).await
    }

    /// Changes attributes of an existing item when `condition` holds; returns
    /// the item as written. A missing item fails the condition.
    pub async fn update(
        &self,
        key: &Key,
        ops: Vec<UpdateOp>,
        condition: Condition,
    ) -> Result<Item, StoreError> {
        key.check()?;
        check_update(&ops)?;
        self.driver.update(key, ops, condition).await
    }

    /// Deletes the item when `condition` holds. Deleting a missing item with
    /// [`Condition::Always`] succeeds.
    pub async fn delete(&self, key: &Key, condition: Condition) -> Result<(), StoreError> {
        key.check()?;
        self.driver.delete(key, condition).await
    }

    /// One page of a query.
    pub async fn query(&self, query: Query) -> Result<QueryPage, StoreError> {
        query.check()?;
        self.driver.query(query).await
    }

    /// One page of a query read as records (of one type), and where the next
    /// page starts: for lists, whose items are read for their records only.
    pub async fn query_records<T: DeserializeOwned>(
        &self,
        query: Query,
    ) -> Result<(Vec<T>, Option<Cursor>), StoreError> {
        query.check()?;
        let (data, next) = self.driver.query_data(query).await?;
        let records = data.into_iter().map(Data::into_record);
        Ok((records.collect::<Result<_, _>>()?, next))
    }

    /// Applies every operation or none. On a failed condition the error names
    /// the operation's position. A transaction cancelled only because another
    /// one touched the same items at the same moment (DynamoDB's
    /// TransactionConflict) is tried again a few times, after a short random
    /// pause: its conditions are then checked against the winner's writes.
    pub async fn transact(&self, ops: Vec<TxOp>) -> Result<(), StoreError> {
        check_transaction(&ops)?;
        let ops: Arc<[TxOp]> = ops.into();
        let mut retries = 0;
        loop {
            match self.driver.transact(Arc::clone(&ops)).await {
                Err(StoreError::Conflict) if retries < TRANSACTION_RETRIES => {
                    retries += 1;
                    let pause = rand::random_range(5..=25 * retries);
                    tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
                }
                other => return other,
            }
        }
    }
}

/// Checks a transaction before a driver runs it: size, keys, and no item twice
/// (DynamoDB refuses two actions on one item, so both drivers do).
fn check_transaction(ops: &[TxOp]) -> Result<(), StoreError> {
    if ops.is_empty() || ops.len() > MAX_BATCH {
        return Err(StoreError::invalid(
            "a transaction holds 1 to 100 operations",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for op in ops {
        op.check()?;
        if !seen.insert(op.key()) {
            return Err(StoreError::invalid("a transaction touches an item twice"));
        }
    }
    Ok(())
}
