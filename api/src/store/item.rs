//! Items, keys, conditions and write operations of the store.

use serde_json::{Map, Value};

use super::StoreError;

/// The largest item, counted as its keys plus its attributes serialized as
/// JSON. Below DynamoDB's 400 KB so that the same item fits both drivers.
pub const MAX_ITEM_BYTES: usize = 350 * 1024;
/// The longest partition key (DynamoDB's limit).
pub const MAX_PARTITION_KEY_BYTES: usize = 2048;
/// The longest sort key (DynamoDB's limit).
pub const MAX_SORT_KEY_BYTES: usize = 1024;

/// An item's attributes: a JSON object.
pub type Attributes = Map<String, Value>;

/// The primary key of an item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// Partition key.
    pub pk: String,
    /// Sort key.
    pub sk: String,
}

impl Key {
    /// A key from its two parts.
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Self {
            pk: pk.into(),
            sk: sk.into(),
        }
    }

    pub(super) fn check(&self) -> Result<(), StoreError> {
        check_key_part("partition key", &self.pk, MAX_PARTITION_KEY_BYTES)?;
        check_key_part("sort key", &self.sk, MAX_SORT_KEY_BYTES)
    }
}

/// An item's key in a secondary index. An item without one is not in that index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndexKey {
    /// Partition key in the index.
    pub pk: String,
    /// Sort key in the index.
    pub sk: String,
}

impl IndexKey {
    /// An index key from its two parts.
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Self {
            pk: pk.into(),
            sk: sk.into(),
        }
    }

    fn check(&self) -> Result<(), StoreError> {
        check_key_part("index partition key", &self.pk, MAX_PARTITION_KEY_BYTES)?;
        check_key_part("index sort key", &self.sk, MAX_SORT_KEY_BYTES)
    }
}

fn check_key_part(what: &str, value: &str, max: usize) -> Result<(), StoreError> {
    if value.is_empty() {
        return Err(StoreError::invalid(format!("an empty {what}")));
    }
    if value.len() > max {
        return Err(StoreError::invalid(format!("a {what} over {max} bytes")));
    }
    Ok(())
}

/// A stored item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Primary key.
    pub key: Key,
    /// Key in GSI1, if the item is in it.
    pub gsi1: Option<IndexKey>,
    /// Key in GSI2, if the item is in it.
    pub gsi2: Option<IndexKey>,
    /// The item's attributes.
    pub attrs: Attributes,
    /// Incremented by the store on every write; 1 after the first. Ignored on
    /// the way in.
    pub version: u64,
}

impl Item {
    /// A new item with these attributes and no index keys.
    pub fn new(key: Key, attrs: Attributes) -> Self {
        Self {
            key,
            gsi1: None,
            gsi2: None,
            attrs,
            version: 0,
        }
    }

    /// The same item, placed in GSI1.
    pub fn with_gsi1(mut self, key: IndexKey) -> Self {
        self.gsi1 = Some(key);
        self
    }

    /// The same item, placed in GSI2.
    pub fn with_gsi2(mut self, key: IndexKey) -> Self {
        self.gsi2 = Some(key);
        self
    }

    /// A new item whose attributes are `record` serialized (it must be a struct or map).
    pub fn from_record<T: serde::Serialize>(key: Key, record: &T) -> Result<Self, StoreError> {
        match serde_json::to_value(record).map_err(StoreError::backend)? {
            Value::Object(attrs) => Ok(Self::new(key, attrs)),
            _ => Err(StoreError::invalid("a record must serialize to an object")),
        }
    }

    /// The attributes read back as a record.
    pub fn record<T: serde::de::DeserializeOwned>(&self) -> Result<T, StoreError> {
        serde_json::from_value(Value::Object(self.attrs.clone())).map_err(StoreError::backend)
    }

    /// The attributes read back as a record, consuming the item (no copy).
    pub fn into_record<T: serde::de::DeserializeOwned>(self) -> Result<T, StoreError> {
        serde_json::from_value(Value::Object(self.attrs)).map_err(StoreError::backend)
    }

    /// Checks keys and size before any driver writes it.
    pub(super) fn check(&self) -> Result<(), StoreError> {
        self.key.check()?;
        for index in [&self.gsi1, &self.gsi2].into_iter().flatten() {
            index.check()?;
        }
        let bytes = self.size();
        if bytes > MAX_ITEM_BYTES {
            return Err(StoreError::ItemTooLarge { bytes });
        }
        Ok(())
    }

    /// The item's size as the store counts it.
    pub fn size(&self) -> usize {
        let keys = [&self.gsi1, &self.gsi2]
            .into_iter()
            .flatten()
            .map(|k| k.pk.len() + k.sk.len())
            .sum::<usize>();
        self.key.pk.len() + self.key.sk.len() + keys + attrs_size(&self.attrs)
    }
}

/// A query result's attributes as the driver read them: the stored JSON
/// text (SQLite) or already decoded (DynamoDB). A record read straight from
/// the text skips building the attributes as a map first, which was most
/// of a list read's time.
#[derive(Debug)]
pub enum Data {
    /// The attributes as JSON text.
    Text(String),
    /// The attributes decoded.
    Attrs(Attributes),
}

impl Data {
    /// The attributes read as a record.
    pub fn into_record<T: serde::de::DeserializeOwned>(self) -> Result<T, StoreError> {
        match self {
            Self::Text(text) => serde_json::from_str(&text).map_err(StoreError::backend),
            Self::Attrs(attrs) => {
                serde_json::from_value(Value::Object(attrs)).map_err(StoreError::backend)
            }
        }
    }
}

pub(super) fn attrs_size(attrs: &Attributes) -> usize {
    serde_json::to_string(attrs).map_or(usize::MAX, |s| s.len())
}

/// What must be true of the stored item for a write to happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// No condition.
    Always,
    /// There is no item with this key.
    NotExists,
    /// There is an item with this key.
    Exists,
    /// The item exists at exactly this version (optimistic concurrency).
    Version(u64),
}

/// A change to one top-level attribute of an item.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateOp {
    /// Sets the attribute to the value.
    Set(String, Value),
    /// Removes the attribute.
    Remove(String),
    /// Adds to a numeric attribute; a missing attribute counts as 0.
    Add(String, i64),
}

impl UpdateOp {
    fn name(&self) -> &str {
        match self {
            Self::Set(name, _) | Self::Remove(name) | Self::Add(name, _) => name,
        }
    }
}

pub(super) fn check_update(ops: &[UpdateOp]) -> Result<(), StoreError> {
    if ops.is_empty() {
        return Err(StoreError::invalid(
            "an update needs at least one operation",
        ));
    }
    let mut names = std::collections::HashSet::new();
    for op in ops {
        let name = op.name();
        if name.is_empty() || name.len() > 255 {
            return Err(StoreError::invalid("an attribute name of 1 to 255 bytes"));
        }
        if !names.insert(name) {
            return Err(StoreError::invalid("an update touches an attribute twice"));
        }
    }
    Ok(())
}

/// Applies update operations to attributes (the SQLite driver's update, and the
/// size check both drivers make before writing).
pub(super) fn apply_update(attrs: &mut Attributes, ops: &[UpdateOp]) -> Result<(), StoreError> {
    for op in ops {
        match op {
            UpdateOp::Set(name, value) => {
                attrs.insert(name.clone(), value.clone());
            }
            UpdateOp::Remove(name) => {
                attrs.remove(name);
            }
            UpdateOp::Add(name, delta) => {
                let current = match attrs.get(name) {
                    None => 0,
                    Some(value) => value.as_i64().ok_or_else(|| {
                        StoreError::invalid("adding to an attribute that is not an integer")
                    })?,
                };
                let sum = current
                    .checked_add(*delta)
                    .ok_or_else(|| StoreError::invalid("an addition that overflows"))?;
                attrs.insert(name.clone(), Value::from(sum));
            }
        }
    }
    Ok(())
}

/// The sort keys a query returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkRange {
    /// Every sort key of the partition.
    All,
    /// Sort keys that begin with this prefix.
    Prefix(String),
    /// Sort keys from the first to the second, both included.
    Between(String, String),
    /// Sort keys greater than or equal to this one.
    From(String),
    /// Sort keys less than or equal to this one.
    UpTo(String),
}

/// One operation of a transaction.
#[derive(Debug, Clone)]
pub enum TxOp {
    /// Writes the whole item when the condition holds.
    Put(Item, Condition),
    /// Changes attributes of an existing item when the condition holds.
    Update(Key, Vec<UpdateOp>, Condition),
    /// Deletes the item when the condition holds.
    Delete(Key, Condition),
    /// Writes nothing; the transaction fails unless the condition holds.
    Check(Key, Condition),
}

impl TxOp {
    /// The key of the item the operation touches.
    pub fn key(&self) -> &Key {
        match self {
            Self::Put(item, _) => &item.key,
            Self::Update(key, _, _) | Self::Delete(key, _) | Self::Check(key, _) => key,
        }
    }

    pub(super) fn check(&self) -> Result<(), StoreError> {
        match self {
            Self::Put(item, _) => item.check(),
            Self::Update(key, ops, _) => {
                key.check()?;
                check_update(ops)
            }
            Self::Delete(key, _) | Self::Check(key, _) => key.check(),
        }
    }
}
